"""Fit time and peak memory as the series and the window grow.

Each configuration runs in a fresh process: a synthetic univariate series of
n steps goes through MinMaxScaler -> SlidingWindow -> LSTMForecaster
(hidden_size=16, batch_size=1024, one epoch). The peak memory of the fit is
the process' peak resident memory after the fit less its resident memory
just before, and is compared with the size of the float32 window array
(n * window_length * 4 bytes) that the network trains on.

Run: python benchmarks/scaling.py   (about 3 minutes on 2 cores;
SKLSTM_BENCH_QUICK=1 stops at 10^5 steps)
"""

import json
import os
import subprocess
import sys
import textwrap

import pandas as pd

QUICK = os.environ.get("SKLSTM_BENCH_QUICK") == "1"

CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    import numpy as np, pandas as pd
    from sklearn.pipeline import make_pipeline
    from sklstm import LSTMForecaster, MinMaxScaler, SlidingWindow

    n_steps, window_length = int(sys.argv[1]), int(sys.argv[2])
    rng = np.random.RandomState(0)
    t = np.arange(n_steps + 1)
    series = pd.Series(np.sin(t / 50) + 0.1 * rng.randn(n_steps + 1))
    X, y = series.iloc[:-1].to_frame("v"), series.iloc[1:].to_numpy()
    model = make_pipeline(
        MinMaxScaler(), SlidingWindow(window_length),
        LSTMForecaster(hidden_size=16, batch_size=1024, max_epochs=1, random_state=0),
    )
    model.fit(X.iloc[:2048], y[:2048])  # warm up torch outside the measurement

    def resident():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize()

    before = resident()
    start = time.perf_counter()
    model.fit(X, y)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "peak_bytes": peak - before}))
    """
)


def measure(n_steps, window_length):
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(n_steps), str(window_length)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    windows_mb = n_steps * window_length * 4 / 2**20
    return {
        "steps": n_steps,
        "window": window_length,
        "fit (s)": figures["seconds"],
        "peak memory (MB)": figures["peak_bytes"] / 2**20,
        "float32 windows (MB)": windows_mb,
        "peak / windows": figures["peak_bytes"] / 2**20 / windows_mb,
    }


def main():
    sizes = [10**3, 10**4, 10**5] + ([] if QUICK else [10**6])
    rows = []
    for n_steps in sizes:
        rows.append(measure(n_steps, 48))
        print(rows[-1], flush=True)
    for window_length in [12, 96, 192]:
        rows.append(measure(10**5, window_length))
        print(rows[-1], flush=True)
    print()
    print(pd.DataFrame(rows).round(2).to_string(index=False))


if __name__ == "__main__":
    main()
