"""Predict latency: forecast(), predict and the network alone, one thread.

A fitted airline pipeline (``MinMaxScaler``, ``SlidingWindow(12)``,
``LSTMForecaster(hidden_size=32)``, 20 epochs) is asked for the next month
in the ways a service asks: ``forecast(model, series)`` (one series, the
month after the data), ``model.predict(X.iloc[-1:])`` (one row that
continues the fitted data: the model is fitted on the rows before it), and
the fitted torch module alone on the one window those read, already
scaled, under ``torch.inference_mode()`` (as ``predict`` runs it; a little
faster than ``no_grad``). Each is timed 300 times and the median shown,
with its ratio to the module's. Also: ``forecast()`` of a new Series (a new
index object) on every call, as a service reading its data afresh gets it
(nothing is known of its index: it is checked again); and the module
called after the pipeline's other steps (the time of both, less that of
the steps): a module called after other code runs slower than in a tight
loop of its own, which is what the "module alone" row times.

Then many series at once: ``forecast(model, panel)`` of a panel of 1, 100
and 10,000 series (the airline series' last 36 months times random
factors), per series, beside the module alone on as many windows.

With onnxruntime installed (the ``[onnx]`` extra), the graph of
``sklstm.to_onnx(model)`` too: one window of raw rows, and 10,000 windows
per series, in an ``onnxruntime`` session of one thread.

Run: python benchmarks/latency.py   (about 1 minute; one torch thread)
"""

import statistics
import time

import numpy as np
import pandas as pd
import torch
from sklearn.pipeline import make_pipeline

from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    SlidingWindow,
    forecast,
    make_supervised,
)
from sklstm._scaling import scaled_inputs
from sklstm.datasets import load_airline

torch.set_num_threads(1)


def median_seconds(function, repeats):
    function()  # warm
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def module_call(model, windows):
    """The fitted module on already scaled ``windows``: what the network costs."""
    forecaster = model[-1]
    units = forecaster.target_map_, forecaster.x_scaler_, forecaster.y_scaler_
    inputs, scales, _, _ = scaled_inputs(
        forecaster.fitted_network_params_, windows, *units
    )
    inputs, scales = torch.as_tensor(inputs), torch.as_tensor(scales)
    module = forecaster.net_.module_.eval()

    def call():
        with torch.inference_mode():
            return module(inputs, scales)

    return call


def onnx_calls(model, X):
    """``(name, call)`` of the exported graph on 1 and 10,000 windows, if it runs."""
    try:
        import onnxruntime

        from sklstm import to_onnx
    except ImportError:
        print("(onnxruntime is not installed: no ONNX rows)")
        return []
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(to_onnx(model).SerializeToString(), options)
    one = {"rows": X.to_numpy(np.float64)[-12:].reshape(1, 12, -1)}
    many = {"rows": np.repeat(one["rows"], 10_000, axis=0)}
    return [
        ("onnxruntime, the exported graph, one window", lambda: session.run(None, one)),
        (
            "onnxruntime, 10,000 windows (per window)",
            lambda: session.run(None, many),
        ),
    ]


def panel_of(series, n_series, seed=0):
    factors = np.random.RandomState(seed).uniform(0.5, 2.0, n_series)
    tail = series.iloc[-36:]
    index = pd.MultiIndex.from_product(
        [range(n_series), tail.index], names=["series", tail.index.name]
    )
    values = np.outer(factors, tail.to_numpy(float)).ravel()
    return pd.Series(values, index=index, name=series.name)


def main():
    series = load_airline()
    X, y = make_supervised(series)
    model = make_pipeline(
        MinMaxScaler(),
        SlidingWindow(12),
        LSTMForecaster(hidden_size=32, max_epochs=20, random_state=0),
    ).fit(X[:-1], y[:-1])  # X's last row continues the fitted data
    last_window = model[:-1].transform(X).astype(np.float64)[-1:]

    # The same values in a new Series (a new index object) on every call, as
    # a service reading its data afresh gets: nothing is known of its index.
    fresh = iter(
        [
            pd.Series(series.to_numpy().copy(), series.index.copy(), name=series.name)
            for _ in range(302)
        ]
    )
    module = module_call(model, last_window)
    steps = model[:-1]

    def steps_then_module():
        steps.transform(X.iloc[-1:])
        return module()

    rows = []
    for name, call in [
        ("forecast(model, series)", lambda: forecast(model, series)),
        (
            "forecast(model, a new series each call)",
            lambda: forecast(model, next(fresh)),
        ),
        ("model.predict(X.iloc[-1:])", lambda: model.predict(X.iloc[-1:])),
        ("the fitted module alone, one window", module),
        (
            "the pipeline's steps before the module, one row",
            lambda: steps.transform(X.iloc[-1:]),
        ),
        ("those steps, then the module", steps_then_module),
        *onnx_calls(model, X),
    ]:
        seconds = median_seconds(call, 300 if "10,000" not in name else 10)
        if "10,000" in name:
            seconds /= 10_000
        rows.append((name, seconds))
    # The ratios to the module's median of this same loop (a first, separate
    # timing of the module ran slower while the process warmed up).
    module = next(seconds for name, seconds in rows if "module alone" in name)
    timed = dict(rows)
    cold = (
        timed["those steps, then the module"]
        - timed["the pipeline's steps before the module, one row"]
    )
    after = [name for name, _ in rows].index("those steps, then the module") + 1
    rows.insert(after, ("the module after those steps (the difference)", cold))
    rows = [(name, seconds * 1e3, seconds / module) for name, seconds in rows]
    print("One series, the next month (median of 300 calls, one thread):\n")
    print("| call | median ms | x the module |")
    print("|---|---|---|")
    for name, ms, ratio in rows:
        print(f"| {name} | {ms:.4f} | {ratio:.2f} |")

    print("\nMany series, forecast(model, panel), per series:\n")
    print("| series | forecast() ms per series | module ms per series | ratio |")
    print("|---|---|---|---|")
    for n_series in (1, 100, 10_000):
        panel = panel_of(series, n_series)
        repeats = 20 if n_series < 10_000 else 3
        total = median_seconds(lambda: forecast(model, panel), repeats)
        windows = np.repeat(last_window, n_series, axis=0)
        network = median_seconds(module_call(model, windows), repeats)
        print(
            f"| {n_series:,} | {total / n_series * 1e3:.4f} | "
            f"{network / n_series * 1e3:.4f} | {total / network:.1f} |"
        )


if __name__ == "__main__":
    main()
