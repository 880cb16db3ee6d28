"""Covariates known in advance: what reaching the forecast step, and the
additive head, are worth.

Three cases, each measured in this run (about 4 minutes on 2 cores)::

    python benchmarks/covariates.py

1. **Promotions.** Daily visits of 10 (noise 0.5) and 50 on promotion days,
   the 5th and the 15th of each month; two years, the last 60 days held out,
   each forecast one day ahead from a window of 3 days, default parameters
   but ``max_epochs=150``. The promotion flag as a past covariate (known at
   ``t``) against the flag of the day forecast (``future_covariates``), with
   the covariates' effects additive (the default) or relative to the window.
2. **A weekly pattern.** Daily values of 10 on weekdays, 30 on Saturdays and
   50 on Sundays (noise 1), 80 weeks; the last week forecast at once (direct,
   7 steps from a Wednesday, window 2: too short to show where in the week
   it is) with one-hot days of the week of the forecast steps.
3. **The airline series with month covariates** (``calendar_features``,
   sin/cos), window 12, the last 24 months held out: one month ahead, and 24
   months recursively; median over ``random_state`` 0, 1, 2, additive
   against relative effects. Its season grows with the level, where
   relative effects extrapolate better.
"""

import numpy as np
import pandas as pd
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


def lstm(window_length, **params):
    return make_pipeline(
        MinMaxScaler(),
        SlidingWindow(window_length),
        LSTMForecaster(**{"random_state": 0, **params}),
    )


def promotions():
    days = pd.date_range("2020-01-01", periods=730, freq="D")
    promo = days.day.isin([5, 15]).astype(float)
    visits = 10 + 40 * promo + 0.5 * np.random.RandomState(0).randn(730)
    data = pd.DataFrame({"visits": visits, "promo": promo}, index=days)
    rows = {}
    variants = {
        "no covariate": (data[["visits"]], None, "additive"),
        "promo at t (past covariate)": (data, None, "additive"),
        "promo of the day forecast, relative effects": (data, ["promo"], "relative"),
        "promo of the day forecast, additive effects (default)": (
            data,
            ["promo"],
            "additive",
        ),
    }
    for name, (frame, future, effects) in variants.items():
        X, y = make_supervised(frame, target="visits", future_covariates=future)
        model = lstm(3, max_epochs=150, covariate_effects=effects)
        model.fit(X[:-60], y[:-60])
        predicted = model.predict(X[-60:])  # continues the fitted rows
        truth = y[-60:].to_numpy()
        on_promo = data["promo"].shift(-1).loc[X.index[-60:]].to_numpy() == 1
        rows[name] = {
            "promotion days": ", ".join(f"{v:.1f}" for v in predicted[on_promo]),
            "MAE, other days": np.abs(predicted - truth)[~on_promo].mean(),
        }
    truth = ", ".join(f"{v:.1f}" for v in truth[on_promo])
    rows["(truth)"] = {"promotion days": truth, "MAE, other days": 0.0}
    return pd.DataFrame(rows).T


def weekly():
    days = pd.date_range("2020-01-06", periods=7 * 80, freq="D")
    level = np.select([days.day_of_week == 5, days.day_of_week == 6], [30.0, 50.0], 10)
    noise = np.random.RandomState(0).randn(len(days))

    def week(index):
        return calendar_features(index, ["dayofweek"], encoding="onehot")

    data = pd.DataFrame({"v": level + noise}, index=days).join(week(days))
    # Forecast from a Wednesday: a window of two weekdays cannot tell where
    # in the week it is.
    train, columns = data[:-11], list(week(days[:1]).columns)
    test = data["v"][len(train) : len(train) + 7]
    rows = {}
    for name, frame, future, effects in [
        ("no covariate", train[["v"]], None, "additive"),
        ("days of the forecast steps, relative effects", train, columns, "relative"),
        (
            "days of the forecast steps, additive effects (default)",
            train,
            columns,
            "additive",
        ),
    ]:
        X, y = make_supervised(frame, target="v", horizon=7, future_covariates=future)
        model = lstm(2, max_epochs=150, covariate_effects=effects).fit(X, y)
        source = week if future else None
        predicted = forecast(model, frame, target="v", future_covariates=source)
        rows[name] = predicted.to_numpy()
    rows["(truth)"] = test.to_numpy()
    rows["seasonal naive (the week before)"] = train["v"][-7:].to_numpy()
    return pd.DataFrame(rows, index=[d.strftime("%a") for d in test.index]).T


def airline():
    series = load_airline()
    frame = series.to_frame().join(calendar_features(series.index))
    target, rows = series.name, {}
    for effects in ("additive", "relative"):
        one, many = [], []
        for seed in (0, 1, 2):

            def pipe():
                return lstm(12, random_state=seed, covariate_effects=effects)

            X, y = make_supervised(frame, target=target)
            model = pipe().fit(X[:-24], y[:-24])
            one.append(np.mean(np.abs(model.predict(X[-24:]) / y[-24:] - 1)))
            train = frame[:-24]
            rec = RecursiveForecaster(
                pipe(), horizon=24, covariates=calendar_features
            ).fit(*make_supervised(train, target=target))
            rolled = forecast(rec, train, horizon=24, target=target)
            many.append(np.mean(np.abs(rolled.to_numpy() / series[-24:] - 1)))
        rows[f"month sin/cos at t, {effects} effects"] = {
            "MAPE %, one month ahead": 100 * np.median(one),
            "MAPE %, 24 months recursive": 100 * np.median(many),
        }
    return pd.DataFrame(rows).T


if __name__ == "__main__":
    pd.set_option("display.width", 200)
    print("1. Promotions: forecasts of the promotion days among the last 60")
    print(promotions().round(2).to_string(), "\n")
    print("2. A weekly pattern: a week from a Wednesday (direct, window 2)")
    print(weekly().round(1).to_string(), "\n")
    print("3. The airline series with month covariates, window 12")
    print(airline().round(1).to_string())
