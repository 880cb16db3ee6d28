"""EnsembleForecaster: the mean of its members, fitted in parallel, in forecast()."""

import pickle

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklstm import (
    EnsembleForecaster,
    LSTMForecaster,
    MinMaxScaler,
    RecursiveForecaster,
    SlidingWindow,
    forecast,
    make_supervised,
    predict_with_history,
)
from sklstm.datasets import load_airline


def _member(window_length, seed=0, **params):
    return make_pipeline(
        MinMaxScaler(),
        SlidingWindow(window_length),
        LSTMForecaster(hidden_size=8, max_epochs=5, random_state=seed, **params),
    )


@pytest.fixture(scope="module")
def fitted():
    series = load_airline()
    X, y = make_supervised(series, horizon=3)
    members = [("w6", _member(6)), ("w12", _member(12, seed=1))]
    return series, X, y, EnsembleForecaster(members).fit(X, y)


def test_predict_is_the_mean_of_the_members(fitted):
    _, X, y, model = fitted
    alone = [clone(member).fit(X, y).predict(X) for _, member in model.estimators]
    assert_array_equal(model.predict(X), (alone[0] + alone[1]) / 2)
    assert model.predict(X).shape == (len(X), 3)
    assert list(model.named_estimators_) == ["w6", "w12"]
    assert model.named_estimators_["w12"] is model.estimators_[1]
    assert list(model.feature_names_in_) == list(X.columns)


def test_forecast_averages_each_members_forecast_from_its_own_history(fitted):
    series, _, _, model = fitted
    future = forecast(model, series)
    members = [forecast(member, series) for member in model.estimators_]
    pd.testing.assert_series_equal(future, (members[0] + members[1]) / 2)
    assert str(future.index[0]) == "1961-01" and len(future) == 3


def test_predict_with_history_reads_the_longest_window(fitted):
    _, X, _, model = fitted
    in_one_block = model.predict(X)[-5:]
    assert_allclose(predict_with_history(model, X[-5:], X[:-5]), in_one_block)


def test_quantiles_are_averaged_level_by_level():
    series = load_airline()
    X, y = make_supervised(series)
    levels = [0.1, 0.9]
    model = EnsembleForecaster(
        [("a", _member(6, quantiles=levels)), ("b", _member(12, quantiles=levels))]
    ).fit(X, y)
    mean = np.mean([m.predict(X, quantiles=levels) for m in model.estimators_], 0)
    assert_array_equal(model.predict(X, quantiles=levels), mean)
    bounds = forecast(model, series, coverage=0.8)
    assert list(bounds.columns) == ["lower", "upper"]
    assert (bounds["lower"] < bounds["upper"]).all()


def test_members_of_different_horizons_are_refused_by_name():
    series = load_airline()
    X, y = make_supervised(series, horizon=2)
    model = EnsembleForecaster(
        [("direct", _member(6)), ("recursive", RecursiveForecaster(_member(6)))]
    ).fit(X, y)
    with pytest.raises(ValueError, match=r"'direct' \(142, 2\), 'recursive'"):
        model.predict(X)


def test_recursive_members_forecast_as_far_as_asked():
    series = load_airline()
    X, y = make_supervised(series)
    members = [
        ("a", RecursiveForecaster(_member(6))),
        ("b", RecursiveForecaster(_member(12))),
    ]
    model = EnsembleForecaster(members).fit(X, y)
    future = forecast(model, series, horizon=4)
    expected = sum(forecast(m, series, horizon=4) for m in model.estimators_) / 2
    pd.testing.assert_series_equal(future, expected)


def test_members_fitted_in_two_processes_are_reproducible():
    series = load_airline()
    X, y = make_supervised(series, horizon=2)
    members = [("w6", _member(6)), ("w12", _member(12))]
    first = EnsembleForecaster(members, n_jobs=2).fit(X, y)
    second = EnsembleForecaster(members, n_jobs=2).fit(X, y)
    assert_array_equal(first.predict(X), second.predict(X))
    alone = [m.predict(X) for m in first.estimators_]
    assert_array_equal(first.predict(X), (alone[0] + alone[1]) / 2)


def test_members_are_tuned_by_name_in_a_search():
    series = load_airline()
    X, y = make_supervised(series)
    model = EnsembleForecaster([("w6", _member(6)), ("w12", _member(12))])
    assert model.get_params()["w6__lstmforecaster__hidden_size"] == 8
    search = GridSearchCV(
        model,
        {"w6__lstmforecaster__hidden_size": [4, 8]},
        cv=TimeSeriesSplit(n_splits=2),
        scoring="neg_mean_absolute_error",
    ).fit(X, y)
    assert search.best_estimator_.estimators_[0][-1].hidden_size in (4, 8)
    assert forecast(search, series).shape == (1,)
    replaced = clone(model).set_params(w12=_member(24))
    assert replaced.estimators[1][1][1].window_length == 24
    assert model.estimators[1][1][1].window_length == 12  # the original kept


def test_a_fitted_ensemble_pickles(fitted):
    _, X, _, model = fitted
    assert_array_equal(pickle.loads(pickle.dumps(model)).predict(X), model.predict(X))


@pytest.mark.parametrize(
    "estimators, error, match",
    [
        ([], ValueError, "non-empty list of \\(name, estimator\\)"),
        ([_member(6)], ValueError, "non-empty list of \\(name, estimator\\)"),
        ([("a", _member(6)), ("a", _member(6))], ValueError, "\\['a'\\] repeat"),
        ([("a__b", _member(6))], ValueError, "names hold no '__'"),
        ([("n_jobs", _member(6))], ValueError, "are not 'estimators' or 'n_jobs'"),
        ([("a", "not an estimator")], TypeError, "member 'a' must have fit"),
    ],
)
def test_bad_members_are_refused_before_fitting(estimators, error, match):
    X, y = make_supervised(load_airline())
    with pytest.raises(error, match=match):
        EnsembleForecaster(estimators).fit(X, y)


@parametrize_with_checks(
    [EnsembleForecaster([("ols", LinearRegression()), ("ridge", Ridge())])]
)
def test_sklearn_compatible_ensemble(estimator, check):
    check(estimator)
