"""Time indexes: which rows belong to which series, and how time steps follow.

A time index labels rows with dates (DatetimeIndex), periods (PeriodIndex) or
integers. A panel of many series has a MultiIndex whose last level is the
time and whose other levels name the series. Rows are read in the order given
within each series; the helpers here group them, check their order, and tell
the step between consecutive time labels, so that ``label + step`` is the
next label.
"""

import weakref

import numpy as np
import pandas as pd

# What has been told of an index, by its identity: a pandas index is
# immutable (pandas itself caches its monotonicity and uniqueness), so an
# index checked once, or whose step was told, need not be read again when a
# forecast passes it on from step to step. {id: (weak reference, facts)};
# an entry goes when its index does.
_FACTS = {}
_MAX_FACTS = 256


def index_facts(index):
    """The dict of what is known about ``index`` (empty if it cannot be kept)."""
    entry = _FACTS.get(id(index))
    if entry is not None and entry[0]() is index:
        return entry[1]
    if len(_FACTS) >= _MAX_FACTS:
        _FACTS.clear()
    facts = {}
    try:
        reference = weakref.ref(index, lambda _, key=id(index): _FACTS.pop(key, None))
    except TypeError:
        return facts
    _FACTS[id(index)] = (reference, facts)
    return facts


def mark_checked(index):
    """Record that ``index`` passes :func:`check_time_index` (rows kept in order
    from a checked index: each series' last rows, say)."""
    index_facts(index)["checked"] = True


def describe_index(index):
    """``index``'s kind, dtype and first labels, for messages."""
    first = ", ".join(repr(label) for label in list(index[:3]))
    return f"{type(index).__name__} of {index.dtype} ({first}, ...)"


def check_is_time_index(index, name="data"):
    """Raise unless ``index`` (or a panel's last level) labels time steps.

    Raises
    ------
    ValueError
        Naming the index's kind and dtype, and how to convert it.
    """
    if is_panel(index):
        _check_panel_levels(index, name)
    if is_time_index(index):
        return
    times = time_labels(index)
    if pd.api.types.is_float_dtype(times.dtype):
        advice = (
            "Numbers with a fractional part are not read as time: convert whole "
            "numbers such as years with index.astype(int), or to periods with "
            'pd.PeriodIndex(index.astype(int).astype(str), freq="Y").'
        )
    else:
        advice = (
            "Dates read as text need converting (pd.to_datetime(index), or "
            "parse_dates when reading a CSV file)."
        )
    raise ValueError(
        f"The index of {name} must label time steps (dates, periods or "
        f"integers), but it is a {describe_index(times)}. {advice}"
    )


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
    codes, keys = series_codes(index)
    order = np.argsort(codes, kind="stable")
    counts = np.bincount(codes, minlength=len(keys))
    groups = np.split(order, np.cumsum(counts)[:-1])
    return list(zip(keys.tolist(), groups))


def series_codes(index):
    """For a panel's ``index``: each row's series number, and the series' keys.

    Series are numbered in order of first appearance; a missing key (NaN)
    names a series too.
    """
    facts = index_facts(index)
    if "codes" not in facts:
        codes, keys = pd.factorize(index.droplevel(-1), use_na_sentinel=False)
        codes.flags.writeable = False  # shared by the callers of this index
        facts["codes"] = codes, keys
    return facts["codes"]


def check_time_index(index, name="X"):
    """Raise unless the rows of each series are consecutive time steps.

    Rows are read in order as consecutive time steps (within each series of a
    panel): the time labels must be strictly increasing, one regular step
    apart (:func:`time_step`), without a missing step. Indexes that carry no
    time (strings, say) are not checked.

    Raises
    ------
    ValueError
        Naming the first label that is not after the one before it, or the
        first missing time step, with the fix.
    """
    facts = index_facts(index)
    if not facts.get("checked"):
        _check_time_index(index, name)
        facts["checked"] = True  # it raised otherwise


def _check_time_index(index, name):
    if is_panel(index):
        _check_panel_levels(index, name)
    if not is_time_index(index):
        return
    times = time_labels(index)
    step = time_step(index)
    if _all_one_step(index, times, step):
        return  # the usual case, told for all the series at once
    for key, positions in series_positions(index):
        labels = times[positions]
        where = "" if key is None else f" (series {key!r})"
        if not (labels.is_monotonic_increasing and labels.is_unique):
            position = next(
                i for i in range(1, len(labels)) if not labels[i] > labels[i - 1]
            )
            raise ValueError(
                f"The time index of {name}{where} must be strictly increasing "
                f"(rows are read in time order), but row {positions[position]} "
                f"has label {labels[position]} after {labels[position - 1]}. "
                "Sort the data by time and remove duplicate time stamps first "
                "(for example data.sort_index())."
            )
        usual = step
        if usual is None and isinstance(labels, pd.DatetimeIndex) and len(labels) > 2:
            usual = usual_freq(labels)  # no frequency: that of most runs
        gap = _first_gap(labels, usual)
        if gap is not None:
            raise ValueError(_gap_message(name + where, labels, gap, usual))


def _all_one_step(index, times, step):
    """Whether every series' labels are one ``step`` apart, in order, at once.

    Told without a loop over the series for periods, integers and fixed
    steps of dates (hours, days); False where it cannot tell so (the checks
    series by series then name what is wrong).
    """
    if isinstance(times, pd.PeriodIndex):
        values, expected = times.asi8, 1  # as _first_gap counts periods
    elif isinstance(times, pd.DatetimeIndex) and isinstance(step, pd.offsets.Tick):
        # asi8 counts the index's own unit (microseconds, say, in pandas 3)
        unit = getattr(times, "unit", "ns")
        values = times.asi8
        expected = int(pd.Timedelta(step) // pd.Timedelta(1, unit=unit))
    elif step is not None and pd.api.types.is_integer_dtype(times.dtype):
        values, expected = np.asarray(times), step
    else:
        return False
    if is_panel(index):
        codes = series_codes(index)[0]
        order = np.argsort(codes, kind="stable")
        values, codes = values[order], codes[order]
        within = codes[1:] == codes[:-1]
        return bool(np.all((np.diff(values) == expected) | ~within))
    return bool(np.all(np.diff(values) == expected))


def _show(label):
    """A label for messages: dates at midnight without their time."""
    if isinstance(label, pd.Timestamp) and label == label.normalize():
        return str(label.date())
    return str(label)


def usual_freq(dates, n_samples=200):
    """The frequency of most runs of three dates, where pandas infers none.

    A date index with a missing step has no frequency pandas can infer;
    runs of three consecutive dates mostly still do ("ME", "W-SAT", "B"),
    and the most common of theirs is the series' own. None if no run has one.
    """
    one_day = np.timedelta64(1, "D")
    if len(dates) > 5 and (dates.day_of_week < 5).all():
        # Weekdays only, at midnight, some one day apart: business days with
        # holes (weekly dates on a Monday are weekdays too, never a day apart).
        day_apart = (np.diff(dates.to_numpy()) == one_day).any()
        if dates.normalize().equals(dates) and day_apart:
            return pd.offsets.BDay()
    starts = np.unique(np.linspace(0, len(dates) - 3, n_samples).astype(int))
    found = []
    for start in starts:
        try:
            freq = pd.DatetimeIndex(dates[start : start + 3], freq="infer").freq
        except (TypeError, ValueError):
            freq = None
        if freq is not None:
            found.append(freq)
    if not found:
        return None
    return max(set(found), key=found.count)


def _first_gap(labels, step):
    """Position of the first label that is not one ``step`` after the one before.

    With ``step`` None (no regular step could be told), the first spacing
    that differs from the most common one; None if there is no gap.
    """
    if len(labels) < 2:
        return None
    if step is None and isinstance(labels, pd.DatetimeIndex) and len(labels) < 3:
        return None  # too few dates to tell their step
    if step is None:
        spacings = pd.Series(labels[1:] - labels[:-1])
        usual = spacings.mode().iloc[0]
        odd = np.flatnonzero((spacings != usual).to_numpy())
        return int(odd[0]) + 1 if len(odd) else None
    if isinstance(labels, pd.PeriodIndex):
        odd = np.flatnonzero(np.diff(labels.asi8) != 1)
    elif isinstance(labels, pd.DatetimeIndex):
        expected = pd.date_range(labels[0], periods=len(labels), freq=step)
        odd = np.flatnonzero(labels.asi8 != expected.asi8) - 1
    else:
        odd = np.flatnonzero(np.diff(labels.to_numpy()) != step)
    return int(odd[0]) + 1 if len(odd) else None


def _gap_message(name, labels, position, step):
    before, after = _show(labels[position - 1]), _show(labels[position])
    if step is None:
        what = (
            f"its labels are not evenly spaced: {after} follows {before}, "
            "unlike the usual spacing"
        )
    else:
        what = f"time steps are missing between {before} and {after}"
    if isinstance(labels, pd.PeriodIndex):
        example = (
            "data.reindex(pd.period_range(data.index[0], data.index[-1], "
            f'freq="{labels.freqstr}")).interpolate()'
        )
    elif isinstance(labels, pd.DatetimeIndex):
        freq = getattr(step, "freqstr", None) or "D"
        example = f'data.asfreq("{freq}").interpolate()'
    else:
        example = (
            "data.reindex(range(data.index[0], data.index[-1] + 1, "
            f"{step or 'step'})).interpolate()"
        )
    return (
        f"The time index of {name} has a gap: {what}. sklstm reads rows as "
        "consecutive time steps, so a window would join the two sides of the "
        f"gap as neighbours. Fill the missing steps first ({example}), or, if "
        "the rows are consecutive steps by nature (trading days, say), index "
        "them by step number (data.reset_index() keeps the dates as a column)."
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
    is read from the sorted distinct time labels of all its series. Told
    once per index (pandas caches an index's inferred frequency too).
    """
    facts = index_facts(index)
    # A DatetimeIndex's freq can be set after the step was told: the step
    # is kept with the freq it was told for.
    freq = getattr(index, "freq", None)
    if "step" not in facts or facts["step"][0] != freq:
        facts["step"] = freq, _time_step(index)
    return facts["step"][1]


def _time_step(index):
    if not is_time_index(index):
        return None
    if is_panel(index):
        step = _labels_step(time_labels(index).unique().sort_values())
        if step is None:
            # Series that do not cover one unbroken span (a panel of series
            # in different years) leave holes among the pooled labels: the
            # longest series tells the step (check_time_index then holds
            # every series to it).
            codes = series_codes(index)[0]
            longest = np.flatnonzero(codes == np.bincount(codes).argmax())
            step = _labels_step(time_labels(index)[longest])
        return step
    return _labels_step(time_labels(index))


def _labels_step(times):
    """:func:`time_step` of one sequence of time labels."""
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


def steps_between(start, end, step):
    """How many ``step`` s lead from label ``start`` to label ``end``.

    None if ``end`` is not on ``start``'s grid of steps, or before it.
    """
    try:
        if isinstance(start, pd.Period):
            count = end.ordinal - start.ordinal if end.freq == start.freq else None
        elif isinstance(start, pd.Timestamp):
            labels = pd.date_range(start, end, freq=step)
            count = len(labels) - 1 if len(labels) and labels[-1] == end else None
        else:
            count = (end - start) // step if (end - start) % step == 0 else None
    except (TypeError, ValueError, AttributeError):
        return None
    return None if count is None or count < 0 else int(count)


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


def periods_of(ordinals, freq, name=None):
    """A PeriodIndex of ``freq`` from period ordinals (as ``Period.ordinal``)."""
    if hasattr(pd.PeriodIndex, "from_ordinals"):  # pandas >= 2.2
        return pd.PeriodIndex.from_ordinals(ordinals, freq=freq, name=name)
    return pd.PeriodIndex(ordinal=ordinals, freq=freq, name=name)


def future_labels(index, horizon, step):
    """The ``horizon`` time labels after the last one of ``index``.

    ``step`` is the time step of all the data (:func:`time_step`), never of
    the few rows left in ``index``, so the dates do not depend on how many
    rows a model reads.

    Raises
    ------
    ValueError
        If ``step`` is None: the data has no regular time step.
    """
    if step is None:
        raise ValueError(
            "The time labels after the data cannot be told: its index needs a "
            "regular time step (a PeriodIndex, a DatetimeIndex with a frequency "
            "that is set or can be inferred from at least 3 dates, or evenly "
            f"spaced integers); got {describe_index(time_labels(index))}."
        )
    times = time_labels(index)
    last = times[-1]
    if isinstance(times, pd.PeriodIndex):  # last + k (a step of periods is 1)
        ordinals = last.ordinal + np.arange(1, horizon + 1)
        return periods_of(ordinals, times.freq, times.name)
    labels = [last + step * k for k in range(1, horizon + 1)]
    if isinstance(times, pd.DatetimeIndex):
        return pd.DatetimeIndex(labels, freq=step, name=times.name)
    return pd.Index(labels, name=times.name)
