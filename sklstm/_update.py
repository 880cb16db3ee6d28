"""partial_fit(model, X, y): online updates of a fitted forecasting model, from rows.

scikit-learn's :class:`~sklearn.pipeline.Pipeline` has no ``partial_fit``.
This is what it would do for sklstm's pipelines: the steps before the window
transform the new rows as fitted (they are not refitted: the network learned
in their units), the window gives the new rows the windows they have after
the rows it remembers, the final estimator trains on them
(``LSTMForecaster.partial_fit``: one epoch), and the window then remembers
the new rows, so that predictions and :func:`forecast` continue from them.
"""

import numpy as np
import pandas as pd
from sklearn.frozen import FrozenEstimator
from sklearn.utils.validation import check_is_fitted

from ._forecaster import LSTMForecaster
from ._inspect import ensemble_members, window_position
from ._online import continued
from ._recursive import RecursiveForecaster
from ._validation import check_count, check_input


def partial_fit(model, X, y, *, epochs=1):
    """Train a fitted model further on new rows: an epoch (or more) on their windows.

    The ``partial_fit`` of a fitted pipeline holding a :class:`SlidingWindow`
    (scikit-learn's ``Pipeline`` has none), of a search's best pipeline, of
    each member of an :class:`EnsembleForecaster` and of a
    :class:`RecursiveForecaster`'s pipeline. Each new row gets the window it
    has after the rows the model remembers (the end of the fitted data, or
    of the last update), the final estimator trains one epoch on those
    windows (:meth:`LSTMForecaster.partial_fit`, or any regressor's
    ``partial_fit``, such as :class:`~sklearn.linear_model.SGDRegressor`),
    and the window then remembers the new rows. Call it once per new block
    of rows (``epochs`` passes over it); the steps
    before the window (a scaler) keep their fitted units. Much cheaper than
    a refit on the whole data; after a change in the series (a drift), it
    is also closer to the new rows (``benchmarks/online.py``).

    Parameters
    ----------
    model : estimator
        A fitted pipeline ``[steps..., SlidingWindow, ..., regressor]``, a
        fitted search over one (``GridSearchCV``, whose ``best_estimator_``
        is updated), an :class:`EnsembleForecaster` of such pipelines or a
        :class:`RecursiveForecaster`.
    X : pandas.DataFrame, pandas.Series or array-like of shape \
            (n_new, n_columns)
        The new rows, as the model was fitted on them (the rows of
        :func:`make_supervised` after the fitted ones): with a time index,
        each series' rows start one step after its last fitted row; an
        array's rows are read as the rows after the fitted ones.
    y : array-like of shape (n_new,) or (n_new, horizon)
        Their targets, as in fit.
    epochs : int, default=1
        Passes over the new rows' windows (a final estimator without an
        ``epochs`` keyword, such as ``SGDRegressor``, is called that many
        times).

    Returns
    -------
    model : estimator
        The same model, updated in place.

    Raises
    ------
    ValueError
        Before training: if the model is not fitted, is frozen, holds no
        :class:`SlidingWindow`, its final estimator has no ``partial_fit``,
        or the new rows do not continue the fitted data (a gap, rows seen
        before, no time index where the fit had one); then as the final
        estimator's ``partial_fit``. A failed update leaves the final
        estimator and the window as they were.

    See Also
    --------
    LSTMForecaster.partial_fit : One epoch more on windows.
    SlidingWindow.partial_fit : Remember new rows.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklstm import (LSTMForecaster, MinMaxScaler, SlidingWindow,
    ...                     forecast, make_supervised, partial_fit)
    >>> from sklstm.datasets import load_airline
    >>> series = load_airline()
    >>> X, y = make_supervised(series, horizon=1)
    >>> model = make_pipeline(MinMaxScaler(), SlidingWindow(12),
    ...                       LSTMForecaster(max_epochs=20, random_state=0))
    >>> model = model.fit(X[:-12], y[:-12])  # up to 1959-12
    >>> model = partial_fit(model, X[-12:], y[-12:])  # the months of 1960
    >>> model[-1].n_iter_
    21
    >>> forecast(model, series).index[0]
    Period('1961-01', 'M')
    """
    if isinstance(model, FrozenEstimator):
        raise ValueError(
            "partial_fit does not update a FrozenEstimator: it is frozen so that "
            "nothing refits it. Update the model inside it (model.estimator)."
        )
    members = ensemble_members(model)
    if members is not None:
        for member in members:
            partial_fit(member, X, y, epochs=epochs)
        return model
    pipeline = _pipeline(model)
    if pipeline is not model:  # a RecursiveForecaster: its one-step pipeline
        X, y = _one_step(model, X, y)
    check_input(X)
    check_input(y, name="y")
    epochs = check_count(epochs, "epochs")
    check_is_fitted(pipeline)
    position = window_position(pipeline)
    final = pipeline.steps[-1][1]
    if not hasattr(final, "partial_fit"):
        raise ValueError(
            f"The final step, {type(final).__name__}, has no partial_fit: it "
            "cannot be trained further on new rows. Refit the model, or use a "
            "regressor with partial_fit (LSTMForecaster, SGDRegressor, ...)."
        )
    rows = pipeline[:position].transform(X) if position else X
    window = pipeline.steps[position][1]
    values, index = window._validate(rows, reset=False)
    remembered = continued(window, values, index)  # raises if they do not continue
    if index is None or window.time_step_ is None:
        windows = window._windows(values, window.last_rows_)
    else:
        windows = window.transform(rows)
    for _, step in pipeline.steps[position + 1 : -1]:
        windows = step.transform(windows)
    if isinstance(final, LSTMForecaster):
        final.partial_fit(windows, y, epochs=epochs)
    else:
        for _ in range(epochs):
            final.partial_fit(windows, y)
    window.last_rows_, window.last_rows_index_, window.first_index_ = remembered
    return model


def _pipeline(model):
    """The fitted pipeline holding a window that ``model`` predicts with."""
    found = model
    while getattr(found, "best_estimator_", None) is not None:
        found = found.best_estimator_
    if isinstance(found, RecursiveForecaster):
        check_is_fitted(found)
        return found.estimator_
    if window_position(found) is None:
        raise ValueError(
            "partial_fit needs a fitted Pipeline holding a SlidingWindow before "
            "its final estimator (or a search, EnsembleForecaster or "
            f"RecursiveForecaster of such pipelines); got {type(found).__name__}."
        )
    return found


def _one_step(model, X, y):
    """A RecursiveForecaster's new rows and targets, as its pipeline takes them."""
    while getattr(model, "best_estimator_", None) is not None:
        model = model.best_estimator_
    columns = model._check_covariates(X)
    if columns is not None:
        X = X[columns]
    values = np.asarray(y.to_numpy() if hasattr(y, "to_numpy") else y)
    one_step = values[:, 0] if values.ndim == 2 else values
    if isinstance(y, (pd.Series, pd.DataFrame)):
        one_step = pd.Series(one_step, index=y.index)
    return X, one_step
