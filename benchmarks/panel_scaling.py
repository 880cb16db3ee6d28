"""Fit time and peak memory as a panel grows from 46 to 366 series.

The first n of the tourism competition's 366 monthly series (the training
part of ``load_tourism_monthly``), n = 46, 92, 183 and 366 (an eighth, a
quarter, half and all of them), go through ``make_supervised(horizon=24)``
and MinMaxScaler -> SlidingWindow(24) -> LSTMForecaster(hidden_size=64,
batch_size=256, max_epochs=2, random_state=0, MSE): the settings of the
tourism row of ``speed.py``. The windows hold 24 months, the targets the 24
months after them; a series' first 23 windows are padded.

Each measurement is one fit in a fresh process, which first fits the
pipeline on the first 4 series (one epoch) to warm torch up. Each size is
measured in 3 processes (2 with SKLSTM_BENCH_QUICK=1), the sizes taking turns,
and the table shows the medians:

- Memory: the process' peak resident memory during the pipeline's fit (the
  float64 windows, then the forecaster) less its resident memory just before
  it, and the absolute peak. The peak is
  ``getrusage(RUSAGE_SELF).ru_maxrss``, whose high-water mark is reset just
  before the fit (``/proc/self/clear_refs``) so that reading the data and
  the warm-up do not count; the table says if the reset failed. At these
  sizes the allocator's transient memory during training varies by tens of
  MB from process to process (a few thousand windows gave 20 to 110 MB),
  hence the range beside the median.
- Time: the forecaster's fit on the windows divided by its 2 epochs (so the
  per-fit costs count in it); making the windows is timed apart.

The float32 windows (n_windows * 24 * 4 bytes) are what the network trains
on. The columns "x smallest" show how time and memory per window grow: each
size's time (or memory) per window over the smallest panel's, 1.0 where they
grow in proportion to the windows, below 1 where a fixed cost per fit
dominates. "MB per 10,000 more windows" is the memory's growth beyond the
smallest panel's, per window added.

Run: python benchmarks/panel_scaling.py   (about 2 minutes on 2 cores;
SKLSTM_BENCH_QUICK=1 for 6, 12 and 23 series; Linux only: it reads /proc)
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import time

import pandas as pd
from sklearn.pipeline import make_pipeline

from sklstm import LSTMForecaster, MinMaxScaler, SlidingWindow, make_supervised
from sklstm.datasets import load_tourism_monthly

QUICK = os.environ.get("SKLSTM_BENCH_QUICK") == "1"
N_SERIES = (6, 12, 23) if QUICK else (46, 92, 183, 366)
WINDOW_LENGTH = 24  # months in a window
HORIZON = 24  # months forecast from each window
EPOCHS = 2
PROCESSES = 2 if QUICK else 3  # fresh processes per size


def panel(train, n_series):
    """The first ``n_series`` series of the panel ``train``, supervised."""
    series = train.index.get_level_values("series")
    train = train[series.isin(series.unique()[:n_series])]
    return make_supervised(train, horizon=HORIZON)


def windowing():
    return make_pipeline(MinMaxScaler(), SlidingWindow(WINDOW_LENGTH))


def forecaster(max_epochs=EPOCHS):
    return LSTMForecaster(
        hidden_size=64, batch_size=256, max_epochs=max_epochs, random_state=0
    )


def resident_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def reset_peak():
    """Reset the process' peak resident memory to its current one (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return False
    return True


def peak_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def measure_one(n_series):
    """One fit on the first ``n_series`` series, in this process (see --one)."""
    train = load_tourism_monthly(split="train")
    X, y = panel(train, n_series)
    # Warm torch up outside the measurement, on full batches of padded and
    # unpadded windows (the first 4 series: about 800 windows).
    X_warm, y_warm = panel(train, 4)
    forecaster(max_epochs=1).fit(windowing().fit_transform(X_warm), y_warm)

    before = resident_bytes()
    peak_reset = reset_peak()
    start = time.perf_counter()
    windows = windowing().fit_transform(X)
    windowing_seconds = time.perf_counter() - start
    start = time.perf_counter()
    forecaster().fit(windows, y)
    fit_seconds = time.perf_counter() - start
    return {
        "n_windows": len(windows),
        "windowing_seconds": windowing_seconds,
        "fit_seconds": fit_seconds,
        "resident_before_bytes": before,
        "peak_bytes": peak_bytes(),
        "peak_reset": peak_reset,
    }


def run_one(n_series):
    """:func:`measure_one` in a fresh process."""
    result = subprocess.run(
        [sys.executable, __file__, "--one", str(n_series)],
        stdout=subprocess.PIPE,  # its errors and warnings pass through
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def summary(n_series, runs):
    """The table's row for one size, from its runs of :func:`measure_one`."""
    windows = runs[0]["n_windows"]
    windows_mb = windows * WINDOW_LENGTH * 4 / 2**20
    fit_peak_mb = [
        (run["peak_bytes"] - run["resident_before_bytes"]) / 2**20 for run in runs
    ]
    median_fit_peak_mb = statistics.median(fit_peak_mb)
    return {
        "series": n_series,
        "windows": windows,
        "float32 windows (MB)": windows_mb,
        "windowing (s)": statistics.median(run["windowing_seconds"] for run in runs),
        "fit (s/epoch)": statistics.median(run["fit_seconds"] for run in runs) / EPOCHS,
        "fit peak - before (MB)": median_fit_peak_mb,
        "range (MB)": f"{min(fit_peak_mb):.0f}-{max(fit_peak_mb):.0f}",
        "absolute peak (MB)": statistics.median(run["peak_bytes"] for run in runs)
        / 2**20,
        "peak reset": all(run["peak_reset"] for run in runs),
        "fit peak / float32 windows": median_fit_peak_mb / windows_mb,
    }


def main():
    runs = {n_series: [] for n_series in N_SERIES}
    # The sizes take turns: the machine's speed drifts between runs.
    for _ in range(PROCESSES):
        for n_series in N_SERIES:
            runs[n_series].append(run_one(n_series))
            print(f"{n_series} series: {runs[n_series][-1]}", flush=True)
    table = pd.DataFrame([summary(n, runs[n]) for n in N_SERIES])
    smallest = table.iloc[0]
    for what, column in [
        ("time", "fit (s/epoch)"),
        ("memory", "fit peak - before (MB)"),
    ]:
        per_window = table[column] / table["windows"]
        table[f"{what} per window (x smallest)"] = per_window / (
            smallest[column] / smallest["windows"]
        )
    more_windows = table["windows"] - smallest["windows"]
    more_memory = table["fit peak - before (MB)"] - smallest["fit peak - before (MB)"]
    table["MB per 10,000 more windows"] = (10_000 * more_memory / more_windows).where(
        more_windows > 0
    )
    if table["peak reset"].all():
        table = table.drop(columns="peak reset")
    decimals = {column: 1 for column in table.columns if "MB" in column}
    decimals.update({column: 2 for column in table.columns if "x smallest" in column})
    decimals.update({"float32 windows (MB)": 2, "fit peak / float32 windows": 1})
    table = table.round({"windowing (s)": 3, "fit (s/epoch)": 3, **decimals})
    print()
    # None, not NaN, is what to_markdown leaves blank.
    print(table.astype(object).where(table.notna(), None).to_markdown(index=False))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure_one(int(sys.argv[2]))))
    else:
        main()
