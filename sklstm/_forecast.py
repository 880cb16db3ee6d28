"""Forecasts several steps ahead: recursion, and forecasts past the end of the data."""

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, MetaEstimatorMixin, RegressorMixin, clone
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from ._supervised import supervised_features
from ._timeindex import (
    future_labels,
    is_panel,
    is_time_index,
    series_positions,
    time_labels,
    time_step,
)
from ._validation import check_count, check_input, restore_on_error
from ._window import SlidingWindow


class RecursiveForecaster(MetaEstimatorMixin, RegressorMixin, BaseEstimator):
    """Forecast ``horizon`` steps ahead by feeding one-step forecasts back.

    Wraps a pipeline that forecasts one step ahead, such as
    ``make_pipeline(MinMaxScaler(), SlidingWindow(), LSTMForecaster())``. To
    forecast ``t+1 .. t+horizon`` from row ``t``, it forecasts ``t+1``, puts
    that value in place of the target at ``t+1``, runs it through the steps
    before the :class:`SlidingWindow` (the scaler) and onto the end of the
    window, forecasts ``t+2``, and so on. One model serves every horizon;
    errors compound with the steps, which the direct strategy (a model
    trained on ``make_supervised(..., horizon=h)``) avoids.

    Parameters
    ----------
    estimator : Pipeline
        A pipeline holding a :class:`SlidingWindow`, followed by a regressor
        forecasting one step. It is cloned in :meth:`fit`.
    horizon : int, default=1
        How many steps ahead to forecast from each row, in time steps.
    covariates : callable or None, default=None
        For data with columns besides the target (the first column): a
        function that computes those columns from time labels, such as
        :func:`calendar_features` (or a :func:`functools.partial` of it), so
        that their values at future steps are known. ``X``'s other columns
        must be exactly its output. None: ``X`` holds the target only.

    Attributes
    ----------
    estimator_ : Pipeline
        The fitted one-step pipeline.
    n_features_in_ : int
        Number of columns of ``X`` seen in :meth:`fit`.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the columns of ``X`` seen in :meth:`fit`, if it had string
        names.

    See Also
    --------
    forecast : The forecast for the steps after the end of the data.
    make_supervised : ``horizon=h`` gives the targets to evaluate against.

    Notes
    -----
    :meth:`fit` takes ``y`` of shape ``(n_samples,)`` or ``(n_samples, k)``
    and trains on its first column, the one-step target; so the ``(X, y)``
    of ``make_supervised(data, horizon=h)`` can be used to fit, tune and
    score it over all ``h`` steps. With ``TimeSeriesSplit``, use
    ``gap=horizon - 1`` so that training targets do not reach into the test
    fold's time.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklstm import (LSTMForecaster, MinMaxScaler, RecursiveForecaster,
    ...                     SlidingWindow, make_supervised)
    >>> from sklstm.datasets import load_airline
    >>> X, y = make_supervised(load_airline(), horizon=3)
    >>> one_step = make_pipeline(MinMaxScaler(), SlidingWindow(12),
    ...                          LSTMForecaster(max_epochs=20, random_state=0))
    >>> model = RecursiveForecaster(one_step, horizon=3).fit(X[:-12], y[:-12])
    >>> model.predict(X[-12:]).shape
    (12, 3)
    """

    def __init__(self, estimator, *, horizon=1, covariates=None):
        self.estimator = estimator
        self.horizon = horizon
        self.covariates = covariates

    @restore_on_error
    def fit(self, X, y):
        """Fit the one-step pipeline on ``X`` and the first column of ``y``.

        Parameters
        ----------
        X : pandas.DataFrame or array-like of shape (n_samples, n_columns)
            Values known at each time step, the target first.
        y : array-like of shape (n_samples,) or (n_samples, k)
            Targets; only the first column (the next step) is used.

        Returns
        -------
        self : RecursiveForecaster
            The fitted forecaster.

        Raises
        ------
        ValueError
            If ``estimator`` holds no :class:`SlidingWindow`, ``horizon < 1``,
            or ``X``'s columns do not match ``covariates``.
        """
        check_count(self.horizon, "horizon")
        _split_at_window(self.estimator)
        check_input(X)
        check_input(y, name="y")
        self._check_covariates(X)
        one_step = y.to_numpy() if isinstance(y, (pd.Series, pd.DataFrame)) else y
        one_step = np.asarray(one_step)
        if one_step.ndim == 2:
            if one_step.shape[1] == 0:
                raise ValueError(
                    f"y has no columns (shape {one_step.shape}); expected the "
                    "one-step target in its first column."
                )
            one_step = one_step[:, 0]
        if isinstance(y, (pd.Series, pd.DataFrame)):
            one_step = pd.Series(one_step, index=y.index)
        self.estimator_ = clone(self.estimator).fit(X, one_step)
        self.n_features_in_ = self.estimator_.n_features_in_
        if hasattr(self.estimator_, "feature_names_in_"):
            self.feature_names_in_ = self.estimator_.feature_names_in_
        return self

    def predict(self, X):
        """Forecast ``t+1 .. t+horizon`` from each row ``t`` of ``X``.

        Parameters
        ----------
        X : pandas.DataFrame or array-like of shape (n_samples, n_columns)
            Values known at each time step, with the columns seen in
            :meth:`fit`.

        Returns
        -------
        y_pred : ndarray of shape (n_samples, horizon), or (n_samples,) if
            ``horizon == 1``
            Column ``k`` is the forecast ``k + 1`` steps ahead.
        """
        check_is_fitted(self)
        check_input(X)
        self._check_covariates(X)
        forecasts = recursive_predict(
            self.estimator_, X, check_count(self.horizon, "horizon"), self.covariates
        )
        return forecasts[:, 0] if forecasts.shape[1] == 1 else forecasts

    def _check_covariates(self, X):
        n_columns = np.shape(X)[1] if np.ndim(X) == 2 else 1
        if self.covariates is None:
            if n_columns > 1:
                raise ValueError(
                    f"X has {n_columns} columns, but without covariates= "
                    "RecursiveForecaster can only forecast the target (the first "
                    "column): the other columns' future values are unknown. Pass "
                    "covariates=<function of the time index returning them>, such "
                    "as sklstm.calendar_features, or forecast with the direct "
                    "strategy (make_supervised(..., horizon=h))."
                )
            return
        if not callable(self.covariates):
            raise ValueError(
                "covariates must be None or a function of a time index that "
                "returns a DataFrame of covariates, such as "
                f"sklstm.calendar_features; got {self.covariates!r}."
            )
        if not isinstance(X, pd.DataFrame) or not is_time_index(X.index):
            raise ValueError(
                "With covariates=, X must be a DataFrame with a time index, from "
                f"which the covariates are computed; got {type(X).__name__}."
            )
        computed = self.covariates(X.index)
        if not isinstance(computed, pd.DataFrame):
            raise ValueError(
                "covariates must return a pandas DataFrame indexed like the time "
                f"labels it is given; it returned {type(computed).__name__}."
            )
        expected = list(computed.columns)
        if list(X.columns[1:]) != expected:
            raise ValueError(
                f"X's columns after the target, {list(X.columns[1:])}, must be "
                f"those that covariates= computes, {expected}."
            )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


def recursive_predict(pipeline, X, horizon, covariates=None):
    """Forecast ``horizon`` steps from each row of ``X`` with a one-step pipeline.

    Returns an array of shape ``(n_samples, horizon)``.
    """
    before, window, after = _split_at_window(pipeline)
    scaled = before.transform(X) if before is not None else X
    windows = window.transform(scaled)
    # The time step of X's own index, or, when X is too short to tell it (a
    # few dates without a frequency), the one learned from the training data.
    time_step_ = (
        time_step(X.index) if isinstance(X, (pd.Series, pd.DataFrame)) else None
    )
    if time_step_ is None:
        time_step_ = getattr(window, "time_step_", None)
    forecasts = np.empty((len(windows), horizon))
    for step in range(horizon):
        forecasts[:, step] = np.asarray(after.predict(windows)).reshape(len(windows))
        if step == horizon - 1:
            break
        rows = _future_rows(X, forecasts[:, step], step + 1, covariates, time_step_)
        if before is not None:
            rows = before.transform(rows)
        rows = np.asarray(rows, dtype=windows.dtype).reshape(len(windows), 1, -1)
        windows = np.concatenate([windows[:, 1:], rows], axis=1)
    return forecasts


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


def _split_at_window(pipeline):
    """``(steps before, the SlidingWindow, steps after)`` of a pipeline."""
    if isinstance(pipeline, Pipeline):
        for position, (_, step) in enumerate(pipeline.steps):
            if isinstance(step, SlidingWindow) and position < len(pipeline) - 1:
                before = pipeline[:position] if position else None
                return before, step, pipeline[position + 1 :]
    raise ValueError(
        "RecursiveForecaster needs a Pipeline holding a SlidingWindow followed "
        f"by a regressor that forecasts one step; got {type(pipeline).__name__}."
    )


def _future_rows(X, forecast_values, steps_ahead, covariates, step=None):
    """Rows like X's at ``t + steps_ahead``: the forecast target, the covariates."""
    if not isinstance(X, (pd.DataFrame, pd.Series)):
        return np.asarray(forecast_values).reshape(-1, 1)
    frame = X.to_frame() if isinstance(X, pd.Series) else X
    rows = pd.DataFrame({frame.columns[0]: forecast_values}, index=frame.index)
    if covariates is None:
        return rows
    if step is None:
        step = time_step(frame.index)
    if step is None:
        raise ValueError(
            "The covariates of future steps cannot be computed: the time index "
            "of X has no regular step (a PeriodIndex, a DatetimeIndex with a "
            "frequency, or evenly spaced integers)."
        )
    times = time_labels(frame.index) + step * steps_ahead
    if is_panel(frame.index):
        series = [
            frame.index.get_level_values(level)
            for level in range(frame.index.nlevels - 1)
        ]
        times = pd.MultiIndex.from_arrays(series + [times], names=frame.index.names)
    future = covariates(times)
    if not isinstance(future, pd.DataFrame):
        raise ValueError(
            "covariates must return a pandas DataFrame indexed like the time "
            f"labels it is given; it returned {type(future).__name__}."
        )
    return rows.set_axis(times).join(future)


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
