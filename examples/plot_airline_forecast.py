"""
===================================================
Forecasting airline passengers with a tuned LSTM
===================================================

The monthly totals of international airline passengers, 1949-1960, are the
classic test of a forecasting method: a trend, and a yearly season whose swing
grows with the level. This example forecasts each of the last 24 months one
month ahead with an LSTM, tuned by :class:`~sklearn.model_selection.GridSearchCV`
over time-ordered folds, and compares it with two forecasts that need no
learning at all, with the mean of the training months, and with exponential
smoothing (ETS), a classical method that fits the data too.

Everything is ordinary scikit-learn: a :class:`~sklearn.pipeline.Pipeline` of
:class:`~sklstm.MinMaxScaler`, :class:`~sklstm.SlidingWindow` and
:class:`~sklstm.LSTMForecaster`, in which one sample is one month.
"""

# %%
# The data
# --------
# :func:`~sklstm.datasets.load_airline` returns a :class:`pandas.Series` with a
# monthly :class:`pandas.PeriodIndex`.
import time

import matplotlib.pyplot as plt
import pandas as pd
from sklearn.metrics import mean_absolute_percentage_error, root_mean_squared_error
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from sklstm import LSTMForecaster, MinMaxScaler, SlidingWindow, make_supervised
from sklstm.datasets import load_airline

RANDOM_STATE = 0
series = load_airline()
print("Monthly airline passengers (thousands), the last months:")
print(series.tail().to_string())

# %%
# One sample per month
# --------------------
# :func:`~sklstm.make_supervised` writes the problem as supervised learning:
# row ``t`` of ``X`` holds the value of month ``t``, and ``y`` the value of month
# ``t+1``. The last 24 rows forecast 1959-01 .. 1960-12 and are held out; the
# rest use the first 120 months only. Each row is labelled by its input month
# ``t``, one month before the month it forecasts: the test rows are the months
# 1958-12 .. 1960-11, whose next months are 1959-01 .. 1960-12.
X, y = make_supervised(series, horizon=1)
n_test = 24
X_train, X_test = X.iloc[:-n_test], X.iloc[-n_test:]
y_train, y_test = y.iloc[:-n_test], y.iloc[-n_test:]
for name, rows in [("train", X_train), ("test", X_test)]:
    print(
        f"{name + ':':6} inputs {rows.index[0]} .. {rows.index[-1]}, "
        f"forecasting {rows.index[0] + 1} .. {rows.index[-1] + 1} ({len(rows)} rows)"
    )

# %%
# The model, and how it is tuned
# -------------------------------
# The scaler and the windows are fitted inside each fold on that fold's past
# only. Because the rows keep their monthly index, :class:`~sklstm.SlidingWindow`
# completes the first windows of each validation fold from the end of its
# training part (the months just before), never from the future.
#
# :class:`~sklearn.model_selection.TimeSeriesSplit` with 5 splits gives every
# fold a past to train on and the next 19 months to validate on; the first
# fold still trains on two years, the minimum to see a season twice. No
# ``gap`` is needed: a one-step target at ``t`` is the value at ``t+1``, which
# the next fold's training rows may use as an input without any leak into the
# validation fold. The grid tries windows of half a year, a year and two
# years, and a small and a larger LSTM; folds are scored by MAPE.
pipeline = make_pipeline(
    MinMaxScaler(),
    SlidingWindow(window_length=12),
    LSTMForecaster(random_state=RANDOM_STATE),
)
search = GridSearchCV(
    pipeline,
    param_grid={
        "slidingwindow__window_length": [6, 12, 24],
        "lstmforecaster__hidden_size": [16, 64],
    },
    cv=TimeSeriesSplit(n_splits=5),
    scoring="neg_mean_absolute_percentage_error",
    n_jobs=2,
)
start = time.perf_counter()
search.fit(X_train, y_train)
print(f"grid search and refit: {time.perf_counter() - start:.0f} s")
print("best parameters:", search.best_params_)
print(f"best cross-validated MAPE: {-100 * search.best_score_:.1f}%")

# %%
# Forecasts for the held-out months
# ---------------------------------
# The refitted pipeline forecasts each test month from the months before it.
# Two baselines need no training: the *naive* forecast repeats the last value
# (the value at ``t``, which is ``X``'s only column), and the *seasonal naive*
# forecast repeats the value of the same month a year earlier (``t+1-12``).
# Two more fit the data: the mean of the training months, and exponential
# smoothing with a trend and a multiplicative season (ETS, from statsmodels),
# its parameters fitted on the 120 training months and then run over the
# test months, one month ahead at a time, as the LSTM is.
ets_spec = dict(error="mul", trend="add", seasonal="mul", seasonal_periods=12)
training_months = series.iloc[:-n_test]
ets_fit = ETSModel(training_months, **ets_spec).fit(disp=False)
ets_one_step = ETSModel(series, **ets_spec).smooth(ets_fit.params).fittedvalues
forecasts = pd.DataFrame(
    {
        "LSTM (tuned)": search.predict(X_test),
        "ETS (statsmodels)": ets_one_step.loc[y_test.index + 1].to_numpy(),
        "naive (last value)": X_test[series.name].to_numpy(),
        "seasonal naive (a year before)": series.shift(12)
        .loc[y_test.index + 1]
        .to_numpy(),
        "mean of the training months": training_months.mean(),
    },
    index=y_test.index + 1,
)
truth = y_test.to_numpy()
table = pd.DataFrame(
    {
        "MAPE (%)": [
            100 * mean_absolute_percentage_error(truth, forecasts[name])
            for name in forecasts
        ],
        "RMSE (passengers)": [
            root_mean_squared_error(truth, forecasts[name]) for name in forecasts
        ],
    },
    index=forecasts.columns,
)
print("Errors of the one-month-ahead forecasts of 1959-01 .. 1960-12:")
print(table.round(1).to_string())

# %%
# The forecasts against the truth
# -------------------------------
fig, ax = plt.subplots(figsize=(9, 4.5))
history = series.loc[: X_test.index[0]]
ax.plot(history.index.to_timestamp(), history, color="0.6", label="training data")
ax.plot(forecasts.index.to_timestamp(), truth, color="black", lw=2, label="held out")
for name, style in zip(forecasts, ["-o", "-.", "--", ":", "-"]):
    ax.plot(
        forecasts.index.to_timestamp(),
        forecasts[name],
        style,
        ms=3,
        label=f"{name}: MAPE {table.loc[name, 'MAPE (%)']:.1f}%",
    )
ax.set_xlabel("month")
ax.set_ylabel("passengers (thousands)")
ax.set_title("One-month-ahead forecasts of the last 24 months")
ax.legend(loc="upper left")
fig.tight_layout()
fig.savefig("airline_forecast.png", dpi=100)
print("plot saved to airline_forecast.png, in the current folder")

# %%
# What made the difference
# ------------------------
# An LSTM on globally scaled levels does no better than the naive forecast on
# this series: the test months lie above every level seen in training.
# :class:`~sklstm.LSTMForecaster` normalises each window by its own mean and
# spread and reverses that on the output (``normalization="window"``, the
# default), so the network learns the shape of the next month relative to
# the last year, which stays the same as the series grows.
