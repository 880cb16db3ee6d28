"""
=====================================================
Known in advance: weekends in electricity demand
=====================================================

Electricity demand falls at weekends, and everyone knows in advance which
days those are. A forecaster that sees only the last day of demand cannot
know that tomorrow is a Saturday; given the calendar of the day it forecasts,
it can.

This example forecasts the half-hourly electricity demand of England and
Wales one day ahead (48 half-hours at once, every midnight) for the last two
weeks of the summer of 2000. It compares an LSTM that reads one day of
demand with the same LSTM given, as a *covariate known in advance*, whether
each half-hour it forecasts falls on a weekend
(``make_supervised(..., future_covariates=[...])``), with the seasonal
naive forecast, the same half-hour one week before, and with two baselines
fitted to the same training data: its mean, and exponential smoothing (ETS,
from statsmodels) with a weekly season.

The data are J. W. Taylor's (2003), "Short-term electricity demand
forecasting using double seasonal exponential smoothing", *Journal of the
Operational Research Society* 54, 799-805, as shipped by pmdarima
(:func:`pmdarima.datasets.load_taylor`): 4032 half-hours in megawatts, from
Monday 5 June to Sunday 27 August 2000.
"""

# %%
# The data and the calendar
# -------------------------
# The series comes as an array; its dates are 30 minutes apart from
# midnight on Monday 5 June 2000. The covariate is a 0/1 weekend flag
# computed from those dates, by a function, so that it can be computed for
# any future date too.
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from pmdarima.datasets import load_taylor
from sklearn.pipeline import make_pipeline
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    SlidingWindow,
    forecast,
    make_supervised,
    predict_with_history,
)

half_hours = pd.date_range("2000-06-05", periods=4032, freq="30min", name="time")
demand = pd.Series(load_taylor(), index=half_hours, name="demand")


def weekend(index):
    """1.0 for the half-hours of Saturdays and Sundays, 0.0 otherwise."""
    return pd.DataFrame(
        {"weekend": (index.day_of_week >= 5).astype(float)}, index=index
    )


data = demand.to_frame().join(weekend(demand.index))
print(data.resample("D").mean().head(8).round(1).to_string())

# %%
# One day ahead, from one day of demand
# -------------------------------------
# Each row ``t`` forecasts the next 48 half-hours (``horizon=48``) from a
# window of the last 48. With ``future_covariates=["weekend"]``, row ``t``
# also holds the weekend flag of each half-hour it forecasts, columns
# ``weekend(t+1)`` .. ``weekend(t+48)``: the flag of the day forecast, not of
# the day the window shows.
HORIZON = 48
N_TEST_DAYS = 14
test_start = data.index[-N_TEST_DAYS * HORIZON]  # midnight, Monday 14 August

variants = {
    "LSTM, demand only": (data[["demand"]], None),
    "LSTM, demand + weekend flag of the day forecast": (data, ["weekend"]),
}
forecasts = {}
for name, (frame, future) in variants.items():
    X, y = make_supervised(
        frame, target="demand", horizon=HORIZON, future_covariates=future
    )
    # Train on the rows whose 48 targets all lie before the test days.
    train = X.index < test_start - HORIZON * pd.Timedelta("30min")
    model = make_pipeline(
        MinMaxScaler(),
        SlidingWindow(window_length=HORIZON),
        LSTMForecaster(max_epochs=40, batch_size=64, random_state=0),
    ).fit(X[train], y[train])
    # One forecast a day, made at 23:30 for the day after, from the rows
    # before it (predict_with_history gives each its full window).
    first = np.flatnonzero(X.index == test_start - pd.Timedelta("30min"))[0]
    predicted = predict_with_history(model, X[first:], X[:first])
    at_midnight = (X.index[first:].hour == 23) & (X.index[first:].minute == 30)
    forecasts[name] = predicted[at_midnight]
    truth = y[first:][at_midnight].to_numpy()

origins = X.index[first:][at_midnight]
week_before = np.stack(
    [
        demand[origin + pd.Timedelta("30min") - pd.Timedelta("7D") :][:HORIZON]
        for origin in origins
    ]
)
forecasts["seasonal naive (the same half-hour a week before)"] = week_before

# Two baselines fit the half-hours before the test days: their mean, and ETS
# with additive errors and a weekly season of 336 half-hours, which holds the
# daily one too. Its initial states come from statsmodels' heuristic (a
# decomposition of the first weeks), not from estimating all 336 of them,
# which is slow. Each day is then forecast from the half-hours before it
# with the fitted parameters.
training_demand = demand[demand.index < test_start]
ets_spec = dict(
    error="add",
    seasonal="add",
    seasonal_periods=7 * HORIZON,
    initialization_method="heuristic",
)
ets_params = ETSModel(training_demand, **ets_spec).fit(disp=False).params
forecasts["ETS, weekly season"] = np.stack(
    [
        ETSModel(demand[:origin], **ets_spec).smooth(ets_params).forecast(HORIZON)
        for origin in origins
    ]
)
forecasts["training mean"] = np.full_like(week_before, training_demand.mean())

# %%
# Errors, by day forecast
# -----------------------
# The mean absolute percentage error of each day's 48 half-hours, and over
# the two weeks.
days = [(origin + pd.Timedelta("30min")).strftime("%a %d %b") for origin in origins]
errors = pd.DataFrame(
    {
        name: 100 * np.mean(np.abs(values / truth - 1), axis=1)
        for name, values in forecasts.items()
    },
    index=days,
)
print(errors.round(1).to_string())
print("\nMAPE % over the two weeks")
print(errors.mean().round(2).to_string())

# %%
# The LSTM that reads one day of demand cannot tell a Friday from a
# Saturday before it comes: its errors peak on the weekend days and on the
# Mondays after. The weekend flag of the day forecast removes most of those
# peaks and cuts its error over the two weeks to about a third. The seasonal
# naive forecast is better still on this very regular series, and ETS with
# its weekly season does as well (1.73% and 1.74%): both remember a whole
# week, where the LSTM's window holds one day. The mean of the training
# half-hours, which knows neither the day nor the hour, is ten times worse.
# The calendar is what lets a short window know where in the week it is; how
# far an LSTM's own memory should reach is a question for held-out data, as
# here.
fig, ax = plt.subplots(figsize=(10, 4.5))
week = slice(0, 7 * HORIZON)
times = pd.date_range(
    origins[0] + pd.Timedelta("30min"), periods=7 * HORIZON, freq="30min"
)
ax.plot(times, truth.reshape(-1)[week], color="black", lw=2, label="observed")
for name, style in zip(forecasts, ["-", "-", "--"]):
    ax.plot(
        times,
        forecasts[name].reshape(-1)[week],
        style,
        lw=1,
        label=f"{name}: {errors[name].mean():.1f}%",
    )
ax.set_ylabel("demand (MW)")
ax.set_title("Day-ahead forecasts, Monday 14 to Sunday 20 August 2000")
ax.legend(loc="lower left", fontsize=8)
fig.tight_layout()

# %%
# Tomorrow's forecast
# -------------------
# Past the end of the data, :func:`~sklstm.forecast` computes the flags of
# the forecast day from its dates with the same function (a DataFrame of
# planned values would do as well). Monday 28 August 2000 was a bank holiday
# in England and Wales, which a weekend flag does not know: a holiday flag
# would be a covariate of its own.
X, y = make_supervised(
    data, target="demand", horizon=HORIZON, future_covariates=["weekend"]
)
model = make_pipeline(
    MinMaxScaler(),
    SlidingWindow(window_length=HORIZON),
    LSTMForecaster(max_epochs=40, batch_size=64, random_state=0),
).fit(X, y)
tomorrow = forecast(model, data, target="demand", future_covariates=weekend)
print(tomorrow.iloc[[0, 16, 36]].round(0).to_string())
plt.show()
