"""
=====================================
Many series, one global model
=====================================

A shop sells many products, and each has its own monthly sales: another
level, another trend, a stronger or weaker season, more or less noise. Most
have only a few years of history, some have just been launched. But they
share a calendar, so what one product's history shows about, say, the
December peak holds for the others too.

This example trains *one* :class:`~sklstm.LSTMForecaster` on the windows of
all the series (a *global* model), evaluates it with
:class:`~sklstm.PanelTimeSeriesSplit` against each series' seasonal naive
forecast, compares it with one LSTM per series and with two baselines fitted
to each series (its mean, and exponential smoothing, ETS, from
statsmodels), lets it forecast products it
has never seen, and forecasts the next year of every product with
:func:`~sklstm.forecast`. The data is synthetic, so that the example runs
anywhere and its ground truth is known.
"""

# %%
# A panel of related series
# -------------------------
# Sixteen established products, each with 36 to 48 months of sales ending in
# 2022-12, and two new ones launched in 2022-01. All share one seasonal shape
# (a summer peak and a December bump), each with its own amplitude; level,
# trend and noise differ too. Each panel is one :class:`pandas.DataFrame`
# indexed by a :class:`pandas.MultiIndex` ``(product, month)``, the time
# last, which is how sklstm recognises a panel.
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.metrics import mean_absolute_percentage_error
from sklearn.model_selection import cross_validate
from sklearn.pipeline import make_pipeline
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    PanelTimeSeriesSplit,
    RecursiveForecaster,
    SlidingWindow,
    forecast,
    make_supervised,
)

RANDOM_STATE = 0
rng = np.random.default_rng(RANDOM_STATE)
all_months = pd.period_range("2015-01", "2022-12", freq="M", name="month")
month_of_year = np.arange(1, 13)
seasonal_shape = np.cos(2 * np.pi * (month_of_year - 7) / 12) + 0.6 * np.exp(
    -0.5 * ((month_of_year - 12) / 0.7) ** 2
)
seasonal_shape -= seasonal_shape.mean()


def make_product(name, n_months):
    """Monthly sales of one product, the last ``n_months`` up to 2022-12."""
    months = all_months[-n_months:]
    level = np.exp(rng.uniform(np.log(20), np.log(500)))
    growth = rng.uniform(-0.002, 0.012)  # per month
    amplitude = rng.uniform(0.05, 0.3)
    noise = rng.uniform(0.01, 0.03)
    sales = (
        level
        * np.exp(growth * np.arange(n_months))
        * (1 + amplitude * seasonal_shape[months.month - 1])
        * np.exp(noise * rng.standard_normal(n_months))
    )
    index = pd.MultiIndex.from_product([[name], months], names=["product", "month"])
    return pd.DataFrame({"sales": sales}, index=index)


panel = pd.concat(
    make_product(f"product {number:02d}", int(rng.integers(36, 49)))
    for number in range(1, 17)
)
new_products = pd.concat(make_product(f"new {number}", 12) for number in (1, 2))
products = panel.index.unique("product")
print(panel.groupby(level="product")["sales"].agg(["size", "min", "max"]).head())

# %%
# One sample per month of each series
# -----------------------------------
# :func:`~sklstm.make_supervised` shifts each series on its own: the target of
# a row is the next month *of the same product*, and each product loses its
# own last month. It returns the rows in time order (all products' first
# month, then the next month, ...), so that the last rows are the latest of
# every series.
X, y = make_supervised(panel)
print(X.head(3))

# %%
# :class:`~sklstm.SlidingWindow` also works series by series: a window never
# reaches into another product. A product's first window is padded with NaN
# ("no history yet"), even though the row just before it in ``X`` belongs to
# another product.
windows = SlidingWindow(window_length=4).fit_transform(X)
first_row = X.index.get_loc((products[0], panel.loc[products[0]].index[0]))
print(f"first window of {products[0]}:", windows[first_row, :, 0].round(1))


# %%
# One model for all the series
# ----------------------------
# The pipeline is the one of the airline example: :class:`~sklstm.MinMaxScaler`,
# :class:`~sklstm.SlidingWindow` of a year, :class:`~sklstm.LSTMForecaster`.
# Because the forecaster normalises each window by its own mean and spread,
# a product selling 30 a month and one selling 500 look alike to the network,
# and it learns from both. To keep this example short, training is shortened
# to 60 epochs (the default is 200) with a learning rate of 0.003 (the
# default is 0.001).
def make_lstm_pipeline():
    return make_pipeline(
        MinMaxScaler(),
        SlidingWindow(window_length=12),
        LSTMForecaster(max_epochs=60, lr=0.003, random_state=RANDOM_STATE),
    )


# %%
# Cross-validation over time, for every series at once
# ----------------------------------------------------
# :class:`~sklearn.model_selection.TimeSeriesSplit` splits rows by position,
# which is time only for a single series. :class:`~sklstm.PanelTimeSeriesSplit`
# splits the months instead: each fold trains every product on the same past
# and tests it on the same future, however long its history. Four folds of
# six months test 2021 and 2022; the first trains on the months up to
# 2020-12, at least a year of every product. The baseline is each product's
# own seasonal naive forecast, its value in the same month a year before.
cv = PanelTimeSeriesSplit(n_splits=4, test_size=6)
results = cross_validate(
    make_lstm_pipeline(),
    X,
    y,
    cv=cv,
    scoring="neg_mean_absolute_percentage_error",
    return_indices=True,
)
# The target of row t is month t+1; a year before it is month t-11.
seasonal_naive = panel["sales"].groupby(level="product").shift(11).loc[X.index]
folds = []
for score, test in zip(results["test_score"], results["indices"]["test"]):
    target_months = X.index.get_level_values("month")[test] + 1
    folds.append(
        {
            "months forecast": f"{target_months.min()} .. {target_months.max()}",
            "LSTM, global": -100 * score,
            "seasonal naive": 100
            * mean_absolute_percentage_error(y.iloc[test], seasonal_naive.iloc[test]),
        }
    )
folds = pd.DataFrame(folds).set_index("months forecast")
print("MAPE % of one-month-ahead forecasts, all products pooled:")
print(folds.round(1).to_string())

# %%
# One global model, or one model per series?
# ------------------------------------------
# The last 12 months, 2022, are held out: the rows from 2021-12 on, whose
# targets are the months of 2022. The global model trains on the rows of all
# products before them; sixteen per-series models, with the same pipeline and
# settings, each train on the rows of their own product only. Two baselines
# fit each product's own months up to 2021-12 too: their mean, and
# exponential smoothing with a trend and a multiplicative season (ETS, from
# statsmodels), whose parameters, run over 2022, forecast each month of it
# from the months before.
month_of_row = X.index.get_level_values("month")
product_of_row = X.index.get_level_values("product")
train = month_of_row < pd.Period("2021-12", freq="M")
test = ~train
rows_per_product = pd.Series(product_of_row[train]).value_counts()
print(
    f"training rows per product: {rows_per_product.min()} .. "
    f"{rows_per_product.max()}; all products together: {train.sum()}"
)
start = time.perf_counter()
global_model = make_lstm_pipeline().fit(X[train], y[train])
global_seconds = time.perf_counter() - start
one_per_series = np.empty(test.sum())
start = time.perf_counter()
for product in products:
    own_train = train & (product_of_row == product)
    own_model = make_lstm_pipeline().fit(X[own_train], y[own_train])
    own_test = product_of_row[test] == product
    one_per_series[own_test] = own_model.predict(X[test][own_test])
per_series_seconds = time.perf_counter() - start
ets_spec = dict(error="mul", trend="add", seasonal="mul", seasonal_periods=12)
ets_one_step = {}
for product in products:
    sales = panel.loc[product, "sales"]
    fit = ETSModel(sales.loc[:"2021-12"], **ets_spec).fit(disp=False)
    ets_one_step[product] = ETSModel(sales, **ets_spec).smooth(fit.params).fittedvalues
ets_one_step = pd.concat(ets_one_step, names=["product", "month"])
in_training = panel.index.get_level_values("month") < pd.Period("2022-01", freq="M")
training_mean = panel["sales"][in_training].groupby(level="product").mean()
target_of_row = pd.MultiIndex.from_arrays([product_of_row, month_of_row + 1])
print(
    f"training time: global {global_seconds:.1f} s, "
    f"one per series {per_series_seconds:.1f} s in all"
)
held_out = pd.DataFrame(
    {
        "truth": y[test],
        "LSTM, global": global_model.predict(X[test]),
        "LSTM, one per series": one_per_series,
        "seasonal naive": seasonal_naive[test],
        "ETS (statsmodels)": ets_one_step.reindex(target_of_row[test]).to_numpy(),
        "mean of the training months": training_mean.reindex(
            product_of_row[test]
        ).to_numpy(),
    }
)
methods = list(held_out.columns[1:])
per_product = pd.DataFrame(
    {
        method: held_out.groupby(level="product").apply(
            lambda frame, method=method: (
                100 * mean_absolute_percentage_error(frame["truth"], frame[method])
            )
        )
        for method in methods
    }
)
print("MAPE % of one-month-ahead forecasts of 2022, per product:")
print(per_product.round(1).to_string())
print("mean over products:")
print(per_product.mean().round(1).to_string())
print("products where it is the best:")
print(per_product.idxmin(axis=1).value_counts().reindex(methods, fill_value=0))

# %%
# Both LSTMs are far ahead of the seasonal naive forecast, which carries each
# product's noise twice (in the month forecast and in the month a year
# before) and ignores its trend. Between the two LSTMs, the table gives no
# clear winner: the means are close, and each is the better one for some
# products. ETS, fitted to each product on its own, is ahead of both (a mean
# of 2.6% against 3.2% and 3.4%) and the best on 10 of the 16 products: each
# series here is a level, a trend and a season, times noise, which is the
# very model of ETS with a multiplicative season. The mean of the training
# months, which ignores trend and season, is far behind (13.2%). With three
# or four years each, the products here have enough history for models of
# their own. The fewer months a product has, the more
# a model learning from all of them has to offer, as the next section
# shows.

# %%
# Products the model has never seen
# ---------------------------------
# The two new products have no months before 2022 at all, so no model of
# their own could have been trained at the end of 2021. The global model
# above never saw them either, but it can forecast each month of 2022 from
# the months of the product observed so far: its windows start with padding,
# and it reads a short window as a shorter history. The seasonal naive
# forecast needs a year of history, so the baseline here is the naive
# forecast, the last observed value.
X_new, y_new = make_supervised(new_products)
new_one_step = pd.Series(global_model.predict(X_new), index=X_new.index)
new_table = pd.DataFrame(
    {
        "LSTM, global": [100 * mean_absolute_percentage_error(y_new, new_one_step)],
        "naive (last value)": [
            100 * mean_absolute_percentage_error(y_new, X_new["sales"])
        ],
    },
    index=["MAPE %, new products, 2022-02 .. 2022-12"],
)
print(new_table.round(1).T.to_string())

# %%
# Even at the end of 2022, a product's own model would have only 11 rows,
# fewer than the window of 12 months; :class:`~sklstm.SlidingWindow` refuses
# to fit on that:
try:
    make_lstm_pipeline().fit(X_new.loc[["new 1"]], y_new.loc[["new 1"]])
except ValueError as error:
    print(error)

# %%
# Next year, for every product
# ----------------------------
# For the forecast past the end, the global one-step model is wrapped in a
# :class:`~sklstm.RecursiveForecaster` and trained on all the data, new
# products included. :func:`~sklstm.forecast` returns 2023-01 .. 2023-12 for
# every product, indexed by ``(product, month)``.
#
# The plots show the price of sharing, too. Product 01 has a weak season of
# its own, and in this run the global model gives it a stronger one than its
# history shows, in its forecasts of 2022 and even more in 2023; in the
# table above, ETS, fitted to product 01 alone, did best on it (2.8% against
# the global model's 3.0%). A global model pools what the series have in
# common, and it can miss what is peculiar to one of them. Each plot's title
# gives the product's 2022 score beside the seasonal naive forecast's, the
# dashed line (the same month a year before, repeated: 2021's values in
# 2022, 2022's in 2023).
everything = pd.concat([panel, new_products])
horizon = 12
final_model = RecursiveForecaster(make_lstm_pipeline(), horizon=horizon)
final_model.fit(*make_supervised(everything))
future = forecast(final_model, everything)
print(future.loc[["product 01", "new 1"]].groupby(level="product").head(2))

fig, axes = plt.subplots(2, 3, figsize=(11, 6), sharex=True)
for ax, product in zip(axes.flat, [*products[:5], "new 1"]):
    history = everything.loc[product, "sales"]
    ax.plot(history.index.to_timestamp(), history, color="black", label="observed")
    if product in products:
        one_step = held_out.loc[product]
        dates = (one_step.index + 1).to_timestamp()  # the month each row forecasts
        global_one_step = one_step["LSTM, global"]
        ax.plot(
            dates,
            one_step["LSTM, one per series"],
            ":",
            color="C1",
            label="one per series",
        )
    else:
        global_one_step = new_one_step.loc[product]
        dates = (global_one_step.index + 1).to_timestamp()
    ax.plot(dates, global_one_step, color="C0", label="global, one month ahead")
    # The seasonal naive forecast, the same month a year before, repeated: of
    # 2022 from 2021, of 2023 from 2022 (for a new product, only of 2023).
    year_before = history.loc["2021-01":]
    ax.plot(
        (year_before.index + 12).to_timestamp(),
        year_before,
        "--",
        color="0.5",
        lw=1,
        label="seasonal naive (a year before)",
    )
    ahead = future.loc[product]
    ax.plot(
        ahead.index.to_timestamp(), ahead, color="C2", label="global, 2023 (recursive)"
    )
    title = product
    if product in products:  # 2022's scores, as in the per-product table
        scores = per_product.loc[product]
        title += (
            f"\n2022 MAPE: global {scores['LSTM, global']:.1f}%, "
            f"seasonal naive {scores['seasonal naive']:.1f}%"
        )
    ax.set_title(title, fontsize="medium")
    ax.tick_params(axis="x", labelrotation=30)
for ax in axes[:, 0]:
    ax.set_ylabel("sales")
for ax in axes[1]:
    ax.set_xlabel("month")
axes[0, 0].legend(loc="upper left", fontsize="small")
fig.suptitle("Held-out one-month-ahead forecasts of 2022, and the forecast of 2023")
fig.tight_layout()
plt.show()
