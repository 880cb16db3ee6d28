"""From one time series to supervised learning over time steps."""

import numpy as np
import pandas as pd

from ._timeindex import (
    check_is_time_index,
    check_time_index,
    is_panel,
    mark_checked,
    series_positions,
    time_labels,
)
from ._validation import check_count, check_input


def make_supervised(data, horizon=1, target=None, *, future_covariates=None):
    """Write a forecasting problem as supervised learning over time steps.

    One sample is one time step ``t``: ``X`` holds what is known at ``t`` (every
    column of ``data``) and ``y`` the target at ``t+1`` (or at ``t+1 .. t+h``).
    The last ``horizon`` time steps, whose targets lie past the end of the
    data, are dropped. The index of ``data`` is kept, so ``X`` and ``y`` stay
    aligned with the time each row belongs to.

    Parameters
    ----------
    data : pandas.Series, pandas.DataFrame or array-like of shape \
            (n_timesteps,) or (n_timesteps, n_columns)
        The time series, rows in time order (oldest first). A Series (or 1-D
        array) is one column, named after the Series (``"y"`` if unnamed).
    horizon : int, default=1
        How many steps ahead to forecast, in time steps. ``1`` gives the next
        value only; ``h > 1`` gives the ``h`` next values, one column each.
    target : column label, default=None
        The column to forecast. May be omitted when ``data`` has a single
        column.
    future_covariates : list of column labels, default=None
        Columns whose values are known in advance (promotions, holidays,
        planned prices, calendar columns): in ``X``, each is replaced by its
        values at the forecast steps, ``"<column>(t+1)" .. "<column>(t+h)"``,
        so that row ``t`` holds the promotion of the day it forecasts. The
        window over a row still holds the column's past values (as the
        ``(t+1)`` values of the rows before). Other columns are past-only
        covariates, known at ``t``: their value at ``t``.

    Returns
    -------
    X : pandas.DataFrame of shape (n_timesteps - horizon, n_columns) \
            (more with ``future_covariates`` and ``horizon > 1``)
        The values known at each time step ``t``: the target column first,
        then the past-only columns in their order in ``data``, then the
        future covariates at ``t+1 .. t+horizon``. Index: the first
        ``n_timesteps - horizon`` labels of ``data``.
    y : pandas.Series of shape (n_timesteps - horizon,) or pandas.DataFrame \
            of shape (n_timesteps - horizon, horizon)
        The target at ``t+1`` (a Series named ``"<target>(t+1)"``) when
        ``horizon=1``; otherwise the target at ``t+1 .. t+horizon``, one column
        per step, named ``"<target>(t+1)" .. "<target>(t+<horizon>)"``.
        Same index as ``X``.

    Raises
    ------
    ValueError
        If ``horizon < 1``; if ``target`` is not a column of ``data``, or is
        omitted while ``data`` has several columns; if ``data`` (or a series of
        a panel) has fewer than ``horizon + 1`` rows; if ``data`` has more than
        2 dimensions; if its index labels no time (text, floats); if a time
        index (dates, periods, integers) is not strictly increasing or misses
        a time step (within each series of a panel); if
        ``future_covariates`` names the target or a column ``data`` lacks.
    TypeError
        If ``horizon`` is not an int.

    See Also
    --------
    SlidingWindow : Turns ``X`` into windows of past values.

    Notes
    -----
    Putting the target first in ``X`` lets :class:`LSTMForecaster` find it:
    it reads the first feature of each window as the target's own history.

    With ``horizon=h``, the targets of row ``t`` reach to ``t+h``. When
    cross-validating with :class:`~sklearn.model_selection.TimeSeriesSplit`
    (or :class:`PanelTimeSeriesSplit`), pass ``gap=h-1``: then no training
    target lies in the time of the test fold's targets.

    A panel of many series, indexed by a :class:`pandas.MultiIndex` whose
    last level is the time and whose other levels name the series, is
    shifted series by series: each series loses its own last ``horizon``
    rows, and no target comes from another series. The rows of a panel come
    back in time order (by time, then in their order in ``data``), so that
    the last rows are the latest of every series, as early stopping in
    :class:`LSTMForecaster` expects; a single series keeps its order.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklstm import make_supervised
    >>> series = pd.Series([10.0, 11.0, 12.0, 13.0],
    ...                    index=pd.period_range("2020-01", periods=4, freq="M"),
    ...                    name="sales")
    >>> X, y = make_supervised(series)
    >>> X
             sales
    2020-01   10.0
    2020-02   11.0
    2020-03   12.0
    >>> y
    2020-01    11.0
    2020-02    12.0
    2020-03    13.0
    Freq: M, Name: sales(t+1), dtype: float64
    >>> X, y = make_supervised(series, horizon=2)
    >>> y
             sales(t+1)  sales(t+2)
    2020-01        11.0        12.0
    2020-02        12.0        13.0
    """
    horizon = check_count(horizon, "horizon")
    X, target = supervised_features(data, target)
    future = check_future_covariates(future_covariates, X, target)
    X = with_future_covariates(X, future, horizon)
    values = X[target].to_numpy()
    rows, targets = [], []
    for key, positions in series_positions(X.index):
        n_rows = len(positions) - horizon
        if n_rows < 1:
            which = "data" if key is None else f"Series {key!r} of data"
            raise ValueError(
                f"{which} has {len(positions)} time steps, but horizon={horizon} "
                f"needs at least {horizon + 1}: one step to forecast from and "
                f"{horizon} after it."
            )
        series = values[positions]
        rows.append(positions[:n_rows])
        targets.append(
            np.column_stack([series[k : k + n_rows] for k in range(1, horizon + 1)])
        )
    rows, targets = np.concatenate(rows), np.concatenate(targets)
    order = np.argsort(rows, kind="stable")  # the rows of data keep their order
    if is_panel(X.index):
        # Then by time, so that the last rows are the latest of every series
        # (early stopping holds out the last rows).
        times = pd.factorize(time_labels(X.index)[rows[order]], sort=True)[0]
        order = order[np.argsort(times, kind="stable")]
    X = X.iloc[rows[order]]
    names = [f"{target}(t+{step})" for step in range(1, horizon + 1)]
    y = pd.DataFrame(targets[order], index=X.index, columns=names)
    if horizon == 1:
        y = y.iloc[:, 0]
    return X, y


def check_future_covariates(future_covariates, frame, target):
    """Return ``future_covariates`` as a list of columns of ``frame``, or raise."""
    if future_covariates is None:
        return []
    if isinstance(future_covariates, str) or not hasattr(future_covariates, "__iter__"):
        future_covariates = [future_covariates]
    future = list(future_covariates)
    for column in future:
        if column == target:
            raise ValueError(
                f"future_covariates names the target {target!r}: its future is "
                "what is forecast. Name the covariates known in advance."
            )
        if not _is_column(column, frame):
            raise ValueError(
                f"future_covariates names {column!r}, which is not a column of "
                f"data; its columns are {list(frame.columns)}."
            )
    return future


def future_names(column, horizon):
    """The columns of ``X`` that hold ``column`` at ``t+1 .. t+horizon``."""
    return [f"{column}(t+{step})" for step in range(1, horizon + 1)]


def with_future_covariates(frame, future, horizon):
    """``frame`` with each future covariate replaced by its next ``horizon`` values.

    Series by series; the last ``horizon`` rows of each get NaN where the
    data ends (they are dropped by :func:`make_supervised`, and filled from
    planned values by :func:`forecast`).
    """
    if not future:
        return frame
    shifted = {}
    groups = [positions for _, positions in series_positions(frame.index)]
    for column in future:
        values = frame[column].to_numpy(dtype=float)
        for step, name in enumerate(future_names(column, horizon), start=1):
            out = np.full(len(frame), np.nan)
            for positions in groups:
                out[positions[:-step]] = values[positions[step:]]
            shifted[name] = out
    past = frame.drop(columns=future)
    return past.join(pd.DataFrame(shifted, index=frame.index))


def supervised_features(data, target=None):
    """``data`` as a DataFrame with the target column first, and the target's name.

    What :func:`make_supervised` returns as ``X``, before dropping the rows
    whose targets lie past the end.

    Raises
    ------
    ValueError
        If ``target`` is not a column of ``data`` or is omitted while ``data``
        has several columns; if ``data`` has more than 2 dimensions, an index
        that labels no time, or a time index that is not strictly increasing
        or misses a time step.
    """
    check_input(data, name="data")
    frame = _as_frame(data)
    if not frame.columns.is_unique:
        duplicated = frame.columns[frame.columns.duplicated()]
        raise ValueError(
            f"data has duplicated column names {list(duplicated)}; each column "
            "needs its own name."
        )
    if target is None:
        if frame.shape[1] != 1:
            raise ValueError(
                f"data has {frame.shape[1]} columns {list(frame.columns)}; name "
                "the one to forecast with target=<column>."
            )
        target = frame.columns[0]
    elif not _is_column(target, frame):
        raise ValueError(
            f"target={target!r} is not a column of data; its columns are "
            f"{list(frame.columns)}."
        )
    # The data's own index: a Series' frame has a copy of it, and a forecast
    # in service is often asked of the same data again (checked once).
    index = data.index if isinstance(data, (pd.Series, pd.DataFrame)) else frame.index
    check_is_time_index(index, name="data")
    check_time_index(index, name="data")
    mark_checked(frame.index)  # the same labels
    columns = [target] + [column for column in frame.columns if column != target]
    if columns == list(frame.columns):
        return frame, target  # already in order: no copy
    return frame[columns], target


def _as_frame(data):
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, pd.Series):
        return data.to_frame(name="y" if data.name is None else data.name)
    check_input(data, name="data")
    array = np.asarray(data)
    if array.ndim == 1:
        return pd.DataFrame({"y": array})
    if array.ndim == 2:
        return pd.DataFrame(array)
    raise ValueError(
        f"data must be 1-D or 2-D (n_timesteps, n_columns); got shape {array.shape}."
    )


def _is_column(label, frame):
    try:
        return label in frame.columns
    except TypeError:  # an unhashable label, such as a list
        return False
