"""
===================================================
Forecasting two years past the end of the data
===================================================

A one-month-ahead forecast, as in the airline example, always starts from the
true value of the month before. A plan for the next two years has no such
help: it is made once, at the end of the data, and each of its 24 months must
be forecast from months that are all in the past by then.

This example makes such a forecast with an LSTM in two ways, *direct* (one
model forecasts all 24 months at once) and *recursive* (a one-month model,
rolled forward 24 times by :class:`~sklstm.RecursiveForecaster`), scores both
on the last two years of the airline series against the seasonal naive
forecast, and then forecasts 1961 and 1962, which the data does not reach.
:func:`~sklstm.forecast` does the bookkeeping: it takes the model and the
history, and returns the forecast for the months after the last one,
indexed by their dates.
"""

# %%
# The data, and two years held out
# --------------------------------
# :func:`~sklstm.datasets.load_airline` returns the 144 monthly totals,
# 1949-01 .. 1960-12, as a :class:`pandas.Series` with a monthly
# :class:`pandas.PeriodIndex`. The models see the first 120 months only; the
# last 24, 1959-01 .. 1960-12, are what they must forecast.
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.metrics import mean_absolute_percentage_error
from sklearn.pipeline import make_pipeline
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    RecursiveForecaster,
    SlidingWindow,
    forecast,
    make_supervised,
)
from sklstm.datasets import load_airline

RANDOM_STATE = 0
HORIZON = 24
series = load_airline()
train, held_out = series.iloc[:-HORIZON], series.iloc[-HORIZON:]
print(f"training: {train.index[0]} .. {train.index[-1]} ({len(train)} months)")
print(f"held out: {held_out.index[0]} .. {held_out.index[-1]} ({len(held_out)} months)")


# %%
# Two strategies, one pipeline
# ----------------------------
# Both use the same pipeline as the airline example: a
# :class:`~sklstm.MinMaxScaler`, a :class:`~sklstm.SlidingWindow` of one year
# and an :class:`~sklstm.LSTMForecaster` with its default parameters, untuned.
#
# - **Direct.** ``make_supervised(train, horizon=24)`` gives ``y`` 24 columns,
#   the values at ``t+1 .. t+24``, and the forecaster learns to forecast all
#   of them from the window ending at ``t``. The price: the last 24 months
#   have no complete target, so they are not training rows (they are still in
#   the windows of the rows before them).
# - **Recursive.** The pipeline is trained on one-step targets (every month
#   but the last is a training row); :class:`~sklstm.RecursiveForecaster`
#   forecasts the next month, puts that forecast at the end of the window as
#   if it had been observed, forecasts the month after, and so on. One model
#   serves every horizon, but its errors compound along the way.
def make_lstm_pipeline():
    return make_pipeline(
        MinMaxScaler(),
        SlidingWindow(window_length=12),
        LSTMForecaster(random_state=RANDOM_STATE),
    )


def fit_direct(data):
    return make_lstm_pipeline().fit(*make_supervised(data, horizon=HORIZON))


def fit_recursive(data):
    model = RecursiveForecaster(make_lstm_pipeline(), horizon=HORIZON)
    return model.fit(*make_supervised(data, horizon=1))


direct = fit_direct(train)
recursive = fit_recursive(train)

# %%
# Forecasting from the end of the training months
# -----------------------------------------------
# :func:`~sklstm.forecast` gives each model the history (here the 120
# training months) and returns its forecast of the 24 months after the last
# one, dated 1959-01 .. 1960-12, which is exactly the held-out part.
#
# Two baselines fit the same 120 months: their mean, and exponential
# smoothing with a trend and a multiplicative season (ETS, from
# statsmodels). Two more need no training. The *seasonal naive* forecast repeats
# the last observed year twice, so that every January is the last January
# seen; the *naive* forecast repeats the last observed value.
ets = ETSModel(
    train, error="mul", trend="add", seasonal="mul", seasonal_periods=12
).fit(disp=False)
forecasts = pd.DataFrame(
    {
        "LSTM, direct": forecast(direct, train),
        "LSTM, recursive": forecast(recursive, train),
        "ETS (statsmodels)": ets.forecast(HORIZON),
    }
)
forecasts["seasonal naive (last year, repeated)"] = np.tile(
    train.iloc[-12:].to_numpy(), HORIZON // 12
)
forecasts["naive (last value, repeated)"] = train.iloc[-1]
forecasts["mean of the training months"] = train.mean()
assert forecasts.index.equals(held_out.index)
print(forecasts.head(3).round(1).to_string())


# %%
# How far off, and where
# ----------------------
# The mean absolute percentage error (MAPE) over all 24 months, and over the
# first and the second year separately, since a forecast usually gets worse
# the further ahead it reaches.
def mape(truth, predicted):
    return 100 * mean_absolute_percentage_error(truth, predicted)


first_year, second_year = slice(0, 12), slice(12, HORIZON)
table = pd.DataFrame(
    {
        "MAPE %, 1959": [
            mape(held_out.iloc[first_year], forecasts[name].iloc[first_year])
            for name in forecasts
        ],
        "MAPE %, 1960": [
            mape(held_out.iloc[second_year], forecasts[name].iloc[second_year])
            for name in forecasts
        ],
        "MAPE %, both": [mape(held_out, forecasts[name]) for name in forecasts],
    },
    index=forecasts.columns,
)
print(table.round(1).to_string())

# %%
# Both LSTM strategies follow the season and the growth of the series over the
# two years, and in this run their error grows little, if at all, from the
# first year to the second (from 2.6% to 3.3% direct, from 3.3% to 2.9%
# recursive). The seasonal naive forecast has the right shape but stays at
# the level of 1958, so it falls further behind as the series grows: its
# error in 1960 is far larger than in 1959. ETS, the classical baseline
# fitted on the same months, follows the season, but its trend falls short
# of the growth of these two years (8.1% in 1959, 12.2% in 1960), and the
# mean of the training months, which knows neither, is far off. The two
# strategies end up close here; which one wins depends on the series, the
# window and the seed. These figures come from a single ``random_state``;
# the repository's benchmark (``benchmarks/airline_multistep.py``) reports
# the median over three seeds and windows of one and two years.
fig, ax = plt.subplots(figsize=(9, 4.5))
dates = forecasts.index.to_timestamp()
recent = train.loc["1955-01":]
ax.plot(recent.index.to_timestamp(), recent, color="0.6", label="training data")
ax.plot(dates, held_out, color="black", lw=3, zorder=1, label="held out")
for name, style in zip(forecasts.columns[:4], ["-o", "-s", "-.", "--"]):
    ax.plot(
        dates,
        forecasts[name],
        style,
        ms=3,
        label=f"{name}: MAPE {table.loc[name, 'MAPE %, both']:.1f}%",
    )
ax.axvline(dates[0], color="0.8", ls=":")
ax.set_xlabel("month")
ax.set_ylabel("passengers (thousands)")
ax.set_title("One forecast of 1959-1960, made at the end of 1958")
ax.legend(loc="upper left")
fig.tight_layout()

# %%
# Tuning a direct model
# ---------------------
# The models above are untuned. To tune a direct model with
# :class:`~sklearn.model_selection.GridSearchCV`, evaluate it over
# :class:`~sklearn.model_selection.TimeSeriesSplit` folds with
# ``gap=HORIZON - 1``: the target of a row reaches 24 months ahead, so
# without the gap the targets of the last training rows would lie in the
# months of the test fold. The gap's rows are in neither fold, and each test
# fold's first windows then start with padding (they do not continue the
# training rows), so keep the test folds long compared with the window. A
# :class:`~sklstm.RecursiveForecaster` can be tuned the same way on the
# ``(X, y)`` of ``make_supervised(data, horizon=24)``: it trains on the first
# column of ``y`` and is scored on all 24.

# %%
# Forecasting 1961 and 1962
# -------------------------
# For the real forecast, each model is refitted on all 144 months, and
# :func:`~sklstm.forecast` returns the 24 months after 1960-12. Their index is
# a :class:`pandas.PeriodIndex`; ``to_timestamp()`` turns it into dates that
# matplotlib can place on the same axis as the history.
future = pd.DataFrame(
    {
        "LSTM, direct": forecast(fit_direct(series), series),
        "LSTM, recursive": forecast(fit_recursive(series), series),
    }
)
future["seasonal naive (last year, repeated)"] = np.tile(
    series.iloc[-12:].to_numpy(), HORIZON // 12
)
print(f"forecast: {future.index[0]} .. {future.index[-1]}")
print(future.iloc[[0, 5, 11, 17, 23]].round(0).to_string())

fig, ax = plt.subplots(figsize=(9, 4.5))
recent = series.loc["1955-01":]
ax.plot(recent.index.to_timestamp(), recent, color="black", lw=2, label="observed")
for name, style in zip(future, ["-o", "-s", "--"]):
    ax.plot(future.index.to_timestamp(), future[name], style, ms=3, label=name)
ax.axvline(future.index.to_timestamp()[0], color="0.8", ls=":")
ax.set_xlabel("month")
ax.set_ylabel("passengers (thousands)")
ax.set_title("Forecast of 1961-1962 from all 144 months")
ax.legend(loc="upper left")
fig.tight_layout()

# %%
# Nobody can score this forecast: the data ends in 1960. The held-out years
# above are the evidence for trusting it. The seasonal naive forecast stays at
# the level of 1960, while both LSTMs carry the trend on; the further they
# reach, the more their two answers can drift apart, which is a hint of how
# uncertain the second year is.
plt.show()
