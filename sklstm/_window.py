"""SlidingWindow: a time series becomes one window of past values per time step."""

import numbers

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils import check_scalar
from sklearn.utils.validation import FLOAT_DTYPES, check_is_fitted, validate_data

from ._validation import (
    as_frame,
    check_n_features,
    check_time_index,
    is_time_index,
    restore_on_error,
)

_PADDINGS = ("nan", "edge", "zero")


class SlidingWindow(TransformerMixin, BaseEstimator):
    """Turn a time series into windows of its most recent values.

    Row ``t`` of the output holds the rows ``X[t - window_length + 1 .. t]`` of
    the input, oldest first, so each time step keeps its own sample and
    scikit-learn's splitters and scorers work on time steps unchanged. A
    window never holds anything later than its own time step.

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
    history_ : ndarray of shape (n_history, n_features)
        The last ``window_length - 1`` rows of the data seen in :meth:`fit`
        (fewer if it had fewer rows): what a window needs from the past of
        data that continues the fitted data. Nothing else of the data is kept.
    history_index_ : pandas.Index of shape (n_history,) or None
        The time labels of ``history_``, carrying the time step of the fitted
        index (its ``freq`` or ``step``); None when the fitted data had no time
        index or its step could not be told.
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
    *continues* the fitted data in time with the remembered ``history_``, so
    that a ``TimeSeriesSplit`` test fold, or the months after the training
    data, get full windows of real history instead of padding. Data continues
    the fitted data when both are pandas objects with a time index of the same
    kind (:class:`~pandas.DatetimeIndex` with a frequency that is set or can be
    inferred, :class:`~pandas.PeriodIndex`, or an integer index with a
    constant step) and its first label is exactly one step after the last
    fitted label. Everything else gets padding: the fitted data itself, earlier
    or overlapping data, data after a gap (such as ``TimeSeriesSplit(gap=...)``:
    the steps in between are unknown, and a window never holds a hole), and
    any numpy array, which has no index. With arrays there is no carry-over at
    all.

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
        y : None
            Ignored.

        Returns
        -------
        self : SlidingWindow
            The fitted transformer.

        Raises
        ------
        ValueError
            If ``window_length < 1`` or ``padding`` is unknown; if X is
            empty, has NaN or infinite values, more than 2 dimensions, or a
            time index that is not strictly increasing.
        """
        window_length = self._check_params()
        values, index = self._validate(X, reset=True)
        n_history = min(window_length - 1, len(values))
        start = len(values) - n_history
        self.history_ = values[start:].copy()
        self.history_index_ = _index_with_step(index, start)
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
            input.

        Raises
        ------
        ValueError
            If X has a different number of features than in :meth:`fit`, NaN
            or infinite values, or a time index that is not strictly
            increasing.
        """
        check_is_fitted(self)
        window_length = self._check_params()
        values, index = self._validate(X, reset=False)
        n_history = window_length - 1
        if n_history and self._continues(index):
            history = self.history_[max(len(self.history_) - n_history, 0) :]
            history = history.astype(values.dtype, copy=False)
        else:
            history = values[:0]
        n_padding = n_history - len(history)
        first_known = history[:1] if len(history) else values[:1]
        extended = np.concatenate(
            [self._padding_rows(n_padding, first_known), history, values]
        )
        # sliding_window_view puts the window axis last: (n, n_features, window)
        windows = sliding_window_view(extended, window_length, axis=0)
        return np.ascontiguousarray(windows.transpose(0, 2, 1))

    def _check_params(self):
        check_scalar(self.window_length, "window_length", numbers.Integral, min_val=1)
        if not isinstance(self.padding, str) or self.padding not in _PADDINGS:
            raise ValueError(
                f"padding must be one of {_PADDINGS}; got {self.padding!r}."
            )
        return int(self.window_length)

    def _validate(self, X, *, reset):
        """Check X; return its values as 2-D floats and its index (or None)."""
        index = X.index if isinstance(X, (pd.Series, pd.DataFrame)) else None
        frame = as_frame(X)
        values = validate_data(
            self,
            frame,
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
        _check_finite(values, index, getattr(self, "feature_names_in_", None))
        return values, index

    def _continues(self, index):
        """Whether data with this index starts one step after the fitted data."""
        fitted = self.history_index_
        if fitted is None or index is None or not len(fitted) or not len(index):
            return False
        if isinstance(fitted, pd.RangeIndex):
            same_kind = is_time_index(index) and pd.api.types.is_integer_dtype(
                index.dtype
            )
            next_label = fitted[-1] + fitted.step
        elif isinstance(fitted, pd.PeriodIndex):
            same_kind = isinstance(index, pd.PeriodIndex) and index.freq == fitted.freq
            next_label = fitted[-1] + 1
        else:
            same_kind = isinstance(index, pd.DatetimeIndex) and index.tz == fitted.tz
            next_label = fitted[-1] + fitted.freq
        return bool(same_kind and index[0] == next_label)

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


def _index_with_step(index, start):
    """``index[start:]`` with its time step attached, or None if it has none.

    The step is taken from the whole fitted index, so that even one
    remembered row knows where the next one falls.
    """
    if index is None or not is_time_index(index) or start == len(index):
        return None
    if isinstance(index, (pd.PeriodIndex, pd.RangeIndex)):
        return index[start:]  # both carry their step
    if isinstance(index, pd.DatetimeIndex):
        freq = index.freq
        if freq is None and len(index) >= 3:
            freq = pd.DatetimeIndex(index, freq="infer").freq
        return None if freq is None else pd.DatetimeIndex(index[start:], freq=freq)
    steps = np.diff(index.to_numpy())
    if not len(steps) or (steps != steps[0]).any():
        return None
    return pd.RangeIndex(index[start], index[-1] + steps[0], steps[0])


def _check_finite(values, index, feature_names):
    """Raise a ValueError naming the first NaN or infinite value, if any."""
    bad = ~np.isfinite(values)
    if not bad.any():
        return
    row, column = np.argwhere(bad)[0]
    what = "NaN" if np.isnan(values[row, column]) else "an infinite value (inf)"
    where = f"row {row}" if index is None else f"index {index[row]!r} (row {row})"
    name = feature_names[column] if feature_names is not None else column
    raise ValueError(
        f"SlidingWindow got {what} at {where}, column {name!r}. Windows need "
        "complete, finite data (padding already means 'no data'): impute or "
        "replace such values first (for example with pandas' interpolate or "
        "ffill, or sklearn.impute.SimpleImputer)."
    )
