"""Properties that hold for any input, checked on inputs hypothesis draws."""

import numpy as np
import pandas as pd
import pytest
from _builders import FAST
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose, assert_array_equal

from sklstm import LSTMForecaster, MinMaxScaler, SlidingWindow, make_supervised

QUICK = settings(max_examples=60, deadline=None)
SLOW = settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def scaler_inputs(draw):
    ndim = draw(st.integers(1, 3))
    shape = draw(st.tuples(*[st.integers(1, 6) for _ in range(ndim)]))
    values = st.one_of(st.floats(-1e6, 1e6), st.just(np.nan))
    X = draw(arrays(np.float64, shape, elements=values))
    low = draw(st.floats(-10, 10))
    high = low + draw(st.floats(0.5, 10))
    return X, (low, high)


@QUICK
@given(scaler_inputs())
@pytest.mark.filterwarnings("ignore:All-NaN slice")  # a feature of NaN only
def test_scaler_round_trip(case):
    X, feature_range = case
    scaler = MinMaxScaler(feature_range=feature_range).fit(X)
    scaled = scaler.transform(X)
    assert scaled.shape == X.shape
    assert_array_equal(np.isnan(scaled), np.isnan(X))
    finite = ~np.isnan(scaled)
    assert (scaled[finite] >= feature_range[0] - 1e-9).all()
    assert (scaled[finite] <= feature_range[1] + 1e-9).all()
    assert_allclose(scaler.inverse_transform(scaled), X, rtol=1e-9, atol=1e-6)


@st.composite
def series_and_window(draw):
    n_timesteps = draw(st.integers(1, 40))
    window_length = draw(st.integers(1, n_timesteps))
    n_features = draw(st.integers(1, 3))
    return n_timesteps, window_length, n_features


@QUICK
@given(series_and_window(), st.sampled_from(["nan", "edge", "zero"]))
def test_window_invariants(case, padding):
    n_timesteps, window_length, n_features = case
    # Feature 0 is the time step itself; the others are anything.
    t = np.arange(n_timesteps, dtype=float)
    X = np.column_stack([t] + [t * 10 + k for k in range(1, n_features)])
    windows = SlidingWindow(window_length, padding=padding).fit_transform(X)
    assert windows.shape == (n_timesteps, window_length, n_features)
    assert_array_equal(windows[:, -1], X)  # row t ends at X[t]
    n_padding = np.maximum(window_length - 1 - t, 0).astype(int)
    if padding == "nan":
        assert_array_equal(np.isnan(windows[:, :, 0]).sum(axis=1), n_padding)
    real = windows[:, :, 0][~np.isnan(windows[:, :, 0])]
    times = np.broadcast_to(t[:, None], windows.shape[:2])[~np.isnan(windows[:, :, 0])]
    assert (real <= times).all()  # nothing from the future


@QUICK
@given(series_and_window(), st.data())
def test_carrying_over_gives_the_windows_of_the_whole_series(case, data):
    n_timesteps, window_length, _ = case
    split = data.draw(st.integers(window_length, max(window_length, n_timesteps)))
    series = pd.Series(
        np.arange(float(n_timesteps)),
        index=pd.period_range("2000-01", periods=n_timesteps, freq="M"),
    )
    if split >= n_timesteps:
        return
    whole = SlidingWindow(window_length).fit_transform(series)
    window = SlidingWindow(window_length).fit(series.iloc[:split])
    assert_array_equal(window.transform(series.iloc[split:]), whole[split:])


@QUICK
@given(st.integers(2, 40), st.data())
def test_make_supervised_alignment(n_timesteps, data):
    horizon = data.draw(st.integers(1, n_timesteps - 1))
    series = pd.Series(np.arange(float(n_timesteps)), name="v")
    X, y = make_supervised(series, horizon=horizon)
    assert len(X) == len(y) == n_timesteps - horizon
    targets = y.to_numpy().reshape(len(y), horizon)
    assert_array_equal(targets, X["v"].to_numpy()[:, None] + np.arange(1, horizon + 1))


@pytest.fixture(scope="module")
def fitted_forecaster():
    rng = np.random.RandomState(0)
    series = np.sin(np.arange(80) / 3) + 0.1 * rng.randn(80)
    windows = SlidingWindow(6).fit_transform(series)  # the first rows padded
    model = LSTMForecaster(**FAST)
    return model.fit(windows[:-1], series[1:]), windows


@SLOW
@given(st.data())
def test_predictions_do_not_depend_on_row_order_or_subset(fitted_forecaster, data):
    model, windows = fitted_forecaster
    expected = model.predict(windows)
    rows = data.draw(
        st.lists(st.integers(0, len(windows) - 1), min_size=1, max_size=40)
    )
    rows = np.array(rows)
    assert_array_equal(model.predict(windows[rows]), expected[rows])


@SLOW
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(5, 30), st.integers(1, 6), st.integers(1, 2)),
        elements=st.floats(-100, 100),
    ),
    st.integers(0, 2**31 - 1),
)
def test_fitting_twice_with_one_random_state_gives_the_same_model(X, seed):
    y = X[:, -1, 0] + 1.0
    params = dict(hidden_size=4, max_epochs=3, random_state=seed)
    first = LSTMForecaster(**params).fit(X, y).predict(X)
    second = LSTMForecaster(**params).fit(X, y).predict(X)
    assert_array_equal(first, second)
    assert np.isfinite(first).all()
