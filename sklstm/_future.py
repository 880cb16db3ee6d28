"""Forecasts with their history: forecast() past the end, predict_with_history().

Both give a model the rows it must forecast from together with the rows
before them, so that no window is padded where history exists: the forecast
depends on the data, not on how its rows were grouped or typed.
"""

import contextlib
import warnings

import numpy as np
import pandas as pd
from sklearn.frozen import FrozenEstimator
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from ._covariates import covariates_at, future_columns
from ._forecaster import LSTMForecaster
from ._padding import PaddingWarning, giving_history
from ._quantiles import matched_levels
from ._recursive import RecursiveForecaster, recursive_predict
from ._supervised import supervised_features, with_future_covariates
from ._timeindex import (
    check_time_index,
    future_labels,
    is_time_index,
    series_positions,
    time_labels,
    time_step,
)
from ._validation import check_count, check_finite
from ._window import SlidingWindow


def forecast(
    model,
    data,
    *,
    horizon=None,
    target=None,
    future_covariates=None,
    quantiles=None,
    coverage=None,
):
    """The forecast for the time steps after the end of the data.

    Parameters
    ----------
    model : fitted estimator
        A model that forecasts from the rows of ``X``: a pipeline trained on
        ``make_supervised(..., horizon=h)`` (the direct strategy: ``h``
        values per row), a :class:`RecursiveForecaster`, or a search over
        either (such as a fitted ``GridSearchCV``).
    data : pandas.Series or pandas.DataFrame
        The history, up to the last observation, as given to
        :func:`make_supervised`: a time index (dates, periods or integers
        with a regular step; for a panel, a MultiIndex whose last level is
        the time) and the target column.
    horizon : int, default=None
        How many steps to forecast. By default as many as the model forecasts
        per row. A direct model forecasts at most its own ``h``; a
        :class:`RecursiveForecaster` any number.
    target : column label, default=None
        The target column of ``data``, as for :func:`make_supervised`. By
        default the one the model was fitted on (the first column of the
        ``X`` that :func:`make_supervised` wrote), if ``data`` has it; a
        ``data`` of one column needs none.
    future_covariates : callable or pandas.DataFrame, default=None
        For a model trained with ``make_supervised(...,
        future_covariates=[...])``: the values of those covariates at the
        steps after the data, as a DataFrame of planned values indexed by
        those dates (by series and date for a panel), or a function of time
        labels returning one (such as :func:`calendar_features`). For a
        :class:`RecursiveForecaster` built with ``covariates``, it replaces
        them for this forecast; by default the forecaster's own are used.
        Refused for a model that reads no covariates known in advance.
    quantiles : float or list of float, default=None
        Levels of the forecast distribution, learned by the model's
        ``LSTMForecaster(quantiles=[...])`` (see its ``predict``; a
        :class:`RecursiveForecaster` reads them from sample paths).
    coverage : float, default=None
        In (0, 1): the central interval holding the value with this
        probability, from the learned quantiles ``(1 - coverage) / 2`` and
        ``(1 + coverage) / 2``.

    Returns
    -------
    forecast : pandas.Series of shape (horizon,) or (n_series * horizon,), \
            or pandas.DataFrame
        The forecast, indexed by the time labels after the last one of
        ``data`` (for a panel: by series and time), named after the target;
        with a single quantile level, that quantile. With a list of
        ``quantiles``, a DataFrame with one column per level (the learned
        levels as column labels: 0.025 for ``(1 - 0.95) / 2``); with
        ``coverage``, columns ``"lower"`` and ``"upper"``.

    Raises
    ------
    TypeError
        If ``data`` is not a pandas object (a numpy array has no time index
        to date the forecast; see :func:`predict_with_history`).
    ValueError
        If ``data`` has several columns, ``target`` is not given and the
        model's fitted target is not one of them; if the rows the model's
        windows read hold NaN or inf (naming the row in ``data``); if the
        time labels after the data cannot be told (no regular time
        step, or a gap in the index), quantiles or intervals are asked of a
        model trained without them, ``horizon`` is more than a direct
        model forecasts, the model reads future covariates whose planned
        values are missing, NaN or lack a column (naming the first), or
        ``future_covariates`` is given to a model that reads none.

    Warns
    -----
    PaddingWarning
        If a series of ``data`` has fewer rows than the model's window and
        does not start where the fitted data did: its history exists but
        was not given, and the forecast reads fewer past steps.

    See Also
    --------
    predict_with_history : Forecasts from rows whose history is given apart.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklstm import (LSTMForecaster, MinMaxScaler, SlidingWindow,
    ...                     forecast, make_supervised)
    >>> from sklstm.datasets import load_airline
    >>> series = load_airline()
    >>> model = make_pipeline(MinMaxScaler(), SlidingWindow(12),
    ...                       LSTMForecaster(max_epochs=20, random_state=0))
    >>> model = model.fit(*make_supervised(series, horizon=24))
    >>> future = forecast(model, series)
    >>> future.index[[0, -1]]
    PeriodIndex(['1961-01', '1962-12'], dtype='period[M]', name='Month')
    """
    if not callable(getattr(model, "predict", None)):
        raise TypeError(
            f"model must be a fitted estimator with a predict method; got {model!r}."
        )
    if not isinstance(data, (pd.Series, pd.DataFrame)):
        raise TypeError(
            "forecast() needs the history as a pandas Series or DataFrame whose "
            "index labels the time steps (dates, periods or integers), to date "
            f"the forecast; got {type(data).__name__}. To forecast from rows of "
            "a numpy array, use predict_with_history(model, X, history)."
        )
    if target is None:
        target = _fitted_target(model, data)
    X, target = supervised_features(data, target)
    step = time_step(X.index)  # from all of the data, before keeping the tails
    future_labels(X.index, 1, step)  # raises if the dates cannot be told
    window_length = _window_length(model)
    read = _tail_positions(X, window_length)
    if window_length is not None:  # windows need finite values; others may not
        _check_finite_rows(X, read, who="forecast()'s data")
    recursive = _find(model, RecursiveForecaster)
    if future_covariates is None and recursive is not None:
        future_covariates = recursive.covariates
    X = _with_planned_covariates(model, recursive, X, future_covariates, step)
    X = X.iloc[read]
    last_rows = [positions[-1] for _, positions in series_positions(X.index)]
    with _padding_only_of(last_rows, "forecast()"):
        if recursive is not None:
            # Rolled forward from the last row of each series only, with the
            # covariates given here (or the model's own).
            check_is_fitted(recursive)
            columns = recursive._check_covariates(X)
            steps = check_count(
                recursive.horizon if horizon is None else horizon, "horizon"
            )
            forecasts = recursive_predict(
                recursive.estimator_,
                X if columns is None else X[columns],
                steps,
                future_covariates,
                rows=last_rows,
                quantiles=quantiles,
                coverage=coverage,
                n_paths=recursive.n_paths,
                random_state=recursive.random_state,
            )
        else:
            predicted = np.asarray(_predict(model, X, quantiles, coverage))
            n_levels = 2 if coverage is not None else np.size(quantiles)
            forecasts = predicted.reshape(len(X), -1, n_levels)[last_rows]
    if forecasts.ndim == 2:
        forecasts = forecasts[:, :, np.newaxis]
    n_outputs = forecasts.shape[1]
    horizon = n_outputs if horizon is None else check_count(horizon, "horizon")
    if horizon > n_outputs:
        raise ValueError(
            f"horizon={horizon}, but the model forecasts {n_outputs} step(s) per "
            "row. Train a direct model on make_supervised(..., horizon="
            f"{horizon}), or wrap a one-step model in RecursiveForecaster."
        )
    pieces = []
    for row, (key, positions) in enumerate(series_positions(X.index)):
        labels = future_labels(X.index[positions], horizon, step)
        if key is not None:
            keys = key if isinstance(key, tuple) else (key,)
            labels = pd.MultiIndex.from_arrays(
                [[part] * horizon for part in keys] + [labels], names=X.index.names
            )
        pieces.append(pd.DataFrame(forecasts[row, :horizon], index=labels))
    frame = pd.concat(pieces)
    if coverage is not None:
        return frame.set_axis(["lower", "upper"], axis=1)
    if quantiles is not None and np.ndim(quantiles) == 1:
        learned = getattr(_find(model, LSTMForecaster), "quantiles_", None)
        return frame.set_axis(matched_levels(learned, quantiles), axis=1)
    return frame.iloc[:, 0].rename(target)


def _with_planned_covariates(model, recursive, X, source, step):
    """``X`` with the future covariates the model reads, planned values at the end."""
    names = getattr(model, "feature_names_in_", None)
    future = {} if names is None else future_columns(names, X.columns[1:])
    if not future:
        if source is not None and (recursive is None or recursive.covariates is None):
            raise ValueError(
                "future_covariates= is given, but the model reads no covariates "
                "known in advance: train it on make_supervised(..., "
                "future_covariates=[...]), or leave future_covariates out."
            )
        return X
    if source is None:
        columns = [name for name in names if future_columns([name], future)]
        raise ValueError(
            f"The model reads covariates known in advance ({columns}): pass their "
            "values at the steps after the data, forecast(model, data, "
            "future_covariates=<a DataFrame indexed by those dates, or a function "
            "of dates such as sklstm.calendar_features>)."
        )
    horizon = max(future.values())
    pieces = []
    for key, positions in series_positions(X.index):
        labels = future_labels(X.index[positions], horizon, step)
        if key is not None:
            keys = key if isinstance(key, tuple) else (key,)
            labels = pd.MultiIndex.from_arrays(
                [[part] * horizon for part in keys] + [labels], names=X.index.names
            )
        pieces.append(labels)
    times = pieces[0].append(pieces[1:]) if len(pieces) > 1 else pieces[0]
    who = f"future_covariates (read at the {horizon} step(s) after the data)"
    planned = covariates_at(source, times, list(future), who=who)
    extended = pd.concat([X, planned.set_axis(times)])
    return with_future_covariates(extended, list(future), horizon).iloc[: len(X)]


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
    window_length = _window_length(model)
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
            kept = _tail_positions(history, n_history)
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
    with _padding_only_of(kept, "predict_with_history()"):
        predictions = np.asarray(_predict(model, rows, quantiles, coverage))
    return predictions[len(history) :]


def _predict(model, X, quantiles, coverage):
    """``model.predict(X)``, with the quantiles or interval asked, if any."""
    if quantiles is None and coverage is None:
        return model.predict(X)
    # A search's predict takes no keywords: ask its best estimator.
    while getattr(model, "best_estimator_", None) is not None:
        model = model.best_estimator_
    return model.predict(X, quantiles=quantiles, coverage=coverage)


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


@contextlib.contextmanager
def _padding_only_of(kept, who):
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


def _tail_positions(X, window_length):
    """Positions of the last ``window_length`` rows of each series, in order."""
    if window_length is None:
        return np.arange(len(X))
    keep = [positions[-window_length:] for _, positions in series_positions(X.index)]
    return np.sort(np.concatenate(keep))


def _check_rows_read(history, kept, X, n_history):
    """Refuse NaN or inf in the rows of ``history`` kept and of ``X``, if windowed."""
    if n_history is not None:  # windows need finite values; others may not
        _check_finite_rows(history, kept, who="predict_with_history()'s history")
        _check_finite_rows(X, np.arange(len(X)), who="predict_with_history()'s X")


def _check_finite_rows(X, positions, who):
    """Raise naming the first NaN or inf among ``X``'s rows at ``positions``.

    The row number is the position in ``X`` as the user gave it, not in the
    rows kept for the windows.
    """
    if len(positions) == 0:
        return
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


def _fitted_target(model, data):
    """The target the model was fitted on, if ``data`` has it; else None.

    :func:`make_supervised` puts the target first in ``X``, so the first of
    the fitted column names is the target of a model fitted on its output.
    """
    names = getattr(model, "feature_names_in_", None)
    if not isinstance(data, pd.DataFrame) or data.shape[1] < 2 or names is None:
        return None
    return names[0] if names[0] in data.columns else None


def _find(model, kind):
    """``model`` or the estimator of that kind inside a fitted search or pipeline."""
    while model is not None:
        if isinstance(model, kind):
            return model
        if isinstance(model, FrozenEstimator):
            model = model.estimator
            continue
        if isinstance(model, Pipeline):
            return next((s for _, s in model.steps if isinstance(s, kind)), None)
        inner = getattr(model, "best_estimator_", None)
        model = inner if inner is not None else getattr(model, "estimator_", None)
    return None


def _window_length(model):
    window = _find(model, SlidingWindow)
    return None if window is None else window.window_length
