"""Helpers of LSTMForecaster's training: data in batches, scaling, devices, seeds."""

import contextlib
import math

import numpy as np
import torch
from sklearn.preprocessing import StandardScaler
from skorch import NeuralNetRegressor
from skorch.callbacks import PassthroughScoring
from skorch.history import History
from skorch.utils import TeeGenerator


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


# Windows are processed this many values at a time where a whole copy of
# them (float64, or boolean masks) would double the memory a fit needs.
_CHUNK_VALUES = 2**22


def _chunks(windows):
    """Slices of rows of ``windows`` holding about ``_CHUNK_VALUES`` values."""
    rows = max(1, _CHUNK_VALUES // max(1, windows[0].size if len(windows) else 1))
    return [slice(start, start + rows) for start in range(0, len(windows), rows)]


def fit_scaler(windows):
    """A StandardScaler fitted per feature on all the steps of ``windows``."""
    scaler = StandardScaler().set_output(transform="default")
    for rows in _chunks(windows):
        scaler.partial_fit(windows[rows].reshape(-1, windows.shape[2]))
    return scaler


def standardize(scaler, windows):
    """Windows scaled by a fitted StandardScaler, as one new float32 array.

    Read a chunk at a time: ``windows`` may be a view of overlapping rows
    (from :class:`SlidingWindow`), which a reshape would copy whole.
    """
    scaled = np.empty(windows.shape, dtype=np.float32)
    with np.errstate(over="ignore", invalid="ignore"):
        for rows in _chunks(windows):
            scaled[rows] = (windows[rows] - scaler.mean_) / scaler.scale_
            overflow = np.isnan(scaled[rows]) & ~np.isnan(windows[rows])
            overflow |= np.isinf(scaled[rows])
            if overflow.any():
                window, step, feature = np.argwhere(overflow)[0].tolist()
                raise ValueError(
                    f"Window {rows.start + window}, step {step}, feature {feature} "
                    f"holds {windows[rows][window, step, feature]!r}, too large to "
                    "standardise in float32 with the statistics of the training "
                    "data. Rescale the data (for example with MinMaxScaler) first."
                )
    return scaled


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

    Used as skorch's ``iterator_train`` and ``iterator_valid``: skorch calls
    ``Batches(dataset, batch_size=..., shuffle=...)``. Shuffling draws a
    permutation from torch's global generator (seeded for each fit).
    """

    def __init__(self, dataset, batch_size, shuffle=False):
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle

    def __len__(self):
        return math.ceil(len(self.dataset) / self.batch_size)

    def __iter__(self):
        n_samples, size = len(self.dataset), self.batch_size
        if self.shuffle:
            order = torch.randperm(n_samples)
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


class TrainingNet(NeuralNetRegressor):
    """skorch's NeuralNetRegressor, without three costs paid on every batch.

    skorch puts its modules in training (or evaluation) mode at each batch,
    and torch walks every submodule to do it; this net does so only when a
    module is not in that mode already. It records the history in a
    :class:`BatchHistory`. And it takes each training step without skorch's
    generic machinery for several optimizers and any kind of data
    (:meth:`train_step`).
    """

    def initialize_history(self):
        self.history_ = BatchHistory()
        return self

    def train_step(self, batch, **fit_params):
        """One optimisation step, as skorch's ``train_step`` does it, leaner.

        The same sequence and the same callback events (``on_grad_computed``
        with the learnable parameters), and the same return value, for this
        net's single optimizer and a batch of tensors: without skorch's step
        accumulator, data conversion and loss dispatch. On the airline
        windows at full batch this took the wrapper's cost per batch from
        about 0.1 ms to 0.065 ms (``benchmarks/speed.py`` measures the rest).
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


def predict_in_chunks(net, windows):
    """The network's outputs for float32 ``windows``, a chunk at a time.

    Through skorch's :meth:`~skorch.net.NeuralNet.evaluation_step` (eval mode,
    no gradients); chunks keep the LSTM's per-step outputs in bounded memory.
    """
    hidden_size = net.module_.lstm.hidden_size
    rows = max(1, _CHUNK_VALUES // (windows.shape[1] * hidden_size))
    X = torch.as_tensor(windows)
    outputs = [
        net.evaluation_step((X[start : start + rows], None), training=False)
        for start in range(0, len(X), rows)
    ]
    return torch.cat(outputs).cpu().numpy()


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
