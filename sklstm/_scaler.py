"""MinMaxScaler for series and windows, built on scikit-learn's."""

import functools

import numpy as np
import pandas as pd
from sklearn import config_context
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.preprocessing import MinMaxScaler as _SklearnMinMaxScaler
from sklearn.utils.validation import (
    check_array,
    check_is_fitted,
    validate_data,
)

from ._validation import (
    as_frame,
    check_finite,
    check_fitted,
    check_input,
    check_n_features,
    quick_array,
    restore_on_error,
)


class MinMaxScaler(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Scale each feature of a series, or of windows, to a given range.

    The transformation is the one of :class:`sklearn.preprocessing.MinMaxScaler`
    (which does the work here)::

        X_std = (X - X.min()) / (X.max() - X.min())
        X_scaled = X_std * (max - min) + min

    with ``min, max = feature_range`` and the statistics taken per feature on
    the rows seen in :meth:`fit`. What this class adds is the data model of
    time series: 1-D input is one feature; 3-D input (windows, shape
    ``(n_samples, n_steps, n_features)``) is scaled per last-axis feature, with
    statistics pooled over samples and steps; and pandas input gives pandas
    output with the same index, so that a :class:`SlidingWindow` after it in a
    pipeline still sees the time index.

    Parameters
    ----------
    feature_range : tuple (min, max), default=(0, 1)
        Desired range of transformed data.
    copy : bool, default=True
        Passed to the scikit-learn scaler; ``False`` scales numpy input in
        place where it can.
    clip : bool, default=False
        Clip transformed values of held-out data to ``feature_range``. Then
        :meth:`inverse_transform` cannot restore clipped values.

    Attributes
    ----------
    scaler_ : sklearn.preprocessing.MinMaxScaler
        The fitted scikit-learn scaler, on the data reshaped to
        ``(n_rows, n_features)``.
    min_ : ndarray of shape (n_features,)
        Per feature adjustment for minimum, ``min - data_min_ * scale_``.
    scale_ : ndarray of shape (n_features,)
        Per feature scaling, ``(max - min) / data_range_``.
    data_min_ : ndarray of shape (n_features,)
        Per feature minimum seen in the data (NaN ignored).
    data_max_ : ndarray of shape (n_features,)
        Per feature maximum seen in the data (NaN ignored).
    data_range_ : ndarray of shape (n_features,)
        Per feature range ``data_max_ - data_min_``.
    n_features_in_ : int
        Number of features seen during :meth:`fit`: the size of the last axis
        (1 for 1-D input).
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :meth:`fit`. Defined only when `X` is a
        DataFrame (or a named Series) with string column names.

    See Also
    --------
    sklearn.preprocessing.MinMaxScaler : The scaler this one is built on.
    SlidingWindow : Turns a scaled series into windows.

    Notes
    -----
    NaNs are treated as missing values: disregarded in fit, and kept in
    transform. A constant feature is mapped to ``min`` (no division by zero).
    In a pipeline, fit it on the training rows only (the pipeline does this):
    then nothing of the future leaks into the scaling.

    Input and output types: a numpy array gives a numpy array of the same
    shape; a Series gives a Series and a DataFrame a DataFrame, with the same
    index. ``set_output(transform="pandas")`` also turns numpy input of 1 or 2
    dimensions into a DataFrame. 3-D windows have no DataFrame form: under
    ``sklearn.set_config(transform_output="pandas")`` they stay arrays, and
    this estimator's own ``set_output(transform="pandas")`` refuses them with
    a ``ValueError``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklstm import MinMaxScaler
    >>> MinMaxScaler().fit_transform(np.array([1.0, 3.0, 5.0]))
    array([0. , 0.5, 1. ])
    >>> windows = np.array([[[0.0, 10.0], [2.0, 20.0]],
    ...                     [[2.0, 20.0], [4.0, np.nan]]])
    >>> scaler = MinMaxScaler().fit(windows)
    >>> scaler.data_max_
    array([ 4., 20.])
    >>> scaler.transform(windows)[1]
    array([[0.5, 1. ],
           [1. , nan]])
    """

    def __init__(self, feature_range=(0, 1), *, copy=True, clip=False):
        self.feature_range = feature_range
        self.copy = copy
        self.clip = clip

    @restore_on_error
    def fit(self, X, y=None):
        """Compute the per-feature minimum and maximum.

        Parameters
        ----------
        X : array-like of shape (n_samples,), (n_samples, n_features) or \
                (n_samples, n_steps, n_features)
            The data. Series and DataFrames are accepted.
        y : None
            Ignored.

        Returns
        -------
        self : MinMaxScaler
            The fitted scaler.

        Raises
        ------
        ValueError
            If X has more than 3 dimensions, no rows, no features, or
            infinite values; if ``feature_range`` is not increasing.
        """
        _check_feature_range(self.feature_range)
        rows, _ = self._validate(X, reset=True)
        # The inner scaler works on flattened rows and must return arrays even
        # under set_config(transform_output="pandas"); this class wraps them.
        with np.errstate(over="ignore"):  # a range too wide is refused below
            self.scaler_ = (
                _SklearnMinMaxScaler(
                    feature_range=self.feature_range, copy=self.copy, clip=self.clip
                )
                .set_output(transform="default")
                .fit(rows)
            )
        too_wide = np.isinf(self.scaler_.data_range_)
        if too_wide.any():
            feature = int(np.flatnonzero(too_wide)[0])
            raise ValueError(
                f"Feature {feature} spans {self.scaler_.data_min_[feature]!r} .. "
                f"{self.scaler_.data_max_[feature]!r}, a range too wide for "
                "float64 arithmetic. Rescale it first."
            )
        return self

    def transform(self, X):
        """Scale X with the statistics learned in :meth:`fit`.

        Parameters
        ----------
        X : array-like of shape (n_samples,), (n_samples, n_features) or \
                (n_samples, n_steps, n_features)
            The data to scale, with the features seen in :meth:`fit`.

        Returns
        -------
        X_scaled : ndarray, Series or DataFrame of the same shape as X
            Scaled data, NaN kept.

        Raises
        ------
        ValueError
            If X has a different number of features than in :meth:`fit`.
        """
        check_fitted(self, "scaler_")
        rows, restore = self._validate(X, reset=False)
        # scikit-learn's transform, without validating the rows a second
        # time (a third of a one-row predict): the same operations, in place
        # on a copy, in the rows' dtype.
        scaled = np.array(rows, copy=True)
        scaled *= self.scaler_.scale_
        scaled += self.scaler_.min_
        if self.clip:
            np.clip(scaled, *self.feature_range, out=scaled)
        return restore(scaled)

    def inverse_transform(self, X):
        """Undo the scaling: map scaled values back to the original units.

        Parameters
        ----------
        X : array-like of shape (n_samples,), (n_samples, n_features) or \
                (n_samples, n_steps, n_features)
            Scaled data.

        Returns
        -------
        X_original : ndarray, Series or DataFrame of the same shape as X
            Data in the original units, NaN kept.
        """
        check_is_fitted(self)
        rows, restore = self._validate(X, reset=False, check_names=False)
        return restore(self.scaler_.inverse_transform(rows))

    def _validate(self, X, *, reset, check_names=True):
        """Check X and flatten it to rows; return the rows and how to undo it.

        Scaled data given back to :meth:`inverse_transform` is often an array
        (windows cannot be a DataFrame), so its feature names are not checked.
        """
        # A fitted scaler's usual input needs no more than the checks below.
        quick = not reset and check_names
        array = quick_array(self, X, ndims=(1, 2, 3)) if quick else None
        if array is None:
            array = self._validated_array(X, reset=reset, check_names=check_names)
        if array.ndim < 3:
            check_finite(
                array.reshape(len(array), -1),
                who="MinMaxScaler",
                index=getattr(X, "index", None),
                feature_names=getattr(self, "feature_names_in_", None),
                allow_nan=True,
            )
        elif np.isinf(array).any():
            window, step, feature = np.argwhere(np.isinf(array))[0].tolist()
            raise ValueError(
                f"MinMaxScaler got an infinite value (inf) in window {window}, "
                f"step {step}, feature {feature}. Replace infinite values first."
            )
        if array.ndim > 3:
            raise ValueError(
                "MinMaxScaler accepts 1-D (n_samples,), 2-D (n_samples, "
                "n_features) or 3-D (n_samples, n_steps, n_features) input; got "
                f"an array of shape {array.shape} ({array.ndim} dimensions)."
            )
        if array.ndim == 3 and 0 in array.shape[1:]:
            raise ValueError(
                f"Found windows of shape {array.shape}, while at least one step "
                "and one feature are required."
            )
        n_features = 1 if array.ndim == 1 else array.shape[-1]
        check_n_features(self, n_features, reset=reset, ndim=array.ndim)
        rows = array.reshape(-1, n_features)

        def restore(scaled_rows):
            scaled = scaled_rows.reshape(array.shape)
            if isinstance(X, pd.Series):
                return pd.Series(scaled[:, 0], index=X.index, name=X.name)
            if isinstance(X, pd.DataFrame):
                names = getattr(self, "feature_names_in_", None)
                if names is None:
                    columns = self.get_feature_names_out()
                elif tuple(X.columns) == tuple(names):
                    columns = X.columns  # an Index already: cheaper to reuse
                else:
                    columns = names
                return pd.DataFrame(scaled, index=X.index, columns=columns, copy=False)
            return scaled

        return rows, restore

    def _validated_array(self, X, *, reset, check_names):
        """X through scikit-learn's ``validate_data`` (or ``check_array``)."""
        check_input(X)
        frame = as_frame(X)
        check_params = dict(
            ensure_2d=False,
            allow_nd=True,
            # float16 would overflow on ranges over 65504: scale in float32.
            dtype=[np.float64, np.float32],
            ensure_all_finite=False,  # checked below, saying where
            copy=self.copy,
        )
        if check_names:
            array = validate_data(self, frame, reset=reset, **check_params)
        else:
            array = check_array(frame, estimator=self, **check_params)
        return array

    @property
    def min_(self):
        """Per-feature adjustment, ``feature_range[0] - data_min_ * scale_``."""
        return self.scaler_.min_

    @property
    def scale_(self):
        """Per-feature scaling, ``(max - min) / data_range_`` of ``feature_range``."""
        return self.scaler_.scale_

    @property
    def data_min_(self):
        """Per-feature minimum seen in :meth:`fit` (NaN ignored)."""
        return self.scaler_.data_min_

    @property
    def data_max_(self):
        """Per-feature maximum seen in :meth:`fit` (NaN ignored)."""
        return self.scaler_.data_max_

    @property
    def data_range_(self):
        """Per-feature range ``data_max_ - data_min_`` seen in :meth:`fit`."""
        return self.scaler_.data_range_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.three_d_array = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


def _check_feature_range(feature_range):
    """Raise unless ``feature_range`` is two finite numbers, the first smaller."""
    valid = isinstance(feature_range, (tuple, list)) and len(feature_range) == 2
    if valid:
        try:
            low, high = (float(bound) for bound in feature_range)
        except (TypeError, ValueError):
            valid = False
        else:
            valid = np.isfinite([low, high]).all() and low < high
    if not valid:
        raise ValueError(
            "feature_range must be two finite numbers (min, max) with min < max; "
            f"got {feature_range!r}."
        )


def _windows_stay_arrays(method):
    """Wrap a method so that 3-D windows come back as arrays under pandas output.

    scikit-learn's ``set_output`` wraps the output of ``transform`` and
    ``fit_transform`` in a DataFrame, which 3-D windows cannot be. Under the
    global ``set_config(transform_output="pandas")`` they are returned as
    arrays, as they came in; an estimator-level ``set_output(transform=
    "pandas")`` asked for a DataFrame explicitly, and gets a clear error.
    """

    @functools.wraps(method)
    def wrapper(self, X, *args, **kwargs):
        shape = getattr(X, "shape", None)
        if shape is not None and len(shape) >= 3:
            wanted = getattr(self, "_sklearn_output_config", {}).get("transform")
            if wanted not in (None, "default"):
                raise ValueError(
                    f"{type(self).__name__}.set_output(transform={wanted!r}) "
                    f"cannot wrap 3-D windows (shape {shape}) in a DataFrame; "
                    "use it on 1-D or 2-D data, or set_output(transform="
                    '"default").'
                )
            with config_context(transform_output="default"):
                return method(self, X, *args, **kwargs)
        return method(self, X, *args, **kwargs)

    return wrapper


MinMaxScaler.transform = _windows_stay_arrays(MinMaxScaler.transform)
MinMaxScaler.fit_transform = _windows_stay_arrays(MinMaxScaler.fit_transform)
