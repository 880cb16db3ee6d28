"""GridSearchCV wall time with n_jobs=1 and n_jobs=2.

The airline example's search: MinMaxScaler -> SlidingWindow -> LSTMForecaster
over window_length {6, 12, 24} x hidden_size {16, 64}, TimeSeriesSplit(5) on
the first 119 rows, 30 fits and a refit. With n_jobs=2, joblib's default
(loky) workers each get one torch thread (OMP_NUM_THREADS=1), so the two
workers use the two cores without oversubscription; the table shows the
threads each worker saw.

Starting the workers (a fresh Python importing torch, scikit-learn and
skorch) takes a few seconds once per session; joblib then reuses them. It is
measured and printed separately, and the pool is started before the timed
searches. The searches run alternately, three times each, and the table shows
the median.

Run: python benchmarks/grid_search.py   (about 5 minutes on 2 cores)
"""

import importlib
import statistics
import time

import pandas as pd
import torch
from joblib import Parallel, delayed
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline

from sklstm import LSTMForecaster, MinMaxScaler, SlidingWindow, make_supervised
from sklstm.datasets import load_airline


def search(n_jobs):
    X, y = make_supervised(load_airline())
    grid = GridSearchCV(
        make_pipeline(
            MinMaxScaler(), SlidingWindow(12), LSTMForecaster(random_state=0)
        ),
        {
            "slidingwindow__window_length": [6, 12, 24],
            "lstmforecaster__hidden_size": [16, 64],
        },
        cv=TimeSeriesSplit(n_splits=5),
        scoring="neg_mean_absolute_percentage_error",
        n_jobs=n_jobs,
    )
    start = time.perf_counter()
    grid.fit(X.iloc[:-24], y.iloc[:-24])
    return time.perf_counter() - start


def torch_threads(n_jobs):
    return sorted(
        set(
            Parallel(n_jobs=n_jobs)(
                delayed(torch.get_num_threads)() for _ in range(2 * n_jobs)
            )
        )
    )


def _import_sklstm():
    importlib.import_module("sklstm")


def start_workers(n_jobs):
    start = time.perf_counter()
    Parallel(n_jobs=n_jobs)(delayed(_import_sklstm)() for _ in range(n_jobs))
    return time.perf_counter() - start


def main():
    print(f"starting 2 workers (once per session): {start_workers(2):.1f} s")
    # Alternately, three times each: the machine's speed drifts between runs.
    times = {1: [], 2: []}
    for n_jobs in (1, 2) * 3:
        times[n_jobs].append(search(n_jobs))
        print(f"n_jobs={n_jobs}: {times[n_jobs][-1]:.1f} s", flush=True)
    table = pd.DataFrame(
        {
            "wall time (s), median": {
                n: statistics.median(t) for n, t in times.items()
            },
            "torch threads per process": {
                1: torch.get_num_threads(),
                2: torch_threads(2),
            },
        }
    )
    table.index.name = "n_jobs"
    table["speed-up"] = (
        table.loc[1, "wall time (s), median"] / table["wall time (s), median"]
    )
    print()
    print(table.round(2).to_string())


if __name__ == "__main__":
    main()
