"""The callbacks of sklstm's skorch net: losses, early stopping, checks.

skorch's callback contract (``skorch.callbacks.Callback``) throughout: the
losses recorded per epoch, early stopping as scikit-learn's MLPRegressor does
it, the list of callbacks for one fit, and the checks of the user's callbacks
before training and of the training after it.
"""

import copy
import warnings

import numpy as np
import torch
from sklearn.exceptions import ConvergenceWarning
from skorch import callbacks as skorch_callbacks
from skorch.callbacks import Callback, PassthroughScoring, ProgressBar


class EpochLoss(PassthroughScoring):
    """skorch's PassthroughScoring, reading the epoch's batches directly.

    It records the same in the history (the epoch's loss, the mean of its
    batches' losses weighted by their sizes, and whether it is the best so
    far); skorch's generic history slicing costs about as much as training a
    small network for an epoch.
    """

    def on_epoch_end(self, net, **kwargs):
        size_key = ("train" if self.on_train else "valid") + "_batch_size"
        epoch = list.__getitem__(net.history, -1)
        pairs = [
            (batch[size_key], batch[self.name])
            for batch in epoch["batches"]
            if self.name in batch
        ]
        if not pairs:  # no validation data
            return
        score = sum(size * loss for size, loss in pairs) / sum(s for s, _ in pairs)
        is_best = self._is_best_score(score)
        if is_best:
            self.best_score_ = score
        net.history.record(self.name, score)
        if is_best is not None:
            net.history.record(self.name + "_best", bool(is_best))


class EarlyStopping(Callback):
    """Early stopping as in scikit-learn's MLPRegressor, on the validation loss.

    Training stops once ``valid_loss`` has not improved on the best so far by
    at least ``tol`` for ``patience`` epochs; the weights kept are those of
    the epoch with the lowest ``valid_loss`` (improved by any amount), which
    may lie among those last epochs.
    """

    def __init__(self, patience, tol, sink=print):
        self.patience = patience
        self.tol = tol
        self.sink = sink

    def on_train_begin(self, net, **kwargs):
        self.misses_ = 0
        self.threshold_ = np.inf
        self.best_loss_ = np.inf
        self.best_epoch_ = None
        self.best_weights_ = None
        self.stopped_ = False

    def on_epoch_end(self, net, **kwargs):
        loss, epoch = net.history[-1, "valid_loss"], net.history[-1, "epoch"]
        if loss < self.best_loss_:
            self.best_loss_, self.best_epoch_ = loss, epoch
            self.best_weights_ = copy.deepcopy(net.module_.state_dict())
        if loss < self.threshold_:
            self.misses_, self.threshold_ = 0, loss - self.tol
        else:
            self.misses_ += 1
        if self.misses_ >= self.patience:
            self.stopped_ = net.stop_training_ = True

    def on_train_end(self, net, **kwargs):
        if self.stopped_:
            self.sink(
                f"Stopping: valid_loss has not improved by tol={self.tol:g} for "
                f"{self.patience} epochs."
            )
        last = net.history[-1, "epoch"] if len(net.history) else None
        if self.best_weights_ is not None and self.best_epoch_ != last:
            net.module_.load_state_dict(self.best_weights_)
            self.sink(
                f"Keeping the weights of epoch {self.best_epoch_}, whose "
                f"valid_loss {self.best_loss_:.4f} is the lowest."
            )
        self.best_weights_ = None  # not kept with the fitted model

    def __getstate__(self):
        return {**self.__dict__, "best_weights_": None}


def training_callbacks(
    user_callbacks, *, early_stopping, patience, tol, progress_bar, verbose
):
    """The callbacks of one fit: copies of the user's, then sklstm's."""
    callbacks = list(copy.deepcopy(user_callbacks) or [])
    if early_stopping:
        sink = print if verbose else _silent
        callbacks.append(("early_stopping", EarlyStopping(patience, tol, sink)))
    if progress_bar:
        callbacks.append(("progress_bar", ProgressBar()))
    return callbacks


def default_callbacks_left_out(*, early_stopping, verbose):
    """skorch's default callbacks to replace or leave out (``None``).

    They run every epoch: PrintLog formats its table even when nothing is
    printed, the validation loss's scoring looks for validation batches even
    when there are none, and both losses' scoring slice the history in a way
    that costs about as much as an epoch of a small network (EpochLoss
    records the same, faster).
    """
    left_out = {"callbacks__train_loss": EpochLoss("train_loss", on_train=True)}
    if not verbose:
        left_out["callbacks__print_log"] = None
    left_out["callbacks__valid_loss"] = (
        EpochLoss("valid_loss") if early_stopping else None
    )
    return left_out


def _silent(*args, **kwargs):
    """A sink for messages when verbose=0."""


def check_callbacks(callbacks, *, early_stopping):
    """Raise unless ``callbacks`` is None or a list of skorch callbacks.

    Without ``early_stopping`` there is no validation loss: a callback that
    watches one (skorch's ``EarlyStopping()`` or ``Checkpoint()`` by default)
    would fail after the first epoch, so it is refused before training.
    """
    entries = callbacks if isinstance(callbacks, (list, tuple)) else None
    valid = callbacks is None or (
        entries is not None
        and all(
            isinstance(entry, Callback)
            or (
                isinstance(entry, tuple)
                and len(entry) == 2
                and isinstance(entry[0], str)
                and isinstance(entry[1], Callback)
            )
            for entry in entries
        )
    )
    if not valid:
        raise TypeError(
            "callbacks must be None or a list of skorch callbacks (instances of "
            "skorch.callbacks.Callback) or (name, callback) tuples; got "
            f"{callbacks!r}."
        )
    for entry in entries or []:
        callback = entry[1] if isinstance(entry, tuple) else entry
        monitor = getattr(callback, "monitor", None)
        if (
            not early_stopping
            and isinstance(monitor, str)
            and monitor.startswith("valid")
        ):
            raise ValueError(
                f"The callback {type(callback).__name__} watches {monitor!r}, but "
                "without early_stopping=True there is no validation loss. Watch "
                "the training loss (monitor='train_loss', or 'train_loss_best' "
                "for Checkpoint), or set early_stopping=True, which holds out "
                "the last validation_fraction of the windows."
            )


# A final training loss this many times that of forecasting the mean of the
# training targets means the training blew up, typically lr too high.
_LOSS_FAR_ABOVE_THE_MEAN = 10.0


def check_training(net, n_epochs_before, max_epochs, mean_loss):
    """Raise if the loss diverged; warn if training blew up or was cut short.

    ``mean_loss`` is the loss of forecasting each window's location (its
    mean), in the units trained on (``ForecasterNet.mean_forecast_loss``).
    A final loss over ``_LOSS_FAR_ABOVE_THE_MEAN`` times it, or than that
    many times 1 where it is smaller, warns.
    """
    history = net.history[n_epochs_before:]
    for epoch in history:
        loss = epoch.get("train_loss")
        if loss is not None and not np.isfinite(loss):
            raise ValueError(
                f"Training diverged: the training loss became {loss} in epoch "
                f"{epoch['epoch']}. Lower lr, or check the data for extreme "
                "values. The estimator is left as it was before this fit."
            )
    if any(not torch.isfinite(p).all() for p in net.module_.parameters()):
        raise ValueError(
            "Training diverged: the network's weights are no longer finite. Lower "
            "lr, or check the data for extreme values. The estimator is left as "
            "it was before this fit."
        )
    final = history[-1].get("train_loss") if len(history) else None
    # At least 1: windows forecast perfectly by their mean must not make a
    # small loss a failure.
    if final is not None and final > _LOSS_FAR_ABOVE_THE_MEAN * max(mean_loss, 1.0):
        warnings.warn(
            f"Training did not converge: the training loss ended at {final:.4g} "
            f"({net.loss_units}), more than {_LOSS_FAR_ABOVE_THE_MEAN:g} times "
            f"the {mean_loss:.4g} of forecasting each window's mean. The "
            f"forecasts are unreliable. Lower lr (now {net.lr}), or check the "
            "data for extreme values.",
            ConvergenceWarning,
            stacklevel=4,
        )
    stopped_early = any(
        getattr(callback, "stopped_", False)
        or (
            isinstance(callback, skorch_callbacks.EarlyStopping)
            and callback.misses_ >= callback.patience
        )
        for _, callback in net.callbacks_
    )
    complete = len(history) and "train_loss" in history[-1]
    if (len(history) < max_epochs or not complete) and not stopped_early:
        epoch = len(history) if complete else f"{len(history)} (not finished)"
        warnings.warn(
            f"Training stopped in epoch {epoch} of max_epochs={max_epochs}, "
            "interrupted (KeyboardInterrupt): the model keeps the weights it had "
            "then, and is usable but not fully trained.",
            UserWarning,
            stacklevel=4,
        )
