"""
=============================================
Prediction intervals: learned and conformal
=============================================

A forecast is planned with through its interval: stock is set from a high
quantile of demand, not from its mean. This example draws fan charts of the
50 %, 80 % and 95 % intervals that :class:`~sklstm.LSTMForecaster` learns
with ``quantiles=[...]`` (the pinball loss), for two years of the airline
series and of tourism series (one global model for 60 of them), and puts a
conformal interval from
`MAPIE <https://mapie.readthedocs.io>`_ beside them. Each interval's
empirical coverage, the share of the true values inside it, is printed: with
24 months it moves in steps of about 4 points, so read it as a rough check
(``benchmarks/tourism.py`` scores the intervals on 8,784 test months).
"""

# %%
# Learned quantiles, two years ahead
# ----------------------------------
# One model forecasts all 24 months from each window (the direct strategy,
# ``make_supervised(..., horizon=24)``) and learns seven quantiles of each:
# the median, which is the point forecast, and the bounds of the 50 %, 80 %
# and 95 % central intervals. :func:`~sklstm.forecast` returns them as a
# DataFrame indexed by the months after the data.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.pipeline import make_pipeline

from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    SlidingWindow,
    forecast,
    make_supervised,
)
from sklstm.datasets import load_airline, load_tourism_monthly

COVERAGES = (0.5, 0.8, 0.95)
LEVELS = sorted({0.5} | {q for c in COVERAGES for q in ((1 - c) / 2, (1 + c) / 2)})


def quantile_model(window_length, **params):
    return make_pipeline(
        MinMaxScaler(),
        SlidingWindow(window_length),
        LSTMForecaster(quantiles=LEVELS, random_state=0, **params),
    )


def as_x(index):
    """Months as timestamps (matplotlib plots them), other labels as they are."""
    return index.to_timestamp() if hasattr(index, "to_timestamp") else index


def fan_chart(ax, history, truth, quantiles, title):
    """Shade each central interval, the widest palest; print its coverage."""
    x = as_x(truth.index)
    ax.plot(
        as_x(history.index), history.to_numpy(), color="black", lw=1, label="history"
    )
    for coverage, alpha in zip(sorted(COVERAGES, reverse=True), (0.2, 0.35, 0.5)):
        lower = quantiles[round((1 - coverage) / 2, 3)].to_numpy()
        upper = quantiles[round((1 + coverage) / 2, 3)].to_numpy()
        ax.fill_between(
            x,
            lower,
            upper,
            color="tab:blue",
            alpha=alpha,
            lw=0,
            label=f"{coverage:.0%} interval",
        )
        inside = np.mean((lower <= truth.to_numpy()) & (truth.to_numpy() <= upper))
        print(f"{title}: {coverage:.0%} interval covers {inside:.0%} of the 24 months")
    ax.plot(x, quantiles[0.5].to_numpy(), color="tab:blue", label="median forecast")
    ax.plot(x, truth.to_numpy(), color="tab:red", lw=1, label="truth")
    ax.set_title(title)


series = load_airline()
history, truth = series.iloc[:-24], series.iloc[-24:]
airline_model = quantile_model(12).fit(*make_supervised(history, horizon=24))
airline_quantiles = forecast(airline_model, history, quantiles=LEVELS)
airline_quantiles.columns = [round(q, 3) for q in airline_quantiles.columns]

# %%
# Many series: a global model on tourism data
# -------------------------------------------
# The first 60 monthly series of the tourism forecasting competition; their
# last 24 months were the competition's test months (steps 0 .. 23). One
# model learns from the windows of all of them, each window's error counted
# in units of its own spread (``loss_scaling="window"``), so that small
# series count as much as large ones: the settings of
# ``benchmarks/tourism.py``, where they are scored on all 366 series. On
# these test months the intervals hold more than their nominal share, as
# ETS's do there: the months were calmer than the series' past. On the 24
# months before them, the benchmark measured the learned 80 % and 95 %
# intervals at 75.7 % and 93.1 % (README, "Results").
tourism = load_tourism_monthly()
tourism = tourism[
    tourism.index.get_level_values("series").isin(
        [f"M{number}" for number in range(1, 61)]
    )
]
steps = tourism.index.get_level_values("step")
t_history, t_truth = tourism[steps < 0], tourism[steps >= 0]
tourism_model = quantile_model(
    36,
    hidden_size=64,
    max_epochs=30,
    batch_size=256,
    early_stopping=True,
    loss_scaling="window",
).fit(*make_supervised(t_history, horizon=24))
tourism_quantiles = forecast(tourism_model, t_history, quantiles=LEVELS)
tourism_quantiles.columns = [round(q, 3) for q in tourism_quantiles.columns]
for coverage in COVERAGES:
    lower = tourism_quantiles[round((1 - coverage) / 2, 3)].reindex(t_truth.index)
    upper = tourism_quantiles[round((1 + coverage) / 2, 3)].reindex(t_truth.index)
    inside = np.mean((lower <= t_truth) & (t_truth <= upper))
    print(f"60 tourism series: {coverage:.0%} interval covers {inside:.1%} of 1,440")

fig, axes = plt.subplots(2, 1, figsize=(9, 7))
fan_chart(axes[0], history.iloc[-48:], truth, airline_quantiles, "airline")
fan_chart(
    axes[1],
    t_history.loc["M5"].iloc[-48:],
    t_truth.loc["M5"],
    tourism_quantiles.loc["M5"],
    "tourism series M5, from the global model",
)
axes[0].legend(loc="upper left", fontsize=8)
fig.tight_layout()

# %%
# Conformal intervals through MAPIE, one month ahead
# --------------------------------------------------
# Learned quantiles come with no guarantee: they describe the errors the
# network made on its training windows. Split conformal prediction measures
# the errors on a *calibration* block the model has not seen, here the two
# years before the test months, and widens the forecasts by their
# finite-sample quantile. MAPIE calls ``fit`` and ``predict`` on the rows it
# chooses; :class:`~sklstm.HistoryForecaster` gives each one its window from
# the whole series, so that the test months after the calibration block are
# not forecast from padded windows (see the user guide, "Uncertainty").
from mapie.regression import SplitConformalRegressor  # noqa: E402

from sklstm import HistoryForecaster, predict_with_history  # noqa: E402

X, y = make_supervised(series)
train, calibration, test = slice(0, -48), slice(-48, -24), slice(-24, None)
pipeline = make_pipeline(
    MinMaxScaler(), SlidingWindow(12), LSTMForecaster(random_state=0)
)
mapie = SplitConformalRegressor(
    HistoryForecaster(pipeline, history=X), confidence_level=[0.8, 0.95], prefit=False
)
mapie.fit(X[train], y[train]).conformalize(X[calibration], y[calibration])
point, bounds = mapie.predict_interval(X[test])

# The learned quantiles of a one-step model, trained on the same rows (the
# conformal model's calibration block could have trained it too), for the
# test months with their history in front (predict_with_history).
one_step = make_pipeline(
    MinMaxScaler(),
    SlidingWindow(12),
    LSTMForecaster(quantiles=[0.025, 0.1, 0.9, 0.975], random_state=0),
).fit(X[train], y[train])
learned = {
    coverage: predict_with_history(one_step, X[test], X[:-24], coverage=coverage)
    for coverage in (0.8, 0.95)
}
y_test = y[test].to_numpy()
for column, coverage in enumerate((0.8, 0.95)):
    lower, upper = bounds[:, 0, column], bounds[:, 1, column]
    conformal = np.mean((lower <= y_test) & (y_test <= upper))
    low, high = learned[coverage][:, 0], learned[coverage][:, 1]
    quantile = np.mean((low <= y_test) & (y_test <= high))
    print(
        f"one month ahead, {coverage:.0%}: split conformal covers {conformal:.0%} "
        f"(mean width {np.mean(upper - lower):.0f}), learned quantiles "
        f"{quantile:.0%} (mean width {np.mean(high - low):.0f})"
    )

fig, ax = plt.subplots(figsize=(9, 3.5))
months = y[test].index.to_timestamp()
ax.fill_between(
    months,
    bounds[:, 0, 1],
    bounds[:, 1, 1],
    alpha=0.3,
    lw=0,
    label="95 % split conformal (MAPIE)",
)
ax.plot(months, learned[0.95][:, 0], "--", color="tab:green", lw=1)
ax.plot(
    months,
    learned[0.95][:, 1],
    "--",
    color="tab:green",
    lw=1,
    label="95 % learned quantiles",
)
ax.plot(months, point, color="tab:blue", label="forecast")
ax.plot(months, y_test, color="tab:red", lw=1, label="truth")
ax.set_title("airline, one month ahead")
ax.legend(loc="upper left", fontsize=8)
fig.tight_layout()
plt.show()

# %%
# Which to use? Learned quantiles need no held-out months and give
# intervals many steps ahead (:func:`~sklstm.forecast`,
# :class:`~sklstm.RecursiveForecaster`); conformal intervals trade a block
# of data for a coverage that holds as far as the errors stay alike. The
# user guide's "Uncertainty" section says more.
