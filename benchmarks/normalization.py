"""Which ``normalization`` should LSTMForecaster use by default?

Fits the same pipeline (MinMaxScaler -> SlidingWindow(12) -> LSTMForecaster)
with ``normalization="window"`` and ``normalization=None`` on series of
different kinds, forecasts the last 20% of each one step ahead, and prints the
mean absolute error relative to the naive (last value) forecast: below 1
beats naive. Median over random_state 0, 1, 2.

Run: python benchmarks/normalization.py   (about 3 minutes on 2 cores)
"""

import time

import numpy as np
import pandas as pd
from sklearn.pipeline import make_pipeline

from sklstm import LSTMForecaster, MinMaxScaler, SlidingWindow, make_supervised
from sklstm.datasets import load_airline


def synthetic_series(n=240, seed=0):
    rng = np.random.RandomState(seed)
    t = np.arange(n, dtype=float)
    season = np.sin(2 * np.pi * t / 12)
    return {
        "airline (real)": load_airline().to_numpy(),
        "trend x growing season": (50 + t) * (1 + 0.3 * season) + rng.randn(n) * 3,
        "trend + season": 0.5 * t + 10 * season + rng.randn(n),
        "random walk": np.cumsum(rng.randn(n)) + 50,
        "AR(1) phi=0.7": pd.Series(rng.randn(n)).ewm(alpha=0.3).mean().to_numpy() * 10
        + 20,
        "season only": 10 * season + rng.randn(n) * 2 + 30,
        "linear trend + noise": 2 * t + rng.randn(n) * 5,
    }


def relative_mae(values, normalization, random_state):
    X, y = make_supervised(pd.Series(values, name="v"))
    n_test = len(X) // 5
    pipeline = make_pipeline(
        MinMaxScaler(),
        SlidingWindow(window_length=12),
        LSTMForecaster(normalization=normalization, random_state=random_state),
    )
    pipeline.fit(X.iloc[:-n_test], y.iloc[:-n_test])
    truth = y.iloc[-n_test:].to_numpy()
    error = np.abs(pipeline.predict(X.iloc[-n_test:]) - truth).mean()
    naive = np.abs(X["v"].iloc[-n_test:].to_numpy() - truth).mean()
    return error / naive


def main():
    rows = {}
    start = time.perf_counter()
    for name, values in synthetic_series().items():
        rows[name] = {
            f"normalization={normalization!r}": np.median(
                [relative_mae(values, normalization, seed) for seed in (0, 1, 2)]
            )
            for normalization in ("window", None)
        }
        print(f"{name}: {rows[name]}", flush=True)
    table = pd.DataFrame(rows).T
    table.loc["geometric mean"] = np.exp(np.log(table).mean())
    print()
    print("MAE / MAE of the naive forecast, one step ahead, last 20% of each series")
    print("(median over random_state 0, 1, 2; below 1 beats naive):")
    print(table.round(3).to_string())
    print(f"\n{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
