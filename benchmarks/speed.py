"""LSTMForecaster against a hand-written PyTorch loop: fit and predict time.

Both train the same module (sklstm's LSTMModule, built with the same
arguments) on the same windows with the same batch size, number of epochs,
optimizer (Adam) and loss (MSE), shuffling the batches each epoch. The loop
is what a user would write by hand: no validation of the data, no
standardisation, no callbacks or history. The two are timed alternately in
one process, several times, and the table shows the median of each and
their ratio. Predict: LSTMForecaster.predict on 100,000 windows against one
call of the module under torch.no_grad().

Run: python benchmarks/speed.py   (about 5 minutes on 2 cores;
SKLSTM_BENCH_QUICK=1 for a quick smoke run with smaller sizes)
"""

import os
import statistics
import time

import numpy as np
import pandas as pd
import torch

from sklstm import LSTMForecaster, SlidingWindow
from sklstm._module import LSTMModule
from sklstm.datasets import load_airline

QUICK = os.environ.get("SKLSTM_BENCH_QUICK") == "1"


def hand_written_fit(
    windows, targets, *, hidden_size, batch_size, max_epochs, lr, seed
):
    """The training loop a user would write: the module, Adam, MSE, shuffling."""
    torch.manual_seed(seed)
    X = torch.as_tensor(windows)
    y = torch.as_tensor(targets)
    module = LSTMModule(X.shape[2], y.shape[1], hidden_size=hidden_size)
    optimizer = torch.optim.Adam(module.parameters(), lr=lr)
    loss_fn = torch.nn.MSELoss()
    module.train()
    for _ in range(max_epochs):
        order = torch.randperm(len(X))
        for start in range(0, len(X), batch_size):
            rows = order[start : start + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(module(X[rows]), y[rows])
            loss.backward()
            optimizer.step()
    return module


def time_it(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def compare_fit(name, windows, targets, repeats, **params):
    """Median fit times of LSTMForecaster and the loop, timed alternately."""
    # The loop trains on what LSTMForecaster trains on: standardised float32.
    model = LSTMForecaster(**params, random_state=0, normalization="window")
    standard = (windows - windows.mean()) / windows.std()
    y_standard = ((targets - targets.mean()) / targets.std()).astype(np.float32)
    hand_params = {
        k: params[k] for k in ("hidden_size", "batch_size", "max_epochs", "lr")
    }
    ours, hand = [], []
    for repeat in range(repeats):
        ours.append(time_it(lambda: model.fit(windows, targets))[0])
        hand.append(
            time_it(
                lambda: hand_written_fit(
                    standard.astype(np.float32),
                    y_standard.reshape(len(y_standard), -1),
                    seed=repeat,
                    **hand_params,
                )
            )[0]
        )
    return {
        "what": f"fit, {name}",
        "LSTMForecaster (s)": statistics.median(ours),
        "hand-written (s)": statistics.median(hand),
    }


def compare_predict(windows, repeats, hidden_size):
    model = LSTMForecaster(
        hidden_size=hidden_size, max_epochs=1, batch_size=4096, random_state=0
    )
    model.fit(windows[:2048], windows[:2048, -1, 0])
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
    n_steps = 10_000 if QUICK else 100_000
    windows, targets = synthetic_windows(n_steps, 48)
    rows.append(
        compare_fit(
            f"{n_steps:,} steps, window 48, batch 256, hidden 64, 2 epochs",
            windows,
            targets,
            repeats=2 if QUICK else 3,
            hidden_size=64,
            batch_size=256,
            max_epochs=2,
            lr=0.001,
        )
    )
    print(rows[-1], flush=True)
    rows.append(compare_predict(windows, repeats=3 if QUICK else 5, hidden_size=64))
    table = pd.DataFrame(rows).set_index("what")
    table["ratio"] = table["LSTMForecaster (s)"] / table["hand-written (s)"]
    print()
    print(table.round(3).to_string())


if __name__ == "__main__":
    main()
