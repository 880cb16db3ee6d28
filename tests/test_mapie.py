"""MAPIE's conformal regressors (mapie 1.x) on the README pipeline.

Each of them runs on ``make_pipeline(MinMaxScaler(), SlidingWindow(12),
LSTMForecaster())`` as the user guide's "Uncertainty" says, and no row whose
history exists is padded: its forecast is the one ``predict_with_history``
gives.
"""

import contextlib
import warnings

import numpy as np
import pandas as pd
import pytest
from _builders import lstm_pipeline
from numpy.testing import assert_allclose
from sklearn.frozen import FrozenEstimator

from sklstm import (
    HistoryForecaster,
    PaddingWarning,
    make_supervised,
    predict_with_history,
)

pytest.importorskip("mapie")
from mapie.regression import (  # noqa: E402
    ConformalizedQuantileRegressor,
    CrossConformalRegressor,
    SplitConformalRegressor,
    TimeSeriesRegressor,
)
from mapie.subsample import BlockBootstrap  # noqa: E402
from mapie.utils import check_sklearn_user_model_is_fitted  # noqa: E402

WINDOW = 12


@contextlib.contextmanager
def no_padding():
    """Fail on any PaddingWarning: every row MAPIE gives has its window.

    MAPIE checks a fitted estimator by predicting a row of zeros, which is in
    no series: HistoryForecaster forecasts it as a new row after the history.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", PaddingWarning)
        yield


def noisy_seasonal(n_months, seed=0):
    """A yearly sine around 50 with noise, monthly from 2000-01, as X and y."""
    rng = np.random.RandomState(seed)
    t = np.arange(n_months)
    values = 50 + 10 * np.sin(2 * np.pi * t / 12) + 2 * rng.randn(n_months)
    months = pd.period_range("2000-01", periods=n_months, freq="M")
    return make_supervised(pd.Series(values, index=months, name="value"))


@pytest.fixture(scope="module")
def data():
    return noisy_seasonal(120)


def time_series_regressor(X, method):
    """MAPIE's TimeSeriesRegressor over the README pipeline, on block bootstraps."""
    return TimeSeriesRegressor(
        HistoryForecaster(lstm_pipeline(WINDOW), history=X),
        method=method,
        cv=BlockBootstrap(n_resamplings=8, n_blocks=4, random_state=0),
        agg_function="mean",
    )


def check_intervals(points, intervals, n_rows):
    assert points.shape == (n_rows,) and intervals.shape == (n_rows, 2, 1)
    assert (intervals[:, 0, 0] <= points).all()
    assert (points <= intervals[:, 1, 0]).all()


def test_the_readme_pipeline_alone_passes_mapies_check(data):
    # MAPIE calls pipeline[-1].predict(np.zeros((1, n_features_in_))).
    X, y = data
    pipeline = lstm_pipeline(WINDOW).fit(X[:70], y[:70])
    mapie = SplitConformalRegressor(pipeline, confidence_level=0.9, prefit=True)
    mapie.conformalize(X[70:95], y[70:95])  # continues the training rows
    # The test block does not continue the fitted data: padded, never silently.
    with pytest.warns(PaddingWarning, match="padded the windows of 11 row"):
        points, intervals = mapie.predict_interval(X[95:])
    check_intervals(points, intervals, 24)


def test_mapies_check_passes_on_windows_of_several_features(data):
    # The probe is (1, n_features_in_): window_length * n_features columns.
    X, y = data
    X = X.assign(covariate=np.cos(np.arange(len(X))))
    pipeline = lstm_pipeline(WINDOW).fit(X[:70], y[:70])
    assert pipeline[-1].n_features_in_ == WINDOW * 2
    assert check_sklearn_user_model_is_fitted(pipeline[-1])


@pytest.mark.parametrize("prefit", [True, False])
def test_split_conformal(data, prefit):
    X, y = data
    model = HistoryForecaster(lstm_pipeline(WINDOW), history=X)
    if prefit:
        model.fit(X[:70], y[:70])
    mapie = SplitConformalRegressor(model, confidence_level=0.9, prefit=prefit)
    if not prefit:
        mapie.fit(X[:70], y[:70])
    with no_padding():
        mapie.conformalize(X[70:95], y[70:95])
    with warnings.catch_warnings():
        warnings.simplefilter("error", PaddingWarning)
        points, intervals = mapie.predict_interval(X[95:])
    check_intervals(points, intervals, 24)
    fitted = model if prefit else mapie._mapie_regressor.estimator
    expected = predict_with_history(fitted.estimator_, X[95:], X[:95])
    assert_allclose(points, expected, rtol=1e-6)


def test_cross_conformal(data):
    X, y = data
    model = HistoryForecaster(lstm_pipeline(WINDOW), history=X)
    mapie = CrossConformalRegressor(model, confidence_level=0.9, cv=3)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PaddingWarning)
        mapie.fit_conformalize(X[:95], y[:95])
        points, intervals = mapie.predict_interval(X[95:])
    check_intervals(points, intervals, 24)


def test_conformalized_quantile_regression_from_one_quantile_model(data):
    # MAPIE takes three fitted estimators of one quantile each (lower,
    # upper, median): three views of one LSTMForecaster(quantiles=...).
    X, y = data
    pipeline = lstm_pipeline(WINDOW, quantiles=[0.05, 0.95]).fit(X[:70], y[:70])
    views = [
        HistoryForecaster(FrozenEstimator(pipeline), history=X, quantile=level).fit(
            X[:70], y[:70]
        )
        for level in (0.05, 0.95, 0.5)
    ]
    mapie = ConformalizedQuantileRegressor(views, confidence_level=0.9, prefit=True)
    with no_padding():
        mapie.conformalize(X[70:95], y[70:95])
    with warnings.catch_warnings():
        warnings.simplefilter("error", PaddingWarning)
        points, intervals = mapie.predict_interval(X[95:])
    check_intervals(points, intervals, 24)
    median = predict_with_history(pipeline, X[95:], X[:95])
    assert_allclose(points, median, rtol=1e-6)


@pytest.mark.filterwarnings("ignore::UserWarning:mapie")
@pytest.mark.filterwarnings("ignore::RuntimeWarning:mapie")
def test_enbpi_with_a_block_bootstrap_updates_as_data_arrives(data):
    X, y = data
    mapie = time_series_regressor(X, "enbpi")
    with warnings.catch_warnings():
        warnings.simplefilter("error", PaddingWarning)
        mapie.fit(X[:95], y[:95])
        scores = mapie.conformity_scores_.copy()
        for start in range(95, 119, 8):
            new = slice(start, start + 8)
            points, intervals = mapie.predict(
                X[new], confidence_level=0.9, ensemble=True
            )
            check_intervals(points, intervals, len(X[new]))
            mapie.update(X[new], y[new])
    assert not np.array_equal(mapie.conformity_scores_, scores)


@pytest.mark.filterwarnings("ignore::UserWarning:mapie")
@pytest.mark.filterwarnings("ignore::RuntimeWarning:mapie")
def test_aci_adapts_to_each_new_row_and_updates(data):
    # adapt_conformal_inference passes the rows as arrays, one at a time:
    # HistoryForecaster places them by their values.
    X, y = data
    mapie = time_series_regressor(X, "aci")
    with warnings.catch_warnings():
        warnings.simplefilter("error", PaddingWarning)
        mapie.fit(X[:95], y[:95])
        for start in range(95, 119, 8):
            new = slice(start, start + 8)
            points, intervals = mapie.predict(
                X[new], confidence_level=0.9, ensemble=True, allow_infinite_bounds=True
            )
            check_intervals(points, intervals, len(X[new]))
            mapie.adapt_conformal_inference(
                X[new].to_numpy(), y[new].to_numpy(), gamma=0.05, confidence_level=0.9
            )
            mapie.update(X[new], y[new])
    assert mapie.current_alpha[0.1] != 0.1


@pytest.mark.slow
def test_split_conformal_covers_the_first_test_rows_as_the_rest():
    # The setting: 320 months, train 200 / calibrate 60 / test 59,
    # window 12, 90 %. Eleven rows a draw are too few to judge, so: 30 draws
    # of the noise, a (small) model each, 330 first rows and 1440 others.
    # Without HistoryForecaster the same models cover the first rows far
    # less (benchmarks/conformal.py: 40 % against 88 %, default model).
    first, rest, padded = [], [], []
    for seed in range(30):
        X, y = noisy_seasonal(320, seed)
        y_test = y[260:].to_numpy()
        model = HistoryForecaster(lstm_pipeline(WINDOW, max_epochs=20), history=X)
        mapie = SplitConformalRegressor(model, confidence_level=0.9, prefit=False)
        with no_padding():
            mapie.fit(X[:200], y[:200]).conformalize(X[200:260], y[200:260])
        _, intervals = mapie.predict_interval(X[260:])
        inside = (intervals[:, 0, 0] <= y_test) & (y_test <= intervals[:, 1, 0])
        first.append(inside[: WINDOW - 1])
        rest.append(inside[WINDOW - 1 :])
        direct = SplitConformalRegressor(
            mapie._mapie_regressor.estimator.estimator_, prefit=True
        ).conformalize(X[200:260], y[200:260])
        with pytest.warns(PaddingWarning):
            _, intervals = direct.predict_interval(X[260:])
        inside = (intervals[:, 0, 0] <= y_test) & (y_test <= intervals[:, 1, 0])
        padded.append(inside[: WINDOW - 1])
    coverage_first, coverage_rest = np.mean(first), np.mean(rest)
    assert abs(coverage_first - 0.9) <= 0.05, coverage_first
    assert abs(coverage_rest - 0.9) <= 0.05, coverage_rest
    # What the test guards against: padded first rows, covered far less.
    assert np.mean(padded) < coverage_first - 0.1, np.mean(padded)
