"""Online updates: partial_fit of LSTMForecaster and SlidingWindow, and of models."""

import copy
import time

import numpy as np
import pandas as pd
import pytest
from _builders import FAST, lstm_pipeline, monthly_series
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import SGDRegressor
from sklearn.pipeline import make_pipeline

from sklstm import (
    EnsembleForecaster,
    LSTMForecaster,
    RecursiveForecaster,
    SlidingWindow,
    forecast,
    make_supervised,
    partial_fit,
)


def windows_and_targets(n=60, length=6, seed=0):
    series = np.sin(np.arange(n + length) / 3) + 5
    X = np.stack([series[t : t + length] for t in range(n)])
    return X, series[length : length + n]


def test_forecaster_partial_fit_is_one_epoch_from_the_fitted_weights():
    X, y = windows_and_targets()
    model = LSTMForecaster(**FAST).fit(X[:40], y[:40])
    weights = copy.deepcopy(model.net_.module_.state_dict())
    target_map = model.target_map_
    model.partial_fit(X[40:], y[40:])
    assert model.n_iter_ == FAST["max_epochs"] + 1
    assert model.max_epochs == FAST["max_epochs"]  # the parameter is untouched
    assert model.target_map_ == target_map  # the fitted units are kept
    assert any(
        not np.array_equal(weights[key], value)
        for key, value in model.net_.module_.state_dict().items()
    )
    model.partial_fit(X[40:], y[40:], epochs=3)
    assert model.n_iter_ == FAST["max_epochs"] + 4


def test_forecaster_partial_fit_from_scratch_and_its_checks():
    X, y = windows_and_targets()
    model = LSTMForecaster(**{**FAST, "early_stopping": True}).partial_fit(X, y)
    assert model.n_iter_ == 1
    assert model.validation_indices_ is None  # nothing held out
    with pytest.raises(ValueError, match="window"):
        model.partial_fit(X[:, :4], y)  # another window shape
    assert model.n_iter_ == 1  # left as it was
    with pytest.raises(ValueError, match="epochs"):
        model.partial_fit(X, y, epochs=0)


def test_window_partial_fit_remembers_the_new_rows():
    series = monthly_series(np.arange(30.0))
    updated = SlidingWindow(4).fit(series[:20]).partial_fit(series[20:26])
    whole = SlidingWindow(4).fit(series[:26])
    np.testing.assert_array_equal(updated.last_rows_, whole.last_rows_)
    assert updated.last_rows_index_.equals(whole.last_rows_index_)
    np.testing.assert_array_equal(
        updated.transform(series[26:]), whole.transform(series[26:])
    )
    with pytest.raises(ValueError, match="start at 2002-05"):
        updated.partial_fit(series[28:])  # a gap after 2002-02
    with pytest.raises(ValueError, match="time index"):
        updated.partial_fit(series[26:].to_numpy())
    arrays = SlidingWindow(4).fit(np.arange(20.0)).partial_fit(np.arange(20.0, 26.0))
    np.testing.assert_array_equal(arrays.last_rows_[:, 0], [23.0, 24.0, 25.0])


def test_window_partial_fit_of_a_panel_series_by_series():
    index = pd.MultiIndex.from_product(
        [["a", "b"], pd.period_range("2000-01", periods=10, freq="M")]
    )
    panel = pd.Series(np.arange(20.0), index=index)
    window = SlidingWindow(3).fit(panel[panel.index.get_level_values(1) < "2000-09"])
    new = panel[panel.index.get_level_values(1) >= "2000-09"][:2]  # series a only
    window.partial_fit(new)
    kept = dict(zip(window.last_rows_index_, window.last_rows_[:, 0]))
    month = pd.Period
    assert kept[("a", month("2000-10", "M"))] == 9.0
    assert kept[("b", month("2000-08", "M"))] == 17.0  # b as it was
    c = pd.Series(
        [1.0, 2.0], index=pd.MultiIndex.from_product([["c"], index.levels[1][:2]])
    )
    window.partial_fit(c)  # a new series starts anew
    assert "c" in window.first_index_.get_level_values(0)


def test_partial_fit_of_a_pipeline_continues_from_the_new_rows():
    series = monthly_series(np.sin(np.arange(60) / 3) * 10 + 50)
    X, y = make_supervised(series, horizon=1)
    model = lstm_pipeline().fit(X[:40], y[:40])
    assert partial_fit(model, X[40:50], y[40:50]) is model
    assert model[-1].n_iter_ == FAST["max_epochs"] + 1
    # The window remembers the new rows: the next rows continue them
    # without padding, as if they had been in the fitted data.
    fitted_whole = lstm_pipeline().fit(X[:50], y[:50])
    np.testing.assert_array_equal(
        model[:-1].transform(X[50:]), fitted_whole[:-1].transform(X[50:])
    )
    assert forecast(model, series).index[0] == series.index[-1] + 1
    with pytest.raises(ValueError, match="continue the fitted data"):
        partial_fit(model, X[40:50], y[40:50])  # rows seen before
    assert model[-1].n_iter_ == FAST["max_epochs"] + 1


def test_partial_fit_of_meta_estimators_and_what_it_refuses():
    series = monthly_series(np.sin(np.arange(60) / 3) * 10 + 50)
    X, y = make_supervised(series, horizon=2)
    ensemble = EnsembleForecaster(
        [("a", lstm_pipeline(4)), ("b", lstm_pipeline(6))]
    ).fit(X[:40], y[:40])
    partial_fit(ensemble, X[40:], y[40:], epochs=2)
    assert [m[-1].n_iter_ for m in ensemble.estimators_] == [FAST["max_epochs"] + 2] * 2
    recursive = RecursiveForecaster(lstm_pipeline(), horizon=2).fit(X[:40], y[:40])
    partial_fit(recursive, X[40:], y[40:])
    assert recursive.estimator_[-1].n_iter_ == FAST["max_epochs"] + 1
    linear = make_pipeline(
        SlidingWindow(4, padding="edge"),
        _Flatten(),
        SGDRegressor(random_state=0),
    ).fit(X[:40], y.iloc[:40, 0])
    partial_fit(linear, X[40:], y.iloc[40:, 0], epochs=3)
    assert linear[-1].t_ > 0
    with pytest.raises(ValueError, match="FrozenEstimator"):
        partial_fit(FrozenEstimator(recursive), X[40:], y[40:])
    with pytest.raises(ValueError, match="SlidingWindow"):
        partial_fit(LSTMForecaster(), X, y)


class _Flatten:
    """Windows to rows of their values, for a linear model."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return np.asarray(X).reshape(len(X), -1)

    def get_params(self, deep=True):
        return {}

    def set_params(self, **params):
        return self


def _ar_flip(seed, n=301, cut=200):
    rng = np.random.RandomState(seed)
    values = np.zeros(n)
    for t in range(1, n):
        values[t] = (0.9 if t < cut else -0.6) * values[t - 1] + rng.randn()
    return monthly_series(100 + 2 * values)


@pytest.mark.slow
def test_update_after_a_drift_is_cheaper_and_no_worse_than_a_refit():
    # benchmarks/online.py measures this over 6 seeds, with the defaults.
    series = _ar_flip(0)
    X, y = make_supervised(series, horizon=1)
    params = dict(hidden_size=16, max_epochs=60, random_state=0)
    model = lstm_pipeline(12, **params).fit(X[:200], y[:200])
    start = time.process_time()
    partial_fit(model, X[200:248], y[200:248], epochs=30)
    update_cost = time.process_time() - start
    start = time.process_time()
    refit = lstm_pipeline(12, **params).fit(X[:248], y[:248])
    refit_cost = time.process_time() - start

    def mae(fitted):
        return np.mean(np.abs(fitted.predict(X[248:]) - y[248:]))

    assert mae(model) <= 1.1 * mae(refit)
    # 48 windows for 30 epochs against 248 for 60: ten times fewer.
    assert update_cost < refit_cost / 3
