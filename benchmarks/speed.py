"""LSTMForecaster against a hand-written PyTorch loop: fit and predict time.

Both train the same module (sklstm's LSTMModule, built with the same
arguments) on the same windows with the same batch size, number of epochs,
optimizer (Adam) and loss (MSE), shuffling the batches each epoch. The loop
is what a user would write by hand: no validation of the data, no
standardisation, no callbacks or history. The two are timed alternately in
one process, several times, and the table shows the median of each and
their ratio, with the time per epoch beside it.

The data: the airline series (132 windows of 12), at full batch and batch
16; a synthetic series of 100,000 steps in windows of 48; and the tourism
panel at the scale of a global model: the training part of the 366 series of
``load_tourism_monthly`` through ``make_supervised(horizon=24)``,
``MinMaxScaler`` and ``SlidingWindow(24)``, 91,712 windows of 24 months with
24 targets each (the windows of a series' first 23 months are padded, and
both fits read them through the module's packed path), hidden size 64, batch
256, 2 epochs. The time per epoch is the fit's time divided by its epochs, so
the per-fit costs (validation, scaling, building the net) count in it.
Predict: LSTMForecaster.predict on 100,000 windows against one call of the
module under torch.no_grad().

Each fit is timed against the loop twice: as a user would write it, and
with the module weighing its outputs by per-window scales, as
LSTMForecaster's does (the same arithmetic: the ratio to it is the
wrapper's own cost).

Run: python benchmarks/speed.py   (about 9 minutes on 2 cores;
SKLSTM_BENCH_QUICK=1 for a quick smoke run with smaller sizes and the first
10 tourism series). python benchmarks/speed.py --spread 5: only the fit
ratios of 5 runs at airline size and at 20,000 windows (about 8 minutes).
"""

import os
import statistics
import time

import numpy as np
import pandas as pd
import torch
from sklearn.pipeline import make_pipeline

from sklstm import LSTMForecaster, MinMaxScaler, SlidingWindow, make_supervised
from sklstm._module import LSTMModule
from sklstm.datasets import load_airline, load_tourism_monthly

QUICK = os.environ.get("SKLSTM_BENCH_QUICK") == "1"


def hand_written_fit(
    windows, targets, *, hidden_size, batch_size, max_epochs, lr, seed, scales=None
):
    """The training loop a user would write: the module, Adam, MSE, shuffling.

    With ``scales`` (float32, one row of 3 per window), the module weighs
    its outputs by them, as in LSTMForecaster's training: the same
    arithmetic, so that the ratio to it is the wrapper's own cost.
    """
    torch.manual_seed(seed)
    X = torch.as_tensor(windows)
    y = torch.as_tensor(targets)
    S = None if scales is None else torch.as_tensor(scales)
    module = LSTMModule(X.shape[2], y.shape[1], hidden_size=hidden_size)
    optimizer = torch.optim.Adam(module.parameters(), lr=lr)
    loss_fn = torch.nn.MSELoss()
    module.train()
    for _ in range(max_epochs):
        order = torch.randperm(len(X))
        for start in range(0, len(X), batch_size):
            rows = order[start : start + batch_size]
            optimizer.zero_grad()
            out = module(X[rows]) if S is None else module(X[rows], S[rows])
            loss = loss_fn(out, y[rows])
            loss.backward()
            optimizer.step()
    return module


def time_it(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def compare_fit(name, windows, targets, repeats, **params):
    """Median fit times of LSTMForecaster and the loop, timed alternately."""
    # The loop trains on what LSTMForecaster trains on: standardised float32
    # (padding stays NaN), y per output; prepared once, outside its timing.
    model = LSTMForecaster(**params, random_state=0, normalization="window")
    standard = (windows - np.nanmean(windows)) / np.nanstd(windows)
    standard = standard.astype(np.float32)
    y_standard = (targets - targets.mean(axis=0)) / targets.std(axis=0)
    y_standard = y_standard.astype(np.float32).reshape(len(targets), -1)
    hand_params = {
        k: params[k] for k in ("hidden_size", "batch_size", "max_epochs", "lr")
    }
    scales = np.random.RandomState(0).rand(len(windows), 3).astype(np.float32)
    ours, hand, same = [], [], []
    for repeat in range(repeats):
        ours.append(time_it(lambda: model.fit(windows, targets))[0])
        hand.append(
            time_it(
                lambda: hand_written_fit(
                    standard, y_standard, seed=repeat, **hand_params
                )
            )[0]
        )
        same.append(
            time_it(
                lambda: hand_written_fit(
                    standard, y_standard, seed=repeat, scales=scales, **hand_params
                )
            )[0]
        )
    return {
        "what": f"fit, {name}",
        "LSTMForecaster (s)": statistics.median(ours),
        "hand-written (s)": statistics.median(hand),
        "with scales (s)": statistics.median(same),
        "epochs": params["max_epochs"],
    }


def compare_predict(windows, repeats, hidden_size):
    model = LSTMForecaster(
        hidden_size=hidden_size, max_epochs=1, batch_size=4096, random_state=0
    )
    # y: the next value (each window's successor ends with it); predict is timed.
    model.fit(windows[:2048], windows[1:2049, -1, 0])
    module = model.net_.module_.eval()
    X = torch.as_tensor(windows.astype(np.float32))
    ours, plain = [], []
    for _ in range(repeats):
        ours.append(time_it(lambda: model.predict(windows))[0])
        with torch.no_grad():
            plain.append(time_it(lambda: module(X))[0])
    return {
        "what": (
            f"predict, {len(windows):,} windows of {windows.shape[1]}, "
            f"hidden {hidden_size}"
        ),
        "LSTMForecaster (s)": statistics.median(ours),
        "hand-written (s)": statistics.median(plain),
    }


def synthetic_windows(n_steps, window_length, seed=0):
    rng = np.random.RandomState(seed)
    series = np.sin(np.arange(n_steps) / 20) + 0.1 * rng.randn(n_steps)
    windows = SlidingWindow(window_length).fit_transform(series)[window_length - 1 : -1]
    return windows, series[window_length:]


def tourism_windows(n_series=None):
    """The tourism panel's windows of 24 months and their 24 targets.

    The training part of the first ``n_series`` series (all 366 if None),
    through ``make_supervised(horizon=24)``, ``MinMaxScaler`` and
    ``SlidingWindow(24)``, as a pipeline would give them to LSTMForecaster.
    """
    train = load_tourism_monthly(split="train")
    if n_series is not None:
        series = train.index.get_level_values("series")
        train = train[series.isin(series.unique()[:n_series])]
    X, y = make_supervised(train, horizon=24)
    windows = make_pipeline(MinMaxScaler(), SlidingWindow(24)).fit_transform(X)
    return windows, y.to_numpy()


def main():
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    airline = load_airline().to_numpy()
    windows = SlidingWindow(12).fit_transform(airline)[11:-1]
    targets = airline[12:]
    rows = []
    epochs = 20 if QUICK else 200
    for batch_size, label in [(len(windows), "full batch"), (16, "batch 16")]:
        rows.append(
            compare_fit(
                f"airline ({len(windows)} windows of 12), {label}, {epochs} epochs",
                windows,
                targets,
                repeats=3 if QUICK else 7,
                hidden_size=32,
                batch_size=batch_size,
                max_epochs=epochs,
                lr=0.001,
            )
        )
        print(rows[-1], flush=True)
    # The settings of the two large fits: 2 epochs of batches of 256.
    large_fit = dict(
        repeats=2 if QUICK else 3,
        hidden_size=64,
        batch_size=256,
        max_epochs=2,
        lr=0.001,
    )
    n_steps = 10_000 if QUICK else 100_000
    windows, targets = synthetic_windows(n_steps, 48)
    rows.append(
        compare_fit(
            f"{n_steps:,} steps, window 48, batch 256, hidden 64, 2 epochs",
            windows,
            targets,
            **large_fit,
        )
    )
    print(rows[-1], flush=True)
    n_series = 10 if QUICK else 366
    panel_windows, panel_targets = tourism_windows(n_series)
    rows.append(
        compare_fit(
            f"tourism panel ({n_series} series, {len(panel_windows):,} windows "
            "of 24, 24 outputs), batch 256, hidden 64, 2 epochs",
            panel_windows,
            panel_targets,
            **large_fit,
        )
    )
    print(rows[-1], flush=True)
    rows.append(compare_predict(windows, repeats=3 if QUICK else 5, hidden_size=64))
    table = pd.DataFrame(rows).set_index("what")
    table["ratio"] = table["LSTMForecaster (s)"] / table["hand-written (s)"]
    table["ratio, with scales"] = table["LSTMForecaster (s)"] / table["with scales (s)"]
    for who in ("LSTMForecaster", "hand-written"):
        table[f"{who} (ms/epoch)"] = 1000 * table[f"{who} (s)"] / table["epochs"]
    table = (
        table.drop(columns="epochs")
        .round(3)
        .round({"LSTMForecaster (ms/epoch)": 1, "hand-written (ms/epoch)": 1})
    )
    print()
    print(table.to_string(na_rep=""))


def spread(n_runs):
    """The fit ratios of ``n_runs`` runs: airline (both batch sizes) and 20k windows.

    Each run is a fresh comparison (7 fits of each, alternately; 3 at 20,000
    windows), so the spread shows how much one run's ratio can be trusted.
    """
    airline = load_airline().to_numpy()
    windows = SlidingWindow(12).fit_transform(airline)[11:-1]
    targets = airline[12:]
    synthetic, synthetic_targets = synthetic_windows(20_048, 48)
    settings = [
        ("airline, full batch", windows, targets, 7, dict(batch_size=len(windows))),
        ("airline, batch 16", windows, targets, 7, dict(batch_size=16)),
        (
            f"{len(synthetic):,} windows of 48, batch 256, hidden 64",
            synthetic,
            synthetic_targets,
            3,
            dict(batch_size=256, hidden_size=64, max_epochs=2),
        ),
    ]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    print("| fit | ratio per run (to the loop; to the loop with scales) | range |")
    print("|---|---|---|")
    for name, X, y, repeats, params in settings:
        params = {"hidden_size": 32, "max_epochs": 200, "lr": 0.001, **params}
        runs = [compare_fit(name, X, y, repeats, **params) for _ in range(n_runs)]
        plain = [r["LSTMForecaster (s)"] / r["hand-written (s)"] for r in runs]
        same = [r["LSTMForecaster (s)"] / r["with scales (s)"] for r in runs]
        pairs = ", ".join(f"{a:.2f}; {b:.2f}" for a, b in zip(plain, same))
        print(
            f"| {name} | {pairs} | {min(plain):.2f}-{max(plain):.2f}; "
            f"{min(same):.2f}-{max(same):.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--spread",
        type=int,
        metavar="N",
        help="only the fit ratios of N runs (airline and 20,000 windows)",
    )
    arguments = parser.parse_args()
    if arguments.spread:
        spread(arguments.spread)
    else:
        main()
