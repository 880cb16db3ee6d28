"""Series at the edges: flat, very short, very large or small, other dtypes."""

import numpy as np
import pytest
from _builders import lstm_pipeline, monthly_series
from numpy.testing import assert_allclose

from sklstm import (
    forecast,
    make_supervised,
    predict_with_history,
)


def _fit(series, window_length=3):
    model = lstm_pipeline(window_length)
    X, y = make_supervised(series)
    return model.fit(X, y), X, y


def test_a_constant_series_is_forecast_as_that_constant():
    # A flat window's spread is sqrt(EPS) = 3 % of its level: the forecast
    # is within that times the network's output of the level from the
    # start, and training brings the output to 0.
    series = monthly_series(np.full(30, 7.5))
    model = lstm_pipeline(3, max_epochs=100)
    X, y = make_supervised(series)
    model.fit(X, y)
    assert_allclose(model.predict(X), 7.5, rtol=1e-3)
    assert_allclose(forecast(model, monthly_series(np.full(30, 7.5))), 7.5, rtol=1e-3)


def test_the_shortest_series_that_can_be_learned_from():
    model, X, y = _fit(monthly_series([1.0, 2.0]), window_length=1)  # one sample
    assert np.isfinite(model.predict(X)).all()
    with pytest.raises(
        ValueError, match="1 time steps, but horizon=1 needs at least 2"
    ):
        _fit(monthly_series([1.0]), window_length=1)


def test_very_large_and_very_small_magnitudes_give_the_same_forecasts():
    t = np.arange(40.0)
    values = 100 + 10 * np.sin(t / 2) + t
    reference, X, _ = _fit(monthly_series(values))
    expected = reference.predict(X)
    for scale in (1e9, 1e-9):
        model, X_scaled, _ = _fit(monthly_series(values * scale))
        assert_allclose(model.predict(X_scaled) / scale, expected, rtol=1e-4)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.int64, np.int32])
def test_other_dtypes_give_the_float64_forecasts(dtype):
    values = np.arange(1, 31) * 3 % 17 + 10
    reference, X, _ = _fit(monthly_series(values.astype(np.float64)))
    model, X_other, _ = _fit(monthly_series(values.astype(dtype)))
    forecasts = model.predict(X_other)
    assert forecasts.dtype == np.float64
    assert_allclose(forecasts, reference.predict(X), rtol=1e-3)


def test_a_single_feature_given_as_one_dimensional_arrays():
    values = np.sin(np.arange(40.0) / 3)
    model = lstm_pipeline(4)
    model.fit(values[:-1], values[1:])
    assert predict_with_history(model, values[-5:], values[:-5]).shape == (5,)
