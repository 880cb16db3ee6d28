"""Input checks shared by the estimators.

sklstm reads a time series as ``(n_timesteps, n_features)``; 1-D input is one
feature, and 3-D input (windows) keeps its features on the last axis. So
``n_features_in_`` counts the last axis, which scikit-learn's own check (on
``X.shape[1]``) cannot do for 1-D and 3-D input: the estimators call
``validate_data(..., ensure_2d=False)`` and then :func:`check_n_features`.
``n_features_in_`` is always the number of columns of the 2-D ``X`` that an
estimator accepts, as in scikit-learn; for ``LSTMForecaster``, whose 2-D form
is a flattened window, that is ``window_length * n_features``
(:func:`check_windows`).
"""

import functools
import math
import numbers
import warnings

import numpy as np
import pandas as pd
from sklearn.utils import check_scalar
from sklearn.utils.validation import check_is_fitted


def as_frame(X):
    """Return a Series as a one-column DataFrame (named after it), anything else as is.

    scikit-learn takes feature names from DataFrame columns only; this keeps a
    Series' name as its feature name.
    """
    if isinstance(X, pd.Series):
        return X.to_frame()
    return X


def check_input(X, name="X"):
    """Refuse, with a message naming them, inputs that are not numbers.

    scikit-learn's own validation would fail on these too, but with messages
    that do not say which column is at fault ("could not convert string to
    float") or what the shape is ("inhomogeneous shape").

    Raises
    ------
    ValueError
        If a DataFrame or Series has columns of text, categories, dates or
        other non-numeric dtypes (pandas' nullable numbers are fine), or a
        list or tuple is ragged.
    """
    if isinstance(X, (pd.DataFrame, pd.Series)):
        # A Series' one dtype, without the Series of dtypes a frame builds.
        dtypes = [(X.name, X.dtype)] if isinstance(X, pd.Series) else X.dtypes.items()
        bad = [
            f"{column!r} ({dtype})"
            for column, dtype in dtypes
            if not (
                pd.api.types.is_numeric_dtype(dtype)
                or pd.api.types.is_bool_dtype(dtype)
            )
        ]
        if bad:
            raise ValueError(
                f"{name} has columns that are not numbers: {', '.join(bad)}. sklstm "
                "needs numbers: encode categories first (for example with "
                "sklearn.preprocessing.OneHotEncoder, or calendar_features for "
                "dates), and drop or convert text."
            )
    elif isinstance(X, np.ndarray) and X.dtype.kind in "mM":
        raise ValueError(
            f"{name} holds dates or time spans ({X.dtype}), not numbers. For "
            "calendar covariates use calendar_features; a time index belongs "
            "in the index of a pandas object."
        )
    elif isinstance(X, (list, tuple)):
        try:
            np.asarray(X, dtype=object).astype(float)
        except ValueError as error:
            if "inhomogeneous" in str(error) or "sequence" in str(error):
                raise ValueError(
                    f"{name} is a ragged sequence: its rows have different "
                    "lengths. Expected a rectangular array-like, such as a list "
                    "of rows of equal length."
                ) from error
        except TypeError:
            pass  # not numbers: scikit-learn's validation says so


def check_real(value, name, low, high=None, include_boundaries="both"):
    """Return ``value`` as a float after checking it is a finite number in range.

    scikit-learn's :func:`~sklearn.utils.check_scalar` does the checking;
    NaN, which passes any comparison it makes, and infinities are refused
    here.

    Raises
    ------
    TypeError
        If ``value`` is not a real number.
    ValueError
        If it is NaN, infinite or out of range.
    """
    check_scalar(
        value,
        name,
        numbers.Real,
        min_val=low,
        max_val=high,
        include_boundaries=include_boundaries,
    )
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value!r}.")
    return float(value)


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


def check_bool(value, name):
    """Raise unless ``value`` is True or False (numpy's bools included)."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False; got {value!r}.")


def check_one_of(value, name, options):
    """Raise unless ``value`` is one of ``options``."""
    if not any(value is option or value == option for option in options):
        raise ValueError(f"{name} must be one of {options}; got {value!r}.")


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


def check_windows(X, *, fitted_shape=None):
    """Lift X (2-D or 3-D windows) to 3-D and check it.

    A 2-D X holds one window per row, its steps one after the other, each
    step's features together (``windows.reshape(len(windows), -1)``): without
    ``fitted_shape`` they are univariate windows; with ``fitted_shape``,
    ``(window_length, n_features)`` seen in fit, windows of that shape, and
    3-D windows must have it. Every NaN must be leading padding (see
    :func:`check_padding`).

    Raises
    ------
    ValueError
        If X is 1-D or more than 3-D, has windows without steps or features,
        a different shape from ``fitted_shape``, or a NaN not in padding.
    """
    if X.ndim == 1:
        raise ValueError(
            "Expected 2D or 3D windows, got 1D array instead. Reshape your "
            "data: LSTMForecaster reads (n_samples, window_length, "
            "n_features) windows, or (n_samples, window_length) univariate "
            "ones; SlidingWindow builds them from a series."
        )
    if X.ndim > 3:
        raise ValueError(
            "LSTMForecaster reads windows of shape (n_samples, window_length,"
            f" n_features); got an array of shape {X.shape}."
        )
    if X.ndim == 2 and fitted_shape is not None:
        fitted_length, fitted_features = fitted_shape
        if X.shape[1] != fitted_length * fitted_features:
            steps = (
                "the steps of its univariate windows"
                if fitted_features == 1
                else f"its windows of {fitted_length} steps of {fitted_features} "
                "features, flattened step by step"
            )
            raise ValueError(
                f"X has {X.shape[1]} features, but LSTMForecaster is expecting "
                f"{fitted_length * fitted_features} features as input ({steps})."
            )
        windows = X.reshape(len(X), fitted_length, fitted_features)
    else:
        windows = X[:, :, np.newaxis] if X.ndim == 2 else X
    if 0 in windows.shape[1:]:
        raise ValueError(
            f"Found windows of shape {X.shape[1:]}, while at least one step "
            "and one feature are required."
        )
    if fitted_shape is not None and windows.shape[1:] != fitted_shape:
        fitted_length, fitted_features = fitted_shape
        if windows.shape[2] != fitted_features:
            raise ValueError(
                f"X has {windows.shape[2]} features, but LSTMForecaster is "
                f"expecting {fitted_features} features as input (per time "
                "step of its windows)."
            )
        raise ValueError(
            f"X has windows of {windows.shape[1]} time steps, but "
            f"LSTMForecaster was fitted on windows of {fitted_length}."
        )
    check_padding(windows)
    return windows


def check_padding(windows, chunk_rows=65536):
    """Raise unless every NaN belongs to leading, all-NaN padding steps.

    Checked ``chunk_rows`` windows at a time, so that the masks stay small
    next to the windows (which may be a view of a much smaller series).
    """
    for start in range(0, len(windows), chunk_rows):
        chunk = windows[start : start + chunk_rows]
        missing = np.isnan(chunk)
        if not missing.any():
            continue
        padding_step = missing.all(axis=2)
        empty = padding_step.all(axis=1)
        if empty.any():
            raise ValueError(
                f"Window {start + np.flatnonzero(empty)[0]} of X has no real step: "
                "every value is NaN. Each window needs at least its last step."
            )
        n_padding = padding_step.argmin(axis=1)
        is_padding = np.arange(chunk.shape[1]) < n_padding[:, np.newaxis]
        stray = missing & ~is_padding[:, :, np.newaxis]
        if stray.any():
            row, step, feature = np.argwhere(stray)[0].tolist()
            raise ValueError(
                f"X has NaN in window {start + row}, step {step}, feature "
                f"{feature}, which is not leading padding (padding is whole steps "
                "of NaN before the first real step). Impute missing values before "
                "windowing."
            )


def check_finite(
    values, *, who, index=None, feature_names=None, allow_nan=False, rows=None
):
    """Raise a ValueError naming the first NaN or infinite value of 2-D ``values``.

    ``index`` (the rows' labels) and ``feature_names`` make the message name
    the time and the column; ``rows`` (the rows' positions in the user's
    data, when ``values`` are some of its rows) the row number; ``allow_nan``
    lets NaN through (missing values that the estimator handles), refusing
    only infinities.
    """
    bad = np.isinf(values) if allow_nan else ~np.isfinite(values)
    if not bad.any():
        return
    row, column = np.argwhere(bad)[0].tolist()
    what = (
        "NaN (a missing value)"
        if np.isnan(values[row, column])
        else "an infinite value (inf)"
    )
    number = row if rows is None else int(rows[row])
    where = f"row {number}" if index is None else f"index {index[row]!r} (row {number})"
    name = feature_names[column] if feature_names is not None else column
    advice = (
        "Replace infinite values first."
        if allow_nan
        else "Windows need complete, finite data (padding already means 'no "
        "data'): impute or replace such values first (for example with pandas' "
        "interpolate or ffill, or sklearn.impute.SimpleImputer)."
    )
    raise ValueError(f"{who} got {what} at {where}, column {name!r}. {advice}")


def check_target_finite(y, *, who):
    """Raise naming the time and column of the first NaN or inf in ``y``.

    Left to scikit-learn's validation otherwise, whose message does not say
    where the value is. A NaN in the last value of a series, for example,
    reaches ``y`` only (as the target of the row before).
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # complex y: validate_data refuses it
            values = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError):
        return  # validate_data explains what is wrong with y
    if values.ndim not in (1, 2) or not len(values):
        return
    values = values.reshape(len(values), -1)
    if isinstance(y, pd.DataFrame):
        names = list(y.columns)
    elif isinstance(y, pd.Series):
        names = [y.name if y.name is not None else 0]
    else:
        names = None
    check_finite(
        values,
        who=who,
        index=y.index if isinstance(y, (pd.Series, pd.DataFrame)) else None,
        feature_names=names,
    )


_QUICK_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))


def quick_array(estimator, X, *, ndims=(1, 2)):
    """X's float values, when scikit-learn's ``validate_data`` would only read them.

    A fitted model in service is asked, call after call, about data of the
    kind it was fitted on: a float DataFrame with the fitted columns, a
    float Series named as the fitted feature, or a float array for a model
    fitted without feature names. For those, ``check_input`` and
    ``validate_data(reset=False)`` check nothing that the caller does not
    check again (the number of features, the values), and cost more than
    the network (a third of a one-row predict each). Returns the values (a
    2-D array for a DataFrame or Series; the array itself otherwise) for
    those inputs, or None for any other: then the caller validates as
    usual, with scikit-learn's errors and warnings.

    ``ndims``: the numbers of dimensions an array may have.
    """
    names = getattr(estimator, "feature_names_in_", None)
    if isinstance(X, pd.DataFrame):
        if names is None or tuple(X.columns) != tuple(names) or not len(X):
            return None
        values = X.to_numpy()
    elif isinstance(X, pd.Series):
        if names is None or len(names) != 1 or X.name != names[0] or not len(X):
            return None
        values = X.to_numpy()[:, np.newaxis]
    elif isinstance(X, np.ndarray):
        if names is not None or X.ndim not in ndims or not len(X):
            return None
        values = X
    else:
        return None
    return values if values.dtype in _QUICK_DTYPES else None


def check_fitted(estimator, attribute):
    """scikit-learn's ``check_is_fitted``, skipped when ``attribute`` is set.

    ``check_is_fitted`` gathers the estimator's tags on every call, which
    costs a tenth of a small network's forecast; a fitted estimator has
    ``attribute`` (set by its ``fit``), and any other gets scikit-learn's
    own ``NotFittedError``.
    """
    if not hasattr(estimator, attribute):
        check_is_fitted(estimator)
