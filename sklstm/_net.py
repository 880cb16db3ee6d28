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

import torch
from skorch import NeuralNetRegressor
from skorch.helper import predefined_split
from skorch.history import History
from skorch.utils import TeeGenerator, to_device

from ._callbacks import default_callbacks_left_out, training_callbacks
from ._module import LSTMModule

# Windows are processed this many values at a time where a whole copy of
# them (float64, or boolean masks) would double the memory a fit needs.
CHUNK_VALUES = 2**22

# torch draws dropout masks from its one global generator, which a seeded
# fit must seed; fits with dropout hold this lock meanwhile, so that fits in
# other threads neither disturb nor are disturbed by the seeding.
_GLOBAL_TORCH_RNG = threading.Lock()


class WindowDataset(torch.utils.data.Dataset):
    """Windows, their scales and targets as tensors (sharing the arrays' memory).

    ``dataset[rows]`` returns the batch ``({"X": X[rows], "scales":
    scales[rows]}, y[rows])`` in one indexing operation, where skorch's
    default dataset indexes and collates sample by sample; skorch passes the
    dict's entries to the module as keywords. Without ``scales``, the batch
    is ``(X[rows], y[rows])``.
    """

    def __init__(self, X, y=None, scales=None):
        self.X = torch.as_tensor(X)
        self.scales = None if scales is None else torch.as_tensor(scales)
        self.y = None if y is None else torch.as_tensor(y)

    def __len__(self):
        return len(self.X)

    def __getitem__(self, rows):
        X = self.X[rows]
        if self.scales is not None:
            X = {"X": X, "scales": self.scales[rows]}
        return X, (None if self.y is None else self.y[rows])


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

    def __init__(self, *args, shuffle_seed=None, loss_units="standardised y", **kwargs):
        kwargs.setdefault("dataset", WindowDataset)
        super().__init__(*args, **kwargs)
        self.shuffle_seed = shuffle_seed
        self.loss_units = loss_units

    def initialize(self):
        self.stop_training_ = False
        self.shuffle_generator_ = torch.Generator()
        if self.shuffle_seed is not None:
            self.shuffle_generator_.manual_seed(self.shuffle_seed)
        super().initialize()
        # "callbacks" (the list given, whose objects skorch initialises in
        # place) and "callbacks_": an LRScheduler holds the optimizer.
        if "callbacks" not in self.cuda_dependent_attributes_:
            self.cuda_dependent_attributes_ = [
                *self.cuda_dependent_attributes_,
                "callbacks",
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
        X, y = to_device(batch, self.device)
        optimizer = self.optimizer_
        step = {}

        def step_fn():
            optimizer.zero_grad()
            self._set_training(True)
            y_pred = self.infer(X, **fit_params)
            loss = self.get_loss(y_pred, y, X=X, training=True)
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

    def mean_forecast_loss(self, y):
        """The loss, as trained on, of forecasting each window's location.

        The targets are in units of their own window, around its location,
        so that forecast is 0 (for every quantile). ``check_training``'s
        yardstick.
        """
        levels = getattr(self.criterion_, "quantiles", None)
        per_output = () if levels is None else (len(levels),)
        y = torch.as_tensor(y)
        rows = max(1, CHUNK_VALUES // max(1, y[0].numel()))
        total = 0.0
        with torch.no_grad():
            for start in range(0, len(y), rows):
                targets = y[start : start + rows].to(self.device)
                zero = torch.zeros((*targets.shape, *per_output), device=targets.device)
                total += float(self.get_loss(zero, targets)) * len(targets)
        return total / max(1, len(y))

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


def new_net(
    forecaster,
    n_features,
    n_outputs,
    validation,
    seeds,
    quantiles=None,
    location_weight=0.0,
):
    """A skorch net with a new LSTMModule, set up by ``forecaster``'s parameters.

    The place to change what is trained and how: the module, the loss
    (skorch's ``criterion``, mean squared error by default), the optimizer.
    ``validation``, a :class:`WindowDataset`, holds the windows held out for
    early stopping (may be empty); ``seeds``, those of the weights and the
    batches; ``quantiles``, the levels to learn with the pinball loss, or
    None.
    """
    units = {
        "window": "in units of each window's spread",
        "series": "in units of each series' spread",
        None: "in standardised units of y",
    }[forecaster.loss_scaling]
    return ForecasterNet(
        LSTMModule,
        module__n_features=n_features,
        module__n_outputs=n_outputs,
        module__hidden_size=int(forecaster.hidden_size),
        module__num_layers=int(forecaster.num_layers),
        module__dropout=float(forecaster.dropout),
        module__additive_covariates=(
            forecaster.normalization == "window"
            and forecaster.covariate_effects == "additive"
        ),
        module__n_quantiles=None if quantiles is None else len(quantiles),
        module__location_weight=location_weight,
        module__seed=int(seeds[0]),
        shuffle_seed=int(seeds[1]),
        loss_units=f"{units}, loss_scaling={forecaster.loss_scaling!r}",
        optimizer=torch.optim.Adam,
        **criterion(forecaster.loss, quantiles),
        lr=float(forecaster.lr),
        max_epochs=int(forecaster.max_epochs),
        batch_size=int(forecaster.batch_size),
        train_split=predefined_split(validation) if len(validation) else None,
        callbacks=training_callbacks(
            forecaster.callbacks,
            early_stopping=forecaster.early_stopping,
            patience=forecaster.n_iter_no_change,
            tol=forecaster.tol,
            progress_bar=forecaster.progress_bar,
            verbose=forecaster.verbose,
        ),
        **default_callbacks_left_out(
            early_stopping=forecaster.early_stopping, verbose=forecaster.verbose
        ),
        device=forecaster.device,
        verbose=int(forecaster.verbose),
    )


class PinballLoss(torch.nn.Module):
    """The pinball (quantile) loss, averaged over quantiles, outputs and windows.

    For a level ``q``, an error ``e = y - y_pred`` costs ``q * e`` when the
    forecast is below ``y`` and ``(q - 1) * e`` when above; its minimiser is
    the ``q`` quantile (Koenker and Bassett, Econometrica 1978). Forecasts
    are ``(batch, n_outputs, n_quantiles)``, targets ``(batch, n_outputs)``.
    """

    def __init__(self, quantiles):
        super().__init__()
        self.register_buffer("quantiles", torch.tensor(quantiles, dtype=torch.float32))

    def forward(self, y_pred, y_true):
        error = y_true.unsqueeze(-1) - y_pred
        levels = self.quantiles
        return torch.maximum(levels * error, (levels - 1) * error).mean()


def criterion(loss, quantiles):
    """The skorch criterion's arguments: the pinball loss, or ``loss``'s."""
    if quantiles is not None:
        return {"criterion": PinballLoss, "criterion__quantiles": list(quantiles)}
    losses = {"absolute_error": torch.nn.L1Loss, "squared_error": torch.nn.MSELoss}
    return {"criterion": losses[loss]}


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


def predict_in_chunks(net, windows, scales):
    """The module's outputs for float32 ``windows`` and their ``scales``, by chunk.

    What skorch's :meth:`~skorch.net.NeuralNet.evaluation_step` does (the
    module in eval mode, no gradients, on the net's device), without its
    cost per call, which on one window is most of a small network's;
    chunks keep the LSTM's per-step outputs in bounded memory. Under
    :func:`torch.inference_mode`, which costs less per call than
    ``no_grad`` (the outputs become numpy arrays at once).
    """
    module = net.module_
    if module.training:
        module.eval()  # as skorch's evaluation_step leaves it
    rows = max(1, CHUNK_VALUES // (windows.shape[1] * module.lstm.hidden_size))
    device = net.device
    with torch.inference_mode():
        windows = torch.as_tensor(windows, device=device)
        scales = torch.as_tensor(scales, device=device)
        if len(windows) <= rows:
            return module(windows, scales).cpu().numpy()
        outputs = [
            module(windows[start : start + rows], scales[start : start + rows])
            for start in range(0, len(windows), rows)
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
