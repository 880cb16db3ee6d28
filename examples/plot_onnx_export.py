"""
==============================================
Serving a forecaster: ONNX export and updates
==============================================

A model is fitted once and asked for forecasts many times, by services that
may not have PyTorch, scikit-learn or sklstm installed. :func:`~sklstm.to_onnx`
writes a fitted pipeline -- its scaler, the forecaster's scaling of each
window, the LSTM and the map back to passengers -- as one ONNX graph that
``onnxruntime`` runs alone. This example exports the airline model, reloads
it with ``onnxruntime`` only, checks its forecasts against ``predict``, and
then updates the model with new months through :func:`~sklstm.partial_fit`
instead of refitting it, scoring both against a seasonal naive forecast.
"""

# %%
# A fitted pipeline, and its graph
# --------------------------------
# The model is fitted on the months up to 1958-12. :func:`~sklstm.to_onnx`
# saves the graph; its input is the last ``window_length`` rows of ``X``
# (here the passengers of the last 12 months), its output the forecast of
# the month after them.
import tempfile
import time
from pathlib import Path

import numpy as np
import onnxruntime
from sklearn.metrics import mean_absolute_percentage_error
from sklearn.pipeline import make_pipeline

from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    SlidingWindow,
    make_supervised,
    partial_fit,
    to_onnx,
)
from sklstm.datasets import load_airline

series = load_airline()
X, y = make_supervised(series, horizon=1)  # row t: month t, y: month t+1
fit_end = list(X.index.astype(str)).index("1959-01")  # rows up to 1958-12
model = make_pipeline(
    MinMaxScaler(), SlidingWindow(window_length=12), LSTMForecaster(random_state=0)
)
model.fit(X[:fit_end], y[:fit_end])

path = Path(tempfile.mkdtemp()) / "airline.onnx"
to_onnx(model, path)
print(f"graph saved: {path.name}, {path.stat().st_size / 1024:.0f} KiB")

# %%
# Forecasts from onnxruntime alone
# --------------------------------
# The session reads the file; nothing of sklstm is needed to run it. Each
# window is 12 rows of ``X``'s columns, oldest first, as float64. The
# forecasts for 1959-01 .. 1960-12 (each from the 12 months before) match
# ``predict`` to within 1e-5 relative.
session = onnxruntime.InferenceSession(str(path))
values = X.to_numpy(dtype=np.float64)
ends = range(fit_end - 1, len(X))  # the window ending at month t
windows = np.stack([values[t - 11 : t + 1] for t in ends])
(from_graph,) = session.run(None, {"rows": windows})
from_predict = model.predict(X)[fit_end - 1 :]
print(
    f"largest relative difference: {np.max(np.abs(from_graph / from_predict - 1)):.1e}"
)


# %%
# And its speed on one window, the call a service makes, beside
# ``model.predict`` on one row that continues the fitted months (1959-01):
def median_ms(function, repeats=200):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return 1000 * float(np.median(times))


one_window = {"rows": windows[-1:]}
graph_ms = median_ms(lambda: session.run(None, one_window))
print(f"onnxruntime, one window: {graph_ms:.3f} ms")
next_row = X[fit_end : fit_end + 1]
print(f"model.predict, one row:  {median_ms(lambda: model.predict(next_row)):.3f} ms")

# %%
# New months: update, or refit
# ----------------------------
# In 1959 twelve new months arrive. :func:`~sklstm.partial_fit` trains the
# fitted model on their windows only (built from the months it remembers)
# for 100 epochs; a refit trains a new model on all the months for 200. Both
# forecast 1960 one month ahead, beside the seasonal naive forecast (the
# same month a year before).
new_end = list(X.index.astype(str)).index("1960-01")
start = time.perf_counter()
partial_fit(model, X[fit_end:new_end], y[fit_end:new_end], epochs=100)
update_seconds = time.perf_counter() - start
start = time.perf_counter()
refit = make_pipeline(
    MinMaxScaler(), SlidingWindow(window_length=12), LSTMForecaster(random_state=0)
).fit(X[:new_end], y[:new_end])
refit_seconds = time.perf_counter() - start

test = slice(new_end, None)
scores = {
    "updated (partial_fit)": model.predict(X[test]),
    "refitted": refit.predict(X[test]),
    # the month t+1 - 12 for each row t
    "seasonal naive": series.to_numpy()[new_end - 11 : len(X) - 11],
}
print(f"update {update_seconds:.1f} s, refit {refit_seconds:.1f} s")
for name, predicted in scores.items():
    mape = 100 * mean_absolute_percentage_error(y[test], predicted)
    print(f"{name:22s} MAPE over 1960: {mape:.1f}%")

# %%
# The updated graph is exported the same way: ``to_onnx(model, path)``
# again, and the service loads the new file.
