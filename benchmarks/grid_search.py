"""GridSearchCV wall time with n_jobs=1 and n_jobs=2, and what importing costs.

The airline example's search: MinMaxScaler -> SlidingWindow -> LSTMForecaster
over window_length {6, 12, 24} x hidden_size {16, 64}, TimeSeriesSplit(5) on
the first 119 rows, 30 fits and a refit. With n_jobs=2, joblib's default
(loky) workers each get one torch thread (OMP_NUM_THREADS=1), so the two
workers use the two cores without oversubscription; the table shows the
threads each worker saw.

Three measurements:

- Import: ``python -c "import sklstm"`` in a fresh process against
  ``python -c "import torch, sklearn.pipeline, pandas"`` (its dependencies),
  the same with skorch (its other one), and ``python -c pass``; wall time
  around the process, taking turns, median of 5. The difference is what
  sklstm adds to the start of every joblib worker.
- Fresh process (worker start-up included): each search runs once in a new
  Python process that imports everything, builds the data and searches; its
  wall time, from the process' start to its end, is what a user's script
  pays. With n_jobs=2 it includes starting the workers (each a fresh Python
  importing torch, scikit-learn, skorch and sklstm) and stopping them at
  exit. Alternately, twice each; the table shows the median, the search
  alone as timed inside the process (with n_jobs=2, starting the workers is
  part of it), and the rest: starting Python, importing, reading the data,
  exiting.
- Warm pool: starting the workers takes a few seconds once per session;
  joblib then reuses them. It is measured and printed separately, and the
  pool is started before the timed searches. The searches run alternately,
  three times each, and the table shows the median.

Run: python benchmarks/grid_search.py   (about 10 minutes on 2 cores;
SKLSTM_BENCH_QUICK=1 for a quick smoke run: each import twice, a grid of 2,
2 splits, 20 epochs, one warm-pool search each)
"""

import importlib
import json
import os
import statistics
import subprocess
import sys
import time

import pandas as pd
import torch
from joblib import Parallel, delayed
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline

from sklstm import LSTMForecaster, MinMaxScaler, SlidingWindow, make_supervised
from sklstm.datasets import load_airline

QUICK = os.environ.get("SKLSTM_BENCH_QUICK") == "1"
GRID = {
    "slidingwindow__window_length": [6, 12] if QUICK else [6, 12, 24],
    "lstmforecaster__hidden_size": [16] if QUICK else [16, 64],
}
N_SPLITS = 2 if QUICK else 5
MAX_EPOCHS = 20 if QUICK else 200  # 200: LSTMForecaster's default
WARM_REPEATS = 1 if QUICK else 3  # warm-pool searches per n_jobs
FRESH_REPEATS = 2  # fresh-process searches per n_jobs
IMPORT_REPEATS = 2 if QUICK else 5
DEPENDENCIES = "import torch, sklearn.pipeline, pandas"
IMPORTS = ["pass", DEPENDENCIES, DEPENDENCIES + ", skorch", "import sklstm"]


def search(n_jobs):
    X, y = make_supervised(load_airline())
    grid = GridSearchCV(
        make_pipeline(
            MinMaxScaler(),
            SlidingWindow(12),
            LSTMForecaster(max_epochs=MAX_EPOCHS, random_state=0),
        ),
        GRID,
        cv=TimeSeriesSplit(n_splits=N_SPLITS),
        scoring="neg_mean_absolute_percentage_error",
        n_jobs=n_jobs,
    )
    start = time.perf_counter()
    grid.fit(X.iloc[:-24], y.iloc[:-24])
    return time.perf_counter() - start


def wall_time(command):
    """Seconds from the start of a fresh process running ``command`` to its end."""
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
    return time.perf_counter() - start, result.stdout


def import_times():
    """Median wall time of each of ``IMPORTS`` in a fresh process, taking turns."""
    times = {code: [] for code in IMPORTS}
    for _ in range(IMPORT_REPEATS):
        for code in IMPORTS:
            times[code].append(wall_time([sys.executable, "-c", code])[0])
    return {f'python -c "{code}"': statistics.median(times[code]) for code in IMPORTS}


def fresh_search(n_jobs):
    """A search in a fresh process: its wall time and the search's own."""
    seconds, stdout = wall_time([sys.executable, __file__, "--search", str(n_jobs)])
    return seconds, json.loads(stdout.strip().splitlines()[-1])["search_seconds"]


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
    imports = import_times()
    table = pd.Series(imports, name="wall time (s), median")
    table.index.name = f"fresh process, median of {IMPORT_REPEATS}"
    print(table.round(2).to_string(), flush=True)
    sklstm_seconds = imports['python -c "import sklstm"']
    for code in (DEPENDENCIES, DEPENDENCIES + ", skorch"):
        added = sklstm_seconds - imports[f'python -c "{code}"']
        print(f"import sklstm adds {added:.2f} s to {code}", flush=True)
    print()

    # Fresh processes first, before this process starts a pool of its own.
    fresh = {1: [], 2: []}
    for n_jobs in (1, 2) * FRESH_REPEATS:
        fresh[n_jobs].append(fresh_search(n_jobs))
        wall, inside = fresh[n_jobs][-1]
        print(
            f"fresh process, n_jobs={n_jobs}: {wall:.1f} s ({inside:.1f} s searching)",
            flush=True,
        )

    print(f"starting 2 workers (once per session): {start_workers(2):.1f} s")
    # Alternately: the machine's speed drifts between runs.
    times = {1: [], 2: []}
    for n_jobs in (1, 2) * WARM_REPEATS:
        times[n_jobs].append(search(n_jobs))
        print(f"warm pool, n_jobs={n_jobs}: {times[n_jobs][-1]:.1f} s", flush=True)
    table = pd.DataFrame(
        {
            "warm pool (s), median": {
                n: statistics.median(t) for n, t in times.items()
            },
            "fresh process (s), median": {
                n: statistics.median(wall for wall, _ in runs)
                for n, runs in fresh.items()
            },
            "its search (s)": {
                n: statistics.median(inside for _, inside in runs)
                for n, runs in fresh.items()
            },
            "outside it (s)": {
                n: statistics.median(wall - inside for wall, inside in runs)
                for n, runs in fresh.items()
            },
            "torch threads per process": {
                1: torch.get_num_threads(),
                2: torch_threads(2),
            },
        }
    )
    table.index.name = "n_jobs"
    for what in ("warm pool", "fresh process"):
        column = table[f"{what} (s), median"]
        table[f"speed-up, {what}"] = column.loc[1] / column
    print()
    print(table.round(2).to_string())


if __name__ == "__main__":
    if sys.argv[1:2] == ["--search"]:
        print(json.dumps({"search_seconds": search(int(sys.argv[2]))}))
    else:
        main()
