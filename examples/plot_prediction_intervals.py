"""
=============================================
Prediction intervals: learned and conformal
=============================================

A forecast is planned with through its interval: stock is set from a high
quantile of demand, not from its mean. This example draws fan charts of the
50 %, 80 % and 95 % intervals that :class:`~sklstm.LSTMForecaster` learns
with ``quantiles=[...]`` (the pinball loss), for two years of the airline
series and of tourism series (one global model for 60 of them), beside the
prediction intervals of exponential smoothing (ETS, from statsmodels), and
puts a conformal interval from `MAPIE <https://mapie.readthedocs.io>`_
beside them. Each interval's
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
import pandas as pd
from sklearn.pipeline import make_pipeline
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

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


def ets_interval(history, horizon, coverage, **spec):
    """The prediction interval of exponential smoothing (ETS, statsmodels).

    Fitted on ``history`` (monthly), ``horizon`` months ahead; the intervals
    of multiplicative models are read from 1,000 simulated paths (seeded).
    """
    months = pd.period_range("2000-01", periods=len(history), freq="M")
    values = pd.Series(history.to_numpy(float), index=months)
    fit = ETSModel(values, seasonal_periods=12, **spec).fit(disp=False)
    frame = fit.get_prediction(
        start=len(values), end=len(values) + horizon - 1, rng=np.random.default_rng(0)
    ).summary_frame(alpha=1 - coverage)
    return frame["pi_lower"].to_numpy(), frame["pi_upper"].to_numpy()


def fan_chart(ax, history, truth, quantiles, title, ets, unit):
    """Shade each central interval, the widest palest; print its coverage.

    ``ets``: the baseline's 95 % interval, ``(lower, upper)``, drawn dashed.
    """
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
    lower, upper = ets
    inside = np.mean((lower <= truth.to_numpy()) & (truth.to_numpy() <= upper))
    print(f"{title}: ETS's 95% interval covers {inside:.0%} of the 24 months")
    ax.plot(x, lower, "--", color="0.4", lw=1, label="ETS 95% interval (baseline)")
    ax.plot(x, upper, "--", color="0.4", lw=1)
    ax.plot(x, truth.to_numpy(), color="tab:red", lw=1, label="truth")
    ax.set_title(title)
    ax.set_xlabel("month" if hasattr(truth.index, "to_timestamp") else unit[0])
    ax.set_ylabel(unit[1])


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
# ETS's intervals on the same series, additive (some of them hold zeros).
additive = dict(error="add", trend="add", damped_trend=True, seasonal="add")
for coverage in (0.8, 0.95):
    covered = 0
    for name in t_truth.index.unique("series"):
        lower, upper = ets_interval(t_history.loc[name], 24, coverage, **additive)
        values = t_truth.loc[name].to_numpy()
        covered += np.sum((lower <= values) & (values <= upper))
    print(
        f"60 tourism series: ETS's {coverage:.0%} interval covers "
        f"{covered / len(t_truth):.1%} of 1,440"
    )

# The baseline beside each fan: exponential smoothing (ETS, statsmodels)
# fitted on the same history, its 95 % prediction interval dashed.
fig, axes = plt.subplots(2, 1, figsize=(9, 7.5))
seasonal = dict(error="mul", trend="add", seasonal="mul")
fan_chart(
    axes[0],
    history.iloc[-48:],
    truth,
    airline_quantiles,
    "airline",
    ets_interval(history, 24, 0.95, **seasonal),
    ("month", "passengers (thousands)"),
)
fan_chart(
    axes[1],
    t_history.loc["M5"].iloc[-48:],
    t_truth.loc["M5"],
    tourism_quantiles.loc["M5"],
    "tourism series M5, from the global model",
    ets_interval(t_history.loc["M5"], 24, 0.95, damped_trend=True, **seasonal),
    ("month, counted from the first test month", "tourism (the series' own units)"),
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
# not forecast from padded windows (see the user guide, "Uncertainty"). The
# baseline is the seasonal naive forecast (the same month a year before)
# with a split-conformal interval of its own: its absolute errors on the same
# calibration block, their finite-sample quantile added and subtracted.
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
naive = series.shift(12).loc[y.index + 1].to_numpy()
naive_errors = np.abs(y[calibration].to_numpy() - naive[calibration])
naive_bounds = {}
for coverage in (0.8, 0.95):
    rank = np.ceil((len(naive_errors) + 1) * coverage) / len(naive_errors)
    width = np.quantile(naive_errors, min(rank, 1), method="higher")
    naive_bounds[coverage] = naive[test] - width, naive[test] + width
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
    low, high = naive_bounds[coverage]
    naive_inside = np.mean((low <= y_test) & (y_test <= high))
    print(
        f"  baseline: seasonal naive, split conformal, covers {naive_inside:.0%} "
        f"(mean width {np.mean(high - low):.0f})"
    )

fig, ax = plt.subplots(figsize=(9, 3.5))
months = (y[test].index + 1).to_timestamp()  # the months forecast
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
ax.plot(months, naive_bounds[0.95][0], ":", color="0.4", lw=1)
ax.plot(
    months,
    naive_bounds[0.95][1],
    ":",
    color="0.4",
    lw=1,
    label="95 % seasonal naive, split conformal (baseline)",
)
ax.plot(months, point, color="tab:blue", label="forecast")
ax.plot(months, y_test, color="tab:red", lw=1, label="truth")
ax.set_title("airline, one month ahead")
ax.set_xlabel("month")
ax.set_ylabel("passengers (thousands)")
ax.legend(loc="upper left", fontsize=8)
fig.tight_layout()
plt.show()

# %%
# Which to use? Learned quantiles need no held-out months and give
# intervals many steps ahead (:func:`~sklstm.forecast`,
# :class:`~sklstm.RecursiveForecaster`); conformal intervals trade a block
# of data for a coverage that holds as far as the errors stay alike. The
# seasonal naive baseline shows that condition at work: calibrated the same
# way, its intervals cover far less than their nominal share here (46 % and
# 83 %), since its errors grow with the level of the series, which is higher
# in the test months than in the calibration block. The user guide's
# "Uncertainty" section says more.
