"""Scale equivariance and isolation: every series forecast in units of its own.

The guarantee of ``sklstm/_scaling.py``: scaling one series by ``c > 0``
scales its forecasts and quantiles by ``c`` and leaves every other series'
as they were, exactly for a fitted model and to 1e-2 for a seeded refit; a
series' forecast does not depend on the series predicted with it.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.pipeline import make_pipeline

from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    SlidingWindow,
    forecast,
    make_supervised,
)
from sklstm._successors import fit_target_map, successors

N_SERIES = 6
LEVELS = np.geomspace(1.7, 1e5, N_SERIES)  # the mixed scales of a real panel
SETTINGS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def mixed_panel(factors=None, length=48, seed=0):
    """Seasonal series with trends, of levels 1.7 to 1e5, indexed (id, month)."""
    rng = np.random.RandomState(seed)
    factors = np.ones(N_SERIES) if factors is None else np.asarray(factors)
    months = pd.period_range("2001-01", periods=length, freq="M")
    t = np.arange(length)
    parts = []
    for number, level in enumerate(LEVELS):
        shape = (1 + rng.uniform(-0.2, 0.5) * t / length) * (
            1 + 0.2 * np.sin(2 * np.pi * t / 12 + rng.uniform(0, 6))
        )
        values = level * shape * (1 + 0.05 * rng.randn(length)) * factors[number]
        index = pd.MultiIndex.from_product(
            [[f"s{number}"], months], names=["id", "month"]
        )
        parts.append(pd.Series(values, index=index, name="v"))
    return pd.concat(parts)


def _fit(panel, **params):
    model = make_pipeline(
        MinMaxScaler(),
        SlidingWindow(12),
        LSTMForecaster(
            **{
                "hidden_size": 8,
                "max_epochs": 4,
                "batch_size": 64,
                "lr": 0.01,
                "random_state": 0,
                **params,
            }
        ),
    )
    return model.fit(*make_supervised(panel, horizon=3))


@pytest.fixture(scope="module", params=[1, 512], ids=["batch 1", "batch 512"])
def fitted(request):
    return _fit(mixed_panel(), batch_size=request.param, quantiles=[0.1, 0.9])


def _quantiles(model, panel):
    return forecast(model, panel, quantiles=[0.1, 0.5, 0.9])


@SETTINGS
@given(powers=st.lists(st.integers(-4, 8), min_size=N_SERIES, max_size=N_SERIES))
def test_scaling_series_scales_their_forecasts_and_quantiles(fitted, powers):
    # Through the pipeline's MinMaxScaler, fitted on the panel as it was: a
    # series far below the fitted range keeps fewer digits in its units (a
    # series at 1e-9 of the range, about 7), hence powers down to 1e-4 only.
    factors = 10.0 ** np.array(powers)
    before = _quantiles(fitted, mixed_panel())
    after = _quantiles(fitted, mixed_panel(factors))
    per_row = factors[before.index.codes[0]][:, np.newaxis]
    assert_allclose(after.to_numpy(), per_row * before.to_numpy(), rtol=1e-5)


@pytest.fixture(scope="module")
def windows_fitted():
    """LSTMForecaster fitted on the panel's windows in the data's own units."""
    X, y = make_supervised(mixed_panel(), horizon=3)
    windows = SlidingWindow(12).fit_transform(X)
    forecaster = LSTMForecaster(
        hidden_size=8, max_epochs=4, lr=0.01, quantiles=[0.1, 0.9], random_state=0
    )
    return forecaster.fit(windows, y), windows, X.index.codes[0]


@SETTINGS
@given(powers=st.lists(st.integers(-30, 30), min_size=N_SERIES, max_size=N_SERIES))
def test_the_forecaster_alone_is_equivariant_at_any_scale(windows_fitted, powers):
    # The windows straight into LSTMForecaster (no scaler before it), each
    # series times a power of ten from 1e-30 to 1e30.
    forecaster, windows, series = windows_fitted
    factors = (10.0 ** np.array(powers))[series][:, np.newaxis, np.newaxis]
    levels = [0.1, 0.5, 0.9]
    before = forecaster.predict(windows, quantiles=levels)
    after = forecaster.predict(windows * factors, quantiles=levels)
    assert_allclose(after, factors * before, rtol=1e-6)


def test_a_series_forecast_does_not_depend_on_the_others(fitted):
    panel = mixed_panel()
    whole = _quantiles(fitted, panel)
    names = panel.index.unique(level="id")
    # Predicted alone, with a subset, or in another order.
    ids = panel.index.get_level_values("id")
    for subset in [names[:1], names[2:4], names[::-1]]:
        part = _quantiles(fitted, pd.concat([panel[ids == name] for name in subset]))
        for name in subset:
            assert_allclose(part.loc[name], whole.loc[name], rtol=1e-6)
    assert_array_equal(_quantiles(fitted, panel), whole)  # twice, the same


def test_a_series_never_seen_is_forecast_from_its_own_window(fitted):
    # Twice the history gives twice the forecast, for a series far outside
    # the fitted panel's range.
    months = pd.period_range("2001-01", periods=30, freq="M")
    t = np.arange(30)
    history = pd.Series(3e9 * (2 + np.sin(t / 2)) + 1e7 * t, index=months, name="v")
    once = _quantiles(fitted, history)
    twice = _quantiles(fitted, 2 * history)
    assert np.isfinite(once.to_numpy()).all()
    assert_allclose(twice.to_numpy(), 2 * once.to_numpy(), rtol=1e-6)


@pytest.mark.slow
def test_a_seeded_refit_on_one_series_times_1000_changes_nothing_else():
    panel = mixed_panel()
    factors = np.ones(N_SERIES)
    factors[0] = 1000.0
    before = forecast(_fit(panel), panel)
    scaled = mixed_panel(factors)
    after = forecast(_fit(scaled), scaled)
    others = before.index.get_level_values("id") != "s0"
    assert_allclose(after[others], before[others], rtol=1e-2)
    assert_allclose(after.loc["s0"], 1000 * before.loc["s0"], rtol=1e-2)


def test_the_target_map_is_read_from_consecutive_windows_in_any_order():
    # A panel's rows interleave its series; the scaler's map back is exact.
    panel = mixed_panel()
    X, y = make_supervised(panel, horizon=2)
    scaler = MinMaxScaler().fit(X)
    windows = SlidingWindow(12).fit_transform(scaler.transform(X))
    scale, bias = fit_target_map(windows, y.to_numpy(), 0)
    data_min, data_max = scaler.data_min_[0], scaler.data_max_[0]
    assert scale == pytest.approx(data_max - data_min, rel=1e-12)
    assert bias == pytest.approx(data_min, rel=1e-9)
    before, after = successors(windows)
    assert_array_equal(windows[before, 1:], windows[after, :-1])
    # Each series' windows but its last follow on: all but one per series.
    assert len(before) == len(windows) - N_SERIES


def test_a_window_of_zeros_forecasts_zero_and_weighs_nothing():
    # Zeros written by a scaler come back as exact zeros, not as 1e-16
    # times the panel's minimum, and a window of them has no scale.
    panel = mixed_panel()
    zeros = panel.copy()
    zeros.loc["s0"] = 0.0
    model = _fit(zeros)
    assert_array_equal(forecast(model, zeros).loc["s0"], 0.0)
    assert np.isfinite(forecast(model, zeros).to_numpy()).all()
