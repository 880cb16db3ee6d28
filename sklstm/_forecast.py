"""forecast(): the forecast for the time steps after the end of the data.

One way through: the data as make_supervised's ``X``; the rows the model's
windows read (the end of each series), checked; the planned covariates the
model reads, put in place; the forecast of the last row of each series, by
the model itself (direct) or rolled forward (recursive); and the frame of
it, indexed by the dates after the data.
"""

import warnings

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted

from ._covariates import covariates_at, future_columns
from ._forecaster import LSTMForecaster
from ._history import check_finite_rows, tail_positions
from ._inspect import (
    ensemble_members,
    find,
    fitted_target,
    predict,
    split_at_window,
    window_length,
    windowed_pipeline,
)
from ._padding import padding_only_of
from ._panel_windows import layout
from ._quantiles import matched_levels
from ._recursive import RecursiveForecaster
from ._rollout import recursive_predict
from ._supervised import supervised_features, with_future_covariates
from ._timeindex import (
    future_labels,
    is_panel,
    mark_checked,
    periods_of,
    time_step,
)
from ._validation import check_count


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
    _check_model_and_data(model, data)
    members = ensemble_members(model)
    if members is not None:  # each member from the history it needs
        forecasts = [
            forecast(
                member,
                data,
                horizon=horizon,
                target=target,
                future_covariates=future_covariates,
                quantiles=quantiles,
                coverage=coverage,
            )
            for member in members
        ]
        return sum(forecasts[1:], forecasts[0]) / len(forecasts)
    if target is None:
        target = fitted_target(model, data)
    X, target = supervised_features(data, target)
    step = time_step(X.index)  # from all of the data, before keeping the ends
    if step is None:
        future_labels(X.index, 1, step)  # raises: the dates cannot be told
    length = window_length(model)
    read = tail_positions(X, length)  # the rows the windows read
    if length is not None:  # windows need finite values; other models may not
        check_finite_rows(X, read, who="forecast()'s data")
    recursive = find(model, RecursiveForecaster)
    if future_covariates is None and recursive is not None:
        future_covariates = recursive.covariates
    X = _with_planned_covariates(model, recursive, X, future_covariates, step)
    # One series reads its last rows: a slice, cheaper than taking them.
    X = X.iloc[read] if is_panel(X.index) else X.iloc[len(X) - len(read) :]
    mark_checked(X.index)  # each series' last rows, in order, of a checked index
    forecasts = _forecast_last_rows(
        model, recursive, X, horizon, future_covariates, quantiles, coverage
    )
    horizon = _check_horizon(horizon, forecasts.shape[1])
    values = forecasts[:, :horizon].reshape(-1, forecasts.shape[2])
    index = _labels_after(X.index, horizon, step)
    if coverage is None and quantiles is None:
        return pd.Series(values[:, 0], index=index, name=target, copy=False)
    frame = pd.DataFrame(values, index=index)
    if coverage is not None:
        return frame.set_axis(["lower", "upper"], axis=1)
    if quantiles is not None and np.ndim(quantiles) == 1:
        learned = getattr(find(model, LSTMForecaster), "quantiles_", None)
        return frame.set_axis(matched_levels(learned, quantiles), axis=1)
    return frame.iloc[:, 0].rename(target)  # a single quantile level


def _check_model_and_data(model, data):
    """Raise unless ``model`` can predict and ``data`` is a pandas object."""
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


def _forecast_last_rows(model, recursive, X, horizon, covariates, quantiles, coverage):
    """The forecasts from the last row of each series of ``X``.

    An array of shape ``(n_series, n_steps, n_levels)``: the model's own
    steps (a direct model), or ``horizon`` steps rolled forward (a
    :class:`RecursiveForecaster`, with the covariates given here or its own).
    """
    if is_panel(X.index):
        panel = layout(X.index)
        last_rows = panel.order[panel.starts + panel.counts - 1]
    else:
        last_rows = np.array([len(X) - 1])
    with padding_only_of(last_rows, "forecast()"):
        if recursive is None:
            predicted = _predict_rows(model, X, last_rows, quantiles, coverage)
            n_levels = 2 if coverage is not None else np.size(quantiles)
            return predicted.reshape(len(last_rows), -1, n_levels)
        check_is_fitted(recursive)
        columns = recursive._check_covariates(X)
        forecasts = recursive_predict(
            recursive.estimator_,
            X if columns is None else X[columns],
            check_count(recursive.horizon if horizon is None else horizon, "horizon"),
            covariates,
            rows=last_rows,
            quantiles=quantiles,
            coverage=coverage,
            n_paths=recursive.n_paths,
            random_state=recursive.random_state,
        )
    return forecasts if forecasts.ndim == 3 else forecasts[:, :, np.newaxis]


def _predict_rows(model, X, rows, quantiles, coverage):
    """The model's predictions of ``X``'s rows at ``rows``, from all of ``X``.

    For a pipeline with a window, only those rows' windows reach the steps
    after it (the network), not every row's.
    """
    pipeline = windowed_pipeline(model)
    if pipeline is None:
        return np.asarray(predict(model, X, quantiles, coverage))[rows]
    before, window, after = split_at_window(pipeline)
    scaled = X if before is None else before.transform(X)
    windows = window._transform(scaled, rows=rows)
    return np.asarray(predict(after, windows, quantiles, coverage))


def _check_horizon(horizon, n_steps):
    """``horizon`` (``n_steps`` if None), refused beyond the steps forecast."""
    horizon = n_steps if horizon is None else check_count(horizon, "horizon")
    if horizon > n_steps:
        raise ValueError(
            f"horizon={horizon}, but the model forecasts {n_steps} step(s) per "
            "row. Train a direct model on make_supervised(..., horizon="
            f"{horizon}), or wrap a one-step model in RecursiveForecaster."
        )
    return horizon


def _labels_after(index, horizon, step):
    """The ``horizon`` time labels after each series of ``index``, in one index.

    For a panel, a MultiIndex of the series' keys (in order of first
    appearance) and those times, series after series; built for all the
    series at once.
    """
    if not is_panel(index):
        return future_labels(index, horizon, step)
    panel = layout(index)
    keys = panel.keys
    last = panel.order[panel.starts + panel.counts - 1]  # rows are in time order
    ends = index.levels[-1][index.codes[-1][last]]  # without all rows' labels
    future_labels(ends[:1], 1, step)  # raises if the dates cannot be told
    if isinstance(ends, pd.PeriodIndex):
        # Periods: each series' end + 1 .. + horizon, series after series.
        ahead = np.arange(1, horizon + 1)
        ordinals = (ends.asi8[:, np.newaxis] + ahead).ravel()
        # The distinct times from the distinct ends (few, where the series
        # end together), then each label's place among them.
        level = np.unique((np.unique(ends.asi8)[:, np.newaxis] + ahead).ravel())
        time_codes = np.searchsorted(level, ordinals)
        time_level = periods_of(level, ends.freq)
    else:
        with warnings.catch_warnings():  # offsets pandas applies date by date
            warnings.simplefilter("ignore", pd.errors.PerformanceWarning)
            steps = [ends + step * k for k in range(1, horizon + 1)]
        by_series = np.arange(len(keys))[:, None] + len(keys) * np.arange(horizon)
        times = steps[0].append(steps[1:])[by_series.ravel()]
        time_codes, time_level = pd.factorize(times, sort=True)
    if not isinstance(keys, pd.MultiIndex):
        keys = pd.MultiIndex.from_arrays([keys])  # its levels sorted, as below
    # Built from codes: the levels of n_series keys and of the distinct
    # times, not of n_series * horizon labels (sorted levels, as from_arrays
    # gives them).
    codes = [np.repeat(key_codes, horizon) for key_codes in keys.codes]
    return pd.MultiIndex(
        levels=[*keys.levels, time_level],
        codes=[*codes, time_codes.ravel()],
        names=index.names,
        verify_integrity=False,
    )


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
    times = _labels_after(X.index, horizon, step)
    who = f"future_covariates (read at the {horizon} step(s) after the data)"
    planned = covariates_at(source, times, list(future), who=who)
    extended = pd.concat([X, planned.set_axis(times)])
    return with_future_covariates(extended, list(future), horizon).iloc[: len(X)]
