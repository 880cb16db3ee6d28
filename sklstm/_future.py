"""forecast(): the forecast for the time steps after the end of the data."""

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from ._recursive import RecursiveForecaster, recursive_predict
from ._supervised import supervised_features
from ._timeindex import future_labels, series_positions, time_step
from ._validation import check_count
from ._window import SlidingWindow


def forecast(model, data, *, horizon=None, target=None):
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
        The target column of ``data``, as for :func:`make_supervised`.

    Returns
    -------
    forecast : pandas.Series of shape (horizon,) or (n_series * horizon,)
        The forecast, indexed by the time labels after the last one of
        ``data`` (for a panel: by series and time), named after the target.

    Raises
    ------
    ValueError
        If the time labels after the data cannot be told (no regular time
        step), or ``horizon`` is more than a direct model forecasts.

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
    X, target = supervised_features(data, target)
    step = time_step(X.index)  # from all of the data, before keeping the tails
    X = _tails(X, _window_length(model))
    recursive = _find(model, RecursiveForecaster)
    if recursive is not None and horizon is not None:
        check_is_fitted(recursive)
        forecasts = recursive_predict(
            recursive.estimator_,
            X,
            check_count(horizon, "horizon"),
            recursive.covariates,
        )
    else:
        forecasts = np.asarray(model.predict(X)).reshape(len(X), -1)
    n_outputs = forecasts.shape[1]
    horizon = n_outputs if horizon is None else check_count(horizon, "horizon")
    if horizon > n_outputs:
        raise ValueError(
            f"horizon={horizon}, but the model forecasts {n_outputs} step(s) per "
            "row. Train a direct model on make_supervised(..., horizon="
            f"{horizon}), or wrap a one-step model in RecursiveForecaster."
        )
    pieces = []
    for key, positions in series_positions(X.index):
        labels = future_labels(X.index[positions], horizon, step)
        if key is not None:
            keys = key if isinstance(key, tuple) else (key,)
            labels = pd.MultiIndex.from_arrays(
                [[part] * horizon for part in keys] + [labels], names=X.index.names
            )
        pieces.append(pd.Series(forecasts[positions[-1], :horizon], index=labels))
    return pd.concat(pieces).rename(target)


def _tails(X, window_length):
    """The last ``window_length`` rows of each series (all rows if None)."""
    if window_length is None:
        return X
    keep = [positions[-window_length:] for _, positions in series_positions(X.index)]
    return X.iloc[np.sort(np.concatenate(keep))]


def _find(model, kind):
    """``model`` or the estimator of that kind inside a fitted search or pipeline."""
    while model is not None:
        if isinstance(model, kind):
            return model
        if isinstance(model, Pipeline):
            return next((s for _, s in model.steps if isinstance(s, kind)), None)
        inner = getattr(model, "best_estimator_", None)
        model = inner if inner is not None else getattr(model, "estimator_", None)
    return None


def _window_length(model):
    window = _find(model, SlidingWindow)
    return None if window is None else window.window_length
