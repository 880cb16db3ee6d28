"""RecursiveForecaster: a one-step pipeline rolled forward over its own forecasts."""

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, MetaEstimatorMixin, RegressorMixin, clone
from sklearn.utils.validation import check_is_fitted

from ._covariates import covariates_at, future_columns
from ._inspect import split_at_window
from ._rollout import recursive_predict
from ._timeindex import is_time_index, series_positions
from ._validation import check_count, check_input, restore_on_error


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
    covariates : callable, pandas.DataFrame or None, default=None
        For data with columns besides the target (the first column): where
        their values at future steps come from. A function of time labels
        returning a DataFrame, such as :func:`calendar_features` (or a
        :func:`functools.partial` of it), or a DataFrame of planned values
        (promotions, prices) indexed by time, by series and time for a panel,
        that covers every step forecast. ``X``'s other columns must be its
        columns, either at ``t`` (``"promo"``) or, as
        ``make_supervised(..., future_covariates=[...])`` writes them, at the
        step forecast (``"promo(t+1)"``; columns ``"promo(t+2)"`` and further
        are left out: the recursion takes each step's values from here).
        ``X`` must then be a DataFrame with a time index, from which the
        covariates are looked up. None: ``X`` holds the target only.
    n_paths : int, default=200
        Sample paths per row from which quantiles and intervals more than
        one step ahead are read (see Notes); more give smoother quantiles,
        in proportion slower. Not used by the point forecast.
    random_state : int, RandomState instance or None, default=None
        Seeds the draws of the sample paths; an int makes quantiles and
        intervals reproducible. Not used by the point forecast.

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

    Quantiles further than one step ahead must carry the uncertainty of the
    steps before, which feeding back the point forecast would leave out:
    each of ``n_paths`` paths feeds back a value drawn from each step's
    learned distribution (interpolated linearly between the learned
    quantiles, held at the outermost ones), as DeepAR samples its forecasts
    (Salinas et al., "DeepAR: Probabilistic forecasting with autoregressive
    recurrent networks", IJF 2020), and the quantiles asked are those of the
    paths. Beyond the outermost learned levels the draws are held at them,
    so learn levels at least as far out as those you ask for.

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

    def __init__(
        self, estimator, *, horizon=1, covariates=None, n_paths=200, random_state=None
    ):
        self.estimator = estimator
        self.horizon = horizon
        self.covariates = covariates
        self.n_paths = n_paths
        self.random_state = random_state

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
            ``X``'s columns do not match ``covariates``, or ``y`` is not the
            next value of ``X``'s target column (the recursion feeds each
            forecast back into that column: a log or Box-Cox ``y``, as a
            ``TransformedTargetRegressor`` around this one makes it, cannot be).
        """
        check_count(self.horizon, "horizon")
        split_at_window(self.estimator)
        check_input(X)
        check_input(y, name="y")
        columns = self._check_covariates(X)
        if columns is not None:
            X = X[columns]
        one_step = y.to_numpy() if isinstance(y, (pd.Series, pd.DataFrame)) else y
        one_step = np.asarray(one_step)
        if one_step.ndim == 2:
            if one_step.shape[1] == 0:
                raise ValueError(
                    f"y has no columns (shape {one_step.shape}); expected the "
                    "one-step target in its first column."
                )
            one_step = one_step[:, 0]
        _check_next_values(X, one_step)
        if isinstance(y, (pd.Series, pd.DataFrame)):
            one_step = pd.Series(one_step, index=y.index)
        self.estimator_ = clone(self.estimator).fit(X, one_step)
        # Test folds TimeSeriesSplit(gap=horizon - 1) leaves out between this
        # fit's data and the next are padded without a warning (SlidingWindow).
        window = split_at_window(self.estimator_)[1]
        window.horizon_ = max(window.horizon_, self.horizon)
        self.n_features_in_ = self.estimator_.n_features_in_
        if hasattr(self.estimator_, "feature_names_in_"):
            self.feature_names_in_ = self.estimator_.feature_names_in_
        return self

    def predict(self, X, *, quantiles=None, coverage=None):
        """Forecast ``t+1 .. t+horizon`` from each row ``t`` of ``X``.

        Parameters
        ----------
        X : pandas.DataFrame or array-like of shape (n_samples, n_columns)
            Values known at each time step, with the columns seen in
            :meth:`fit`.
        quantiles : float or list of float, default=None
            Levels of the forecast distribution to return, each learned by
            the final ``LSTMForecaster(quantiles=[...])``. One step ahead they
            are the learned quantiles; further ahead, those of ``n_paths``
            sample paths per row (see Notes).
        coverage : float, default=None
            In (0, 1): the central interval holding the value with this
            probability, bounded by the quantiles ``(1 - coverage) / 2`` and
            ``(1 + coverage) / 2``, which must have been learned.

        Returns
        -------
        y_pred : ndarray of shape (n_samples, horizon), or (n_samples,) if \
                ``horizon == 1``
            Column ``k`` is the forecast ``k + 1`` steps ahead: the point
            forecast, fed back step by step. With a list of ``quantiles``,
            one more last axis, in the order given; with ``coverage``, a last
            axis of 2, lower bound first.

        Raises
        ------
        ValueError
            If ``X``'s columns differ from those seen in :meth:`fit`, or
            quantiles or intervals are asked from a final step trained
            without them (or of levels it did not learn).
        """
        check_is_fitted(self)
        check_input(X)
        columns = self._check_covariates(X)
        if columns is not None:
            X = X[columns]
        horizon = check_count(self.horizon, "horizon")
        forecasts = recursive_predict(
            self.estimator_,
            X,
            horizon,
            self.covariates,
            quantiles=quantiles,
            coverage=coverage,
            n_paths=self.n_paths,
            random_state=self.random_state,
        )
        if quantiles is not None and np.ndim(quantiles) == 0:
            forecasts = forecasts[:, :, 0]  # one level: no axis of levels
        return forecasts[:, 0] if horizon == 1 else forecasts

    def _check_covariates(self, X):
        """Return X's columns for the one-step pipeline, or raise."""
        n_columns = np.shape(X)[1] if np.ndim(X) == 2 else 1
        if self.covariates is None:
            if n_columns > 1:
                raise ValueError(
                    f"X has {n_columns} columns, but without covariates= "
                    "RecursiveForecaster can only forecast the target (the first "
                    "column): the other columns' future values are unknown. Pass "
                    "covariates=<function of the time index returning them, such "
                    "as sklstm.calendar_features, or a DataFrame of planned "
                    "values>, or forecast with the direct strategy "
                    "(make_supervised(..., horizon=h))."
                )
            return None
        if not isinstance(X, pd.DataFrame) or not is_time_index(X.index):
            raise ValueError(
                "With covariates=, X must be a DataFrame with a time index, from "
                f"which the covariates are looked up; got {type(X).__name__}."
            )
        if isinstance(self.covariates, pd.DataFrame):
            names = list(self.covariates.columns)
        else:
            names = list(
                covariates_at(self.covariates, X.index[:1], who="covariates").columns
            )
        others = list(X.columns[1:])
        if others == names:
            return list(X.columns)
        next_step = [f"{name}(t+1)" for name in names]
        further = [
            column
            for column in others
            if future_columns([column], names) and column not in next_step
        ]
        if set(next_step) <= set(others) and len(others) == len(names) + len(further):
            return [X.columns[0], *next_step]
        raise ValueError(
            f"X's columns after the target, {others}, must be those that "
            f"covariates= computes, {names}, at t or at the step forecast "
            f"({next_step}, as "
            "make_supervised(..., future_covariates=[...]) names them)."
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


def _check_next_values(X, one_step):
    """Raise unless ``y[t]`` is the target column of ``X`` at ``t + 1``.

    The recursion writes each forecast into the target column (the first) of
    the next row, so the two must be in the same units. Checked on the rows
    that follow one another within a series.
    """
    target = np.asarray(X.iloc[:, 0] if isinstance(X, pd.DataFrame) else X, dtype=float)
    target = target.reshape(len(target), -1)[:, 0]
    index = X.index if isinstance(X, (pd.Series, pd.DataFrame)) else None
    if index is not None and is_time_index(index):
        groups = [positions for _, positions in series_positions(index)]
    else:
        groups = [np.arange(len(target))]
    rows = np.concatenate([positions[:-1] for positions in groups])
    following = np.concatenate([positions[1:] for positions in groups])
    if len(rows) < 2:
        return
    given, expected = np.asarray(one_step, dtype=float)[rows], target[following]
    if np.allclose(given, expected, rtol=1e-6, atol=0):
        return
    row = int(np.flatnonzero(~np.isclose(given, expected, rtol=1e-6, atol=0))[0])
    raise ValueError(
        "RecursiveForecaster feeds each forecast back as the next value of X's "
        "target column (its first), so y must be that next value in the same "
        f"units; but y is {given[row]:.6g} where the next row's target is "
        f"{expected[row]:.6g} (row {rows[row]}). A TransformedTargetRegressor "
        "(log, Box-Cox) around a RecursiveForecaster does this. Transform the "
        "series before make_supervised instead: X, y = make_supervised("
        "np.log(series)), and np.exp of the forecasts."
    )
