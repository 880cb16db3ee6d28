"""The windows of a panel's rows, built for all its series at once.

:class:`~sklstm.SlidingWindow` builds a series' windows from its rows after
its padding and the rows it remembers of the series (when the rows continue
it). Series by series, that costs a few Python calls per series, which on a
panel of 10,000 series is most of a forecast; :func:`panel_windows` builds
the same windows with a few array operations for all of them.
"""

import warnings
import weakref
from typing import NamedTuple

import numpy as np
import pandas as pd

from ._timeindex import index_facts, is_panel, series_codes, time_labels

# {window: {kind: (last_rows_, last_rows_index_, value)}}: what is derived
# from a fitted window's remembered rows, see remembered(); an entry goes
# with its window.
_REMEMBERED = weakref.WeakKeyDictionary()


def remembered(window, kind, derive):
    """``derive(window)``, kept for the window until its remembered rows change.

    A forecast in service reads what a fitted window remembers on every
    call; ``partial_fit`` replaces ``last_rows_`` and ``last_rows_index_``,
    which then derive anew. Kept beside the window, not in its ``__dict__``,
    which ``transform`` leaves as it was.
    """
    kept = _REMEMBERED.setdefault(window, {})
    entry = kept.get(kind)
    if (
        entry is None
        or entry[0] is not window.last_rows_
        or entry[1] is not window.last_rows_index_
    ):
        entry = kept[kind] = (
            window.last_rows_,
            window.last_rows_index_,
            derive(window),
        )
    return entry[2]


class FittedHistory(NamedTuple):
    """What a fitted window remembers of each series, as arrays.

    ``keys`` (an Index of the series keys), ``last`` (each series' last
    fitted time label), ``rows`` of shape ``(n_series, window_length - 1,
    n_features)``: the remembered rows, right-aligned (NaN before them), and
    ``lengths``, how many rows each series has there.
    """

    keys: pd.Index
    last: pd.Index
    rows: np.ndarray
    lengths: np.ndarray


class Layout(NamedTuple):
    """A panel's rows by series: ``codes`` (each row's series), the series'
    ``keys``, the rows in series order (``order``, stable), and each series'
    first position in that order (``starts``) and number of rows (``counts``).
    """

    codes: np.ndarray
    keys: pd.Index
    order: np.ndarray
    starts: np.ndarray
    counts: np.ndarray


def layout(index):
    """The :class:`Layout` of a panel's ``index`` (told once per index)."""
    facts = index_facts(index)
    if "layout" not in facts:
        codes, keys = series_codes(index)
        order = np.argsort(codes, kind="stable")
        counts = np.bincount(codes, minlength=len(keys))
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(int)
        for array in (order, counts, starts):
            array.flags.writeable = False  # shared by the callers of this index
        facts["layout"] = Layout(codes, keys, order, starts, counts)
    return facts["layout"]


def offsets(panel):
    """Each row's position within its series (0 for its first row), by row."""
    within = np.empty(len(panel.codes), dtype=int)
    within[panel.order] = np.arange(len(panel.codes)) - np.repeat(
        panel.starts, panel.counts
    )
    return within


def fitted_history(window):
    """The :class:`FittedHistory` of a fitted window, or None for one series.

    Derived once from its remembered rows (:func:`remembered`).
    """
    return remembered(window, "panel", _fitted_history)


def _fitted_history(window):
    index = window.last_rows_index_
    history = None
    if index is not None and is_panel(index) and len(index):
        panel = layout(index)
        n_prefix = window.window_length - 1
        lengths = np.minimum(panel.counts, n_prefix)
        rows = np.full(
            (len(panel.keys), n_prefix, window.last_rows_.shape[1]),
            np.nan,
            dtype=window.last_rows_.dtype,
        )
        from_end = (
            np.repeat(panel.counts, panel.counts) - 1 - offsets(panel)[panel.order]
        )
        kept = from_end < n_prefix
        series = panel.codes[panel.order][kept]
        rows[series, n_prefix - 1 - from_end[kept]] = window.last_rows_[
            panel.order[kept]
        ]
        last = time_labels(index)[panel.order[panel.starts + panel.counts - 1]]
        history = FittedHistory(panel.keys, last, rows, lengths)
    return history


def panel_windows(window, values, index, rows=None):
    """``window.transform``'s windows of a panel's rows, or None.

    The windows the series-by-series loop builds, for a panel whose every
    series either continues its fitted series (one fitted time step after
    it) or was not in the fit. None for any other (a series whose history
    was left out is padded with a warning that names why, series by
    series), or where the labels cannot be compared at once: the loop then
    builds them. ``rows``: the positions of the rows whose windows are
    wanted (all by default), in the order wanted.
    """
    step = window.time_step_
    if step is None or window.first_index_ is None or window.window_length < 2:
        return None
    n_prefix = window.window_length - 1
    panel = layout(index)
    n_series = len(panel.keys)
    times = time_labels(index)
    history = fitted_history(window)
    matched = (
        np.full(n_series, -1)
        if history is None
        else np.asarray(history.keys.get_indexer(panel.keys))
    )
    known = np.flatnonzero(matched >= 0)
    lengths = np.zeros(n_series, dtype=int)
    if len(known):
        firsts = times[panel.order[panel.starts[known]]]
        two = known[panel.counts[known] > 1]
        try:
            with warnings.catch_warnings():  # offsets applied date by date
                warnings.simplefilter("ignore", pd.errors.PerformanceWarning)
                expected = history.last[matched[known]] + step
                ok = np.asarray(firsts == expected, dtype=bool).all()
                if ok and len(two):
                    seconds = times[panel.order[panel.starts[two] + 1]]
                    after = times[panel.order[panel.starts[two]]] + step
                    ok = np.asarray(seconds == after, dtype=bool).all()
        except (TypeError, ValueError):
            return None
        if not ok:
            return None
        lengths[known] = history.lengths[matched[known]]
    n_features = values.shape[1]
    prefix = np.full((n_series, n_prefix, n_features), np.nan, dtype=values.dtype)
    if len(known):
        remembered = history.rows[matched[known]].astype(values.dtype, copy=False)
        prefix[known] = remembered
    if window.padding != "nan":
        steps = np.arange(n_prefix)
        padding = steps[np.newaxis] < (n_prefix - lengths)[:, np.newaxis]
        if window.padding == "zero":
            fill = np.zeros((n_series, n_features), dtype=values.dtype)
        else:  # "edge": the first known row, remembered or given
            fill = values[panel.order[panel.starts]]
            has = np.flatnonzero(lengths > 0)
            fill[has] = prefix[has, n_prefix - lengths[has]]
        prefix = np.where(padding[:, :, np.newaxis], fill[:, np.newaxis], prefix)
    # Window j of a row at offset k reads step k + j of its series' rows
    # after the prefix: the prefix below n_prefix, the row order[start + ...]
    # from there on.
    wanted = np.arange(len(values)) if rows is None else np.asarray(rows)
    series = panel.codes[wanted]
    reads = offsets(panel)[wanted][:, np.newaxis] + np.arange(n_prefix + 1)
    in_rows = panel.order[
        np.clip(panel.starts[series][:, np.newaxis] + reads - n_prefix, 0, None)
    ]
    positions = np.where(
        reads < n_prefix,
        series[:, np.newaxis] * n_prefix + reads,
        n_series * n_prefix + in_rows,
    )
    combined = np.concatenate([prefix.reshape(-1, n_features), values])
    return combined[positions]
