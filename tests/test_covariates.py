"""Covariates known in advance reach the step they describe."""

import numpy as np
import pandas as pd
import pytest
from _builders import FAST
from numpy.testing import assert_array_equal
from sklearn.pipeline import make_pipeline

from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    RecursiveForecaster,
    SlidingWindow,
    calendar_features,
    forecast,
    make_supervised,
    predict_with_history,
)

# Daily visits of 10, 50 on promotion days (the 5th and the 15th).
DAYS = pd.date_range("2020-01-01", periods=730, freq="D")
PROMO = DAYS.day.isin([5, 15]).astype(float)
VISITS = pd.DataFrame(
    {
        "visits": 10 + 40 * PROMO + 0.5 * np.random.RandomState(0).randn(730),
        "promo": PROMO,
    },
    index=DAYS,
)


def _lstm(window_length, **params):
    return make_pipeline(
        MinMaxScaler(),
        SlidingWindow(window_length),
        LSTMForecaster(**{"max_epochs": 150, "random_state": 0, **params}),
    )


def test_future_covariates_hold_the_values_of_the_forecast_steps():
    index = pd.period_range("2020-01", periods=6, freq="M")
    data = pd.DataFrame(
        {"v": np.arange(6.0), "price": 10 + np.arange(6.0), "p": [0, 1, 0, 0, 1, 0.0]},
        index=index,
    )
    X, y = make_supervised(data, horizon=2, target="v", future_covariates=["p"])
    assert list(X.columns) == ["v", "price", "p(t+1)", "p(t+2)"]
    assert_array_equal(X["p(t+1)"], [1, 0, 0, 1])
    assert_array_equal(X["p(t+2)"], [0, 0, 1, 0])
    assert_array_equal(X["price"], [10, 11, 12, 13])  # past-only: at t
    panel = pd.concat({"a": data, "b": data.assign(p=1 - data["p"])}, names=["id"])
    X, y = make_supervised(panel, target="v", future_covariates="p")
    assert_array_equal(X.xs("b", level="id")["p(t+1)"], [0, 1, 1, 0, 1])


@pytest.mark.parametrize(
    "future, match",
    [(["visits"], "names the target"), (["price"], "not a column of data")],
)
def test_future_covariates_must_be_other_columns(future, match):
    with pytest.raises(ValueError, match=match):
        make_supervised(VISITS, target="visits", future_covariates=future)


@pytest.mark.slow
def test_a_promotion_day_is_forecast_direct_and_recursive():
    train = VISITS[:-60]
    X, y = make_supervised(train, target="visits", future_covariates=["promo"])
    direct = _lstm(3).fit(X, y)
    recursive = RecursiveForecaster(
        _lstm(3), horizon=30, covariates=VISITS[["promo"]]
    ).fit(X, y)
    future = forecast(recursive, train, target="visits")
    truth = VISITS["visits"].loc[future.index]
    promo_days = VISITS["promo"].loc[future.index] == 1
    assert promo_days.sum() == 2
    assert_allclose_pct(future[promo_days], truth[promo_days], 10)
    # The direct model, each day of the last 60 from its own history.
    X_all, y_all = make_supervised(VISITS, target="visits", future_covariates=["promo"])
    rows = X_all.index > train.index[-2]
    predicted = direct.predict(X_all[rows])
    on_promo = X_all["promo(t+1)"][rows].to_numpy() == 1
    assert on_promo.sum() == 4
    assert_allclose_pct(predicted[on_promo], y_all[rows][on_promo], 10)
    assert np.abs(predicted[~on_promo] - y_all[rows][~on_promo]).mean() < 2


@pytest.mark.slow
def test_a_weekly_pattern_is_forecast_from_one_hot_days_of_the_week():
    days = pd.date_range("2020-01-06", periods=7 * 80, freq="D")  # from a Monday
    level = np.select([days.day_of_week == 5, days.day_of_week == 6], [30.0, 50.0], 10)
    noise = np.random.RandomState(0).randn(len(days))

    def week(index):
        return calendar_features(index, ["dayofweek"], encoding="onehot")

    data = pd.DataFrame({"v": level + noise}, index=days).join(week(days))
    # From a Wednesday, a window of two weekdays cannot tell where the week is.
    train, columns = data[:-11], list(week(days[:1]).columns)
    X, y = make_supervised(train, target="v", horizon=7, future_covariates=columns)
    direct = forecast(_lstm(2).fit(X, y), train, target="v", future_covariates=week)
    X1, y1 = make_supervised(train, target="v", future_covariates=columns)
    recursive = RecursiveForecaster(_lstm(2), horizon=7, covariates=week).fit(X1, y1)
    rolled = forecast(recursive, train, horizon=7, target="v")
    for forecasts in (direct, rolled):
        weekend = forecasts[forecasts.index.day_of_week >= 5]
        assert list(weekend.index.day_of_week) == [5, 6]
        assert_allclose_pct(weekend, [30, 50], 10)


def assert_allclose_pct(actual, expected, percent):
    actual, expected = np.asarray(actual, float), np.asarray(expected, float)
    assert (np.abs(actual / expected - 1) <= percent / 100).all(), (actual, expected)


def _fitted_direct():
    X, y = make_supervised(VISITS[:100], target="visits", future_covariates=["promo"])
    return _lstm(3, **{**FAST, "max_epochs": 1}).fit(X, y)


def test_planned_values_are_checked_before_forecasting():
    model, data = _fitted_direct(), VISITS[:100]
    with pytest.raises(ValueError, match="reads covariates known in advance"):
        forecast(model, data, target="visits")
    with pytest.raises(ValueError, match="no values for 2020-04-10"):
        forecast(model, data, target="visits", future_covariates=VISITS[["promo"]][:50])
    planned = VISITS[["promo"]].copy()
    planned.iloc[100] = np.nan
    with pytest.raises(ValueError, match="NaN at 2020-04-10.*'promo'"):
        forecast(model, data, target="visits", future_covariates=planned)
    with pytest.raises(ValueError, match="lacks the column.*'promo'"):
        forecast(model, data, target="visits", future_covariates=VISITS[["visits"]])
    assert forecast(
        model, data, target="visits", future_covariates=VISITS[["promo"]]
    ).index[0] == pd.Timestamp("2020-04-10")


def test_recursion_checks_its_covariates_before_forecasting(monkeypatch):
    X, y = make_supervised(VISITS[:100], target="visits", future_covariates=["promo"])
    model = RecursiveForecaster(
        _lstm(3, **{**FAST, "max_epochs": 1}),
        horizon=5,
        covariates=VISITS[["promo"]][:101],
    ).fit(X, y)

    def refuse(*args, **kwargs):
        raise AssertionError("forecasting started")

    monkeypatch.setattr(LSTMForecaster, "predict", refuse)
    with pytest.raises(ValueError, match="no values for 2020-04-11"):
        predict_with_history(model, X[-3:], X[:-3])
    with pytest.raises(ValueError, match="must be those that covariates= computes"):
        RecursiveForecaster(_lstm(3), covariates=VISITS[["visits"]]).fit(X, y)


def _shop(n_days=120):
    days = pd.date_range("2024-01-01", periods=n_days, freq="D")
    rng = np.random.RandomState(0)
    promo = (rng.rand(n_days) < 0.15).astype(float)
    price = 10 + rng.randint(0, 3, n_days).astype(float)
    visits = 20 + 30 * promo - (price - 10) + 0.5 * rng.randn(n_days)
    return pd.DataFrame({"visits": visits, "promo": promo, "price": price}, index=days)


def test_forecast_rolls_a_recursion_on_the_planned_values_given():
    data = _shop()
    future = pd.date_range(data.index[-1], periods=8, freq="D")[1:]
    plan_a = pd.DataFrame({"promo": [0, 0, 1, 0, 0, 1, 0.0], "price": 10.0}, future)
    plan_b = plan_a.assign(promo=[1, 0, 0, 1, 0, 0, 0.0])
    X, y = make_supervised(
        data, horizon=7, target="visits", future_covariates=["promo", "price"]
    )
    # Several covariates at t+1 .. t+7 (promo's, then price's): the recursion
    # keeps the (t+1) ones. Planned values need cover only the future dates.
    model = RecursiveForecaster(
        _lstm(3, max_epochs=60), horizon=7, covariates=plan_a
    ).fit(X, y)
    with pytest.raises(ValueError, match="covariates has no values"):
        # past rows need past dates: not planned here
        predict_with_history(model, X[-3:], X[:-3])
    for plan in (plan_a, plan_b):
        rolled = forecast(model, data, target="visits", future_covariates=plan)
        on_promo = plan["promo"].to_numpy() == 1
        assert rolled[on_promo].min() > rolled[~on_promo].max() + 15


def test_planned_values_must_be_indexed_like_the_data():
    model, data = _fitted_direct(), VISITS[:100]
    periods = VISITS[["promo"]].to_period("D")
    with pytest.raises(ValueError, match="indexed by PeriodIndex.*like the data"):
        forecast(model, data, target="visits", future_covariates=periods)
    twice = pd.concat([VISITS[["promo"]], VISITS[["promo"]].iloc[100:101]])
    with pytest.raises(ValueError, match="more than once"):
        forecast(model, data, target="visits", future_covariates=twice)
    plain = _lstm(3, max_epochs=1).fit(*make_supervised(data[["visits"]]))
    with pytest.raises(ValueError, match="reads no covariates known in advance"):
        forecast(plain, data[["visits"]], future_covariates=VISITS[["promo"]])


def test_warm_start_keeps_the_covariate_effects_it_was_built_with():
    X, y = make_supervised(VISITS[:100], target="visits", future_covariates=["promo"])
    model = LSTMForecaster(**{**FAST, "max_epochs": 1}, warm_start=True)
    windows = SlidingWindow(3).fit_transform(X)
    model.fit(windows, y)
    with pytest.raises(ValueError, match="covariate_effects cannot change"):
        model.set_params(covariate_effects="relative").fit(windows, y)
    # Without covariates the parameter builds nothing: any value continues.
    alone = SlidingWindow(3).fit_transform(X[["visits"]])
    model = LSTMForecaster(**{**FAST, "max_epochs": 1}, warm_start=True).fit(alone, y)
    model.set_params(covariate_effects="relative").fit(alone, y)
    assert model.n_iter_ == 2
