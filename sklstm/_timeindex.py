"""Time indexes: which rows belong to which series, and how time steps follow.

A time index labels rows with dates (DatetimeIndex), periods (PeriodIndex) or
integers. A panel of many series has a MultiIndex whose last level is the
time and whose other levels name the series. Rows are read in the order given
within each series; the helpers here group them, check their order, and tell
the step between consecutive time labels, so that ``label + step`` is the
next label.
"""

import numpy as np
import pandas as pd


def is_panel(index):
    """Whether ``index`` is a MultiIndex (series levels..., time)."""
    return isinstance(index, pd.MultiIndex)


def time_labels(index):
    """The time labels of ``index``: its last level for a panel."""
    return index.get_level_values(-1) if is_panel(index) else index


def is_time_index(index):
    """Whether ``index`` (or a panel's last level) labels time steps."""
    if index is None:
        return False
    times = time_labels(index)
    return isinstance(times, (pd.DatetimeIndex, pd.PeriodIndex)) or (
        pd.api.types.is_integer_dtype(times.dtype)
    )


def series_positions(index):
    """Row positions of each series, as ``[(key, positions), ...]``.

    One series (key None, every row) unless ``index`` is a panel; then one
    entry per series, in order of first appearance, positions in row order.
    """
    if not is_panel(index):
        n_rows = 0 if index is None else len(index)
        return [(None, np.arange(n_rows))]
    keys = index.droplevel(-1)
    levels = list(range(keys.nlevels)) if keys.nlevels > 1 else 0
    groups = pd.Series(np.arange(len(index)), index=keys).groupby(
        level=levels,
        sort=False,
        dropna=False,  # a missing key names a series too
    )
    return [(key, positions.to_numpy()) for key, positions in groups]


def check_time_index(index, name="X"):
    """Raise if the time labels of a series are not strictly increasing.

    Rows are read in order as consecutive time steps (within each series of a
    panel). Indexes that carry no time (strings, say) are not checked.

    Raises
    ------
    ValueError
        Naming the first label that is not after the one before it.
    """
    if is_panel(index):
        _check_panel_levels(index, name)
    if not is_time_index(index):
        return
    times = time_labels(index)
    for key, positions in series_positions(index):
        labels = times[positions]
        if labels.is_monotonic_increasing and labels.is_unique:
            continue
        position = next(
            i for i in range(1, len(labels)) if not labels[i] > labels[i - 1]
        )
        where = "" if key is None else f" (series {key!r})"
        raise ValueError(
            f"The time index of {name}{where} must be strictly increasing (rows "
            f"are read in time order), but row {positions[position]} has label "
            f"{labels[position]} after {labels[position - 1]}. Sort the data "
            "by time and remove duplicate time stamps first (for example "
            "data.sort_index())."
        )


def _check_panel_levels(index, name):
    """Raise unless a panel's last level, and only it, holds the time."""
    kinds = [type(level).__name__ for level in index.levels]
    dated = [
        isinstance(level, (pd.DatetimeIndex, pd.PeriodIndex)) for level in index.levels
    ]
    if is_time_index(index) and not any(dated[:-1]):
        return
    levels = ", ".join(
        f"{level_name!r}: {kind}" for level_name, kind in zip(index.names, kinds)
    )
    if any(dated[:-1]):
        advice = (
            f"Put the time last, e.g. with {name}.reorder_levels([...]) or "
            "swaplevel(), then sort_index()."
        )
    else:
        advice = (
            "The last level holds no dates, periods or integers: convert it, "
            "for example with index.set_levels(pd.to_datetime(...), level=-1) or "
            "pd.PeriodIndex(..., freq=...) (dates read as text need "
            "parse_dates), and make sure it is the time level."
        )
    raise ValueError(
        f"The MultiIndex of {name} is read as a panel: levels naming the series, "
        "then the time as the last level (dates, periods or integers). Its levels "
        f"are ({levels}). {advice}"
    )


def time_step(index):
    """The step between consecutive time labels, or None if it cannot be told.

    1 for periods, the frequency (set, or inferred from at least 3 regular
    labels) for dates, the constant difference for integers. For a panel, it
    is read from the sorted distinct time labels of all its series.
    """
    if not is_time_index(index):
        return None
    times = time_labels(index)
    if is_panel(index):
        times = times.unique().sort_values()
    if isinstance(times, pd.PeriodIndex):
        return 1
    if isinstance(times, pd.RangeIndex):
        return times.step
    if isinstance(times, pd.DatetimeIndex):
        if times.freq is None and len(times) >= 3:
            return pd.DatetimeIndex(times, freq="infer").freq
        return times.freq
    steps = np.diff(times.to_numpy())
    if len(steps) and (steps == steps[0]).all():
        return int(steps[0])
    return None


def contiguous_tail(labels, step, n_rows):
    """How many of the last ``n_rows`` labels run one ``step`` apart to the end."""
    count = min(n_rows, len(labels))
    for back in range(1, count):
        if labels[len(labels) - 1 - back] != labels[-1] - back * step:
            return back
    return count


def follows(labels, last, step):
    """Whether ``labels`` start one ``step`` after ``last``, one step apart."""
    if not len(labels):
        return False
    try:
        first = last + step
        return bool(
            labels[0] == first and (len(labels) < 2 or labels[1] == first + step)
        )
    except (TypeError, ValueError):  # labels of another kind than ``last``
        return False


def future_labels(index, horizon, step=None):
    """The ``horizon`` time labels after the last one of ``index``.

    ``step`` defaults to :func:`time_step` of ``index``.

    Raises
    ------
    ValueError
        If there is no time step (none given, and none can be told).
    """
    if step is None:
        step = time_step(index)
    if step is None:
        raise ValueError(
            "The time labels after the data cannot be told: its index needs a "
            "regular time step (a PeriodIndex, a DatetimeIndex with a frequency "
            f"that is set or can be inferred, or evenly spaced integers); got "
            f"{type(time_labels(index)).__name__}."
        )
    last = time_labels(index)[-1]
    labels = [last + step * k for k in range(1, horizon + 1)]
    times = time_labels(index)
    if isinstance(times, pd.PeriodIndex):
        return pd.PeriodIndex(labels, freq=times.freq, name=times.name)
    if isinstance(times, pd.DatetimeIndex):
        return pd.DatetimeIndex(labels, freq=step, name=times.name)
    return pd.Index(labels, name=times.name)
