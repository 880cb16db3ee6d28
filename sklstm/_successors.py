"""The target map and the series of a panel, told from consecutive windows.

A window's ``y`` is the next value of its target feature, up to an affine
map (a pipeline scales X but not y): :func:`fit_target_map` reads that map
exactly from pairs of consecutive windows (:func:`successors`), and refuses
a ``y`` in other units (a log target, a moved target column). The same
pairs chain a panel's windows into its series (:func:`series_means`), in
whatever order the rows come. Used by ``_scaling.py``.
"""

import numpy as np

# y is read as an affine map of the target feature's next value when the
# residuals of that map leave less than this fraction of y's variance.
_AFFINE = 1e-6


def series_means(windows, values):
    """``values`` averaged over each series' windows, one per window.

    A series is a chain of windows, each one step after another
    (:func:`successors`); a window that follows none and is followed by none
    is a series of its own.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(windows)
    if n == 0:
        return np.asarray(values, dtype=np.float64)
    before, after = successors(windows)
    graph = coo_matrix((np.ones(len(before)), (before, after)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    sums = np.bincount(labels, weights=values)
    counts = np.bincount(labels)
    return (sums / counts)[labels]


def successors(windows):
    """Pairs ``(i, j)`` of rows where window ``j`` is window ``i`` one step later.

    Window ``j`` follows ``i`` when its first ``w - 1`` steps are ``i``'s last
    ``w - 1``, as :class:`SlidingWindow` writes consecutive windows, in any
    row order (a panel's rows are in time order, its series interleaved).
    Steps shared by several windows (a stretch of zeros) match none. Returns
    two int arrays, empty for windows of one step.
    """
    n = len(windows)
    if windows.shape[1] < 2 or n < 2:
        return np.empty(0, int), np.empty(0, int)
    heads = np.ascontiguousarray(windows[:, :-1]).reshape(n, -1)
    tails = np.ascontiguousarray(windows[:, 1:]).reshape(n, -1)
    first = {}
    for row, key in enumerate(map(bytes, heads)):
        first[key] = -1 if key in first else row
    before, after = [], []
    for row, key in enumerate(map(bytes, tails)):
        following = first.get(key, -1)
        if following >= 0:
            before.append(row)
            after.append(following)
    return np.asarray(before, int), np.asarray(after, int)


def fit_target_map(windows, targets, target_feature, check=True):
    """The affine map ``(a, b)`` from the target feature's units to ``y``'s.

    ``y`` of a window is the next value of the target feature, up to that
    map (a pipeline scales X but not y): told exactly, by least squares, from
    pairs of consecutive windows (:func:`successors`). Where there are none
    to tell it from, or ``y`` is a variable of its own, the map matches the
    mean and standard deviation of ``y``'s first column to those of each
    window's last value of the target feature: window scales in units close
    to ``y``'s, which training then learns to forecast from.

    Raises
    ------
    ValueError
        If consecutive windows show that ``y`` is the target feature's
        value at each window's own step (``fit(series, series)``: a leak,
        told for windows of two steps or more). With ``check``, if consecutive
        windows show that ``y`` is the next value of another feature (a
        ``ColumnTransformer`` moved the target), or a non-linear transform
        of the target feature's (a log ``y`` beside raw windows).
    """
    y = targets[:, 0].astype(np.float64)
    before, after = successors(windows[:20000])
    if len(before) >= 3 and len(np.unique(y[before])) >= 3:
        following = np.asarray(windows[after, -1, :], dtype=np.float64)
        exact = _affine_fit(following[:, target_feature], y[before])
        if exact is not None:
            return exact
        # Windows of a series (they chain) whose y is not the next value:
        # is it the current one? With any normalization: a leak, not units.
        _check_not_current(np.asarray(windows[:, -1, target_feature], float), y)
        if check:
            _check_other_units(following, y[before], target_feature)
    last = np.asarray(windows[:, -1, target_feature], dtype=np.float64)
    known = ~np.isnan(last)
    last, y = last[known], y[known]
    if len(last) == 0 or np.std(last) == 0:
        return 1.0, float(np.mean(y) - np.mean(last)) if len(last) else 0.0
    with np.errstate(over="ignore", invalid="ignore"):  # y too large: refused later
        scale = np.std(y) / np.std(last)
        if np.mean((last - last.mean()) * (y - y.mean())) < 0:
            scale = -scale
    if scale == 0:
        scale = 1.0
    return float(scale), float(np.mean(y) - scale * np.mean(last))


def _affine_fit(x, y):
    """``(a, b)`` with ``y == a * x + b`` to rounding, or None."""
    with np.errstate(over="ignore", invalid="ignore"):  # too large: told below
        return _affine_fit_finite(x, y)


def _affine_fit_finite(x, y):
    if not np.isfinite(x).all() or np.var(x) == 0:
        return None
    x_mean, y_mean = x.mean(), y.mean()
    covariance = np.mean((x - x_mean) * (y - y_mean))
    y_var = np.var(y)
    if y_var == 0 or not np.isfinite(y_var):  # constant, or squares overflow
        return None
    if 1 - covariance**2 / (np.var(x) * y_var) >= _AFFINE:
        return None
    scale = covariance / np.var(x)
    bias = y_mean - scale * x_mean
    # An intercept within rounding of 0 is 0 (a scaler's minimum of 0).
    if abs(bias) <= 1e-9 * abs(scale) * np.ptp(x):
        bias = 0.0
    return float(scale), float(bias)


def _check_not_current(last, y):
    """Raise if ``y`` is the target feature's value at the window's own step.

    ``fit(series, series)`` without :func:`make_supervised` gives ``y[t] ==
    X[t]``: a model trained on it copies the last value of its window, and
    its forecasts of ``t + 1`` are ``t``'s.
    """
    known = np.isfinite(last)
    if known.sum() < 3 or _affine_fit(last[known], y[known]) is None:
        return
    raise ValueError(
        "y is the target's value at the same time step as each row of X (y[t] "
        "== X[t], up to the scaling of X), not at the next one: a model fitted "
        "on it learns to copy the last value of its window, and forecasts "
        "nothing. Build X and y with sklstm.make_supervised(series), whose y[t] "
        "is the value at t+1: model.fit(*make_supervised(series))."
    )


def _check_other_units(following, y, target_feature):
    """Raise if ``y`` is the next value of another feature, or a transform of it."""
    matches = [
        k
        for k in range(following.shape[1])
        if k != target_feature and _affine_fit(following[:, k], y) is not None
    ]
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


def _is_smooth_function(x, y, degree=15):
    """Whether ``y`` is a smooth function of ``x`` (a log, say), to rounding.

    A Chebyshev polynomial of ``degree`` fits a log or Box-Cox transform of
    positive values to far below ``_AFFINE``; a variable of its own, or the
    next value plus noise, leaves residuals well above it.
    """
    if len(x) < 2 * degree or np.var(x) == 0 or np.var(y) == 0:
        return False
    if not np.isfinite(x).all():
        return False
    fit = np.polynomial.Chebyshev.fit(x, y, degree)
    return np.var(y - fit(x)) / np.var(y) < _AFFINE
