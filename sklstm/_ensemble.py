"""EnsembleForecaster: the mean of several forecasters, fitted in parallel."""

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, MetaEstimatorMixin, RegressorMixin, clone
from sklearn.utils import Bunch, get_tags
from sklearn.utils.validation import check_is_fitted

from ._validation import check_input, restore_on_error


class EnsembleForecaster(MetaEstimatorMixin, RegressorMixin, BaseEstimator):
    """Average the forecasts of several forecasters, fitted in parallel.

    Each estimator (a pipeline ending in an :class:`LSTMForecaster`, say,
    of another window length or another ``random_state``) is cloned and
    fitted on the same ``X`` and ``y``; :meth:`predict` returns the mean of
    their predictions, of any shape: one step or ``h`` steps per row, and
    quantiles or interval bounds, averaged level by level (Vincentization:
    Lichtendahl, Grushka-Cockayne and Winkler, "Is it better to average
    probabilities or quantiles?", Management Science 2013). Models that look
    back over different lengths make different errors, and their mean is
    better than any of them (as N-BEATS averages models of several
    look-backs; Oreshkin et al., ICLR 2020). scikit-learn's
    :class:`~sklearn.ensemble.VotingRegressor` does this for one output
    only, without quantiles. :func:`forecast` forecasts with each member
    from the history it needs and averages those forecasts.

    Parameters
    ----------
    estimators : list of (str, estimator) tuples
        The members, each with a name (used by ``get_params`` and
        ``set_params``: ``"w12__lstmforecaster__max_epochs"``). Each must have
        ``fit`` and ``predict``; they are cloned in :meth:`fit`.
    n_jobs : int or None, default=None
        Members fitted at once, in processes (joblib's default backend):
        None is 1, -1 all cores. With each member's ``random_state`` set, a
        fit is reproducible for a given ``n_jobs``. Members fitted in worker
        processes run with the torch threads joblib leaves each (the cores
        divided by ``n_jobs``), and another number of threads sums in
        another order, so ``n_jobs=1`` and ``n_jobs=2`` train apart as two
        machines with different thread counts do: forecasts of equal
        accuracy, not equal values (``benchmarks/ensemble.py``).

    Attributes
    ----------
    estimators_ : list of estimators
        The fitted members, in the order of ``estimators``.
    named_estimators_ : sklearn.utils.Bunch
        The fitted members by name.
    n_features_in_ : int
        Number of columns of ``X`` seen in :meth:`fit`.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the columns of ``X`` seen in :meth:`fit`, if they were all
        strings.

    See Also
    --------
    forecast : The forecast for the steps after the end of the data.
    sklearn.ensemble.VotingRegressor : The mean of one-output regressors.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklstm import (EnsembleForecaster, LSTMForecaster, MinMaxScaler,
    ...                     SlidingWindow, forecast, make_supervised)
    >>> from sklstm.datasets import load_airline
    >>> series = load_airline()
    >>> def member(window_length):
    ...     return make_pipeline(MinMaxScaler(), SlidingWindow(window_length),
    ...                          LSTMForecaster(max_epochs=20, random_state=0))
    >>> model = EnsembleForecaster([("w12", member(12)), ("w24", member(24))])
    >>> model = model.fit(*make_supervised(series, horizon=6))
    >>> forecast(model, series).index[[0, -1]]
    PeriodIndex(['1961-01', '1961-06'], dtype='period[M]', name='Month')
    """

    def __init__(self, estimators, *, n_jobs=None):
        self.estimators = estimators
        self.n_jobs = n_jobs

    @restore_on_error
    def fit(self, X, y):
        """Fit a clone of each member on ``X`` and ``y``.

        Parameters
        ----------
        X : pandas.DataFrame or array-like of shape (n_samples, n_columns)
            As each member's ``fit`` takes it (the rows of
            :func:`make_supervised`, for pipelines holding a
            :class:`SlidingWindow`).
        y : array-like of shape (n_samples,) or (n_samples, horizon)
            The targets.

        Returns
        -------
        self : EnsembleForecaster
            The fitted ensemble.

        Raises
        ------
        ValueError
            If ``estimators`` is empty, not a list of ``(name, estimator)``
            pairs, or its names repeat, hold ``"__"`` or clash with a
            parameter of the ensemble.
        TypeError
            If a member has no ``fit`` or no ``predict`` method.
        """
        members = _check_estimators(self.estimators)
        check_input(X)
        check_input(y, name="y")
        fitted = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit)(clone(estimator), X, y) for _, estimator in members
        )
        self.estimators_ = fitted
        self.named_estimators_ = Bunch(
            **{name: member for (name, _), member in zip(members, fitted)}
        )
        first = fitted[0]
        if hasattr(first, "n_features_in_"):
            self.n_features_in_ = first.n_features_in_
        if hasattr(first, "feature_names_in_"):
            self.feature_names_in_ = first.feature_names_in_
        return self

    def predict(self, X, **predict_params):
        """The mean of the members' predictions of ``X``.

        Parameters
        ----------
        X : pandas.DataFrame or array-like of shape (n_samples, n_columns)
            As each member's ``predict`` takes it.
        **predict_params : dict
            Passed to each member's ``predict``, such as ``quantiles=[0.1,
            0.9]`` or ``coverage=0.8`` for members that learned quantiles:
            each level (each bound) is averaged over the members.

        Returns
        -------
        y_pred : ndarray
            The mean over the members, of the shape each returns.

        Raises
        ------
        ValueError
            If the members' predictions differ in shape, or as a member's
            ``predict`` raises (quantiles a member did not learn, say).
        """
        check_is_fitted(self)
        predictions = [
            np.asarray(member.predict(X, **predict_params), dtype=np.float64)
            for member in self.estimators_
        ]
        return mean_of(predictions, [name for name, _ in self.estimators])

    def get_params(self, deep=True):
        """The ensemble's parameters; with ``deep``, the members' too.

        Parameters
        ----------
        deep : bool, default=True
            Also return each member by its name and its parameters as
            ``<name>__<parameter>``.

        Returns
        -------
        params : dict
            Parameter names mapped to their values.
        """
        params = super().get_params(deep=False)
        if deep and _is_list_of_pairs(self.estimators):
            for name, estimator in self.estimators:
                params[name] = estimator
                if hasattr(estimator, "get_params"):
                    for key, value in estimator.get_params(deep=True).items():
                        params[f"{name}__{key}"] = value
        return params

    def set_params(self, **params):
        """Set the ensemble's parameters, a member by its name, or its parameters.

        Parameters
        ----------
        **params : dict
            ``estimators``, ``n_jobs``, ``<name>`` (replaces that member) or
            ``<name>__<parameter>``.

        Returns
        -------
        self : EnsembleForecaster
            The ensemble.
        """
        names = (
            [name for name, _ in self.estimators]
            if _is_list_of_pairs(self.estimators)
            else []
        )
        if "estimators" in params:
            self.estimators = params.pop("estimators")
        replaced = {name: params.pop(name) for name in list(params) if name in names}
        if replaced:
            self.estimators = [
                (name, replaced.get(name, estimator))
                for name, estimator in self.estimators
            ]
        return super().set_params(**params) if params else self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        if _is_list_of_pairs(self.estimators) and len(self.estimators):
            members = [get_tags(estimator) for _, estimator in self.estimators]
            inputs = tags.input_tags
            inputs.sparse = all(m.input_tags.sparse for m in members)
            inputs.allow_nan = all(m.input_tags.allow_nan for m in members)
            inputs.one_d_array = all(m.input_tags.one_d_array for m in members)
        return tags


def mean_of(predictions, names):
    """The mean of arrays of one shape; a ValueError naming a member otherwise."""
    shape = predictions[0].shape
    # (n,) and (n, 1) alike: regressors differ in what a column y gives back.
    predictions = [
        p.reshape(shape)
        if np.squeeze(p).shape == np.squeeze(predictions[0]).shape
        else p
        for p in predictions
    ]
    for name, prediction in zip(names[1:], predictions[1:]):
        if prediction.shape != shape:
            raise ValueError(
                f"EnsembleForecaster's members predict in different shapes: "
                f"{names[0]!r} {shape}, {name!r} {prediction.shape}. Fit them on "
                "the same y (the same horizon)."
            )
    return np.mean(predictions, axis=0)


def _fit(estimator, X, y):
    return estimator.fit(X, y)


def _is_list_of_pairs(estimators):
    return isinstance(estimators, (list, tuple)) and all(
        isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)
        for pair in estimators
    )


def _check_estimators(estimators):
    """The ``(name, estimator)`` pairs, checked; or raise."""
    if not _is_list_of_pairs(estimators) or not len(estimators):
        raise ValueError(
            "estimators must be a non-empty list of (name, estimator) tuples, "
            "such as [('w12', pipeline_12), ('w24', pipeline_24)]; got "
            f"{estimators!r}."
        )
    names = [name for name, _ in estimators]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"estimators' names must be unique; {repeated} repeat.")
    for name in names:
        if "__" in name or name in ("estimators", "n_jobs"):
            raise ValueError(
                f"estimators' name {name!r} cannot be used: names hold no '__' "
                "and are not 'estimators' or 'n_jobs'."
            )
    for name, estimator in estimators:
        if not (
            callable(getattr(estimator, "fit", None))
            and callable(getattr(estimator, "predict", None))
        ):
            raise TypeError(
                f"estimators' member {name!r} must have fit and predict methods; "
                f"got {estimator!r}."
            )
    return list(estimators)
