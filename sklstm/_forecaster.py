"""LSTMForecaster: the scikit-learn estimator. Windows in, forecasts out.

The scikit-learn contract lives here: parameters, the fitted attributes,
the shapes of what comes back. One fit and one forecast of the network
(validated windows, units, datasets, the skorch net and its checks) are
``_training.py``'s; the training loop the skorch layer's (``_net.py``), the
network the torch module's (``_module.py``), the scaling ``_scaling.py``'s.
"""

from sklearn.base import BaseEstimator, RegressorMixin

from ._online import ForecasterUpdates
from ._params import validate_params
from ._quantiles import requested_levels
from ._training import fit_forecaster, forecast_windows, validated_windows
from ._validation import check_fitted, restore_on_error


class LSTMForecaster(ForecasterUpdates, RegressorMixin, BaseEstimator):
    """LSTM regressor that forecasts from windows of past values.

    A PyTorch :class:`~torch.nn.LSTM` reads each window, oldest step first, and
    a linear head turns its last hidden state into the forecast. Training runs
    through a skorch :class:`~skorch.regressor.NeuralNetRegressor` built in
    :meth:`fit` (Adam; mean squared error by default, see ``loss``), so
    skorch's callbacks, history and device handling apply. With
    ``quantiles`` it learns quantiles of the forecast too.

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
        deviation (per feature, over its real steps, in float64), the
        network forecasts in those units, and the forecast is mapped back
        with the statistics of the target feature (``target_feature``), in
        ``y``'s units (reversible instance normalisation, RevIN; see Notes),
        plus a learned multiple of the window's mean per output (a trend's
        growth in proportion to the level). Forecasts are then scale
        equivariant: a series (a window) multiplied by ``c > 0`` has its
        forecasts and quantiles multiplied by ``c``, and, with a scale-free
        ``loss_scaling``, a refit leaves every other series' forecasts as
        they were (the user guide's "Many series, one model"). Covariates
        are normalised within each window too; see ``covariate_effects``
        for how their effects reach the forecast. ``None``: inputs and
        targets are only standardised globally (not scale equivariant).
    target_feature : int, default=0
        Which feature of the windows is the target's own history, whose window
        statistics map the normalised forecast back. :func:`make_supervised`
        puts the target first, hence 0.
    covariate_effects : {"additive", "relative"}, default="additive"
        With window normalisation and covariates: ``"additive"`` lets the
        network add their effects in units that do not shrink with a quiet
        window's spread (a promotion's +40 after a calm week; measured in
        the user guide's "Covariates known in advance"); ``"relative"`` only
        scales them with the window's spread, as the target's own pattern
        is, which extrapolated a growing seasonal amplitude better on the
        airline series with month covariates. No effect without covariates.
    loss : {"squared_error", "absolute_error"}, default="squared_error"
        What training minimises: the mean squared error (the forecast
        learns the mean) or the mean absolute error (the median, less
        swayed by outliers; better on the tourism panel, see the user
        guide's "Many series"). Not used with ``quantiles``.
    loss_scaling : {"series", "window", None}, default="series"
        The units each window's error is measured in by the loss (the
        forecasts' units do not change). ``"series"``: the mean spread
        (standard deviation) of the target over the windows of its series,
        every window of a series weighing alike and every series the same
        whatever its scale (as N-BEATS and DeepAR train on scale-free
        errors); the series are told from the windows themselves, as chains
        of windows one step apart, so a single series is one unit and a
        panel's series each their own. ``"window"``: the spread of each
        window itself, which did better on the tourism panel with the
        absolute error (user guide, "Many series"). ``None``: the global
        spread of ``y``, in which the largest series of a panel make the
        loss alone (not scale-free). Use ``"window"`` with
        ``loss="absolute_error"`` or ``quantiles``: with the squared error, a
        quiet window followed by a jump outweighs thousands of others, and
        the tourism panel's MASE got worse than unscaled (3.10 against 2.31,
        window 36, seed 0).
    quantiles : list of float or None, default=None
        Levels in (0, 1), sorted, without duplicates, such as
        ``[0.1, 0.9]``: the network learns these quantiles of each forecast,
        and the median, with the pinball loss (Koenker and Bassett, 1978;
        as neuralforecast's ``MQLoss``), instead of ``loss``. They never
        cross (sorted; Chernozhukov et al., Econometrica 2010). ``predict``
        then returns the median, and the quantiles or intervals through its
        ``quantiles`` and ``coverage`` keywords (see the user guide,
        "Uncertainty"). None: the point forecast only.
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
        ``n_iter_no_change`` epochs, and keep the weights of the epoch with
        the lowest validation loss, as :class:`~sklearn.neural_network.MLPRegressor`
        does. The scalers and the network see only the other windows.
    validation_fraction : float, default=0.1
        Fraction of the training windows held out for early stopping, in
        (0, 1); rounded up to a whole window. Only used if ``early_stopping``.
    n_iter_no_change : int, default=10
        Epochs without an improvement of the validation loss before training
        stops. Only used if ``early_stopping``.
    tol : float, default=1e-4
        Smallest decrease of the validation loss (the loss trained on, in
        the units of ``loss_scaling``: by default, of each series' spread)
        that counts as an improvement. Only used if ``early_stopping``.
    callbacks : list of skorch callbacks or (name, callback) tuples, default=None
        Extra skorch callbacks, such as :class:`skorch.callbacks.LRScheduler`
        or :class:`skorch.callbacks.Checkpoint`. They are copied in each
        :meth:`fit`, so the objects passed here stay unchanged. Without
        ``early_stopping`` there is no validation loss, so callbacks that
        watch a score must watch the training loss, e.g.
        ``Checkpoint(monitor="train_loss_best")``; one that watches a
        validation score is refused before training.
    random_state : int, RandomState instance or None, default=None
        Seeds the weights, the shuffling of batches and dropout. An int gives
        bit-identical CPU predictions across fits, processes and threads
        (with the same ``torch.get_num_threads()``), from generators of the
        fit's own; the caller's global generators are left as they were.
        Fits with ``dropout > 0`` run one at a time across threads (see the
        user guide, "Reproducibility").
    device : str, default="cpu"
        Torch device to train and predict on, such as ``"cpu"`` or ``"cuda"``.
    warm_start : bool, default=False
        If True and the forecaster is fitted, :meth:`fit` trains the fitted
        network ``max_epochs`` epochs more on the data given (with the fitted
        target map and scalers), instead of starting anew. The windows'
        shape, ``y``'s columns and the network's parameters
        (``hidden_size``, ``num_layers``, ``dropout``, ``normalization``,
        ``covariate_effects``, ``target_feature``, ``loss_scaling``,
        ``quantiles``, ``device``) must stay the same.
    progress_bar : bool, default=False
        Show a progress bar over the batches of each epoch (skorch's
        :class:`~skorch.callbacks.ProgressBar`, tqdm), for long fits.
    verbose : int, default=0
        0 is silent; 1 prints skorch's table of the training loss (and, with
        ``early_stopping``, the validation loss) per epoch.

    Attributes
    ----------
    net_ : skorch.regressor.NeuralNetRegressor
        The trained skorch net; ``net_.module_`` is the torch module.
    history_ : skorch.history.History
        Per-epoch record of the training (``history_[:, "train_loss"]`` is the
        loss curve, in the units of ``loss_scaling``; with ``early_stopping``,
        ``history_[:, "valid_loss"]`` too).
    n_iter_ : int
        Number of epochs run (fewer than ``max_epochs`` if early stopping
        stopped the training).
    validation_indices_ : ndarray of shape (n_validation,) or None
        Positions, among the rows of ``X`` given to :meth:`fit`, of the
        windows held out for early stopping: always the last ones. None
        without ``early_stopping``.
    target_map_ : tuple of (float, float)
        ``(a, b)``: ``y`` is ``a * x + b`` of the target feature's next value
        ``x`` in the windows (a pipeline scales X but not y; ``(1.0, 0.0)``
        without a scaler), read from consecutive training windows, exactly;
        window statistics are mapped to ``y``'s units through it.
    x_scaler_ : sklearn.preprocessing.StandardScaler or None
        With ``normalization=None``: the global standardisation of the window
        features, fitted on the training windows (per feature, over samples
        and steps). None with window normalisation.
    y_scaler_ : sklearn.preprocessing.StandardScaler
        The mean and standard deviation of all the training targets: the
        location and spread of every window with ``normalization=None``, the
        unit of ``loss_scaling=None``.
    fitted_network_params_ : dict
        The parameters that shape the fitted network and its units
        (``hidden_size``, ``num_layers``, ``dropout``, ``normalization``,
        ``covariate_effects``, ``target_feature``, ``loss_scaling``), as
        :meth:`fit` saw them; :meth:`predict` uses these.
    window_shape_ : tuple of (int, int)
        ``(window_length, n_features)`` of the windows seen in :meth:`fit`;
        2-D input counts as ``(n_columns, 1)``. Windows given to
        :meth:`predict` must have this shape, or be flattened from it
        (2-D, ``n_features_in_`` columns).
    n_outputs_ : int
        Number of values forecast per window (``y.shape[1]``, or 1 for 1-D y).
    quantiles_ : ndarray of shape (n_levels,) or None
        The levels learned: ``quantiles`` with 0.5 added, sorted. None
        without ``quantiles``.
    n_features_in_ : int
        Number of features seen during :meth:`fit`, counted as scikit-learn
        counts them: the columns of ``X`` in its 2-D form, a window's steps
        one after the other (``X.reshape(len(X), -1)``), that is
        ``window_length * n_features`` (``X.shape[1]`` for 2-D input). A
        2-D ``X`` with that many columns is read as such flattened windows,
        so ``predict(np.zeros((1, n_features_in_)))`` works, as tools that
        probe a fitted regressor expect (MAPIE does). The features per time
        step are ``window_shape_[1]``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the columns of a 2-D DataFrame seen during :meth:`fit`.
        Defined only when they are all strings.

    See Also
    --------
    SlidingWindow : Builds the windows this estimator reads.
    make_supervised : Builds ``X`` and ``y`` from a series.

    Notes
    -----
    Leading steps of a window in which every feature is NaN are padding, as
    :class:`SlidingWindow` writes it: a shorter history, of which the LSTM
    reads only the real steps; any other NaN is an error. Window
    normalisation (Kim et al., "Reversible Instance Normalization for
    Accurate Time-Series Forecasting against Distribution Shift", ICLR 2022)
    is the default because it beat global scaling on six of seven series in
    ``benchmarks/normalization.py``. The user guide's "Reliability" and
    "Saving and loading" say what happens on failures and Ctrl-C, and how to
    checkpoint a long fit and save a model safely.

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
        covariate_effects="additive",
        loss="squared_error",
        loss_scaling="series",
        quantiles=None,
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
        self.covariate_effects = covariate_effects
        self.loss = loss
        self.loss_scaling = loss_scaling
        self.quantiles = quantiles
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
            unknown, a callback watches a validation score without
            ``early_stopping``, X not 2-D or 3-D, X holds a NaN that is not
            leading padding, a window with no real step, infinite values or
            strings, y holds NaN or infinite values, or X and y differ in
            length, or X or y holds values above 1e150 (whose squares
            overflow float64); with ``early_stopping``, if holding out the
            validation windows would leave none to train on; if y is the
            target feature's value at each window's own last step
            (``fit(series, series)`` without :func:`make_supervised`: a
            leak); with window normalisation, if consecutive windows show
            that y is not the target feature's next value up to an affine
            map (a log target beside raw windows, or a target moved to
            another column).
        """
        validate_params(self)
        return fit_forecaster(
            self, X, y, self, warm=self.warm_start and hasattr(self, "net_")
        )

    def predict(self, X, *, quantiles=None, coverage=None):
        """Forecast from each window: the point forecast, quantiles or intervals.

        Parameters
        ----------
        X : array-like of shape (n_samples, window_length, n_features) or \
                (n_samples, window_length * n_features)
            Windows of the shape seen in :meth:`fit`, or flattened step by
            step (``windows.reshape(len(windows), -1)``; for univariate
            windows, one column per step).
        quantiles : float or list of float, default=None
            Levels of the forecast distribution to return, each one learned
            (in `quantiles_`). A Pipeline, a fitted ``GridSearchCV``'s
            ``best_estimator_`` and :class:`RecursiveForecaster` pass it on.
        coverage : float, default=None
            In (0, 1): return the central interval holding the value with this
            probability, bounded by the learned quantiles ``(1 - coverage) / 2``
            and ``(1 + coverage) / 2`` (``coverage=0.8``: 0.1 and 0.9).

        Returns
        -------
        y_pred : ndarray
            Without ``quantiles`` or ``coverage``: the point forecast (the
            median when quantiles were learned), of shape (n_samples,) if the
            ``y`` given to :meth:`fit` was 1-D and (n_samples, `n_outputs_`)
            if it was 2-D, in ``y``'s units. With a list of ``quantiles``, one
            more last axis, in the order given: (n_samples, n_quantiles) or
            (n_samples, `n_outputs_`, n_quantiles); with a single level, none.
            With ``coverage``: the bounds on a last axis of 2, lower first.

        Raises
        ------
        ValueError
            If the windows differ in shape from those seen in :meth:`fit`, or
            hold NaN other than leading padding; if quantiles or an interval
            are asked from a forecaster trained without ``quantiles``, a
            level was not learned, ``coverage`` is not in (0, 1), or both are
            given.
        """
        check_fitted(self, "net_")
        positions, scalar = requested_levels(self.quantiles_, quantiles, coverage)
        windows = validated_windows(self, X)
        predictions = forecast_windows(self, windows, positions)
        if scalar:
            predictions = predictions[:, :, 0]
        return predictions[:, 0] if self._y_ndim == 1 else predictions

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # NaN is accepted only as leading padding of a window, which is not
        # the "missing values anywhere" that allow_nan announces.
        tags.input_tags.three_d_array = True
        tags.target_tags.multi_output = True
        return tags
