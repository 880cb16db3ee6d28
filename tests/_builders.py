"""What the tests build again and again: one fast configuration, the README's
pipeline, the series, windows and panels they train on, and two estimators
whose forecasts are known in advance.

Import from here (``from _builders import FAST, lstm_pipeline``); the fixtures
built on these (``airline``) are in ``tests/conftest.py``.
"""

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.pipeline import make_pipeline

from sklstm import LSTMForecaster, MinMaxScaler, SlidingWindow

#: The one fast configuration: trains in a fraction of a second on a few
#: hundred windows, reproducibly. Tests that need more training say so at the
#: call site, e.g. ``LSTMForecaster(**{**FAST, "max_epochs": 30})``.
FAST = dict(hidden_size=8, max_epochs=10, lr=0.01, random_state=0)

#: Three monthly series of different lengths, all ending in 2010-12.
PANEL_LENGTHS = {"a": 40, "b": 25, "c": 60}


def lstm_pipeline(window_length=6, **params):
    """The README's pipeline, with ``FAST`` updated by ``params``."""
    return make_pipeline(
        MinMaxScaler(),
        SlidingWindow(window_length),
        LSTMForecaster(**{**FAST, **params}),
    )


def monthly_series(values=None, index=None, name="v", dtype=None):
    """A series named ``name``, monthly from 2000-01 (its index named "month").

    Without ``values``: 1.0, 2.0, ..., one per label of ``index`` (30 months
    by default).
    """
    if index is None:
        n_months = 30 if values is None else len(values)
        index = pd.period_range("2000-01", periods=n_months, freq="M", name="month")
    if values is None:
        values = np.arange(1.0, len(index) + 1)
    return pd.Series(values, index=index, name=name, dtype=dtype)


def sine_windows(n_samples=60, window_length=6, n_features=1, horizon=1, seed=0):
    """Windows of a noisy sine (feature 0) and the next ``horizon`` values."""
    rng = np.random.RandomState(seed)
    n = n_samples + window_length + horizon
    series = np.sin(np.arange(n) / 3) + 0.1 * rng.randn(n)
    extra = rng.randn(n, n_features - 1)
    data = np.column_stack([series, extra])
    X = np.stack([data[t : t + window_length] for t in range(n_samples)])
    y = np.stack(
        [
            series[t + window_length : t + window_length + horizon]
            for t in range(n_samples)
        ]
    )
    return X, (y[:, 0] if horizon == 1 else y)


def make_panel(lengths=PANEL_LENGTHS, code_values=True):
    """Monthly series of the given lengths, all ending in 2010-12, in one frame
    indexed by (id, month).

    With ``code_values`` each value is 1000 * series number + time step, so a
    value tells which series and which step it comes from.
    """
    frames = []
    for number, (name, length) in enumerate(lengths.items()):
        months = pd.period_range(end="2010-12", periods=length, freq="M")
        if code_values:
            values = 1000.0 * number + np.arange(length)
        else:
            t = np.arange(length)
            values = 10 * (number + 1) + (number + 1) * np.sin(t / 2 + number)
        index = pd.MultiIndex.from_product([[name], months], names=["id", "month"])
        frames.append(pd.DataFrame({"v": values}, index=index))
    return pd.concat(frames)


class LastPlusOne(RegressorMixin, BaseEstimator):
    """Forecasts the last value of the window plus one."""

    def fit(self, X, y):
        self.n_features_in_ = X.shape[-1]
        return self

    def predict(self, X):
        return X[:, -1, 0] + 1.0


class LastCovariate(RegressorMixin, BaseEstimator):
    """Forecasts the value of feature 1 at the last step of the window."""

    def fit(self, X, y):
        self.n_features_in_ = X.shape[-1]
        return self

    def predict(self, X):
        return X[:, -1, 1]
