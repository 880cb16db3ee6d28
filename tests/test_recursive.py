"""RecursiveForecaster: several steps ahead by feeding each forecast back."""

import numpy as np
import pandas as pd
import pytest
from _builders import LastCovariate, LastPlusOne, lstm_pipeline, monthly_series
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline

from sklstm import (
    LSTMForecaster,
    RecursiveForecaster,
    SlidingWindow,
    calendar_features,
    make_supervised,
    predict_with_history,
)
from sklstm.datasets import load_airline


def test_recursion_feeds_each_forecast_back_into_the_window():
    X, y = make_supervised(monthly_series(2 * np.arange(48.0)), horizon=4)
    model = RecursiveForecaster(
        make_pipeline(SlidingWindow(3), LastPlusOne()), horizon=4
    ).fit(X, y)
    forecasts = model.predict(X)
    assert forecasts.shape == (len(X), 4)
    assert_array_equal(forecasts, X["v"].to_numpy()[:, None] + [1, 2, 3, 4])


def test_recursion_takes_future_covariates_from_the_time_index():
    data = monthly_series(2 * np.arange(48.0)).to_frame()
    data = data.join(calendar_features(data.index))
    X, y = make_supervised(data, horizon=3, target="v")
    model = RecursiveForecaster(
        make_pipeline(SlidingWindow(2), LastCovariate()),
        horizon=3,
        covariates=calendar_features,
    ).fit(X, y)
    forecasts = model.predict(X)
    month_sin = data["month_sin"].to_numpy()
    for k in range(3):  # forecast k+1 steps ahead = month_sin at t+k
        assert_allclose(forecasts[: len(X) - 3, k], month_sin[k : len(X) - 3 + k])


def test_vectorised_recursion_equals_predicting_step_by_step():
    series = load_airline().iloc[:60]
    X, y = make_supervised(series, horizon=3)
    one_step = lstm_pipeline(6)
    model = RecursiveForecaster(one_step, horizon=3).fit(X, y)
    forecasts = model.predict(X)
    fitted = model.estimator_
    for row in [10, 30, len(X) - 1]:
        history = X.iloc[: row + 1]
        for k in range(3):
            step = fitted.predict(history)[-1]
            assert step == pytest.approx(forecasts[row, k], rel=1e-5)
            nxt = history.index[-1] + 1
            history = pd.concat(
                [history, pd.DataFrame({"Passengers": [step]}, index=[nxt])]
            )


def test_recursive_forecaster_in_grid_search_with_a_gap():
    X, y = make_supervised(load_airline(), horizon=3)
    model = RecursiveForecaster(
        lstm_pipeline(6),
        horizon=3,
    )
    search = GridSearchCV(
        model,
        {"estimator__slidingwindow__window_length": [6, 12]},
        cv=TimeSeriesSplit(n_splits=3, gap=2),
        scoring="neg_mean_absolute_error",
    ).fit(X, y)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert predict_with_history(search, X.iloc[-5:], X.iloc[:-5]).shape == (5, 3)


def test_recursive_forecaster_refuses_unknown_covariates_and_non_pipelines():
    data = monthly_series(2 * np.arange(48.0)).to_frame().assign(other=1.0)
    X, y = make_supervised(data, target="v")
    one_step = make_pipeline(SlidingWindow(3), LastPlusOne())
    with pytest.raises(ValueError, match="2 columns.*covariates="):
        RecursiveForecaster(one_step).fit(X, y)
    with pytest.raises(ValueError, match="must be those that covariates= computes"):
        RecursiveForecaster(one_step, covariates=calendar_features).fit(X, y)
    with pytest.raises(ValueError, match="covariates must be None or a function"):
        RecursiveForecaster(one_step, covariates="month").fit(X, y)
    with pytest.raises(ValueError, match="Pipeline holding a SlidingWindow"):
        RecursiveForecaster(LSTMForecaster()).fit(X[["v"]], y)
    with pytest.raises(ValueError, match="horizon == 0"):
        RecursiveForecaster(one_step, horizon=0).fit(X[["v"]], y)


def test_recursive_forecaster_refuses_bad_targets_and_covariates():
    data = monthly_series(2 * np.arange(48.0)).to_frame()
    data = data.join(calendar_features(data.index))
    X, y = make_supervised(data, target="v")
    one_step = make_pipeline(SlidingWindow(2), LastCovariate())
    with pytest.raises(ValueError, match="y has no columns"):
        RecursiveForecaster(one_step, covariates=calendar_features).fit(
            X, pd.DataFrame(index=X.index)
        )
    model = RecursiveForecaster(one_step, horizon=2, covariates=calendar_features)
    model.fit(X, y)
    with pytest.raises(ValueError, match="must be a DataFrame with a time index"):
        model.predict(X.to_numpy())

    def as_array(index):
        return calendar_features(index).to_numpy()

    bad = RecursiveForecaster(one_step, horizon=2, covariates=as_array)
    with pytest.raises(ValueError, match="must return a pandas DataFrame"):
        bad.fit(X, y)
