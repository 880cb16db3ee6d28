"""Prediction intervals on the airline series, one month ahead.

The last 24 months (1959-01 .. 1960-12) are forecast one month ahead from the
120 months before them, as in ``benchmarks/airline_accuracy.py``, with 80%
and 95% intervals from:

- sklstm: the README pipeline with ``LSTMForecaster(quantiles=[0.025, 0.1,
  0.9, 0.975])`` (default parameters otherwise, window 12), fitted on the
  120 months, once per random_state 0, 1, 2; the intervals are the learned
  quantiles, ``predict(X, coverage=...)``;
- SARIMA(0,1,1)(0,1,1,12) on log data (statsmodels), fitted on the 120 months
  and run one step ahead over the 24 with its parameters fixed; its Gaussian
  intervals on the log scale, mapped back;
- seasonal naive with split-conformal intervals: the value 12 months before,
  plus or minus the finite-sample conformal quantile of the absolute errors
  that forecast made one month ahead over the training months.

Scores over the 24 test months: the coverage (share of months inside) and
the mean interval score of Gneiting and Raftery (2007, the Winkler score:
the width plus 2 / alpha times the distance by which the truth falls
outside), in passengers (thousands); lower is better; and the MAPE of the
point forecasts (sklstm's: the learned median). With 24 months the
coverage moves in steps of 4 points: read it as a rough check. The tourism
panel (``benchmarks/tourism.py``, 8,784 test points) is the real test.

Run: python -m pip install -e ".[benchmarks]" && python benchmarks/intervals.py
(about 1 minute on 2 cores)
"""

import math
import time

import numpy as np
from sklearn.pipeline import make_pipeline

from sklstm import LSTMForecaster, MinMaxScaler, SlidingWindow, make_supervised
from sklstm.datasets import load_airline

N_TEST = 24
LEVELS = (0.80, 0.95)
QUANTILES = [0.025, 0.1, 0.9, 0.975]


def coverage(lower, upper, truth):
    """The share of ``truth`` inside ``[lower, upper]``."""
    return float(np.mean((lower <= truth) & (truth <= upper)))


def interval_score(lower, upper, truth, alpha):
    """Gneiting and Raftery's interval score of a central (1 - alpha) interval."""
    below = np.maximum(lower - truth, 0)
    above = np.maximum(truth - upper, 0)
    return float(np.mean(upper - lower + 2 / alpha * (below + above)))


def lstm_intervals(X, y, seed):
    model = make_pipeline(
        MinMaxScaler(),
        SlidingWindow(window_length=12),
        LSTMForecaster(quantiles=QUANTILES, random_state=seed),
    )
    model.fit(X.iloc[:-N_TEST], y.iloc[:-N_TEST])
    # The test rows continue the fitted data: their windows are complete.
    intervals = {
        level: model.predict(X.iloc[-N_TEST:], coverage=level).T for level in LEVELS
    }
    return intervals, model.predict(X.iloc[-N_TEST:])


def sarima_intervals(series):
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    log = np.log(series.to_numpy())
    order = dict(order=(0, 1, 1), seasonal_order=(0, 1, 1, 12))
    fitted = SARIMAX(log[:-N_TEST], **order).fit(disp=False)
    one_step = fitted.apply(log).get_prediction(start=len(log) - N_TEST)
    intervals = {
        level: np.exp(one_step.conf_int(alpha=1 - level)).T for level in LEVELS
    }
    return intervals, np.exp(one_step.predicted_mean)


def seasonal_naive_conformal(series):
    values = series.to_numpy()
    train = values[:-N_TEST]
    errors = np.abs(train[12:] - train[:-12])
    forecast = values[-N_TEST - 12 : -12]
    intervals = {}
    for level in LEVELS:
        rank = min(math.ceil((len(errors) + 1) * level), len(errors))
        half = np.sort(errors)[rank - 1]
        intervals[level] = np.array([forecast - half, forecast + half])
    return intervals, forecast


def main():
    start = time.perf_counter()
    series = load_airline()
    X, y = make_supervised(series)
    truth = y.iloc[-N_TEST:].to_numpy()
    methods = {
        f"sklstm quantiles, random_state={seed}": lstm_intervals(X, y, seed)
        for seed in (0, 1, 2)
    }
    methods["SARIMA(0,1,1)(0,1,1,12), log"] = sarima_intervals(series)
    methods["seasonal naive, split conformal"] = seasonal_naive_conformal(series)
    print(
        "| method | 80% coverage | 80% interval score | 95% coverage "
        "| 95% interval score | MAPE % of the point forecast |"
    )
    print("|---|---|---|---|---|---|")
    for name, (intervals, point) in methods.items():
        cells = []
        for level in LEVELS:
            lower, upper = intervals[level]
            cells.append(f"{coverage(lower, upper, truth):.2f}")
            cells.append(f"{interval_score(lower, upper, truth, 1 - level):.1f}")
        cells.append(f"{100 * np.mean(np.abs(point - truth) / truth):.2f}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"\nTotal time: {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
