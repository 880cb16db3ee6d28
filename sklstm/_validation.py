"""Input checks shared by the estimators.

sklstm reads a time series as ``(n_timesteps, n_features)``; 1-D input is one
feature, and 3-D input (windows) keeps its features on the last axis. So
``n_features_in_`` counts the last axis, which scikit-learn's own check (on
``X.shape[1]``) cannot do for 1-D and 3-D input: the estimators call
``validate_data(..., ensure_2d=False)`` and then :func:`check_n_features`.
"""

import functools
import numbers

import pandas as pd
from sklearn.utils import check_scalar


def as_frame(X):
    """Return a Series as a one-column DataFrame (named after it), anything else as is.

    scikit-learn takes feature names from DataFrame columns only; this keeps a
    Series' name as its feature name.
    """
    if isinstance(X, pd.Series):
        return X.to_frame()
    return X


def check_n_features(estimator, n_features, *, reset, ndim):
    """Set (``reset=True``) or check ``estimator.n_features_in_``.

    Raises
    ------
    ValueError
        If ``n_features`` differs from what the estimator was fitted on. The
        message follows scikit-learn's ("X has 1 features, but ... is
        expecting 3 features as input"), and says how to reshape 1-D input.
    """
    if reset:
        estimator.n_features_in_ = n_features
        return
    expected = estimator.n_features_in_
    if n_features == expected:
        return
    name = type(estimator).__name__
    if ndim == 1:
        raise ValueError(
            f"X is 1-D, which {name} reads as a single feature, but {name} is "
            f"expecting {expected} features as input. Reshape your data to "
            f"(n_samples, {expected})."
        )
    raise ValueError(
        f"X has {n_features} features, but {name} is expecting {expected} "
        "features as input."
    )


def check_count(value, name, *, min_val=1):
    """Return ``value`` as an int after checking it is an int >= ``min_val``.

    scikit-learn's :func:`~sklearn.utils.check_scalar` does the checking;
    booleans, which it would take for the ints 0 and 1, are refused here.

    Raises
    ------
    TypeError
        If ``value`` is not an int (or is a bool).
    ValueError
        If ``value < min_val``.
    """
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an int, not bool; got {value!r}.")
    return int(check_scalar(value, name, numbers.Integral, min_val=min_val))


def restore_on_error(fit):
    """Decorate ``fit`` so that a failure leaves the estimator as it was.

    Validation records ``n_features_in_`` before the rest of ``fit`` runs; if
    anything after it raises (bad data found later, an interrupted training),
    the estimator gets its previous attributes back: still fitted as before,
    or still unfitted, never a mix of old and new state.
    """

    @functools.wraps(fit)
    def fit_or_restore(self, *args, **kwargs):
        state = self.__dict__.copy()
        try:
            return fit(self, *args, **kwargs)
        except BaseException:
            self.__dict__.clear()
            self.__dict__.update(state)
            raise

    return fit_or_restore
