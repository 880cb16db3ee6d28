"""Series at the edges: flat, very short, very large or small, other dtypes."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.pipeline import make_pipeline

from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    SlidingWindow,
    forecast,
    make_supervised,
)

FAST = dict(hidden_size=8, max_epochs=30, lr=0.01, random_state=0)


def _series(values):
    index = pd.period_range("2000-01", periods=len(values), freq="M")
    return pd.Series(values, index=index, name="v")


def _fit(series, window_length=3):
    model = make_pipeline(
        MinMaxScaler(), SlidingWindow(window_length), LSTMForecaster(**FAST)
    )
    X, y = make_supervised(series)
    return model.fit(X, y), X, y


def test_a_constant_series_is_forecast_as_that_constant():
    model, X, _ = _fit(_series(np.full(30, 7.5)))
    assert_allclose(model.predict(X), 7.5, rtol=1e-3)
    assert_allclose(forecast(model, _series(np.full(30, 7.5))), 7.5, rtol=1e-3)


def test_the_shortest_series_that_can_be_learned_from():
    model, X, y = _fit(_series([1.0, 2.0]), window_length=1)  # one sample
    assert np.isfinite(model.predict(X)).all()
    with pytest.raises(
        ValueError, match="1 time steps, but horizon=1 needs at least 2"
    ):
        _fit(_series([1.0]), window_length=1)


def test_very_large_and_very_small_magnitudes_give_the_same_forecasts():
    t = np.arange(40.0)
    values = 100 + 10 * np.sin(t / 2) + t
    reference, X, _ = _fit(_series(values))
    expected = reference.predict(X)
    for scale in (1e9, 1e-9):
        model, X_scaled, _ = _fit(_series(values * scale))
        assert_allclose(model.predict(X_scaled) / scale, expected, rtol=1e-4)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.int64, np.int32])
def test_other_dtypes_give_the_float64_forecasts(dtype):
    values = np.arange(1, 31) * 3 % 17 + 10
    reference, X, _ = _fit(_series(values.astype(np.float64)))
    model, X_other, _ = _fit(_series(values.astype(dtype)))
    forecasts = model.predict(X_other)
    assert forecasts.dtype == np.float64
    assert_allclose(forecasts, reference.predict(X), rtol=1e-3)


def test_a_single_feature_given_as_one_dimensional_arrays():
    values = np.sin(np.arange(40.0) / 3)
    model = make_pipeline(MinMaxScaler(), SlidingWindow(4), LSTMForecaster(**FAST))
    model.fit(values[:-1], values[1:])
    assert model.predict(values[-5:]).shape == (5,)
