"""LSTMForecaster's hyper-parameters: their checks, before any training.

One validation path: :func:`validate_params` checks every parameter where
:meth:`LSTMForecaster.fit` starts, which then reads ``self.<param>`` as given;
the other checks compare the data, or a warm start, with them.
"""

import numpy as np
import torch

from ._callbacks import check_callbacks
from ._net import check_device
from ._quantiles import check_quantiles, learned_levels
from ._validation import check_bool, check_count, check_one_of, check_real

# Parameters that warm_start cannot change: they shape the fitted network.
_NETWORK_PARAMS = (
    "hidden_size",
    "num_layers",
    "dropout",
    "normalization",
    "covariate_effects",
    "target_feature",
    "loss_scaling",
)


def validate_params(forecaster):
    """Raise unless every hyper-parameter is of the right type and range."""
    for name in ("early_stopping", "progress_bar", "warm_start"):
        check_bool(getattr(forecaster, name), name)
    check_one_of(forecaster.normalization, "normalization", ("window", None))
    check_one_of(forecaster.loss, "loss", ("squared_error", "absolute_error"))
    check_one_of(forecaster.loss_scaling, "loss_scaling", ("series", "window", None))
    if forecaster.quantiles is not None:
        check_quantiles(forecaster.quantiles)
    check_one_of(
        forecaster.covariate_effects, "covariate_effects", ("additive", "relative")
    )
    for name in ("hidden_size", "num_layers", "max_epochs", "batch_size"):
        check_count(getattr(forecaster, name), name)
    check_count(forecaster.n_iter_no_change, "n_iter_no_change")
    check_count(forecaster.target_feature, "target_feature", min_val=0)
    check_count(forecaster.verbose, "verbose", min_val=0)
    check_real(forecaster.dropout, "dropout", 0, 1, "left")
    check_real(forecaster.lr, "lr", 0, None, "neither")
    check_real(forecaster.validation_fraction, "validation_fraction", 0, 1, "neither")
    check_real(forecaster.tol, "tol", 0, None, "left")
    check_device(forecaster.device)
    check_callbacks(forecaster.callbacks, early_stopping=forecaster.early_stopping)


def check_shapes(forecaster, windows, targets, warm):
    """Raise if y has no column, or its columns or the features do not fit."""
    if targets.shape[1] == 0:
        raise ValueError(
            f"y has no columns (shape {targets.shape}); expected at least 1."
        )
    if warm and targets.shape[1] != forecaster.n_outputs_:
        raise ValueError(
            f"partial_fit, or fit with warm_start=True, continues a model "
            f"fitted on y with {forecaster.n_outputs_} column(s); got "
            f"{targets.shape[1]}."
        )
    if forecaster.target_feature >= windows.shape[2]:
        raise ValueError(
            f"target_feature={forecaster.target_feature}, but the windows have "
            f"{windows.shape[2]} feature(s) per time step."
        )


def check_same_network(forecaster):
    """Raise if warm_start is asked to continue a network of another shape."""
    fitted = forecaster.fitted_network_params_
    changed = [
        name
        for name in _NETWORK_PARAMS
        if name != "covariate_effects" and getattr(forecaster, name) != fitted[name]
    ]
    module = forecaster.net_.module_
    # Without covariates, or without window normalisation, covariate_effects
    # builds nothing: any value given continues the network.
    builds_head = fitted["normalization"] == "window" and module.lstm.input_size > 1
    if builds_head and forecaster.covariate_effects != fitted["covariate_effects"]:
        changed.append("covariate_effects")
    levels = forecaster.quantiles
    levels = None if levels is None else learned_levels(levels)
    if (levels is None) != (forecaster.quantiles_ is None) or (
        levels is not None and not np.array_equal(levels, forecaster.quantiles_)
    ):
        changed.append("quantiles")
    if torch.device(forecaster.device) != torch.device(forecaster.net_.device):
        changed.append("device")
    if changed:
        raise ValueError(
            f"warm_start=True continues the fitted network, so {', '.join(changed)}"
            " cannot change; refit with warm_start=False."
        )


def network_params(forecaster):
    """The parameters that shape a fitted network, as ``fit`` saw them."""
    return {name: getattr(forecaster, name) for name in _NETWORK_PARAMS}
