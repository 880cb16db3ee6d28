"""Several steps ahead: recursion, calendar covariates, forecasts past the end."""

import functools

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline

from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    RecursiveForecaster,
    SlidingWindow,
    calendar_features,
    forecast,
    make_supervised,
)
from sklstm.datasets import load_airline

FAST = dict(hidden_size=8, max_epochs=10, lr=0.01, random_state=0)


class _LastPlusOne(RegressorMixin, BaseEstimator):
    """Forecasts the last value of the window plus one."""

    def fit(self, X, y):
        self.n_features_in_ = X.shape[-1]
        return self

    def predict(self, X):
        return X[:, -1, 0] + 1.0


class _LastCovariate(RegressorMixin, BaseEstimator):
    """Forecasts the value of feature 1 at the last step of the window."""

    def fit(self, X, y):
        self.n_features_in_ = X.shape[-1]
        return self

    def predict(self, X):
        return X[:, -1, 1]


def _monthly(n=48, name="v"):
    index = pd.period_range("2000-01", periods=n, freq="M", name="month")
    return pd.Series(np.arange(float(n)) * 2, index=index, name=name)


def test_recursion_feeds_each_forecast_back_into_the_window():
    X, y = make_supervised(_monthly(), horizon=4)
    model = RecursiveForecaster(
        make_pipeline(SlidingWindow(3), _LastPlusOne()), horizon=4
    ).fit(X, y)
    forecasts = model.predict(X)
    assert forecasts.shape == (len(X), 4)
    assert_array_equal(forecasts, X["v"].to_numpy()[:, None] + [1, 2, 3, 4])


def test_recursion_takes_future_covariates_from_the_time_index():
    data = _monthly().to_frame()
    data = data.join(calendar_features(data.index))
    X, y = make_supervised(data, horizon=3, target="v")
    model = RecursiveForecaster(
        make_pipeline(SlidingWindow(2), _LastCovariate()),
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
    one_step = make_pipeline(MinMaxScaler(), SlidingWindow(6), LSTMForecaster(**FAST))
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
        make_pipeline(MinMaxScaler(), SlidingWindow(6), LSTMForecaster(**FAST)),
        horizon=3,
    )
    search = GridSearchCV(
        model,
        {"estimator__slidingwindow__window_length": [6, 12]},
        cv=TimeSeriesSplit(n_splits=3, gap=2),
        scoring="neg_mean_absolute_error",
    ).fit(X, y)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.predict(X.iloc[-5:]).shape == (5, 3)


def test_recursive_forecaster_refuses_unknown_covariates_and_non_pipelines():
    data = _monthly().to_frame().assign(other=1.0)
    X, y = make_supervised(data, target="v")
    one_step = make_pipeline(SlidingWindow(3), _LastPlusOne())
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


def test_forecast_past_the_end_of_the_airline_data_is_dated():
    series = load_airline()
    model = make_pipeline(MinMaxScaler(), SlidingWindow(12), LSTMForecaster(**FAST))
    model.fit(*make_supervised(series, horizon=24))
    future = forecast(model, series)
    assert future.name == "Passengers"
    assert isinstance(future.index, pd.PeriodIndex)
    assert list(future.index[[0, -1]].astype(str)) == ["1961-01", "1962-12"]
    # It is the model's forecast from the last month of the data.
    X = series.to_frame()
    assert_allclose(future, model.predict(X)[-1])
    assert_allclose(forecast(model, series, horizon=6), future.iloc[:6])
    with pytest.raises(ValueError, match="horizon=25, but the model forecasts 24"):
        forecast(model, series, horizon=25)


@pytest.mark.parametrize(
    "make_index",
    [
        lambda n: pd.date_range("2001-01-01", periods=n, freq="MS"),
        lambda n: pd.DatetimeIndex(
            pd.date_range("2001-01-01", periods=n, freq="D").to_numpy()
        ),
        lambda n: pd.RangeIndex(100, 100 + 3 * n, 3),
    ],
    ids=["dates-freq", "dates-inferred", "integers"],
)
def test_forecast_labels_follow_the_index_step(make_index):
    series = pd.Series(np.arange(30.0), index=make_index(30), name="v")
    model = RecursiveForecaster(
        make_pipeline(SlidingWindow(3), _LastPlusOne()), horizon=2
    ).fit(*make_supervised(series))
    future = forecast(model, series, horizon=4)
    assert list(future.index) == list(make_index(34)[30:])
    assert_array_equal(future, [30.0, 31.0, 32.0, 33.0])


def test_forecast_with_calendar_covariates_past_the_end():
    data = _monthly().to_frame()
    data = data.join(calendar_features(data.index, ["month", "quarter"]))
    covariates = functools.partial(calendar_features, features=["month", "quarter"])
    model = RecursiveForecaster(
        make_pipeline(SlidingWindow(2), _LastCovariate()),
        horizon=3,
        covariates=covariates,
    ).fit(*make_supervised(data, target="v"))
    future = forecast(model, data, target="v", horizon=5)
    future_sin = calendar_features(future.index)["month_sin"].to_numpy()
    last_sin = data["month_sin"].iloc[-1]
    assert_allclose(future, np.r_[last_sin, future_sin[:-1]])


def test_forecast_of_a_panel_is_indexed_by_series_and_time():
    frames = []
    for name, length in [("a", 20), ("b", 14)]:
        months = pd.period_range(end="2010-12", periods=length, freq="M")
        index = pd.MultiIndex.from_product([[name], months], names=["id", "month"])
        frames.append(pd.DataFrame({"v": np.arange(float(length))}, index=index))
    panel = pd.concat(frames)
    model = RecursiveForecaster(
        make_pipeline(SlidingWindow(3), _LastPlusOne()), horizon=2
    ).fit(*make_supervised(panel))
    future = forecast(model, panel)
    assert future.index.names == ["id", "month"]
    assert future.loc["a"].tolist() == [20.0, 21.0]
    assert future.loc["b"].tolist() == [14.0, 15.0]
    assert list(future.loc["b"].index.astype(str)) == ["2011-01", "2011-02"]


def test_forecast_needs_a_time_step():
    series = pd.Series(np.arange(10.0), index=[f"r{i}" for i in range(10)], name="v")
    model = RecursiveForecaster(make_pipeline(SlidingWindow(3), _LastPlusOne()))
    model.fit(*make_supervised(series))
    with pytest.raises(ValueError, match="regular time step"):
        forecast(model, series)


def test_calendar_features_of_dates_periods_and_panels():
    dates = pd.date_range("2021-01-04", periods=7, freq="D")  # Monday to Sunday
    onehot = calendar_features(dates, ["dayofweek"], encoding="onehot")
    assert_array_equal(onehot.to_numpy(), np.eye(7))
    assert list(onehot.columns) == [f"dayofweek_{d}" for d in range(7)]
    months = pd.period_range("2020-01", periods=24, freq="M")
    cyclic = calendar_features(months)
    assert_allclose(cyclic.iloc[:12].to_numpy(), cyclic.iloc[12:].to_numpy())
    assert_allclose(np.hypot(cyclic["month_sin"], cyclic["month_cos"]), 1.0)
    panel = pd.MultiIndex.from_product([["a", "b"], months[:3]])
    assert calendar_features(panel).index.equals(panel)


@pytest.mark.parametrize(
    "args, match",
    [
        ((pd.RangeIndex(5),), "needs dates"),
        ((pd.period_range("2020", periods=3, freq="M"), ["week"]), "features must"),
        ((pd.period_range("2020", periods=3, freq="M"), "month"), "features must"),
        ((pd.date_range("2020", periods=3), ["month", "month"]), "distinct names"),
    ],
)
def test_calendar_features_refuse_what_they_cannot_compute(args, match):
    with pytest.raises(ValueError, match=match):
        calendar_features(*args)


def test_forecast_reads_the_step_from_all_the_data_not_the_last_window():
    # Dates without a set frequency: the last 2 rows alone cannot tell it.
    index = pd.DatetimeIndex(
        pd.date_range("2001-01-01", periods=20, freq="MS").to_numpy()
    )
    data = pd.Series(np.arange(20.0), index=index, name="v").to_frame()
    data = data.join(calendar_features(data.index))
    model = RecursiveForecaster(
        make_pipeline(SlidingWindow(2), _LastPlusOne()),
        horizon=3,
        covariates=calendar_features,
    ).fit(*make_supervised(data, target="v"))
    future = forecast(model, data, target="v")
    assert list(future.index) == list(pd.date_range("2002-09-01", periods=3, freq="MS"))
    assert_array_equal(future, [20.0, 21.0, 22.0])


@pytest.mark.parametrize(
    "freq, window_length, expected",
    [
        ("B", 5, ["2024-02-26", "2024-02-27", "2024-02-28"]),  # Fri -> Mon..Wed
        ("MS", 2, ["2027-05-01", "2027-06-01", "2027-07-01"]),  # 40 months on
    ],
)
def test_forecast_dates_with_short_windows(freq, window_length, expected):
    index = pd.date_range("2024-01-01", periods=40, freq=freq)
    series = pd.Series(np.arange(40.0), index=index, name="v")
    model = make_pipeline(SlidingWindow(window_length), LSTMForecaster(**FAST))
    model.fit(*make_supervised(series, horizon=3))
    future = forecast(model, series)
    assert list(future.index) == list(pd.to_datetime(expected))


def test_recursive_forecaster_refuses_bad_targets_and_covariates():
    data = _monthly().to_frame()
    data = data.join(calendar_features(data.index))
    X, y = make_supervised(data, target="v")
    one_step = make_pipeline(SlidingWindow(2), _LastCovariate())
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


def test_recursive_forecast_on_dates_after_fitting_on_periods():
    series = _monthly()
    model = RecursiveForecaster(
        make_pipeline(SlidingWindow(3), _LastPlusOne()), horizon=2
    ).fit(*make_supervised(series))
    as_dates = series.set_axis(series.index.to_timestamp())
    future = forecast(model, as_dates)
    assert list(future.index) == list(pd.date_range("2004-01-01", periods=2, freq="MS"))


@pytest.mark.parametrize("features", [None, [], "month", ["month", "week"]])
def test_calendar_features_refuse_bad_feature_lists(features):
    with pytest.raises(ValueError, match="features must be a list"):
        calendar_features(pd.date_range("2020", periods=3), features)


def test_calendar_features_refuse_missing_dates():
    with pytest.raises(ValueError, match="missing date \\(NaT\\) at row 1"):
        calendar_features(pd.DatetimeIndex(["2020-01-01", None]))
