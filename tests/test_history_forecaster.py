"""HistoryForecaster: any rows of a series, forecast from their windows in it.

The reference is always the pipeline predicting all the rows in one block,
whose windows have every row before them.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from _builders import FAST, lstm_pipeline, make_panel, monthly_series
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone, is_regressor
from sklearn.frozen import FrozenEstimator
from sklearn.metrics import r2_score

from sklstm import (
    HistoryForecaster,
    LSTMForecaster,
    MinMaxScaler,
    PaddingWarning,
    SlidingWindow,
    make_supervised,
    predict_with_history,
)

WINDOW = 6


@pytest.fixture(scope="module")
def seasonal():
    """One-step rows of a noisy seasonal series of 90 months."""
    rng = np.random.RandomState(0)
    t = np.arange(90)
    values = 20 + 5 * np.sin(2 * np.pi * t / 12) + rng.randn(90)
    return make_supervised(monthly_series(values))


@pytest.fixture(scope="module")
def fitted(seasonal):
    X, y = seasonal
    return HistoryForecaster(lstm_pipeline(WINDOW), history=X).fit(X[:50], y[:50])


def test_fit_on_the_first_rows_is_the_pipelines_fit(seasonal, fitted):
    X, y = seasonal
    pipeline = lstm_pipeline(WINDOW).fit(X[:50], y[:50])
    assert_array_equal(fitted.estimator_.predict(X), pipeline.predict(X))
    assert_array_equal(fitted.predict(X[:50]), pipeline.predict(X[:50]))


def test_rows_in_any_order_and_repeated_get_their_windows_from_history(
    seasonal, fitted
):
    X, _ = seasonal
    in_one_block = fitted.estimator_.predict(X)
    rows = [80, 60, 61, 62, 3, 60, 75, 0, 88]
    with warnings.catch_warnings():
        warnings.simplefilter("error", PaddingWarning)
        predicted = fitted.predict(X.iloc[rows])
    assert_allclose(predicted, in_one_block[rows], rtol=1e-6)


def test_a_block_after_a_skipped_block_is_not_padded(seasonal, fitted):
    # The calibration block in between is not given: the pipeline alone pads.
    X, _ = seasonal
    test = X[70:]
    with pytest.warns(PaddingWarning, match="padded the windows of 5 row"):
        padded = fitted.estimator_.predict(test)
    expected = predict_with_history(fitted.estimator_, test, X[:70])
    assert_allclose(fitted.predict(test), expected, rtol=1e-6)
    assert not np.allclose(padded[: WINDOW - 1], expected[: WINDOW - 1])
    assert_allclose(padded[WINDOW - 1 :], expected[WINDOW - 1 :], rtol=1e-6)


def test_rows_of_an_array_are_placed_by_their_values(seasonal, fitted):
    X, _ = seasonal
    in_one_block = fitted.estimator_.predict(X)
    values = X.to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("error", PaddingWarning)
        block = fitted.predict(values[60:70])
        one_at_a_time = [fitted.predict(values[t : t + 1])[0] for t in (65, 20)]
    assert_allclose(block, in_one_block[60:70], rtol=1e-6)
    assert_allclose(one_at_a_time, in_one_block[[65, 20]], rtol=1e-6)


def test_array_rows_found_nowhere_are_new_rows_after_the_history(fitted, seasonal):
    # Such as the row of zeros with which MAPIE checks a fitted estimator.
    X, _ = seasonal
    with warnings.catch_warnings():
        warnings.simplefilter("error", PaddingWarning)
        predicted = fitted.predict(np.zeros((1, 1)))
    new_row = pd.DataFrame(np.zeros((1, 1)), columns=X.columns)
    expected = predict_with_history(fitted.estimator_, new_row, X)
    assert_allclose(predicted, expected, rtol=1e-6)


def test_repeated_values_are_placed_by_their_neighbours():
    values = np.array([1.0, 2, 3, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])
    X, y = make_supervised(monthly_series(values))
    model = HistoryForecaster(lstm_pipeline(3), history=X).fit(X, y)
    in_one_block = model.estimator_.predict(X)
    rows = X.to_numpy()
    # 1 and 2 appear twice, but the 4 after this 2 tells where they are.
    assert_allclose(model.predict(rows[3:6]), in_one_block[3:6], rtol=1e-6)
    with pytest.warns(PaddingWarning, match="1 row.*found there several times"):
        model.predict(rows[3:4])
    with pytest.raises(ValueError, match="Row 0 of X.*several times"):
        clone(model).fit(rows[3:5], y[3:5])


def test_rows_after_the_end_of_history_continue_it(seasonal):
    X, y = seasonal
    model = HistoryForecaster(lstm_pipeline(WINDOW), history=X[:80])
    model.fit(X[:50], y[:50])
    expected = predict_with_history(model.estimator_, X[75:], X[:75])
    assert_allclose(model.predict(X[75:]), expected, rtol=1e-6)
    with pytest.raises(ValueError, match="missing|gap"):
        model.predict(X[85:])


def test_fit_on_blocks_in_any_order_learns_their_windows_in_history(seasonal):
    # As MAPIE's block bootstrap gives them: blocks repeated, out of order.
    X, y = seasonal
    rows = np.r_[40:50, 10:20, 40:50, 70:80]
    model = HistoryForecaster(lstm_pipeline(WINDOW), history=X)
    model.fit(X.iloc[rows], y.iloc[rows])
    scaler = MinMaxScaler().fit(X.iloc[rows])
    windows = SlidingWindow(WINDOW).fit_transform(scaler.transform(X))
    forecaster = LSTMForecaster(**FAST).fit(windows[rows], y.iloc[rows])
    assert_allclose(model.predict(X), forecaster.predict(windows), rtol=1e-6)


def test_fit_refuses_rows_that_are_not_in_history(seasonal):
    X, y = seasonal
    model = HistoryForecaster(lstm_pipeline(WINDOW), history=X[:40])
    with pytest.raises(ValueError, match="not in history.*2003-05"):
        model.fit(X[30:60], y[30:60])


def test_a_frozen_model_is_used_as_fitted_and_one_quantile_is_read(seasonal):
    X, y = seasonal
    pipeline = lstm_pipeline(WINDOW, quantiles=[0.1, 0.9]).fit(X[:50], y[:50])
    before = pipeline[-1].net_.module_.state_dict()["head.weight"].clone()
    views = {
        level: HistoryForecaster(
            FrozenEstimator(pipeline), history=X, quantile=level
        ).fit(X[:50], y[:50])
        for level in (0.1, 0.5, 0.9)
    }
    for level, view in views.items():
        expected = predict_with_history(pipeline, X[70:], X[:70], quantiles=level)
        assert_allclose(view.predict(X[70:]), expected, rtol=1e-6)
    assert (views[0.1].predict(X[70:]) <= views[0.9].predict(X[70:])).all()
    assert_array_equal(pipeline[-1].net_.module_.state_dict()["head.weight"], before)


def test_a_panel_is_placed_series_by_series():
    panel = make_panel(code_values=False)
    X, y = make_supervised(panel)
    train = X.index.get_level_values(-1) < pd.Period("2009-01", "M")
    model = HistoryForecaster(lstm_pipeline(3), history=X).fit(X[train], y[train])
    in_one_block = model.estimator_.predict(X)
    rows = np.flatnonzero(~train)[::3]
    assert_allclose(model.predict(X.iloc[rows]), in_one_block[rows], rtol=1e-6)


def test_it_is_a_scikit_learn_meta_estimator(seasonal, fitted):
    X, y = seasonal
    model = HistoryForecaster(lstm_pipeline(WINDOW), history=X, quantile=None)
    assert is_regressor(model)
    assert set(model.get_params()) >= {"estimator", "history", "quantile"}
    assert "lstmforecaster__hidden_size" in {
        name.split("estimator__", 1)[-1] for name in model.get_params()
    }
    copy = clone(model).set_params(estimator__lstmforecaster__max_epochs=3)
    assert copy.estimator[-1].max_epochs == 3 and model.estimator[-1].max_epochs == 10
    with pytest.raises(AttributeError, match="before fit"):
        model.n_features_in_
    assert fitted.n_features_in_ == 1
    assert list(fitted.feature_names_in_) == list(X.columns)
    score = r2_score(y[60:], fitted.predict(X[60:]))
    assert fitted.score(X[60:], y[60:]) == pytest.approx(score)
    assert not hasattr(fitted.estimator[-1], "net_")  # a clone was fitted


@pytest.mark.parametrize(
    "params, message",
    [({"quantile": 1.5}, "quantile"), ({"history": np.zeros((2, 2, 2))}, "shape")],
)
def test_bad_parameters_are_refused(seasonal, params, message):
    X, y = seasonal
    model = HistoryForecaster(lstm_pipeline(WINDOW), history=X).set_params(**params)
    with pytest.raises(ValueError, match=message):
        model.fit(X[:50], y[:50])
