"""forecast(): the forecasts past the end of the data, labelled with their dates."""

import functools

import numpy as np
import pandas as pd
import pytest
from _builders import FAST, LastCovariate, LastPlusOne, lstm_pipeline, monthly_series
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.pipeline import make_pipeline

from sklstm import (
    LSTMForecaster,
    RecursiveForecaster,
    SlidingWindow,
    calendar_features,
    forecast,
    make_supervised,
)
from sklstm.datasets import load_airline


def test_forecast_past_the_end_of_the_airline_data_is_dated():
    series = load_airline()
    model = lstm_pipeline(12)
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
        make_pipeline(SlidingWindow(3), LastPlusOne()), horizon=2
    ).fit(*make_supervised(series))
    future = forecast(model, series, horizon=4)
    assert list(future.index) == list(make_index(34)[30:])
    assert_array_equal(future, [30.0, 31.0, 32.0, 33.0])


def test_forecast_with_calendar_covariates_past_the_end():
    data = monthly_series(2 * np.arange(48.0)).to_frame()
    data = data.join(calendar_features(data.index, ["month", "quarter"]))
    covariates = functools.partial(calendar_features, features=["month", "quarter"])
    model = RecursiveForecaster(
        make_pipeline(SlidingWindow(2), LastCovariate()),
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
        make_pipeline(SlidingWindow(3), LastPlusOne()), horizon=2
    ).fit(*make_supervised(panel))
    future = forecast(model, panel)
    assert future.index.names == ["id", "month"]
    assert future.loc["a"].tolist() == [20.0, 21.0]
    assert future.loc["b"].tolist() == [14.0, 15.0]
    assert list(future.loc["b"].index.astype(str)) == ["2011-01", "2011-02"]


def test_forecast_needs_a_time_step():
    series = pd.Series(np.arange(10.0), index=[f"r{i}" for i in range(10)], name="v")
    model = RecursiveForecaster(make_pipeline(SlidingWindow(3), LastPlusOne()))
    model.fit(*make_supervised(series.reset_index(drop=True)))
    with pytest.raises(ValueError, match="must label time steps.*Index of str"):
        forecast(model, series)


def test_forecast_reads_the_step_from_all_the_data_not_the_last_window():
    # Dates without a set frequency: the last 2 rows alone cannot tell it.
    index = pd.DatetimeIndex(
        pd.date_range("2001-01-01", periods=20, freq="MS").to_numpy()
    )
    data = pd.Series(np.arange(20.0), index=index, name="v").to_frame()
    data = data.join(calendar_features(data.index))
    model = RecursiveForecaster(
        make_pipeline(SlidingWindow(2), LastPlusOne()),
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


def test_recursive_forecast_on_dates_after_fitting_on_periods():
    series = monthly_series(2 * np.arange(48.0))
    model = RecursiveForecaster(
        make_pipeline(SlidingWindow(3), LastPlusOne()), horizon=2
    ).fit(*make_supervised(series))
    as_dates = series.set_axis(series.index.to_timestamp())
    future = forecast(model, as_dates)
    assert list(future.index) == list(pd.date_range("2004-01-01", periods=2, freq="MS"))
