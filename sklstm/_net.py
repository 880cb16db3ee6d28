"""The skorch layer: the net that trains LSTMModule, its batches and callbacks.

Everything here speaks skorch's vocabulary: the *module* is the torch
:class:`~sklstm._module.LSTMModule`, the *net* is the skorch wrapper that
trains it (:class:`ForecasterNet`). The estimator above hands it float32
windows and targets, already scaled; nothing here knows about time series.
"""

import contextlib
import copy
import math
import threading
import warnings

import numpy as np
import torch
from sklearn.exceptions import ConvergenceWarning
from skorch import NeuralNetRegressor
from skorch import callbacks as skorch_callbacks
from skorch.callbacks import Callback, PassthroughScoring, ProgressBar
from skorch.history import History
from skorch.utils import TeeGenerator

# Windows are processed this many values at a time where a whole copy of
# them (float64, or boolean masks) would double the memory a fit needs.
CHUNK_VALUES = 2**22

# torch draws dropout masks from its one global generator, which a seeded
# fit must seed; fits with dropout hold this lock meanwhile, so that fits in
# other threads neither disturb nor are disturbed by the seeding.
_GLOBAL_TORCH_RNG = threading.Lock()


class WindowDataset(torch.utils.data.Dataset):
    """Windows and targets as tensors (sharing the arrays' memory), by batch.

    ``dataset[rows]`` returns the batch ``(X[rows], y[rows])`` in one indexing
    operation, where skorch's default dataset indexes and collates sample by
    sample.
    """

    def __init__(self, X, y=None):
        self.X = torch.as_tensor(X)
        self.y = None if y is None else torch.as_tensor(y)

    def __len__(self):
        return len(self.X)

    def __getitem__(self, rows):
        return self.X[rows], (None if self.y is None else self.y[rows])


class Batches:
    """The batches of a :class:`WindowDataset`, as skorch iterates them.

    Shuffled batches draw their order from ``generator``: the net's own,
    seeded for each fit, never torch's global one.
    """

    def __init__(self, dataset, batch_size, shuffle=False, generator=None):
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.generator = generator

    def __len__(self):
        return math.ceil(len(self.dataset) / self.batch_size)

    def __iter__(self):
        n_samples, size = len(self.dataset), self.batch_size
        if self.shuffle:
            order = torch.randperm(n_samples, generator=self.generator)
            batches = (
                order[start : start + size] for start in range(0, n_samples, size)
            )
        else:
            batches = (
                slice(start, start + size) for start in range(0, n_samples, size)
            )
        for rows in batches:
            yield self.dataset[rows]


class BatchHistory(History):
    """skorch's History, recording without its slicing machinery.

    skorch records each batch's loss and size through ``History.__getitem__``,
    which parses its argument as a slice of the whole history; these methods
    write to the current epoch and batch directly. Reading is unchanged.
    """

    def new_batch(self):
        list.__getitem__(self, -1)["batches"].append({})

    def record(self, attr, value):
        if not self:
            raise ValueError("Call new_epoch before recording for the first time.")
        list.__getitem__(self, -1)[attr] = value

    def record_batch(self, attr, value):
        list.__getitem__(self, -1)["batches"][-1][attr] = value


class ForecasterNet(NeuralNetRegressor):
    """skorch's NeuralNetRegressor, leaner per batch and free of global state.

    - Shuffling draws from the net's own generator, seeded by
      ``shuffle_seed`` (the module seeds its weights itself).
    - The module is put in training (or evaluation) mode only when it is
      not in that mode already: torch walks every submodule to do it.
    - The history is a :class:`BatchHistory`, and :meth:`train_step` takes
      skorch's step without its generic machinery.
    - A callback stops the training by setting ``stop_training_`` on the
      net: the net stops before the next epoch begins, so the last epoch is
      complete and logged (skorch's own callbacks raise mid-epoch).
    - Pickles map the callbacks' tensors (an ``LRScheduler``'s optimizer)
      to the loading machine's device, as skorch does for the module.
    """

    def __init__(self, *args, shuffle_seed=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.shuffle_seed = shuffle_seed

    def initialize(self):
        self.stop_training_ = False
        self.shuffle_generator_ = torch.Generator()
        if self.shuffle_seed is not None:
            self.shuffle_generator_.manual_seed(self.shuffle_seed)
        super().initialize()
        if "callbacks_" not in self.cuda_dependent_attributes_:
            self.cuda_dependent_attributes_ = [
                *self.cuda_dependent_attributes_,
                "callbacks_",
            ]
        return self

    def initialize_history(self):
        self.history_ = BatchHistory()
        return self

    def get_iterator(self, dataset, training=False):
        return Batches(
            dataset,
            self.batch_size if self.batch_size != -1 else len(dataset),
            shuffle=training,
            generator=self.shuffle_generator_ if training else None,
        )

    def on_epoch_begin(self, net, **kwargs):
        if self.stop_training_:
            self.stop_training_ = False
            raise KeyboardInterrupt  # skorch's way to end fit_loop early
        super().on_epoch_begin(net, **kwargs)

    def train_step(self, batch, **fit_params):
        """One optimisation step, as skorch's ``train_step`` does it, leaner.

        The same sequence, callback events (``on_grad_computed`` with the
        learnable parameters, ``training=True``) and return value, for this
        net's single optimizer and a batch of tensors: without skorch's step
        accumulator, data conversion and loss dispatch.
        ``tests/test_net.py`` checks it against skorch's own step.
        """
        X, y = (tensor.to(self.device) for tensor in batch)
        optimizer = self.optimizer_
        step = {}

        def step_fn():
            optimizer.zero_grad()
            self._set_training(True)
            y_pred = self.module_(X, **fit_params)
            loss = self.criterion_(y_pred, y)
            loss.backward()
            step["loss"], step["y_pred"] = loss, y_pred
            self.notify(
                "on_grad_computed",
                named_parameters=TeeGenerator(self.get_all_learnable_params()),
                batch=batch,
                training=True,
            )
            return loss

        optimizer.step(step_fn)
        return step

    def _set_training(self, training=True):
        modules = [getattr(self, name + "_") for name in self._modules + self._criteria]
        if any(
            isinstance(module, torch.nn.Module) and module.training != training
            for module in modules
        ):
            super()._set_training(training)

    def __getstate__(self):
        state = super().__getstate__()
        state["shuffle_generator_"] = None  # a fitted net shuffles no more
        return state


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


def continue_from(net, fitted, lr):
    """Initialise ``net`` with the weights, optimizer state and history of ``fitted``.

    For ``warm_start``: a new net, with this fit's settings and callbacks,
    goes on from the fitted one, which stays as it was if training fails.
    """
    net.initialize()
    net.module_.load_state_dict(fitted.module_.state_dict())
    net.optimizer_.load_state_dict(fitted.optimizer_.state_dict())
    for group in net.optimizer_.param_groups:
        group["lr"] = lr
    net.history = copy.deepcopy(fitted.history)
    return net


@contextlib.contextmanager
def global_rng_for_dropout(dropout, device, seed):
    """Seed torch's global generator for dropout masks, restoring it after.

    Only fits with dropout need it (weights and shuffling have generators
    of their own); they hold a process-wide lock meanwhile.
    """
    if not dropout:
        yield
        return
    parsed = torch.device(device)
    devices = [parsed.index or 0] if parsed.type == "cuda" else []
    with _GLOBAL_TORCH_RNG, torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        yield


def predict_in_chunks(net, windows):
    """The module's outputs for float32 ``windows``, a chunk at a time.

    Through skorch's :meth:`~skorch.net.NeuralNet.evaluation_step` (eval mode,
    no gradients); chunks keep the LSTM's per-step outputs in bounded memory.
    """
    hidden_size = net.module_.lstm.hidden_size
    rows = max(1, CHUNK_VALUES // (windows.shape[1] * hidden_size))
    X = torch.as_tensor(windows)
    outputs = [
        net.evaluation_step((X[start : start + rows], None), training=False)
        for start in range(0, len(X), rows)
    ]
    return torch.cat(outputs).cpu().numpy()


def check_device(device):
    """Return ``device`` if torch can put a tensor there, else raise."""
    try:
        if device is None:
            raise TypeError("no device given")
        torch.ones(1, device=device).add(1).cpu()
    except (RuntimeError, TypeError, AssertionError, NotImplementedError) as error:
        raise ValueError(
            f"device={device!r} cannot be used here: {error} Expected a torch "
            "device that exists on this machine, such as 'cpu' or, with a GPU, "
            "'cuda'."
        ) from error
    return device


# A final training loss this many times that of forecasting the mean of the
# (standardised) targets means the training blew up, typically lr too high.
_LOSS_FAR_ABOVE_THE_MEAN = 10.0


def check_training(net, n_epochs_before, max_epochs):
    """Raise if the loss diverged; warn if training blew up or was cut short."""
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
    if final is not None and final > _LOSS_FAR_ABOVE_THE_MEAN:
        warnings.warn(
            f"Training did not converge: the training loss ended at {final:.4g} "
            "(mean squared error on standardised targets, where forecasting "
            f"their mean scores about 1). The forecasts are unreliable. Lower lr "
            f"(now {net.lr}), or check the data for extreme values.",
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
