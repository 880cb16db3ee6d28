"""SlidingWindow: a time series becomes one window of past values per time step."""

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import as_strided
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import FLOAT_DTYPES, validate_data

from ._online import WindowUpdates
from ._padding import first_labels, history_left_out, is_fitted_start, warn_padding
from ._panel_windows import panel_windows, remembered
from ._timeindex import (
    check_time_index,
    follows,
    is_panel,
    series_positions,
    time_labels,
    time_step,
)
from ._validation import (
    as_frame,
    check_count,
    check_finite,
    check_fitted,
    check_input,
    check_n_features,
    quick_array,
    restore_on_error,
)

_PADDINGS = ("nan", "edge", "zero")


def _series_history(window):
    """:meth:`SlidingWindow._history_by_series`, derived from the fitted rows."""
    if window.last_rows_index_ is None or not len(window.last_rows_index_):
        return {}
    times = time_labels(window.last_rows_index_)
    return {
        key: (times[positions[-1]], window.last_rows_[positions])
        for key, positions in series_positions(window.last_rows_index_)
    }


class SlidingWindow(WindowUpdates, TransformerMixin, BaseEstimator):
    """Turn a time series into windows of its most recent values.

    Row ``t`` of the output holds the rows ``X[t - window_length + 1 .. t]`` of
    the input, oldest first, so each time step keeps its own sample and
    scikit-learn's splitters and scorers work on time steps unchanged. A
    window never holds anything later than its own time step.

    A panel of many series, indexed by a :class:`pandas.MultiIndex` whose last
    level is the time and whose other levels name the series, is windowed
    series by series: no window holds rows of two series, and rows may come
    in any order across series (by series, or by time) as long as each
    series' own rows are in time order.

    Parameters
    ----------
    window_length : int, default=12
        Number of time steps in each window (the current one included).
    padding : {"nan", "edge", "zero"}, default="nan"
        What fills a window whose history is shorter than ``window_length``
        (the first rows of a series): ``"nan"`` marks the missing steps as "no
        data" (:class:`LSTMForecaster` then reads only the real steps),
        ``"edge"`` repeats the oldest value available, ``"zero"`` writes 0.

    Attributes
    ----------
    last_rows_ : ndarray of shape (n_last_rows, n_features)
        The last ``window_length - 1`` rows of each series seen in :meth:`fit`
        (fewer if it had fewer, or if a time step was missing among them):
        what a window needs from the past of data that continues the fitted
        data. Nothing else of the data is kept.
    last_rows_index_ : pandas.Index of shape (n_last_rows,) or None
        The index labels of ``last_rows_`` (a MultiIndex for a panel); None when
        the fitted data had no time index or its step could not be told.
    first_index_ : pandas.Index of shape (n_series,) or None
        The index label of the first row of each series seen in :meth:`fit`
        (None without a time index): rows given later that start after it,
        and do not continue the fitted data, lack history they had, and
        :meth:`transform` warns if it pads them (:class:`PaddingWarning`).
    horizon_ : int
        The number of columns of the ``y`` given to :meth:`fit` (1 without
        one), or the horizon of a :class:`RecursiveForecaster` holding this
        window: data that follows the fitted data after fewer missing steps
        than this, as the test folds of ``TimeSeriesSplit(gap=horizon - 1)``
        do, is padded without a warning.
    time_step_ : int, pandas.DateOffset or None
        The step between consecutive time labels of the fitted data, such
        that ``label + time_step_`` is the next label: 1 for periods, the
        frequency for dates (set, or inferred), the difference for integers.
        None when it could not be told; then there is no carry-over.
    n_features_in_ : int
        Number of features seen during :meth:`fit` (1 for 1-D input).
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :meth:`fit`. Defined only when `X` is a
        DataFrame (or a named Series) with string column names.

    See Also
    --------
    make_supervised : Builds the ``X`` and ``y`` this windows.
    LSTMForecaster : Reads the windows.

    Notes
    -----
    **Carry-over.** :meth:`transform` completes the first windows of data that
    *continues* the fitted data in time with the remembered ``last_rows_``, so
    that a ``TimeSeriesSplit`` test fold, or the months after the training
    data, get full windows of real history instead of padding. Data continues
    the fitted data when both are pandas objects with a time index of the same
    kind (:class:`~pandas.DatetimeIndex` with a frequency that is set or can
    be inferred, :class:`~pandas.PeriodIndex`, or an integer index with a
    constant step) and its first label is exactly one step after the last
    fitted label (and its second, if any, two steps after); for a panel,
    series by series. Only the remembered rows that run without a gap up to
    the last fitted label are carried over, each at its true time offset.
    Everything else gets padding: the fitted data itself, earlier or
    overlapping data, data after a gap (such as ``TimeSeriesSplit(gap=...)``:
    the steps in between are unknown, and padding only ever comes first in a
    window), data with another step, and any numpy array, which has no index.
    With arrays there is no carry-over at all.

    **Padding that loses history warns.** When rows that do not start their
    series, and do not continue the fitted data, get padded windows (a later
    stretch after a gap, one new row at a time, rows inside the fitted data,
    a numpy array other than the fitted one), :meth:`transform` warns once
    with a :class:`PaddingWarning`; :func:`predict_with_history` gives such
    rows their history. The fitted data's start (with its first values: the
    same label with other values in one series, such as an index reset,
    warns), data that
    continues it, and the test folds of ``TimeSeriesSplit(gap=horizon - 1)``
    (see ``horizon_``) do not warn; inside :func:`forecast` and
    :func:`predict_with_history`, which give the history themselves, such a
    gap warns too.

    Consecutive rows are read as consecutive time steps, so a time index with
    missing steps is refused, naming the first gap: reindex the data to the
    full range and impute the missing steps first (for example
    ``series.asfreq("MS").interpolate()``).

    Time indexes must be strictly increasing; a NaN or an infinite value in
    the data is refused (impute it first), since a window cannot tell a
    missing value from padding.

    The output is always a numpy array: 3-D windows have no DataFrame form,
    so this transformer has no ``set_output``, and a pipeline holding it
    cannot be given ``set_output(transform="pandas")``. It does not need it:
    :class:`MinMaxScaler` already keeps pandas input as pandas.

    Examples
    --------
    >>> import numpy as np
    >>> from sklstm import SlidingWindow
    >>> X = np.array([1.0, 2.0, 3.0, 4.0])
    >>> SlidingWindow(window_length=3).fit_transform(X)[:, :, 0]
    array([[nan, nan,  1.],
           [nan,  1.,  2.],
           [ 1.,  2.,  3.],
           [ 2.,  3.,  4.]])

    With a time index, data that continues the fitted data in time gets its
    first windows from the remembered history:

    >>> import pandas as pd
    >>> series = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0],
    ...                    index=pd.period_range("2020-01", periods=5, freq="M"))
    >>> window = SlidingWindow(window_length=3).fit(series[:3])
    >>> window.transform(series[3:])[:, :, 0]
    array([[2., 3., 4.],
           [3., 4., 5.]])
    """

    def __init__(self, window_length=12, *, padding="nan"):
        self.window_length = window_length
        self.padding = padding

    @restore_on_error
    def fit(self, X, y=None):
        """Remember the last ``window_length - 1`` rows, and their time index.

        Parameters
        ----------
        X : array-like of shape (n_timesteps,) or (n_timesteps, n_features)
            The series, oldest row first. Series and DataFrames keep their
            index, which decides the carry-over (see Notes).
        y : array-like of shape (n_timesteps,) or (n_timesteps, horizon), \
                default=None
            Only its number of columns is read (``horizon_``).

        Returns
        -------
        self : SlidingWindow
            The fitted transformer.

        Raises
        ------
        ValueError
            If ``window_length < 1`` or ``padding`` is unknown; if X is
            empty, shorter than ``window_length`` (in every series), has NaN
            or infinite values, non-numeric columns, more than 2 dimensions,
            or a time index that is not strictly increasing or misses a time
            step.
        """
        window_length = self._check_params()
        values, index = self._validate(X, reset=True)
        series = series_positions(index if index is not None else values)
        longest = max(len(positions) for _, positions in series)
        if window_length > longest:
            samples = f"{longest} sample" + ("s" if longest > 1 else "")
            where = " in its longest series" if len(series) > 1 else ""
            raise ValueError(
                f"window_length={window_length} is longer than the data given to "
                f"fit ({samples}, that is time steps{where}): every window would "
                "be mostly padding. Use a shorter window_length or more data."
            )
        step = time_step(index)
        kept = []
        for _, positions in series:
            # Gaps were refused, so the last rows each have their place in
            # the windows of data that follows.
            n_rows = min(window_length - 1, len(positions))
            kept.append(positions[len(positions) - n_rows :])
        kept = np.concatenate(kept)
        self.last_rows_ = values[kept]
        self.last_rows_index_ = None if step is None else index[kept]
        self.first_index_ = (
            None if step is None else index[[positions[0] for _, positions in series]]
        )
        self.time_step_ = step
        shape = getattr(y, "shape", ())
        self.horizon_ = int(shape[1]) if len(shape) == 2 else 1
        # To tell, without an index, the fitted data itself (its start) from
        # new rows: the first row, not the data.
        self._first_row = values[0].copy()
        return self

    def transform(self, X):
        """Build one window per row of X.

        Parameters
        ----------
        X : array-like of shape (n_timesteps,) or (n_timesteps, n_features)
            The series, oldest row first, with the features seen in
            :meth:`fit`.

        Returns
        -------
        windows : ndarray of shape (n_timesteps, window_length, n_features)
            ``windows[t]`` holds ``X[t - window_length + 1 .. t]``, oldest
            first, completed from the fitted history when X continues the
            fitted data, padded otherwise. float64, or float32 for float32
            input. For one series, a read-only view in which overlapping
            windows share memory (``np.array(windows)`` copies it); for a
            panel, a new array.

        Raises
        ------
        ValueError
            If X has a different number of features than in :meth:`fit`, NaN
            or infinite values, or a time index that is not strictly
            increasing or misses a time step.
        """
        return self._transform(X)

    def _transform(self, X, rows=None):
        """:meth:`transform`; with ``rows`` (positions in X), only their windows.

        The windows of all of X are built all the same, except for a panel
        whose series each continue the fitted data or are new: then only
        the windows of ``rows`` (a forecast reads each series' last one).
        """
        wanted = rows  # the loop below names a series' remembered rows
        check_fitted(self, "last_rows_")
        window_length = self._check_params()
        values, index = self._validate(X, reset=False)
        if index is not None and is_panel(index):
            windows = panel_windows(self, values, index, wanted)
            if windows is not None:
                return windows
        history = self._history_by_series()
        series = series_positions(index if index is not None else values)
        if len(series) > 1:
            windows = np.empty(
                (len(values), window_length, values.shape[1]), values.dtype
            )
        if wanted is not None:
            wanted = np.asarray(wanted)
        lost = []
        for key, positions in series:
            carried, reason = values[:0], None
            told = True  # whether the history left out (if any) is told
            if key in history and index is not None:
                times = time_labels(index)
                if len(series) > 1:
                    times = times[positions]
                last, rows = history[key]
                if follows(times, last, self.time_step_):
                    carried = rows[len(rows) - min(len(rows), window_length - 1) :]
                else:
                    told = False  # told below, if a padded window is wanted
            elif not is_fitted_start(self, values, index):
                reason = (
                    "X has no time index (a numpy array, say), so SlidingWindow "
                    "cannot tell whether it continues the fitted data"
                )
            n_padded = min(len(positions), window_length - 1 - len(carried))
            padded = positions[: max(n_padded, 0)]
            if wanted is not None and len(padded):
                # Only the windows asked for: a forecast reads each series'
                # last one, and the padding before it is by design.
                padded = (
                    wanted[wanted < len(padded)]
                    if len(series) == 1
                    else padded[np.isin(padded, wanted)]
                )
            if not told and len(padded):
                # The first row tells a reset index from the fitted start
                # (kept for one series only).
                first_row = values[positions[0]] if len(series) == 1 else None
                reason = history_left_out(
                    self, first_labels(self).get(key), times[0], last, first_row
                )
            if reason is not None and len(padded):
                lost.append((padded, reason))
            if len(series) == 1:
                # One series: its windows are a read-only view of the series
                # (with its padding and history), not a copy window_length
                # times its size.
                windows = self._windows(values, carried)
            else:
                windows[positions] = self._windows(values[positions], carried)
        if lost:
            warn_padding(lost)
        return windows if wanted is None else windows[wanted]

    def _history_by_series(self):
        """``{series key: (last time label, remembered rows)}`` of the fit.

        Derived once from the remembered rows (``remembered``).
        """
        return remembered(self, "series", _series_history)

    def _windows(self, values, history):
        """Windows of one series, after ``history`` (its remembered rows)."""
        window_length = self.window_length
        history = history.astype(values.dtype, copy=False)
        first_known = history[:1] if len(history) else values[:1]
        n_padding = window_length - 1 - len(history)
        extended = np.concatenate(
            [self._padding_rows(n_padding, first_known), history, values]
        )
        # What sliding_window_view(extended, window_length, axis=0) gives,
        # its window axis moved before the features', at a fifth of its cost
        # (which shows on the one row of a forecast).
        step_stride, feature_stride = extended.strides
        return as_strided(
            extended,
            shape=(len(extended) - window_length + 1, window_length, extended.shape[1]),
            strides=(step_stride, step_stride, feature_stride),
            writeable=False,
        )

    def _check_params(self):
        window_length = check_count(self.window_length, "window_length")
        if not isinstance(self.padding, str) or self.padding not in _PADDINGS:
            raise ValueError(
                f"padding must be one of {_PADDINGS}; got {self.padding!r}."
            )
        return window_length

    def _validate(self, X, *, reset):
        """Check X; return its values as 2-D floats and its index (or None)."""
        index = X.index if isinstance(X, (pd.Series, pd.DataFrame)) else None
        # A fitted window's usual input needs no more than the checks below.
        values = None if reset else quick_array(self, X)
        if values is None:
            check_input(X)
            values = validate_data(
                self,
                as_frame(X),
                reset=reset,
                ensure_2d=False,
                dtype=FLOAT_DTYPES,
                ensure_all_finite=False,
            )
        ndim = values.ndim
        if ndim == 1:
            values = values[:, np.newaxis]
        check_n_features(self, values.shape[1], reset=reset, ndim=ndim)
        if index is not None:
            check_time_index(index)
        check_finite(
            values,
            who="SlidingWindow",
            index=index,
            feature_names=getattr(self, "feature_names_in_", None),
        )
        return values, index

    def _padding_rows(self, n_rows, first_known):
        shape = (n_rows, first_known.shape[1])
        if self.padding == "edge":
            return np.repeat(first_known, n_rows, axis=0)
        fill = np.nan if self.padding == "nan" else 0.0
        return np.full(shape, fill, dtype=first_known.dtype)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


def roll_windows(windows, rows):
    """The next windows: each window's oldest step dropped, ``rows`` appended.

    ``windows`` of shape ``(n, window_length, n_features)``, ``rows`` one new
    step per window, of shape ``(n, n_features)`` (or anything that reshapes
    to it). The layout (oldest step first) is :class:`SlidingWindow`'s.
    """
    rows = np.asarray(rows, dtype=windows.dtype).reshape(len(windows), 1, -1)
    return np.concatenate([windows[:, 1:], rows], axis=1)
