"""Padding that loses history: when SlidingWindow warns, with PaddingWarning.

A window of a row near the start of the data given is padded. That is right
at the start of a series, and a loss when the rows before it exist but were
not given: these helpers of :meth:`SlidingWindow.transform` tell the two
apart and warn about the second.
"""

import contextlib
import contextvars
import warnings

import numpy as np

from ._timeindex import series_positions, steps_between, time_labels


class PaddingWarning(UserWarning):
    """Windows were padded although the history they need exists.

    Raised (once per call) by :meth:`SlidingWindow.transform`, and so by the
    ``predict`` of a pipeline holding one, when the rows given do not start
    their series and do not continue the data the window was fitted on: their
    first ``window_length - 1`` windows then read fewer past steps than the
    model learned from, and their forecasts are less accurate. Pass the rows
    with their history in front (:func:`predict_with_history`), or, for the
    steps after the data, use :func:`forecast`.

    Parameters
    ----------
    message : str
        What was padded, and why.
    rows : array-like of int, default=()
        Positions, among the rows given, of the windows padded so.
    reason : str, default=""
        Why their history is missing, as the message says it.

    Attributes
    ----------
    rows : ndarray of int
        Positions, among the rows given, of the windows padded so.
    reason : str
        Why their history is missing.

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> from sklstm import PaddingWarning, SlidingWindow
    >>> window = SlidingWindow(window_length=3).fit(np.arange(10.0))
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     windows = window.transform(np.arange(10.0, 14.0))  # no time index
    >>> caught[0].category is PaddingWarning, caught[0].message.rows
    (True, array([0, 1]))
    """

    def __init__(self, message, rows=(), reason=""):
        super().__init__(message)
        self.rows = np.asarray(rows, dtype=int)
        self.reason = reason


# Set by forecast() and predict_with_history(), which give the history in
# front themselves: there, no gap is the documented TimeSeriesSplit fold.
_GIVING_HISTORY = contextvars.ContextVar("giving_history", default=False)


@contextlib.contextmanager
def giving_history():
    """Within it, a gap after the fitted data always counts as history lost."""
    token = _GIVING_HISTORY.set(True)
    try:
        yield
    finally:
        _GIVING_HISTORY.reset(token)


def history_left_out(window, start, first, last, first_row=None):
    """Why windows from label ``first`` lack history, or None if they do not.

    ``window`` is the fitted :class:`SlidingWindow`; ``start`` and ``last``
    are the first and last fitted labels of the series (``start`` None for a
    series the fit did not see). The fitted data's own start, and data after
    a gap shorter than the horizon (the ``TimeSeriesSplit(gap=horizon - 1)``
    folds, whose rows in between are in neither fold), are padded without a
    word.
    """
    if start is None:
        return None
    try:
        after_start = first > start
    except TypeError:  # labels of another kind than the fitted ones
        return (
            f"X's time index ({type(first).__name__} labels, from {first}) is of "
            f"another kind than the fitted data's ({type(start).__name__}"
            f" labels, from {start}), so SlidingWindow cannot place it "
            "after the fitted data"
        )
    if not after_start:
        if (
            first == start
            and first_row is not None
            and not np.array_equal(first_row, window._first_row.astype(first_row.dtype))
        ):
            return (
                f"X starts at {first} like the fitted data, but with other values "
                "(was its index reset?)"
            )
        return None
    missing = steps_between(last, first, window.time_step_)
    gap_fold = missing is not None and 1 < missing <= window.horizon_
    if gap_fold and not _GIVING_HISTORY.get():
        return None
    if missing == 1:
        return (
            f"X starts right after the fitted data, at {first}, but its rows "
            f"are not one fitted time step ({window.time_step_}) apart"
        )
    if missing is not None and missing > 0:
        return (
            f"X starts at {first}, leaving out {missing - 1} step(s) after "
            f"the end of the data SlidingWindow was fitted on ({last})"
        )
    return f"X starts at {first}, inside the fitted data (which starts at {start})"


def is_fitted_start(window, values, index):
    """Whether X, lacking a usable time index, starts as the fitted data did."""
    if window.window_length == 1:
        return True
    if index is not None and window.first_index_ is not None:
        return True  # a series the fit did not see: nothing to tell
    return bool(len(values)) and np.array_equal(
        values[0], window._first_row.astype(values.dtype)
    )


def first_labels(window):
    """``{series key: first fitted time label}`` of a fitted SlidingWindow."""
    if window.first_index_ is None:
        return {}
    times = time_labels(window.first_index_)
    return {
        key: times[positions[0]]
        for key, positions in series_positions(window.first_index_)
    }


def warn_padding(lost):
    """Warn once about windows padded although their history exists."""
    rows = np.concatenate([positions for positions, _ in lost])
    reason = lost[0][1]
    more = f" (and in {len(lost) - 1} more series)" if len(lost) > 1 else ""
    warnings.warn(
        PaddingWarning(
            f"SlidingWindow padded the windows of {len(rows)} row(s) whose "
            f"history exists but was not given: {reason}{more}. Their forecasts "
            "read fewer past steps than the model learned from, and are less "
            "accurate. Give the rows with their history in front "
            "(sklstm.predict_with_history(model, X, history)), or use "
            "sklstm.forecast(model, data) for the steps after the data.",
            rows,
            reason,
        ),
        stacklevel=3,
    )


@contextlib.contextmanager
def padding_only_of(kept, who):
    """Pass on a PaddingWarning only if it concerns the rows kept.

    The rows of history in front are padded by design; only a kept row
    whose window is padded although history exists is worth a warning.
    """
    with warnings.catch_warnings(record=True) as caught, giving_history():
        warnings.simplefilter("always")
        yield
    for warning in caught:
        if not issubclass(warning.category, PaddingWarning):
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
            continue
        rows = np.intersect1d(warning.message.rows, kept)
        if len(rows):
            reason = warning.message.reason
            warnings.warn(
                PaddingWarning(
                    f"{who}: the history given for {len(rows)} of the rows it "
                    "returns is shorter than the model's window, and their "
                    f"series do not start there ({reason}), so their forecasts "
                    "read fewer past steps than the model learned from. Give "
                    "all the history there is.",
                    rows,
                    reason,
                ),
                stacklevel=4,
            )
