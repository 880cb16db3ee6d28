"""Rows forecast with the rows before them: predict_with_history().

A window looks back ``window_length - 1`` rows. Rows given apart from their
history (one new observation, a calibration block, numpy arrays) are
predicted together with the end of that history, so that no window is
padded where history exists, and only their own predictions are returned.
:func:`forecast` reads the ends of the series the same way.
"""

import numpy as np
import pandas as pd

from ._inspect import predict
from ._inspect import window_length as find_window_length
from ._padding import padding_only_of
from ._panel_windows import layout, offsets
from ._timeindex import (
    check_time_index,
    is_panel,
    is_time_index,
    series_positions,
    time_labels,
)
from ._validation import check_finite


def predict_with_history(model, X, history, *, quantiles=None, coverage=None):
    """Predict the rows of ``X`` from windows that reach back into ``history``.

    The way to forecast rows whose history was not in the fitted data: one
    new observation at a time as it arrives, rows after a calibration block,
    or numpy arrays, which carry no time index for :class:`SlidingWindow` to
    tell that they continue the fitted data. It predicts the last
    ``window_length - 1`` rows of ``history`` and ``X`` together and returns
    the predictions of ``X``'s rows: the same as predicting ``X`` in one block
    with all the data before it. A window only looks back, so this uses
    nothing after each row.

    Parameters
    ----------
    model : fitted estimator
        A pipeline holding a :class:`SlidingWindow`, a
        :class:`RecursiveForecaster`, or a search over either.
    X : pandas.DataFrame, pandas.Series or array-like of shape \
            (n_samples, n_columns)
        The rows to predict, as given to ``model.predict``.
    history : same type as X, of shape (n_history, n_columns)
        The rows right before ``X``, oldest first (at least
        ``window_length - 1`` of them, unless the series starts there; more
        are fine, only the last ones are used). With a time index, each
        series of ``history`` must end one step before its rows in ``X``.
    quantiles : float or list of float, default=None
        Levels of the forecast distribution, learned by the model's
        ``LSTMForecaster(quantiles=[...])``, as for its ``predict``.
    coverage : float, default=None
        In (0, 1): the central interval holding the value with this
        probability, as for ``LSTMForecaster.predict``.

    Returns
    -------
    y_pred : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        ``model.predict`` of the rows of ``X``; with ``quantiles`` or
        ``coverage``, the shape ``LSTMForecaster.predict`` gives them.

    Raises
    ------
    ValueError
        If ``history`` and ``X`` differ in type or columns, or, with a time
        index, do not join into one series without a gap or overlap.

    Warns
    -----
    PaddingWarning
        If ``history`` is too short to fill the windows of ``X``'s rows and
        does not start where the fitted data did.

    See Also
    --------
    forecast : The forecast for the steps after the end of the data.

    Examples
    --------
    Forecast each new month as it arrives, one row at a time:

    >>> import numpy as np
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklstm import (LSTMForecaster, MinMaxScaler, SlidingWindow,
    ...                     make_supervised, predict_with_history)
    >>> from sklstm.datasets import load_airline
    >>> X, y = make_supervised(load_airline())
    >>> model = make_pipeline(MinMaxScaler(), SlidingWindow(12),
    ...                       LSTMForecaster(max_epochs=20, random_state=0))
    >>> model = model.fit(X[:-24], y[:-24])
    >>> in_one_block = model.predict(X[-24:])
    >>> one_at_a_time = [predict_with_history(model, X[t:t + 1], X[:t])[0]
    ...                  for t in range(len(X) - 24, len(X))]
    >>> bool(np.allclose(one_at_a_time, in_one_block))
    True
    """
    window_length = find_window_length(model)
    n_history = None if window_length is None else window_length - 1
    if isinstance(X, (pd.Series, pd.DataFrame)):
        if type(history) is not type(X):
            raise ValueError(
                f"history must be of X's type, {type(X).__name__}; got "
                f"{type(history).__name__}."
            )
        if isinstance(X, pd.DataFrame) and list(history.columns) != list(X.columns):
            raise ValueError(
                f"history's columns {list(history.columns)} differ from X's "
                f"{list(X.columns)}."
            )
        if n_history == 0:
            kept = np.arange(0)
        else:
            kept = tail_positions(history, n_history)
        _check_rows_read(history, kept, X, n_history)
        history = history.iloc[kept]
        rows = pd.concat([history, X])
        if is_time_index(rows.index):
            _check_joins(history, X)
            check_time_index(rows.index, name="history followed by X")
    else:
        X, history = np.asarray(X), np.asarray(history)
        if history.ndim != X.ndim or history.shape[1:] != X.shape[1:]:
            raise ValueError(
                f"history's rows (shape {history.shape}) must be like X's "
                f"(shape {X.shape})."
            )
        kept = np.arange(len(history) - min(len(history), n_history or 0), len(history))
        _check_rows_read(history, kept, X, n_history)
        history = history[kept]
        rows = np.concatenate([history, X])
    kept = np.arange(len(history), len(rows))
    with padding_only_of(kept, "predict_with_history()"):
        predictions = np.asarray(predict(model, rows, quantiles, coverage))
    return predictions[len(history) :]


def tail_positions(X, window_length):
    """Positions of the last ``window_length`` rows of each series, in order."""
    if window_length is None:
        return np.arange(len(X))
    if not is_panel(X.index):
        return np.arange(max(0, len(X) - window_length), len(X))
    panel = layout(X.index)
    from_end = panel.counts[panel.codes] - 1 - offsets(panel)
    return np.flatnonzero(from_end < window_length)


def _check_rows_read(history, kept, X, n_history):
    """Refuse NaN or inf in the rows of ``history`` kept and of ``X``, if windowed."""
    if n_history is not None:  # windows need finite values; others may not
        check_finite_rows(history, kept, who="predict_with_history()'s history")
        check_finite_rows(X, np.arange(len(X)), who="predict_with_history()'s X")


def check_finite_rows(X, positions, who):
    """Raise naming the first NaN or inf among ``X``'s rows at ``positions``.

    The row number is the position in ``X`` as the user gave it, not in the
    rows kept for the windows.
    """
    if len(positions) == 0:
        return
    try:  # the usual case, all finite, told without pandas' indexing
        values = X.to_numpy(np.float64) if hasattr(X, "to_numpy") else X
        if np.isfinite(np.asarray(values, dtype=np.float64)[positions]).all():
            return
    except (TypeError, ValueError):
        pass
    rows = X.iloc[positions] if isinstance(X, (pd.Series, pd.DataFrame)) else None
    try:
        values = np.asarray(X[positions] if rows is None else rows, dtype=np.float64)
    except (TypeError, ValueError):
        return  # text or objects: the pipeline's own checks name them
    values = values.reshape(len(values), -1)
    if rows is None:
        names, index = None, None
    else:
        names = list(rows.columns) if isinstance(rows, pd.DataFrame) else [rows.name]
        index = rows.index
    check_finite(values, who=who, index=index, feature_names=names, rows=positions)


def _check_joins(history, X):
    """Raise unless each series of ``X`` starts after its ``history`` ends."""
    ends = {key: pos[-1] for key, pos in series_positions(history.index) if len(pos)}
    for key, positions in series_positions(X.index):
        if key not in ends:
            continue
        last = time_labels(history.index)[ends[key]]
        first = time_labels(X.index)[positions[0]]
        try:
            after = first > last
        except TypeError:
            after = False
        if not after:
            where = "" if key is None else f" (series {key!r})"
            raise ValueError(
                f"X{where} must start after its history ends, but X starts at "
                f"{first!r} and history ends at {last!r}. Give the rows right "
                "before X as history, both with their time index (was X's "
                "index reset?)."
            )
