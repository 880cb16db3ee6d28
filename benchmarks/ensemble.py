"""EnsembleForecaster on the tourism panel: one job against two, same forecasts.

The README's recipe for many series (three global models of windows 12, 24
and 36 months, the settings of ``benchmarks/tourism.py``, seed 0) as one
``EnsembleForecaster``, fitted with ``n_jobs=1`` and with ``n_jobs=2``
(each member a process; the two cores shared), in one run: the fit times,
their ratio, the largest relative difference between the two forecasts
(members fitted in worker processes run with fewer torch threads, which
sum in another order: the trainings drift apart), and the MASE of both
forecasts of the test months beside the seasonal naive forecast's.

Run: python -m pip install -e ".[benchmarks]" && python benchmarks/ensemble.py
(about 9 minutes on 2 cores)
"""

import sys
import time
from pathlib import Path

import numpy as np
import torch
from sklearn.pipeline import make_pipeline

from sklstm import (
    EnsembleForecaster,
    LSTMForecaster,
    MinMaxScaler,
    SlidingWindow,
    forecast,
    make_supervised,
)
from sklstm.datasets import load_tourism_monthly

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tourism import HORIZON, LSTM_PARAMS, mase, mase_scale, seasonal_naive  # noqa: E402

WINDOWS = (12, 24, 36)


def ensemble(n_jobs, seed=0):
    members = [
        (
            f"w{window_length}",
            make_pipeline(
                MinMaxScaler(),
                SlidingWindow(window_length),
                LSTMForecaster(**LSTM_PARAMS, loss="absolute_error", random_state=seed),
            ),
        )
        for window_length in WINDOWS
    ]
    return EnsembleForecaster(members, n_jobs=n_jobs)


def main():
    train = load_tourism_monthly(split="train")
    test = load_tourism_monthly(split="test")
    X, y = make_supervised(train, horizon=HORIZON)
    seconds, forecasts = {}, {}
    for n_jobs in (1, 2):
        start = time.perf_counter()
        model = ensemble(n_jobs).fit(X, y)
        seconds[n_jobs] = time.perf_counter() - start
        forecasts[n_jobs] = forecast(model, train).reindex(test.index)
    one, two = forecasts[1].to_numpy(), forecasts[2].to_numpy()
    difference = np.max(np.abs(two - one) / np.maximum(np.abs(one), 1e-12))
    scores = {"n_jobs=1": [], "n_jobs=2": [], "seasonal naive": []}
    for key, history in train.groupby(level="series"):
        history = history.to_numpy(float)
        truth = test.xs(key, level="series").to_numpy(float)
        scale = mase_scale(history)
        for n_jobs in (1, 2):
            ours = forecasts[n_jobs].xs(key, level="series").to_numpy(float)
            scores[f"n_jobs={n_jobs}"].append(mase(truth, ours, scale))
        scores["seasonal naive"].append(mase(truth, seasonal_naive(history), scale))
    print(
        f"fit, n_jobs=1: {seconds[1]:.0f} s; n_jobs=2: {seconds[2]:.0f} s; "
        f"speed-up {seconds[1] / seconds[2]:.2f}x"
    )
    print(f"largest relative difference of the forecasts: {difference:.2e}")
    print(
        "MASE: "
        + ", ".join(f"{name} {np.mean(values):.3f}" for name, values in scores.items())
    )
    print(f"torch threads in this process: {torch.get_num_threads()}")


if __name__ == "__main__":
    main()
