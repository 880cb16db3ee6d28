"""One fit and one forecast of LSTMForecaster's network.

:func:`validated_data` and :func:`validated_windows` check what ``fit`` and
``predict`` are given and lift it to 3-D windows; :func:`train` fits the
units (the target map, and the global scales for ``normalization=None``),
builds the scaled datasets and the skorch net, trains it and checks the
training; :func:`forecast_windows` maps the network's output back to
``y``'s units, per window.
"""

from typing import NamedTuple

import numpy as np
from sklearn.utils import check_random_state
from sklearn.utils.validation import FLOAT_DTYPES, validate_data

from ._callbacks import check_training
from ._net import (
    continue_from,
    global_rng_for_dropout,
    n_validation,
    new_net,
    predict_in_chunks,
)
from ._params import check_same_network, check_shapes, network_params
from ._quantiles import learned_levels
from ._scaling import (
    check_magnitude,
    fit_scaler,
    fit_target_scaler,
    initial_location_weight,
    scaled_inputs,
    training_dataset,
)
from ._successors import fit_target_map
from ._validation import (
    check_input,
    check_target_finite,
    check_windows,
    quick_array,
)


class Trained(NamedTuple):
    """What :func:`train` gives ``fit`` to keep."""

    net: object  # the trained ForecasterNet
    units: tuple  # (target_map_, x_scaler_, y_scaler_)
    params: dict  # fitted_network_params_
    levels: object  # quantiles_: the learned levels, or None
    n_train: int  # the windows trained on; those after it validated on


def validated_data(estimator, X, y, *, reset):
    """``X`` as 3-D float windows and ``y`` as a float array, for ``fit``.

    With ``reset`` (a new fit), the windows' shape and ``n_features_in_`` are
    learned; otherwise checked against the fitted ones.
    """
    check_input(X)
    check_input(y, name="y")
    check_target_finite(y, who="LSTMForecaster.fit: y")
    X, y = validate_data(
        estimator,
        X,
        y,
        reset=reset,
        ensure_2d=False,
        allow_nd=True,
        dtype=FLOAT_DTYPES,
        ensure_all_finite="allow-nan",
        multi_output=True,
        y_numeric=True,
    )
    windows = _windows(estimator, X, reset=reset)
    check_shapes(estimator, windows, y.reshape(len(y), -1), not reset)
    return windows, y


def validated_windows(estimator, X):
    """``X`` as 3-D float windows of the fitted shape, for ``predict``."""
    windows = quick_array(estimator, X, ndims=(2, 3))
    # Infinities get validate_data's own error.
    if windows is None or np.isinf(windows).any():
        check_input(X)
        windows = validate_data(
            estimator,
            X,
            reset=False,
            ensure_2d=False,
            allow_nd=True,
            dtype=FLOAT_DTYPES,
            ensure_all_finite="allow-nan",
        )
    return _windows(estimator, windows, reset=False)


def _windows(estimator, X, *, reset):
    """Lift X to 3-D windows; check them against what fit saw."""
    windows = check_windows(X, fitted_shape=None if reset else estimator.window_shape_)
    if reset:
        # The columns of the window in its 2-D form, as scikit-learn counts
        # features: tools probe a fitted regressor with
        # predict(np.zeros((1, n_features_in_))) (MAPIE does).
        estimator.n_features_in_ = windows.shape[1] * windows.shape[2]
    return windows


def fit_units(estimator, windows, targets):
    """The target map, and with ``normalization=None`` the global scales."""
    target_map = fit_target_map(
        windows,
        targets,
        estimator.target_feature,
        check=estimator.normalization == "window",
    )
    window = estimator.normalization == "window"
    x_scaler = None if window else fit_scaler(windows)
    return target_map, x_scaler, fit_target_scaler(targets)


def train(estimator, windows, targets, warm):
    """Train the estimator's network on ``windows`` and ``targets``.

    ``warm``: train the fitted network further, in its fitted units.
    Returns a :class:`Trained`; sets nothing on the estimator.
    """
    n_train = len(windows)
    if estimator.early_stopping:
        n_train -= n_validation(n_train, estimator.validation_fraction)
    if warm:
        check_same_network(estimator)
        # The network learned in these units: keep them.
        units = estimator.target_map_, estimator.x_scaler_, estimator.y_scaler_
    else:
        # Fitted on the training windows only, not on the validation ones.
        check_magnitude(windows)
        units = fit_units(estimator, windows[:n_train], targets[:n_train])
    params = network_params(estimator)
    # The validation windows in units of their own: the training ones'
    # units (a series' mean spread) must not depend on them.
    training, validation = (
        training_dataset(params, windows[rows], targets[rows], units)
        for rows in (slice(None, n_train), slice(n_train, None))
    )
    seeds = check_random_state(estimator.random_state).randint(
        np.iinfo(np.int32).max, size=2
    )
    quantiles = estimator.quantiles
    levels = None if quantiles is None else learned_levels(quantiles)
    net = new_net(
        estimator,
        windows.shape[2],
        targets.shape[1],
        validation,
        seeds,
        levels,
        location_weight=initial_location_weight(training),
    )
    n_epochs_before = len(estimator.net_.history) if warm else 0
    with global_rng_for_dropout(estimator.dropout, estimator.device, int(seeds[1])):
        if warm:
            continue_from(net, estimator.net_, estimator.lr).partial_fit(training, None)
        else:
            net.fit(training, None)
    net.set_params(train_split=None)  # validation windows are not kept
    check_training(
        net, n_epochs_before, estimator.max_epochs, net.mean_forecast_loss(training.y)
    )
    return Trained(net, units, params, levels, n_train)


def forecast_windows(estimator, windows, positions):
    """The fitted network's forecasts from ``windows``, in ``y``'s units.

    An array of shape ``(n_windows, n_outputs, n_levels)``: the learned
    levels at ``positions``, or one level if None (no quantiles learned).

    Raises
    ------
    ValueError
        If a forecast is not finite (the network's output overflowed).
    """
    units = estimator.target_map_, estimator.x_scaler_, estimator.y_scaler_
    inputs, scales, location, unit = scaled_inputs(
        estimator.fitted_network_params_, windows, *units
    )
    predictions = predict_in_chunks(estimator.net_, inputs, scales).astype(np.float64)
    if positions is None:  # no quantiles learned: one value per output
        predictions = predictions[:, :, np.newaxis]
    else:
        predictions = predictions[:, :, positions]
    predictions = location[:, :, np.newaxis] + unit[:, :, np.newaxis] * predictions
    if not np.isfinite(predictions).all():
        row = int(np.flatnonzero(~np.isfinite(predictions).all(axis=(1, 2)))[0])
        raise ValueError(
            f"The forecast from window {row} is not finite: the network's "
            "output overflowed. Check that the windows are of the scale of "
            "the training data."
        )
    return predictions


def fit_forecaster(estimator, X, y, settings, *, warm):
    """Validate, train with ``settings`` (the estimator or a copy), keep the result.

    What ``fit`` and ``partial_fit`` share: ``settings`` holds the
    parameters this training runs with (``partial_fit``: one epoch, nothing
    held out); the fitted attributes are set on ``estimator``.
    """
    windows, y = validated_data(estimator, X, y, reset=not warm)
    targets = y.reshape(len(y), -1)
    trained = train(settings, windows, targets, warm)
    estimator.target_map_, estimator.x_scaler_, estimator.y_scaler_ = trained.units
    estimator.fitted_network_params_ = trained.params
    estimator.window_shape_ = tuple(windows.shape[1:])
    estimator.n_outputs_ = targets.shape[1]
    estimator.quantiles_ = trained.levels
    estimator._y_ndim = y.ndim  # predict returns y's shape: (n,) or (n, h)
    estimator.net_ = trained.net
    estimator.history_ = trained.net.history
    estimator.n_iter_ = len(trained.net.history)
    estimator.validation_indices_ = (
        np.arange(trained.n_train, len(windows)) if settings.early_stopping else None
    )
    return estimator
