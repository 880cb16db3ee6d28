"""On a CUDA GPU: fit, predict, quantiles, panels and pickles as on the CPU.

Skipped without CUDA (the CI machine has none); run on a GPU machine with
``python -m pytest tests/test_gpu.py``.
"""

import pickle

import numpy as np
import pytest
import torch
from _builders import FAST, lstm_pipeline, make_panel, sine_windows

from sklstm import LSTMForecaster, forecast, make_supervised

pytestmark = pytest.mark.skipif(
    not torch.cuda.is_available(), reason="needs a CUDA GPU"
)


def test_fit_and_predict_on_the_gpu_match_the_cpu_closely():
    X, y = sine_windows(n_samples=200)
    cpu = LSTMForecaster(**FAST).fit(X, y)
    gpu = LSTMForecaster(**FAST, device="cuda").fit(X, y)
    assert next(gpu.net_.module_.parameters()).is_cuda
    assert gpu.predict(X).dtype == np.float64
    # The same seed and data; cuDNN's kernels round differently.
    np.testing.assert_allclose(gpu.predict(X), cpu.predict(X), atol=0.05)
    assert gpu.score(X, y) > 0.8


def test_quantiles_and_the_window_scaled_loss_on_the_gpu():
    X, y = sine_windows(n_samples=200, horizon=3)
    model = LSTMForecaster(
        **FAST, device="cuda", quantiles=[0.1, 0.9], loss_scaling="window"
    ).fit(X, y)
    bounds = model.predict(X, coverage=0.8)
    assert bounds.shape == (200, 3, 2)
    assert (bounds[..., 0] <= bounds[..., 1]).all()


def test_early_stopping_and_a_panel_forecast_on_the_gpu():
    panel = make_panel(code_values=False)
    model = lstm_pipeline(
        6, device="cuda", early_stopping=True, loss="absolute_error"
    ).fit(*make_supervised(panel, horizon=3))
    future = forecast(model, panel)
    assert len(future) == 9 and np.isfinite(future).all()


def test_a_gpu_model_pickles_and_predicts_after_loading():
    X, y = sine_windows()
    model = LSTMForecaster(**FAST, device="cuda").fit(X, y)
    loaded = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
