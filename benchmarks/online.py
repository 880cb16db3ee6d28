"""Online updates: partial_fit on new rows against a refit on all the data.

A model is fitted on the first 300 months of a series; 48 new months arrive.
Three ways on: keep the model as it is ("none", its forecasts reading
the new rows through ``predict_with_history``), refit a new model on all
348 months ("refit", 200 epochs, the default), or update the fitted one with
``sklstm.partial_fit(model, X_new, y_new, epochs=k)`` on the 48 new rows
only. All are scored on the one-step forecasts of the 48 months after
(MAE), and the fit times compared (refit time / update time).

Series (seeds 0-5, 397 months each, pipeline ``MinMaxScaler``,
``SlidingWindow(12)``, ``LSTMForecaster(random_state=0)``):

- ``ar-flip``: a concept drift, ``y[t] = phi * y[t-1] + noise``, ``phi`` 0.9
  before month 300 and -0.6 after: what follows a window changes, and the
  old months teach the wrong answer;
- ``season``: the seasonal pattern doubles and moves 3 months at month 300
  (trend, season and noise): a change the window itself shows.

Then the airline series: fitted to 1957-12, updated with 1958-1959, one-step
MAPE over 1960.

Run: python benchmarks/online.py   (about 6 minutes on 2 cores; one thread)
"""

import copy
import time

import numpy as np
import pandas as pd
import torch
from sklearn.metrics import mean_absolute_percentage_error
from sklearn.pipeline import make_pipeline

from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    SlidingWindow,
    make_supervised,
    partial_fit,
    predict_with_history,
)
from sklstm.datasets import load_airline

torch.set_num_threads(1)
N, CUT, NEW = 397, 300, 48
EPOCHS = (50, 100, 200)


def ar_flip(seed):
    rng = np.random.RandomState(seed)
    values = np.zeros(N)
    for t in range(1, N):
        phi = 0.9 if t < CUT else -0.6
        values[t] = phi * values[t - 1] + rng.randn()
    return 100 + 2 * values


def season(seed):
    rng = np.random.RandomState(seed)
    t = np.arange(N)
    pattern = np.where(
        t < CUT, 10 * np.sin(2 * np.pi * t / 12), 20 * np.sin(2 * np.pi * (t + 3) / 12)
    )
    return 100 + 0.2 * t + pattern + rng.randn(N)


def model():
    return make_pipeline(
        MinMaxScaler(), SlidingWindow(12), LSTMForecaster(random_state=0)
    )


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def compare(series, fit_end, new_end, test, score):
    """Scores of none, refit and each update; refit time / update time."""
    X, y = make_supervised(series, horizon=1)
    base = model().fit(X[:fit_end], y[:fit_end])
    # The kept model forecasts the test months from windows that read the
    # new rows (it is not trained on them).
    row = [score(y[test], predict_with_history(base, X[test], X[:new_end]))]
    refit, refit_time = timed(lambda: model().fit(X[:new_end], y[:new_end]))
    row.append(score(y[test], refit.predict(X[test])))
    for epochs in EPOCHS:
        updated = copy.deepcopy(base)
        _, update_time = timed(
            lambda m=updated, e=epochs: partial_fit(
                m, X[fit_end:new_end], y[fit_end:new_end], epochs=e
            )
        )
        row += [score(y[test], updated.predict(X[test])), refit_time / update_time]
    return row


def mae(y_true, y_pred):
    return float(np.mean(np.abs(np.asarray(y_true) - y_pred)))


def print_table(title, rows, unit):
    header = ["none", "refit"] + [f"update e{e} (refit ×)" for e in EPOCHS]
    print(f"\n{title} ({unit}; update: its error, and how many times faster)")
    print(" | ".join(["seed"] + header))
    for name, row in rows:
        cells = [f"{row[0]:.3f}", f"{row[1]:.3f}"] + [
            f"{row[2 + 2 * i]:.3f} ({row[3 + 2 * i]:.0f}×)" for i in range(len(EPOCHS))
        ]
        print(" | ".join([str(name)] + cells))


def main():
    index = pd.period_range("2000-01", periods=N, freq="M")
    test = slice(CUT + NEW, None)
    for name, make in (("ar-flip", ar_flip), ("season", season)):
        rows = []
        for seed in range(6):
            series = pd.Series(make(seed), index=index, name="y")
            rows.append((seed, compare(series, CUT, CUT + NEW, test, mae)))
        rows.append(("mean", np.mean([row for _, row in rows], axis=0)))
        print_table(name, rows, "MAE")
    airline = load_airline()
    X, _ = make_supervised(airline, horizon=1)
    months = X.index.astype(str)
    fit_end = int(np.searchsorted(months, "1958-01"))
    new_end = int(np.searchsorted(months, "1960-01"))
    row = compare(
        airline,
        fit_end,
        new_end,
        slice(new_end, None),
        lambda a, b: 100 * mean_absolute_percentage_error(a, b),
    )
    print_table(
        "airline, fit to 1957-12, update 1958-1959, test 1960", [("0", row)], "MAPE %"
    )


if __name__ == "__main__":
    main()
