"""Scaling inside LSTMForecaster: every window in units of its own, in float64.

The scaling story, outermost first (``docs/architecture.rst`` tells it whole):

1. the pipeline's :class:`MinMaxScaler`: the user's choice; an affine map
   per feature, which stages 2 and 3 undo exactly, so that it does not
   change the forecasts (it is there for estimators that need scaled input,
   and for ``normalization=None``);
2. the target map (``_successors.fit_target_map``): ``y = a * x + b``,
   the affine map from the target feature of the windows (``x``) to ``y``'s
   units, which differ in a pipeline (it scales X but not y); read exactly
   from consecutive windows, so that stage 3 works in ``y``'s own units;
3. the window scales (:func:`normalize`): each window is normalised by its
   own mean and spread per feature, in float64, before anything is cast to
   float32; the targets are written as ``(y - location) / unit`` of their
   own window, the network forecasts in those units, and the forecast is
   ``location + unit * output``; ``loss_scaling`` chooses the unit, which
   weighs the loss and nothing else.

Scaling one series by ``c > 0`` scales its locations, spreads, levels and
units by ``c`` and leaves its normalised windows and targets, and every other
series', as they were: the network trains on the same numbers, and the
forecasts are equivariant by construction. ``normalization=None`` replaces
stage 3 by a global standardisation (:func:`fit_scaler`,
:func:`standardize`), which is not.
"""

from collections import namedtuple

import numpy as np
from sklearn.preprocessing import StandardScaler

from ._net import CHUNK_VALUES, WindowDataset
from ._successors import series_means

# Times the square of a window's mean, added to its variance: a flat window
# (a series that did not move) divides by sqrt(EPS), 3 %, of its level rather
# than by zero, and a quiet one is not blown up. Relative to the window's own
# level, hence scale-free. 1e-3 was chosen on the tourism panel's validation
# split (window 24: MASE 1.80 against 1.84 with 1e-5), and was no worse on
# the airline series and the mixed-scale panel.
EPS = 1e-3

#: Per-window statistics of the target, in y's units, each of shape (n,):
#: ``location`` (the mean over the real steps), ``spread`` (the standard
#: deviation, with ``EPS``), ``level`` (the mean absolute value).
WindowScales = namedtuple("WindowScales", ["location", "spread", "level"])


def _chunks(windows):
    """Slices of rows of ``windows`` holding about ``CHUNK_VALUES`` values."""
    rows = max(1, CHUNK_VALUES // max(1, windows[0].size if len(windows) else 1))
    return [slice(start, start + rows) for start in range(0, len(windows), rows)]


def _moments(windows):
    """Mean, variance and mean absolute value of each window's features.

    Over the real steps (padding is all-NaN), float64, each ``(n, 1, f)``.
    """
    values = np.asarray(windows, dtype=np.float64)
    missing = np.isnan(values)
    if not missing.any():  # no padding: the same sums, fewer steps
        n_steps = values.shape[1]
        mean = np.add.reduce(values, axis=1, keepdims=True) / n_steps
        centred = values - mean
        variance = np.add.reduce(centred * centred, axis=1, keepdims=True) / n_steps
        level = np.add.reduce(np.abs(values), axis=1, keepdims=True) / n_steps
        return mean, variance, level
    observed = ~missing.all(axis=2, keepdims=True)
    count = np.maximum(observed.sum(axis=1, keepdims=True), 1)
    values = np.where(observed, values, 0.0)
    mean = values.sum(axis=1, keepdims=True) / count
    centred = np.where(observed, values - mean, 0.0)
    variance = np.square(centred).sum(axis=1, keepdims=True) / count
    level = np.abs(values).sum(axis=1, keepdims=True) / count
    return mean, variance, level


def _spread(mean, variance):
    """The standard deviation with ``EPS``: 0 only where a window is 0 throughout."""
    return np.sqrt(variance + EPS * np.square(mean))


def _in_target_units(values, target_map):
    """``a * values + b``, float64, with the map's rounding around 0 made 0.

    A pipeline's scaler writes a series' zeros as ``(0 - min) / range``;
    mapped back they come out as about 1e-16 times ``min``, not 0, which
    would make a window of zeros look like a flat window of tiny values.
    """
    scale, bias = target_map
    scaled = scale * np.asarray(values, dtype=np.float64)
    mapped = scaled + bias
    rounding = 16 * np.finfo(np.float64).eps * (np.abs(scaled) + abs(bias))
    return np.where(np.abs(mapped) <= rounding, 0.0, mapped)


def normalize(windows, target_map, target_feature):
    """The windows the network reads, and their target's :data:`WindowScales`.

    Each window is normalised by its own mean and spread per feature, in
    float64, the target feature in ``y``'s units (through ``target_map``),
    then cast to float32; leading padding stays NaN. A chunk at a time:
    ``windows`` may be a view of overlapping rows (from
    :class:`SlidingWindow`), which a float64 copy would multiply.
    """
    chunks = _chunks(windows)
    if len(chunks) == 1:  # the usual forecast: nothing to gather
        return _normalize_chunk(windows, target_map, target_feature)
    scaled = np.empty(windows.shape, dtype=np.float32)
    parts = []
    for rows in chunks:
        scaled[rows], part = _normalize_chunk(windows[rows], target_map, target_feature)
        parts.append(part)
    if not parts:
        empty = np.empty(0)
        return scaled, WindowScales(empty, empty, empty)
    location, spread, level = (np.concatenate(part) for part in zip(*parts))
    return scaled, WindowScales(location, spread, level)


def _normalize_chunk(windows, target_map, target_feature):
    """:func:`normalize` of rows that fit in one float64 copy."""
    chunk = np.array(windows, dtype=np.float64)
    feature = slice(target_feature, target_feature + 1)
    chunk[:, :, feature] = _in_target_units(chunk[:, :, feature], target_map)
    mean, variance, level = _moments(chunk)
    spread = _spread(mean, variance)
    # A feature at 0 throughout stays 0 (a flag that is off).
    scaled = ((chunk - mean) / np.where(spread > 0, spread, 1.0)).astype(np.float32)
    return scaled, WindowScales(
        mean[:, 0, target_feature],
        spread[:, 0, target_feature],
        level[:, 0, target_feature],
    )


def fit_scaler(windows):
    """A StandardScaler fitted per feature on all the steps of ``windows``."""
    scaler = StandardScaler().set_output(transform="default")
    with np.errstate(over="ignore", invalid="ignore"):
        for rows in _chunks(windows):
            scaler.partial_fit(windows[rows].reshape(-1, windows.shape[2]))
    return scaler


def fit_target_scaler(targets):
    """A StandardScaler fitted on all the targets as one column, or raise.

    Its mean and scale are the location and spread of every window under
    ``normalization=None``, and the unit with ``loss_scaling=None``.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        scaler = StandardScaler().set_output(transform="default")
        scaler.fit(np.asarray(targets, dtype=np.float64).reshape(-1, 1))
    if not (np.isfinite(scaler.mean_).all() and np.isfinite(scaler.var_).all()):
        raise ValueError(
            "y holds values too large to scale (their squares overflow "
            "float64, from about 1e154): rescale y first."
        )
    return scaler


# Values whose squares (the variance of a window) overflow float64.
_TOO_LARGE = 1e150


def check_magnitude(windows):
    """Raise if a window holds values too large to scale, naming the first."""
    kind = np.asarray(windows[:0]).dtype
    if kind.kind in "iub" or (
        kind.kind == "f" and float(np.finfo(kind).max) < _TOO_LARGE
    ):
        return  # float16, float32 and integers cannot hold such values
    for rows in _chunks(windows):
        large = np.abs(windows[rows]) > _TOO_LARGE  # NaN compares False
        if large.any():
            window, step, feature = np.argwhere(large)[0].tolist()
            value = float(windows[rows][window, step, feature])
            raise ValueError(
                f"X holds values too large to scale: window {rows.start + window}, "
                f"step {step}, feature {feature} is {value:.6g}, and the squares "
                "of values above 1e150 overflow float64. Rescale X first."
            )


def scaled_inputs(params, windows, target_map, x_scaler, y_scaler, training=False):
    """What the network reads of ``windows``, and how to map its output back.

    ``params`` holds the forecaster's ``normalization``, ``target_feature``
    and ``loss_scaling`` (as fitted, :func:`~sklstm._params.network_params`).

    Returns the float32 windows the module reads; the float32 ``scales``
    ``(n, 3)`` it weighs its outputs by (the window's spread, level and
    location, in units of the window's ``unit``); and ``location`` and ``unit``, float64
    ``(n, 1)``: the forecast is ``location + unit * output``. With
    ``normalization="window"`` (the default) the windows, locations,
    spreads and levels are each window's own (:func:`normalize`); with None,
    the windows are standardised globally and the location and spread are
    those of the training targets. The unit weighs each window's error in
    the loss, and only there (``location + unit * output`` does not depend
    on it): with ``training``, by ``loss_scaling`` (the mean spread of the
    window's series, :func:`series_means`; the window's own spread; or the
    global spread of the targets); otherwise the window's own spread. A
    window of zeros has no scale: its unit is 1, its scales 0, so that it
    forecasts 0 (its location) and weighs nothing in the loss.

    Raises
    ------
    ValueError
        If a window holds values too large to scale (:func:`check_magnitude`).
    """
    check_magnitude(windows)
    inputs, own = normalize(windows, target_map, params["target_feature"])
    n = len(windows)
    location, spread, level = own
    if params["normalization"] is None:
        inputs = standardize(x_scaler, windows)
        location = np.full(n, float(y_scaler.mean_[0]))
        spread = np.full(n, float(y_scaler.scale_[0]))
        level = np.zeros(n)
    if not training or params["loss_scaling"] == "window":
        unit = own.spread
    elif params["loss_scaling"] == "series":
        unit = series_means(windows, own.spread)
    else:
        unit = np.full(n, float(y_scaler.scale_[0]))
    scale_free = unit > 0
    unit = np.where(scale_free, unit, 1.0)[:, np.newaxis]
    scales = np.stack([spread, level, location], axis=1) / unit
    scales[~scale_free] = 0.0
    return inputs, scales.astype(np.float32), location[:, np.newaxis], unit


def initial_location_weight(dataset):
    """Least-squares start of the module's ``location_weight``, one per output.

    With several outputs (a direct forecast of ``h`` steps), the targets (in
    window units, around the window's mean) regressed on the window's mean,
    through the origin: the growth of a trending series over the horizon in
    proportion to its level, which training refines. With one output, 0:
    the next value's offset from the window's mean is mostly the season,
    and the least-squares start did worse there (airline, window 12: one
    step tuned 3.35 % against 2.87 % MAPE, recursive 24 months 3.41 %
    against 3.11 %), where over 24 direct outputs it did better (3.08 %
    against 5.24 %).
    """
    targets = dataset.y.double().numpy()
    if targets.shape[1] == 1:
        return 0.0
    level = dataset.scales[:, 2].double().numpy()
    total = level @ level
    if total <= 0:
        return 0.0
    return (level @ targets / total).tolist()


def training_dataset(params, windows, targets, fitted):
    """A :class:`~sklstm._net.WindowDataset` of windows and targets as trained on.

    The targets in units of their own window, ``(y - location) / unit``
    (:func:`scaled_inputs`, ``fitted`` its target map and scalers), as
    float32; 0 for windows without a scale, which weigh nothing.
    """
    inputs, scales, location, unit = scaled_inputs(
        params, windows, *fitted, training=True
    )
    scaled = (targets - location) / unit
    scaled[~scales.any(axis=1)] = 0.0
    return WindowDataset(inputs, scaled.astype(np.float32), scales)


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
