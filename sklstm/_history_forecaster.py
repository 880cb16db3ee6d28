"""HistoryForecaster: each row forecast from its window over the whole series.

Tools that choose rows themselves -- MAPIE's conformal regressors take a
calibration block, cross-validation folds, block bootstraps, one new row at a
time -- call ``fit(X, y)`` and ``predict(X)`` on those rows alone, and a
pipeline's window would pad the first rows of each stretch although the rows
before them exist. This meta-estimator finds each row in the series it is
given (``history``) and builds its window from the rows before it there.
"""

import warnings

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, MetaEstimatorMixin, RegressorMixin, clone
from sklearn.exceptions import NotFittedError
from sklearn.utils import get_tags
from sklearn.utils.validation import check_is_fitted

from ._history import predict_with_history
from ._inspect import predict, window_length, window_position
from ._padding import PaddingWarning
from ._placement import (
    MISSING,
    SEVERAL,
    as_rows_of,
    concat,
    fit_on_history,
    last_positions,
    place,
    series_stretches,
    take,
    unplaced_message,
)
from ._timeindex import (
    check_time_index,
    is_time_index,
)
from ._validation import check_real


class HistoryForecaster(MetaEstimatorMixin, RegressorMixin, BaseEstimator):
    """Forecast any rows of a series from windows over the whole series.

    A pipeline holding a :class:`SlidingWindow` builds the window of each row
    from the rows given with it, so rows given apart from the rows before
    them (a calibration block, a test block after it, the folds of a
    cross-validation, a bootstrap sample of blocks, one new row) get padded
    windows although their history exists. ``HistoryForecaster`` finds the
    rows it is given in ``history``, by their time labels, and gives each one
    the window it has there: in :meth:`fit`, the final estimator learns from
    those windows; in :meth:`predict`, it forecasts from them, the same as
    predicting all the rows in one block (:func:`predict_with_history`). A
    window only looks back, so a ``history`` that goes on after the rows
    given (through the test rows) leaks nothing into their forecasts.

    This is what tools that pick rows and call ``fit(X, y)`` and
    ``predict(X)`` on them need, such as MAPIE's conformal regressors (see
    the user guide, "Uncertainty").

    Parameters
    ----------
    estimator : estimator object
        A pipeline holding one :class:`SlidingWindow` and, after it, the
        final estimator, such as ``make_pipeline(MinMaxScaler(),
        SlidingWindow(12), LSTMForecaster())``; :meth:`fit` fits a clone.
        Or a :class:`~sklearn.frozen.FrozenEstimator` around a fitted model,
        which :meth:`fit` leaves as it is (a model fitted elsewhere, such as
        three views of one quantile model). Other estimators are fitted on
        the rows as given.
    history : pandas.Series, pandas.DataFrame or array-like of shape \
            (n_timesteps, n_features)
        All the rows of the series there are, in time order: the ``X`` of
        :func:`make_supervised` over the whole data (a panel with its
        :class:`~pandas.MultiIndex`). Rows given to :meth:`fit` and
        :meth:`predict` are found in it by their time labels; rows of an
        array, which have none, by their values (a run of rows that occurs
        once in ``history``; tools such as MAPIE's ACI pass rows so). Rows
        with labels after the end of ``history``, and rows of an array found
        nowhere in it, are forecast as new rows continuing it.
    quantile : float, default=None
        A level in (0, 1) learned by the final
        ``LSTMForecaster(quantiles=[...])``: :meth:`predict` returns this
        quantile instead of the point forecast. For tools that call
        ``predict(X)`` on estimators of one quantile each, such as MAPIE's
        ``ConformalizedQuantileRegressor``. None: the point forecast.

    Attributes
    ----------
    estimator_ : estimator object
        The fitted clone of ``estimator`` (``estimator`` itself for a
        ``FrozenEstimator``). For a pipeline, its :class:`SlidingWindow` is
        fitted on ``history`` up to the last row given to :meth:`fit`, and
        its final estimator on the windows of the rows given.
    n_features_in_ : int
        Number of features seen during :meth:`fit` (the columns of
        ``history``), ``estimator_``'s.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during :meth:`fit`, ``estimator_``'s.
        Defined only when it has them.

    See Also
    --------
    predict_with_history : Forecasts rows whose history is given apart.
    SlidingWindow : Builds the windows, and pads those without history.

    Notes
    -----
    :meth:`fit` fits the steps before the :class:`SlidingWindow` (a scaler)
    on the rows given only, as the pipeline would, then builds the windows
    of ``history``, transformed by them, and fits the steps after the window
    on the windows of the rows given: the rows given may be any of the
    series, in any order, even repeated (a bootstrap sample of blocks). The
    window of a training row then holds the values of the rows before it
    even where those rows are not among the rows given (the rows of a
    held-out fold just before it): what lagged features computed on the
    whole series hold, the usual input of conformal methods for time
    series. A training block before a calibration block, as split conformal
    has it, holds nothing of the calibration block.

    Rows of an array that :meth:`predict` finds nowhere in ``history`` are
    new data: they are forecast as continuing it, in the order given (so is
    the row of zeros with which MAPIE checks a fitted estimator). Rows it
    cannot place (found there several times, with no neighbour to tell
    which) are forecast from padded windows, with a :class:`PaddingWarning`.

    Examples
    --------
    Forecast a test block that follows a calibration block, which the
    pipeline alone would pad:

    >>> import numpy as np
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklstm import (HistoryForecaster, LSTMForecaster, MinMaxScaler,
    ...                     SlidingWindow, make_supervised)
    >>> from sklstm.datasets import load_airline
    >>> X, y = make_supervised(load_airline())
    >>> pipeline = make_pipeline(MinMaxScaler(), SlidingWindow(12),
    ...                          LSTMForecaster(max_epochs=20, random_state=0))
    >>> model = HistoryForecaster(pipeline, history=X).fit(X[:-48], y[:-48])
    >>> test = model.predict(X[-24:])       # the 24 months before are skipped
    >>> in_one_block = model.estimator_.predict(X[-48:])[-24:]
    >>> bool(np.allclose(test, in_one_block))
    True
    """

    def __init__(self, estimator, *, history, quantile=None):
        self.estimator = estimator
        self.history = history
        self.quantile = quantile

    def fit(self, X, y):
        """Fit a clone of the estimator on the rows of X, with their windows.

        Parameters
        ----------
        X : pandas.Series, pandas.DataFrame or array-like of shape \
                (n_samples, n_features)
            Rows of ``history``, in any order, possibly repeated.
        y : array-like of shape (n_samples,) or (n_samples, horizon)
            The targets of those rows.

        Returns
        -------
        self : HistoryForecaster
            The fitted meta-estimator.

        Raises
        ------
        TypeError
            If ``estimator`` has no ``fit`` or no ``predict`` method.
        ValueError
            If ``history`` is not a series in time order, ``quantile`` is not
            in (0, 1), or, for a pipeline holding a :class:`SlidingWindow`,
            a row of X is not in ``history`` (by its label; for arrays, a
            row found there not once).
        """
        history = self._check_params()
        estimator = clone(self.estimator)
        window_at = window_position(estimator)
        if window_at is None:
            estimator.fit(X, y)
        else:
            positions, by_label = place(X, history)
            if (positions < 0).any():
                raise ValueError(unplaced_message(X, positions, by_label))
            rows = X if by_label else take(history, positions)
            fit_on_history(estimator, window_at, rows, y, history, positions)
        self.estimator_ = estimator
        return self

    def predict(self, X):
        """Forecast the rows of X from their windows in ``history``.

        Parameters
        ----------
        X : pandas.Series, pandas.DataFrame or array-like of shape \
                (n_samples, n_features)
            Rows of ``history``, in any order, or rows that continue it
            (with time labels after its end, or rows of an array found
            nowhere in it).

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            The forecast of each row (its ``quantile``, if set), as the
            estimator's ``predict`` gives it.

        Raises
        ------
        ValueError
            If rows with time labels not in ``history`` do not continue it.

        Warns
        -----
        PaddingWarning
            For rows of an array found several times in ``history``, which
            cannot be placed there, forecast from padded windows.
        """
        check_is_fitted(self)
        history = self._check_params()
        positions, by_label = place(X, history)
        pieces = []  # (rows of X, their forecasts)
        placed = np.flatnonzero(positions >= 0)
        if len(placed):
            unique, forecasts = self._predict_placed(X, history, positions, by_label)
            where = np.searchsorted(unique, positions[placed])
            pieces.append((placed, forecasts[where]))
        unplaced = np.flatnonzero(positions < 0)
        if len(unplaced) and by_label:
            # Labels after the end of history: rows that continue it.
            rows = X.iloc[unplaced]
            pieces.append(
                (
                    unplaced,
                    predict_with_history(
                        self.estimator_, rows, history, quantiles=self.quantile
                    ),
                )
            )
        elif len(unplaced):
            # Rows of an array found nowhere in history: new rows after it.
            missing = unplaced[positions[unplaced] == MISSING]
            if len(missing):
                rows = as_rows_of(X, history, missing)
                pieces.append(
                    (
                        missing,
                        predict_with_history(
                            self.estimator_, rows, history, quantiles=self.quantile
                        ),
                    )
                )
            several = unplaced[positions[unplaced] == SEVERAL]
            if len(several):
                pieces.append((several, self._predict_unplaced(X, history, several)))
        shape = (len(positions),) + np.shape(pieces[0][1])[1:]
        y_pred = np.empty(shape)
        for rows, forecasts in pieces:
            y_pred[rows] = forecasts
        return y_pred

    def _predict_placed(self, X, history, positions, by_label):
        """The positions of history placed, sorted, and the forecasts of those rows.

        Each stretch of consecutive rows is predicted with the rows before it
        in front; stretches of different series go together: one call for
        the first stretch of each series, one for the second, and so on.
        """
        unique = np.unique(positions[positions >= 0])
        first_row = {}  # X's own values for rows placed by label: the first
        for row, position in enumerate(positions):
            first_row.setdefault(int(position), row)
        n_before = window_length(self.estimator_)
        n_before = None if n_before is None else n_before - 1
        by_series = series_stretches(history, unique)
        order, forecasts = [], []
        for depth in range(max(len(stretches) for stretches in by_series)):
            batch = [
                stretches[depth] for stretches in by_series if depth < len(stretches)
            ]
            rows = [
                X.iloc[[first_row[p] for p in stretch]]
                if by_label
                else take(history, stretch)
                for stretch, _ in batch
            ]
            # Only the rows a window reaches back to.
            before = [
                take(history, last_positions(earlier, n_before)) for _, earlier in batch
            ]
            forecasts.append(
                predict_with_history(
                    self.estimator_,
                    concat(rows),
                    concat(before),
                    quantiles=self.quantile,
                )
            )
            order.append(np.concatenate([stretch for stretch, _ in batch]))
        forecasts = np.concatenate(forecasts)
        return unique, forecasts[np.argsort(np.concatenate(order), kind="stable")]

    def _predict_unplaced(self, X, history, unplaced):
        """Forecasts of rows of an array found several times in history, warned."""
        rows = as_rows_of(X, history, unplaced)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            forecasts = predict(self.estimator_, rows, self.quantile, None)
        for warning in caught:  # the window's own padding warning is ours below
            if not issubclass(warning.category, PaddingWarning):
                warnings.warn_explicit(
                    warning.message, warning.category, warning.filename, warning.lineno
                )
        reason = "found there several times"
        warnings.warn(
            PaddingWarning(
                f"HistoryForecaster padded the windows of {len(unplaced)} row(s) "
                f"of X given without time labels, which it could not place in "
                f"history ({reason}): their forecasts read only the rows given "
                "with them. Give X and history as pandas objects with a time "
                "index, or rows that history holds once.",
                unplaced,
                reason,
            ),
            stacklevel=3,
        )
        return forecasts

    def _check_params(self):
        """``history``, checked (an array as 1-D or 2-D float rows); or raise."""
        if not (
            callable(getattr(self.estimator, "fit", None))
            and callable(getattr(self.estimator, "predict", None))
        ):
            raise TypeError(
                "estimator must be an estimator with fit and predict methods; "
                f"got {self.estimator!r}."
            )
        if self.quantile is not None:
            check_real(self.quantile, "quantile", 0, 1, "neither")
        history = self.history
        if isinstance(history, (pd.Series, pd.DataFrame)):
            if is_time_index(history.index):
                check_time_index(history.index, name="history")
            elif not history.index.is_unique:
                raise ValueError(
                    "history's index labels each row once, to place the rows "
                    "given in it; it has duplicates."
                )
            return history
        history = np.asarray(history)
        if history.ndim not in (1, 2) or not len(history):
            raise ValueError(
                "history must be the rows of the series, of shape (n_timesteps,) "
                f"or (n_timesteps, n_features); got shape {history.shape}."
            )
        return history

    @property
    def n_features_in_(self):
        """Number of features seen during :meth:`fit`."""
        try:
            check_is_fitted(self)
        except NotFittedError as error:
            raise AttributeError(
                f"{type(self).__name__} has no n_features_in_ before fit."
            ) from error
        return self.estimator_.n_features_in_

    @property
    def feature_names_in_(self):
        """Names of the features seen during :meth:`fit`."""
        try:
            check_is_fitted(self)
        except NotFittedError as error:
            raise AttributeError(
                f"{type(self).__name__} has no feature_names_in_ before fit."
            ) from error
        return self.estimator_.feature_names_in_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = get_tags(self.estimator)
        tags.input_tags.allow_nan = inner.input_tags.allow_nan
        tags.input_tags.one_d_array = inner.input_tags.one_d_array
        tags.target_tags.multi_output = inner.target_tags.multi_output
        return tags
