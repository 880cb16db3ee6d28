"""Scaling inside LSTMForecaster: windows and targets to and from standard units.

The scaling story, outermost first (``docs/architecture.rst`` tells it whole):

1. the pipeline's :class:`MinMaxScaler` (the user's choice; under window
   normalisation it does not change the forecast, see the user guide);
2. :func:`fit_scaler` / :func:`standardize`: the windows in float32 standard
   units, so that the module's numbers (its ``eps``, float32 precision) do not
   depend on the data's units;
3. window normalisation, inside the module (:class:`~sklstm._module.LSTMModule`;
   with covariates, its additive head's output is added after the mapping
   back, unscaled by the window's spread);
4. the module's output map from the target feature's units to ``y``'s,
   started by :func:`initial_output_map`;
5. ``y`` standardised, so that the loss (and ``tol``) is in standard units.
"""

import numpy as np
from sklearn.preprocessing import StandardScaler

from ._net import CHUNK_VALUES


def _chunks(windows):
    """Slices of rows of ``windows`` holding about ``CHUNK_VALUES`` values."""
    rows = max(1, CHUNK_VALUES // max(1, windows[0].size if len(windows) else 1))
    return [slice(start, start + rows) for start in range(0, len(windows), rows)]


def fit_scaler(windows):
    """A StandardScaler fitted per feature on all the steps of ``windows``."""
    scaler = StandardScaler().set_output(transform="default")
    with np.errstate(over="ignore", invalid="ignore"):
        for rows in _chunks(windows):
            scaler.partial_fit(windows[rows].reshape(-1, windows.shape[2]))
    return scaler


def fit_target_scaler(targets):
    """A StandardScaler fitted on the targets, one column per output."""
    with np.errstate(over="ignore", invalid="ignore"):
        return StandardScaler().set_output(transform="default").fit(targets)


def check_scalers(x_scaler, y_scaler):
    """Raise if either scaler's statistics overflowed."""
    for scaler, what in [(x_scaler, "X"), (y_scaler, "y")]:
        if not (np.isfinite(scaler.mean_).all() and np.isfinite(scaler.var_).all()):
            raise ValueError(
                f"{what} holds values too large to standardise (their squares "
                f"overflow float64, from about 1e154): rescale {what} first."
            )


def standardize(scaler, windows):
    """Windows scaled by a fitted StandardScaler, as one new float32 array.

    Read a chunk at a time: ``windows`` may be a view of overlapping rows
    (from :class:`SlidingWindow`), which a reshape would copy whole.
    """
    scaled = np.empty(windows.shape, dtype=np.float32)
    with np.errstate(over="ignore", invalid="ignore"):
        for rows in _chunks(windows):
            scaled[rows] = (windows[rows] - scaler.mean_) / scaler.scale_
            overflow = np.isnan(scaled[rows]) & ~np.isnan(windows[rows])
            overflow |= np.isinf(scaled[rows])
            if overflow.any():
                window, step, feature = np.argwhere(overflow)[0].tolist()
                raise ValueError(
                    f"Window {rows.start + window}, step {step}, feature {feature} "
                    f"holds {windows[rows][window, step, feature]!r}, too large to "
                    "standardise in float32 with the statistics of the training "
                    "data. Rescale the data (for example with MinMaxScaler) first."
                )
    return scaled


def initial_output_map(windows, targets, window_norm, target_feature):
    """Least-squares start for the map from the target feature to y's units.

    Regresses each (standardised) target column on the last value of the
    target feature, which window normalisation predicts around. Training
    refines the map.
    """
    if not window_norm:
        return 1.0, 0.0
    last = windows[:, -1, target_feature].astype(np.float64)
    centred = last - last.mean()
    variance = centred @ centred
    if variance <= 1e-12 * len(last):
        scale = np.ones(targets.shape[1])
    else:
        scale = centred @ (targets - targets.mean(axis=0)) / variance
    bias = targets.mean(axis=0) - scale * last.mean()
    return scale.tolist(), bias.tolist()


# y is read as an affine map of the target feature's next value when the
# residuals of that map leave less than this fraction of y's variance.
_AFFINE = 1e-6


def check_target_units(windows, targets, target_feature):
    """Raise if ``y`` is not in the target feature's units, up to an affine map.

    The output map of window normalisation is affine, from the target
    feature's units to ``y``'s; a pipeline scales X but not y, which such a
    map undoes. A log or Box-Cox ``y`` (``TransformedTargetRegressor``) next
    to windows of raw values, or a target moved to another column (a
    ``ColumnTransformer``), is not: the forecasts would be far off, silently.
    Told from consecutive windows (each one step after the one before, as
    :class:`SlidingWindow` writes them), comparing ``y`` of a window with the
    next window's last value; windows that are not consecutive are not
    checked, nor are ``y`` that match no feature (a target of its own).
    """
    if windows.shape[1] < 2 or len(windows) < 4:
        return
    sample = windows[:2000]
    before, after = sample[:-1, 1:], sample[1:, :-1]
    same = (before == after) | (np.isnan(before) & np.isnan(after))
    pairs = np.flatnonzero(same.all(axis=(1, 2)))
    if len(pairs) < 3:
        return
    following = sample[pairs + 1, -1, :]
    y = targets[pairs, 0]
    if len(np.unique(y)) < 3:
        return  # any two values are an affine map of any two others
    if _is_affine(following[:, target_feature], y):
        return
    matches = [k for k in range(following.shape[1]) if _is_affine(following[:, k], y)]
    if matches:
        raise ValueError(
            f"y is the next value of feature {matches[0]} of the windows, not of "
            f"target_feature={target_feature}: the columns may have been "
            "reordered (a ColumnTransformer puts the columns it transforms "
            f"first). Set target_feature={matches[0]} "
            f"(lstmforecaster__target_feature={matches[0]} in a pipeline), or "
            "keep the target first."
        )
    if _is_smooth_function(following[:, target_feature], y):
        raise ValueError(
            "y is a non-linear transform of the target's own values (its log or "
            "Box-Cox, say, as TransformedTargetRegressor makes it), but the "
            "windows hold the values themselves: the forecast, mapped back "
            "affinely from the windows' units, would be far off. Transform the "
            "series before make_supervised (X, y = make_supervised(np.log(series))"
            " and np.exp of the forecasts), or transform X's target column too "
            "inside the pipeline: TransformedTargetRegressor(make_pipeline("
            "FunctionTransformer(np.log, np.exp), MinMaxScaler(), "
            "SlidingWindow(), LSTMForecaster()), func=np.log, inverse_func=np.exp)."
            " If y is a variable of its own that only moves with the target, "
            "put its history in the windows and name it with target_feature."
        )


def _is_affine(x, y):
    """Whether ``y`` is ``a * x + b`` for some a, b, to rounding."""
    y_var = np.var(y)
    if y_var == 0:
        return True
    x_var = np.var(x)
    if x_var == 0 or not np.isfinite(x).all():
        return False
    covariance = np.mean((x - x.mean()) * (y - y.mean()))
    return 1 - covariance**2 / (x_var * y_var) < _AFFINE


def _is_smooth_function(x, y, degree=15):
    """Whether ``y`` is a smooth function of ``x`` (a log, say), to rounding.

    A Chebyshev polynomial of ``degree`` fits a log or Box-Cox transform of
    positive values to far below ``_AFFINE``; a variable of its own, or the
    next value plus noise, leaves residuals well above it.
    """
    if len(x) < 2 * degree or np.var(x) == 0 or np.var(y) == 0:
        return False
    fit = np.polynomial.Chebyshev.fit(x, y, degree)
    return np.var(y - fit(x)) / np.var(y) < _AFFINE
