"""Helpers of LSTMForecaster's training: devices, random state, scaling."""

import contextlib
import math

import numpy as np
import torch


def n_validation(n_samples, fraction):
    """How many of the last windows early stopping holds out, or raise."""
    count = math.ceil(fraction * n_samples)
    if count >= n_samples:
        raise ValueError(
            f"early_stopping=True holds out the last {count} of the "
            f"{n_samples} training windows (validation_fraction={fraction}), "
            "which leaves none to train on. Give more windows, a smaller "
            "validation_fraction, or set early_stopping=False."
        )
    return count


def silent(*args, **kwargs):
    """A sink for skorch messages when verbose=0."""


def standardize(scaler, windows):
    """Windows scaled per feature by a scaler fitted on rows, as float32."""
    n_samples, n_steps, n_features = windows.shape
    flat = scaler.transform(windows.reshape(-1, n_features))
    return flat.reshape(n_samples, n_steps, n_features).astype(np.float32)


def initial_output_map(windows, targets, window_norm, target_feature):
    """Least-squares start for the map from the target feature to y's units.

    Regresses each (standardised) target column on the last value of the
    target feature, which window normalisation predicts around. Training
    refines the map.
    """
    if not window_norm:
        return 1.0, 0.0
    last = windows[:, -1, target_feature].astype(np.float64)
    centred = last - last.mean()
    variance = centred @ centred
    if variance <= 1e-12 * len(last):
        scale = np.ones(targets.shape[1])
    else:
        scale = centred @ (targets - targets.mean(axis=0)) / variance
    bias = targets.mean(axis=0) - scale * last.mean()
    return scale.tolist(), bias.tolist()


def check_device(device):
    """Return ``device`` if torch can put a tensor there, else raise."""
    try:
        torch.empty(0, device=device)
    except (RuntimeError, TypeError, AssertionError) as error:
        raise ValueError(
            f"device={device!r} cannot be used here: {error} Expected a torch "
            "device that exists on this machine, such as 'cpu' or, with a GPU, "
            "'cuda'."
        ) from error
    return device


@contextlib.contextmanager
def own_torch_rng(device, seed=None):
    """Run torch with its own random state, seeded if ``seed`` is given.

    The caller's global torch generators are saved and restored around it.
    """
    parsed = torch.device(device)
    devices = [parsed.index or 0] if parsed.type == "cuda" else []
    with torch.random.fork_rng(devices=devices):
        if seed is not None:
            torch.manual_seed(seed)
        yield
