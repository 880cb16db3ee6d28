"""LSTMForecaster: windows in, forecasts out, trained through skorch."""

import copy
import warnings

import numpy as np
import pandas as pd
import torch
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler
from sklearn.utils import check_random_state
from sklearn.utils.validation import FLOAT_DTYPES, check_is_fitted, validate_data
from skorch.callbacks import Callback, EarlyStopping, ProgressBar
from skorch.helper import predefined_split

from ._network import LSTMNetwork
from ._training import (
    Batches,
    EpochLoss,
    TrainingNet,
    WindowDataset,
    check_device,
    fit_scaler,
    initial_output_map,
    n_validation,
    own_torch_rng,
    predict_in_chunks,
    silent,
    standardize,
)
from ._validation import (
    check_count,
    check_finite,
    check_input,
    check_real,
    check_windows,
    restore_on_error,
)

_NORMALIZATIONS = ("window", None)


class LSTMForecaster(RegressorMixin, BaseEstimator):
    """LSTM regressor that forecasts from windows of past values.

    A PyTorch :class:`~torch.nn.LSTM` reads each window, oldest step first, and
    a linear head turns its last hidden state into the forecast. Training runs
    through a skorch :class:`~skorch.regressor.NeuralNetRegressor` built in
    :meth:`fit` (Adam, mean squared error), so skorch's callbacks, history
    and device handling apply.

    Parameters
    ----------
    hidden_size : int, default=32
        Features in the LSTM's hidden state.
    num_layers : int, default=1
        Number of stacked LSTM layers.
    dropout : float, default=0.0
        Dropout probability, in [0, 1), on the outputs of each LSTM layer but
        the last and on the last hidden state before the head.
    normalization : {"window", None}, default="window"
        ``"window"``: each window is normalised by its own mean and standard
        deviation (per feature, over its real steps), the network forecasts in
        those units, and the forecast is mapped back with the statistics of
        the target feature (the first one), then to ``y``'s units by a learned
        affine map (reversible instance normalisation, RevIN; see Notes).
        ``None``: inputs and targets are only standardised globally.
    target_feature : int, default=0
        Which feature of the windows is the target's own history, whose window
        statistics map the normalised forecast back. :func:`make_supervised`
        puts the target first, hence 0.
    lr : float, default=0.001
        Learning rate of the Adam optimizer.
    max_epochs : int, default=200
        Number of passes over the training windows.
    batch_size : int, default=32
        Windows per gradient step (fewer in the last batch of an epoch).
    early_stopping : bool, default=False
        Hold out the last ``validation_fraction`` of the training windows, in
        the order given (for a series, the latest time steps; never shuffled),
        stop when their loss has not improved by at least ``tol`` for
        ``n_iter_no_change`` epochs, and restore the weights of the best epoch
        (skorch's :class:`~skorch.callbacks.EarlyStopping`). The scalers and
        the network see only the other windows.
    validation_fraction : float, default=0.1
        Fraction of the training windows held out for early stopping, in
        (0, 1); rounded up to a whole window. Only used if ``early_stopping``.
    n_iter_no_change : int, default=10
        Epochs without an improvement of the validation loss before training
        stops. Only used if ``early_stopping``.
    tol : float, default=1e-4
        Smallest decrease of the validation loss (mean squared error on
        standardised targets) that counts as an improvement. Only used if
        ``early_stopping``.
    callbacks : list of skorch callbacks or (name, callback) tuples, default=None
        Extra skorch callbacks, such as :class:`skorch.callbacks.LRScheduler`
        or :class:`skorch.callbacks.Checkpoint`. They are copied in each
        :meth:`fit`, so the objects passed here stay unchanged. Without
        ``early_stopping`` there is no validation loss, so callbacks that
        watch a score must watch the training loss, e.g.
        ``Checkpoint(monitor="train_loss_best")``.
    random_state : int, RandomState instance or None, default=None
        Seeds the weight initialisation, the shuffling of batches and dropout.
        An int gives bit-identical CPU predictions across fits and processes
        (with the same number of torch threads, ``torch.get_num_threads()``:
        training with another number can round differently).
        Training and prediction run on their own torch generator, so the
        caller's global torch generator is left untouched; so is numpy's,
        except that ``None`` draws the seed from it, as in scikit-learn.
    device : str, default="cpu"
        Torch device to train and predict on, such as ``"cpu"`` or ``"cuda"``.
    warm_start : bool, default=False
        If True and the forecaster is fitted, :meth:`fit` trains the fitted
        network ``max_epochs`` epochs more on the data given (with the fitted
        scalers), instead of starting anew. The windows' shape, ``y``'s
        columns and the network's parameters (``hidden_size``,
        ``num_layers``, ``dropout``, ``normalization``, ``target_feature``,
        ``device``) must stay the same.
    progress_bar : bool, default=False
        Show a progress bar over the batches of each epoch (skorch's
        :class:`~skorch.callbacks.ProgressBar`, tqdm), for long fits.
    verbose : int, default=0
        0 is silent; 1 prints skorch's table of the training loss (and, with
        ``early_stopping``, the validation loss) per epoch.

    Attributes
    ----------
    net_ : skorch.regressor.NeuralNetRegressor
        The trained skorch net; ``net_.module_`` is the torch module
        (:class:`~sklstm._network.LSTMNetwork`).
    history_ : skorch.history.History
        Per-epoch record of the training (``history_[:, "train_loss"]`` is the
        loss curve, on standardised targets; with ``early_stopping``,
        ``history_[:, "valid_loss"]`` too).
    n_iter_ : int
        Number of epochs run (fewer than ``max_epochs`` if early stopping
        stopped the training).
    validation_indices_ : ndarray of shape (n_validation,) or None
        Positions, among the rows of ``X`` given to :meth:`fit`, of the
        windows held out for early stopping: always the last ones. None
        without ``early_stopping``.
    x_scaler_ : sklearn.preprocessing.StandardScaler
        Global standardisation of the window features, fitted on the training
        windows (statistics per feature, over samples and steps).
    y_scaler_ : sklearn.preprocessing.StandardScaler
        Standardisation of the targets, one column per output.
    window_shape_ : tuple of (int, int)
        ``(window_length, n_features)`` of the windows seen in :meth:`fit`;
        2-D input counts as ``(n_columns, 1)``. Windows given to
        :meth:`predict` must have this shape.
    n_outputs_ : int
        Number of values forecast per window (``y.shape[1]``, or 1 for 1-D y).
    n_features_in_ : int
        Number of features seen during :meth:`fit`: for 3-D windows the
        features per time step (``X.shape[2]``); for 2-D input, read as
        univariate windows, the number of columns (``X.shape[1]``), as
        scikit-learn counts them.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the columns of a 2-D DataFrame seen during :meth:`fit`.
        Defined only when they are all strings.

    See Also
    --------
    SlidingWindow : Builds the windows this estimator reads.
    make_supervised : Builds ``X`` and ``y`` from a series.

    Notes
    -----
    **Input.** ``X`` holds windows of shape ``(n_samples, window_length,
    n_features)``, oldest step first; a 2-D ``X`` is read as univariate windows
    ``(n_samples, window_length)``. Leading steps in which every feature is NaN
    are padding, as :class:`SlidingWindow` writes it: a shorter history, of
    which the LSTM reads only the real steps. Any other NaN is an error.
    Feature 0 is taken to be the target's own history (:func:`make_supervised`
    puts it first); the other features are covariates. Window normalisation
    normalises every feature, and reverses it on the output with feature 0's
    statistics only.

    **Rows are time steps.** Early stopping holds out the last rows given; for
    a panel of many series, give the rows in time order (as
    :class:`PanelTimeSeriesSplit` does in each fold, or with
    ``X.sort_index(level=-1)``), so that they are the latest time steps of
    every series.

    **Failures and interruptions.** Bad input and bad parameters are refused
    before training starts. If :meth:`fit` fails (an error in a callback, a
    loss that diverges to NaN), the estimator is left as it was before the
    call. A ``KeyboardInterrupt`` (Ctrl-C) during training is caught by skorch,
    which stops: the forecaster then keeps the weights reached so far, is
    usable, and warns that it is not fully trained. ``warm_start=True``
    trains further from there.

    **Saving and loading.** pickle and joblib keep the predictions, in other
    processes too. A model trained on a GPU loads on a machine without one:
    skorch maps its weights to the CPU (with a ``DeviceWarning``). Unpickling
    runs code from the file, so never load files from untrusted sources; for
    those, a fitted ``LSTMForecaster`` (not a pipeline holding a pandas index)
    can be written with :func:`skops.io.dump` and read with
    :func:`skops.io.load`, after reviewing the types that
    :func:`skops.io.get_untrusted_types` lists. To checkpoint a long fit and
    resume it, pass skorch's callbacks::

        checkpoint = Checkpoint(monitor="train_loss_best", dirname="run")
        LSTMForecaster(callbacks=[checkpoint, LoadInitState(checkpoint)])

    A fit then starts from the last checkpoint (weights, optimizer and
    history), if there is one, and trains ``max_epochs`` epochs more.

    **Why window normalisation.** A series with a trend, such as the airline
    passengers, keeps moving into levels the training data never reached; an
    LSTM on globally scaled levels then does no better than repeating the last
    value. Normalising each window by its own statistics, and reversing that on
    the output, makes the network learn the shape of the next steps relative to
    the recent past instead (T. Kim et al., "Reversible Instance Normalization
    for Accurate Time-Series Forecasting against Distribution Shift", ICLR
    2022). It is the default because, in ``benchmarks/normalization.py``, it
    beat global scaling on six of seven series (trending, seasonal,
    random-walk and autoregressive ones; a purely seasonal series without
    trend was the exception, where the two were close), and on the airline
    series it brings the one-step error from the naive forecast's 9.7% to
    about 3%.

    Examples
    --------
    >>> import numpy as np
    >>> from sklstm import LSTMForecaster
    >>> rng = np.random.RandomState(0)
    >>> series = np.sin(np.arange(120) / 4) + 0.05 * rng.randn(120)
    >>> X = np.stack([series[t - 8:t] for t in range(8, 120)])  # 8 past values
    >>> y = series[8:]                                           # the next one
    >>> model = LSTMForecaster(random_state=0)
    >>> model.fit(X[:100], y[:100]).predict(X[100:]).shape
    (12,)
    >>> bool(model.score(X[100:], y[100:]) > 0.8)
    True
    """

    def __init__(
        self,
        hidden_size=32,
        *,
        num_layers=1,
        dropout=0.0,
        normalization="window",
        target_feature=0,
        lr=0.001,
        max_epochs=200,
        batch_size=32,
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change=10,
        tol=1e-4,
        callbacks=None,
        random_state=None,
        device="cpu",
        warm_start=False,
        progress_bar=False,
        verbose=0,
    ):
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.dropout = dropout
        self.normalization = normalization
        self.target_feature = target_feature
        self.lr = lr
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.callbacks = callbacks
        self.random_state = random_state
        self.device = device
        self.warm_start = warm_start
        self.progress_bar = progress_bar
        self.verbose = verbose

    @restore_on_error
    def fit(self, X, y):
        """Train the LSTM on windows ``X`` and targets ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, window_length, n_features) or \
                (n_samples, window_length)
            Windows, oldest step first; leading all-NaN steps are padding.
        y : array-like of shape (n_samples,) or (n_samples, horizon)
            The value(s) to forecast from each window.

        Returns
        -------
        self : LSTMForecaster
            The fitted forecaster.

        Raises
        ------
        ValueError
            Before any training: if a parameter is out of range, the device
            unknown, X not 2-D or 3-D, X holds a NaN that is not leading
            padding, a window with no real step, infinite values or strings,
            y holds NaN or infinite values, or X and y differ in length; with
            ``early_stopping``, if holding out the validation windows would
            leave none to train on.
        """
        params = self._check_params()
        warm = params["warm_start"] and hasattr(self, "net_")
        check_input(X)
        check_input(y, name="y")
        _check_target_finite(y)
        X, y = validate_data(
            self,
            X,
            y,
            reset=not warm,
            ensure_2d=False,
            allow_nd=True,
            dtype=FLOAT_DTYPES,
            ensure_all_finite="allow-nan",
            multi_output=True,
            y_numeric=True,
        )
        windows = self._check_windows(X, reset=not warm)
        targets = y.reshape(len(y), -1)
        if targets.shape[1] == 0:
            raise ValueError(
                f"y has no columns (shape {y.shape}); expected at least 1."
            )
        if warm and targets.shape[1] != self.n_outputs_:
            raise ValueError(
                f"warm_start=True continues a model fitted on y with "
                f"{self.n_outputs_} column(s); got {targets.shape[1]}."
            )
        if params["target_feature"] >= windows.shape[2]:
            raise ValueError(
                f"target_feature={params['target_feature']}, but the windows have "
                f"{windows.shape[2]} feature(s) per time step."
            )
        n_train = len(windows)
        if params["early_stopping"]:
            n_train -= n_validation(n_train, params["validation_fraction"])

        if warm:
            # The network learned on these scalers' units: keep them.
            x_scaler, y_scaler = self.x_scaler_, self.y_scaler_
        else:
            # Scalers and the first guess of the output map come from the
            # training windows only, not from those held out for validation.
            with np.errstate(over="ignore", invalid="ignore"):
                x_scaler = fit_scaler(windows[:n_train])
            with np.errstate(over="ignore", invalid="ignore"):
                y_scaler = (
                    StandardScaler()
                    .set_output(transform="default")
                    .fit(targets[:n_train])
                )
            for scaler, what in [(x_scaler, "X"), (y_scaler, "y")]:
                if not (
                    np.isfinite(scaler.mean_).all() and np.isfinite(scaler.var_).all()
                ):
                    raise ValueError(
                        f"{what} holds values too large to standardise (their "
                        "squares overflow float64, from about 1e154): rescale "
                        f"{what} first."
                    )
        windows = standardize(x_scaler, windows)
        targets = y_scaler.transform(targets).astype(np.float32)
        train_split = (
            predefined_split(WindowDataset(windows[n_train:], targets[n_train:]))
            if n_train < len(windows)
            else None
        )
        if warm:
            self._check_same_network(params)
        net = self._new_net(params, windows[:n_train], targets[:n_train], train_split)
        n_epochs_before = len(self.net_.history) if warm else 0
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        with own_torch_rng(params["device"], seed):
            if warm:
                # A new net, with this fit's settings and callbacks, that goes
                # on from the fitted weights, optimizer state and history; the
                # fitted model stays as it was if training fails.
                net.initialize()
                net.module_.load_state_dict(self.net_.module_.state_dict())
                net.optimizer_.load_state_dict(self.net_.optimizer_.state_dict())
                for group in net.optimizer_.param_groups:
                    group["lr"] = params["lr"]
                net.history = copy.deepcopy(self.net_.history)
                net.partial_fit(windows[:n_train], targets[:n_train])
            else:
                net.fit(windows[:n_train], targets[:n_train])
        # The validation windows are not kept with the fitted model.
        net.set_params(train_split=None)
        _check_training(net, n_epochs_before, params["max_epochs"])

        self.x_scaler_ = x_scaler
        self.y_scaler_ = y_scaler
        self.window_shape_ = windows.shape[1:]
        self.n_outputs_ = targets.shape[1]
        self._y_ndim = y.ndim  # predict returns y's shape: (n,) or (n, h)
        self.net_ = net
        self.history_ = net.history
        self.n_iter_ = len(net.history)
        self.validation_indices_ = (
            np.arange(n_train, len(windows)) if params["early_stopping"] else None
        )
        return self

    def _new_net(self, params, windows, targets, train_split):
        """A skorch net with a new network, to train on these windows."""
        scale, bias = initial_output_map(
            windows, targets, params["window_norm"], params["target_feature"]
        )
        return TrainingNet(
            LSTMNetwork,
            module__n_features=windows.shape[2],
            module__n_outputs=targets.shape[1],
            module__hidden_size=params["hidden_size"],
            module__num_layers=params["num_layers"],
            module__dropout=params["dropout"],
            module__window_norm=params["window_norm"],
            module__target_feature=params["target_feature"],
            module__output_scale=scale,
            module__output_bias=bias,
            optimizer=torch.optim.Adam,
            lr=params["lr"],
            max_epochs=params["max_epochs"],
            batch_size=params["batch_size"],
            dataset=WindowDataset,
            iterator_train=Batches,
            iterator_valid=Batches,
            iterator_train__shuffle=True,
            train_split=train_split,
            callbacks=self._callbacks(params),
            **_default_callbacks_left_out(params),
            device=params["device"],
            verbose=params["verbose"],
        )

    def _check_same_network(self, params):
        """Raise if warm_start is asked to continue a network of another shape."""
        net = self.net_
        fixed = {
            "hidden_size": net.module__hidden_size,
            "num_layers": net.module__num_layers,
            "dropout": net.module__dropout,
            "target_feature": net.module__target_feature,
            "window_norm": net.module__window_norm,
            "device": torch.device(net.device),
        }
        given = {**params, "device": torch.device(params["device"])}
        changed = [name for name, value in fixed.items() if given[name] != value]
        if changed:
            names = ", ".join(changed).replace("window_norm", "normalization")
            raise ValueError(
                f"warm_start=True continues the fitted network, so {names} "
                "cannot change; refit with warm_start=False."
            )

    def _callbacks(self, params):
        """The callbacks for one fit: copies of the user's, then ours."""
        callbacks = list(copy.deepcopy(self.callbacks) or [])
        if params["early_stopping"]:
            sink = print if params["verbose"] else silent
            # skorch's EarlyStopping stops once the loss has not improved by
            # tol for n_iter_no_change epochs, and would restore the epoch
            # that last improved by tol. As in MLPRegressor, the weights kept
            # are those of the lowest validation loss: a second EarlyStopping,
            # which never stops, tracks and restores them.
            callbacks += [
                (
                    "best_weights",
                    EarlyStopping(
                        monitor="valid_loss",
                        patience=params["max_epochs"] + 1,
                        threshold=0.0,
                        threshold_mode="abs",
                        load_best=True,
                        sink=sink,
                    ),
                ),
                # After "best_weights", which must see the epoch on which this
                # one stops the training.
                (
                    "early_stopping",
                    EarlyStopping(
                        monitor="valid_loss",
                        patience=params["n_iter_no_change"],
                        threshold=params["tol"],
                        threshold_mode="abs",
                        sink=sink,
                    ),
                ),
            ]
        if params["progress_bar"]:
            callbacks.append(("progress_bar", ProgressBar()))
        return callbacks

    def predict(self, X):
        """Forecast from each window.

        Parameters
        ----------
        X : array-like of shape (n_samples, window_length, n_features) or \
                (n_samples, window_length)
            Windows of the shape seen in :meth:`fit`.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, `n_outputs_`)
            The forecasts, in the units of the ``y`` given to :meth:`fit`,
            1-D if that ``y`` was 1-D and 2-D if it was 2-D.

        Raises
        ------
        ValueError
            If the windows differ in shape from those seen in :meth:`fit`, or
            hold NaN other than leading padding.
        """
        check_is_fitted(self)
        check_input(X)
        X = validate_data(
            self,
            X,
            reset=False,
            ensure_2d=False,
            allow_nd=True,
            dtype=FLOAT_DTYPES,
            ensure_all_finite="allow-nan",
        )
        windows = standardize(self.x_scaler_, self._check_windows(X, reset=False))
        predictions = predict_in_chunks(self.net_, windows)
        predictions = self.y_scaler_.inverse_transform(predictions.astype(np.float64))
        if not np.isfinite(predictions).all():
            row = int(np.flatnonzero(~np.isfinite(predictions).all(axis=1))[0])
            raise ValueError(
                f"The forecast from window {row} is not finite: the network's "
                "output overflowed. Check that the windows are of the scale of "
                "the training data."
            )
        return predictions[:, 0] if self._y_ndim == 1 else predictions

    def _check_params(self):
        """Check the hyper-parameters; return them ready for the net."""
        for name in ("early_stopping", "progress_bar", "warm_start"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise ValueError(
                    f"{name} must be True or False; got {getattr(self, name)!r}."
                )
        if self.normalization not in _NORMALIZATIONS:
            raise ValueError(
                f"normalization must be one of {_NORMALIZATIONS}; got "
                f"{self.normalization!r}."
            )
        _check_callbacks(self.callbacks)
        return {
            "hidden_size": check_count(self.hidden_size, "hidden_size"),
            "num_layers": check_count(self.num_layers, "num_layers"),
            "dropout": check_real(self.dropout, "dropout", 0, 1, "left"),
            "window_norm": self.normalization == "window",
            "target_feature": check_count(
                self.target_feature, "target_feature", min_val=0
            ),
            "lr": check_real(self.lr, "lr", 0, None, "neither"),
            "max_epochs": check_count(self.max_epochs, "max_epochs"),
            "batch_size": check_count(self.batch_size, "batch_size"),
            "early_stopping": bool(self.early_stopping),
            "progress_bar": bool(self.progress_bar),
            "validation_fraction": check_real(
                self.validation_fraction, "validation_fraction", 0, 1, "neither"
            ),
            "n_iter_no_change": check_count(self.n_iter_no_change, "n_iter_no_change"),
            "tol": check_real(self.tol, "tol", 0, None, "left"),
            "device": check_device(self.device),
            "verbose": check_count(self.verbose, "verbose", min_val=0),
            "warm_start": bool(self.warm_start),
        }

    def _check_windows(self, X, *, reset):
        """Lift X to 3-D windows; check them against what fit saw."""
        windows = check_windows(X, fitted_shape=None if reset else self.window_shape_)
        if reset:
            self.n_features_in_ = X.shape[-1]
        return windows

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # NaN is accepted only as leading padding of a window, which is not
        # the "missing values anywhere" that allow_nan announces.
        tags.input_tags.three_d_array = True
        tags.target_tags.multi_output = True
        return tags


def _check_target_finite(y):
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
        who="LSTMForecaster.fit: y",
        index=y.index if isinstance(y, (pd.Series, pd.DataFrame)) else None,
        feature_names=names,
    )


# A final training loss this many times that of forecasting the mean of the
# (standardised) targets means the training blew up, typically lr too high.
_LOSS_FAR_ABOVE_THE_MEAN = 10.0


def _check_training(net, n_epochs_before, max_epochs):
    """Raise if the loss diverged; warn if training was cut short."""
    history = net.history[n_epochs_before:]
    for epoch in history:
        loss = epoch.get("train_loss")
        if loss is not None and not np.isfinite(loss):
            raise ValueError(
                f"Training diverged: the training loss became {loss} in epoch "
                f"{epoch['epoch']}. Lower lr, or check the data for extreme "
                "values. The estimator is left as it was before this fit."
            )
    weights = [p for p in net.module_.parameters() if not torch.isfinite(p).all()]
    if weights:
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
            stacklevel=3,
        )
    stopped_early = any(
        isinstance(callback, EarlyStopping) and callback.misses_ >= callback.patience
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
            stacklevel=3,
        )


def _default_callbacks_left_out(params):
    """skorch's default callbacks to replace or leave out (``None``).

    They run every epoch: PrintLog formats its table even when nothing is
    printed, the validation loss's scoring looks for validation batches even
    when there are none, and both losses' scoring slice the history in a way
    that costs about as much as an epoch of a small network (EpochLoss
    records the same, faster).
    """
    left_out = {"callbacks__train_loss": EpochLoss("train_loss", on_train=True)}
    if not params["verbose"]:
        left_out["callbacks__print_log"] = None
    left_out["callbacks__valid_loss"] = (
        EpochLoss("valid_loss") if params["early_stopping"] else None
    )
    return left_out


def _check_callbacks(callbacks):
    """Raise unless ``callbacks`` is None or a list of skorch callbacks."""
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
