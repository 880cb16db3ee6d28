import pickle
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest
import torch
from _builders import FAST, sine_windows
from numpy.testing import assert_allclose, assert_array_equal
from skorch.callbacks import Callback, Checkpoint, LRScheduler

from sklstm import LSTMForecaster


@pytest.mark.parametrize(
    "y_shape, predict_shape", [((60,), (60,)), ((60, 1), (60, 1)), ((60, 3), (60, 3))]
)
def test_prediction_shape_follows_y(y_shape, predict_shape):
    X, y = sine_windows(horizon=y_shape[1] if len(y_shape) == 2 else 1)
    model = LSTMForecaster(**FAST).fit(X, y.reshape(y_shape))
    assert model.predict(X).shape == predict_shape
    assert model.n_outputs_ == (3 if y_shape == (60, 3) else 1)


def test_two_dimensional_x_is_read_as_univariatesine_windows():
    X, y = sine_windows()
    from_2d = LSTMForecaster(**FAST).fit(X[:, :, 0], y)
    from_3d = LSTMForecaster(**FAST).fit(X, y)
    assert from_2d.n_features_in_ == from_3d.n_features_in_ == 6
    assert from_2d.window_shape_ == from_3d.window_shape_ == (6, 1)
    assert_array_equal(from_2d.predict(X[:, :, 0]), from_3d.predict(X))
    assert_array_equal(from_3d.predict(X[:, :, 0]), from_3d.predict(X))


def test_it_learns_the_next_value_of_a_sine():
    X, y = sine_windows(n_samples=120)
    model = LSTMForecaster(hidden_size=16, max_epochs=40, lr=0.01, random_state=0)
    model.fit(X[:100], y[:100])
    assert model.score(X[100:], y[100:]) > 0.8
    losses = model.history_[:, "train_loss"]
    assert len(losses) == 40 and losses[-1] < losses[0] / 3


def test_window_normalisation_extrapolates_a_trend_global_scaling_cannot():
    # Train on levels 0..100, forecast levels 100..130: only the window
    # normalisation makes the unseen levels look like the training ones.
    t = np.arange(140.0)
    X = np.stack([t[i : i + 5] for i in range(130)])
    y = t[5:135]
    errors = {}
    for normalization in ["window", None]:
        model = LSTMForecaster(
            hidden_size=8,
            max_epochs=60,
            lr=0.01,
            normalization=normalization,
            random_state=0,
        ).fit(X[:96], y[:96])
        errors[normalization] = np.abs(model.predict(X[100:]) - y[100:]).mean()
    assert errors["window"] < 1.0
    assert errors[None] > 5 * errors["window"]


def test_window_normalisation_makes_the_units_of_x_irrelevant():
    X, y = sine_windows()
    model = LSTMForecaster(**FAST).fit(X, y)
    rescaled = LSTMForecaster(**FAST).fit(1000.0 * X - 50.0, y)
    assert_allclose(
        rescaled.predict(1000.0 * X - 50.0), model.predict(X), rtol=1e-3, atol=1e-3
    )


def test_padded_windows_are_accepted_and_read_as_shorter_histories():
    X, y = sine_windows()
    X[:5, :3] = np.nan  # the first windows have only 3 real steps
    model = LSTMForecaster(**FAST).fit(X, y)
    assert np.isfinite(model.predict(X)).all()


@pytest.mark.parametrize(
    "where, match",
    [
        ((7, 2, 0), "window 7, step 2, feature 0.*not leading padding"),
        ((3, 0, 1), "window 3, step 0, feature 1"),  # a step only half missing
        ((4, 5, 0), "window 4, step 5"),  # the last step
    ],
)
def test_nan_that_is_not_leading_padding_is_refused(where, match):
    X, y = sine_windows(n_features=2)
    X[where] = np.nan
    model = LSTMForecaster(**FAST)
    with pytest.raises(ValueError, match=match):
        model.fit(X, y)
    assert not hasattr(model, "net_")
    fitted = LSTMForecaster(**FAST).fit(*sine_windows(n_features=2))
    with pytest.raises(ValueError, match=match):
        fitted.predict(X)


def test_all_nan_window_is_refused():
    X, y = sine_windows()
    X[2] = np.nan
    with pytest.raises(ValueError, match="Window 2 of X has no real step"):
        LSTMForecaster(**FAST).fit(X, y)


@pytest.mark.parametrize(
    "X, y, match",
    [
        (np.zeros(10), np.zeros(10), "got 1D array"),
        (np.zeros((10, 3, 1, 1)), np.zeros(10), r"shape \(10, 3, 1, 1\)"),
        (np.zeros((0, 3, 1)), np.zeros(0), "0 sample"),
        (np.zeros((10, 0, 1)), np.zeros(10), "at least one step"),
        (np.full((10, 3, 1), np.inf), np.zeros(10), "infinity"),
        (
            np.zeros((10, 3, 1)),
            np.full(10, np.nan),
            r"y got NaN \(a missing value\) at row 0",
        ),
        (np.zeros((10, 3, 1)), np.zeros(9), "inconsistent numbers of samples"),
        (np.array([[["a"]]] * 3), np.zeros(3), "could not convert"),
    ],
    ids=["1d", "4d", "empty", "no-steps", "inf", "nan-y", "lengths", "strings"],
)
def test_bad_data_is_refused_before_training(X, y, match):
    model = LSTMForecaster(**FAST)
    with pytest.raises(ValueError, match=match):
        model.fit(X, y)
    assert not hasattr(model, "net_")


@pytest.mark.parametrize(
    "params, match",
    [
        ({"hidden_size": 0}, "hidden_size == 0, must be >= 1"),
        ({"num_layers": 0}, "num_layers"),
        ({"dropout": 1.0}, "dropout == 1.0, must be"),
        ({"lr": 0.0}, "lr == 0.0, must be > 0"),
        ({"max_epochs": 0}, "max_epochs"),
        ({"batch_size": 0}, "batch_size"),
        ({"normalization": "minmax"}, "normalization must be one of"),
        ({"device": "gpu0"}, "device='gpu0' cannot be used here"),
        ({"device": "mps"}, "device='mps' cannot be used here"),
    ],
)
def test_bad_parameters_are_refused_before_training(params, match):
    model = LSTMForecaster(**{**FAST, **params})
    with pytest.raises(ValueError, match=match):
        model.fit(*sine_windows())
    assert not hasattr(model, "net_")


@pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU is present")
def test_cuda_without_a_gpu_is_refused():
    with pytest.raises(ValueError, match="device='cuda' cannot be used here"):
        LSTMForecaster(**{**FAST, "device": "cuda"}).fit(*sine_windows())


def test_windows_of_another_shape_are_refused_at_predict():
    X, y = sine_windows(n_features=2)
    model = LSTMForecaster(**FAST).fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features.*expecting 2 features"):
        model.predict(np.zeros((4, 6, 3)))
    with pytest.raises(
        ValueError, match="windows of 5 time steps.*fitted on windows of 6"
    ):
        model.predict(X[:, 1:])
    univariate = LSTMForecaster(**FAST).fit(X[:, :, 0], y)
    with pytest.raises(ValueError, match="X has 4 features.*expecting 6 features"):
        univariate.predict(X[:, 2:, 0])


@pytest.mark.parametrize("n_features", [1, 3])
def test_n_features_in_counts_the_columns_of_the_flattened_window(n_features):
    # As scikit-learn counts features: the columns of X in its 2-D form. Tools
    # check a fitted regressor with predict(np.zeros((1, n_features_in_))),
    # as MAPIE does.
    X, y = sine_windows(n_features=n_features)
    model = LSTMForecaster(**FAST).fit(X, y)
    assert model.n_features_in_ == 6 * n_features
    assert model.predict(np.zeros((1, model.n_features_in_))).shape == (1,)
    flat = X.reshape(len(X), -1)  # steps one after the other
    assert_array_equal(model.predict(flat), model.predict(X))
    with pytest.raises(
        ValueError, match=f"X has 5 features.*expecting {6 * n_features}"
    ):
        model.predict(flat[:, :5])


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
def test_float_and_int_input_are_accepted(dtype):
    X, y = sine_windows()
    X = (X * 10).astype(dtype)
    model = LSTMForecaster(**FAST).fit(X, y.astype(dtype))
    assert model.predict(X).dtype == np.float64


def test_same_random_state_gives_identical_predictions_and_another_does_not():
    X, y = sine_windows()
    first = LSTMForecaster(**FAST).fit(X, y).predict(X)
    second = LSTMForecaster(**FAST).fit(X, y).predict(X)
    other = LSTMForecaster(**{**FAST, "random_state": 1}).fit(X, y).predict(X)
    assert_array_equal(first, second)
    assert not np.allclose(first, other)


def test_fit_and_predict_leave_the_global_generators_alone():
    X, y = sine_windows()
    torch_state = torch.get_rng_state()
    numpy_state = np.random.get_state()[1].copy()
    model = LSTMForecaster(**{**FAST, "dropout": 0.2}).fit(X, y)
    model.predict(X)
    model.score(X, y)
    assert torch.equal(torch.get_rng_state(), torch_state)
    assert_array_equal(np.random.get_state()[1], numpy_state)


def test_same_random_state_gives_identical_predictions_in_another_process():
    X, y = sine_windows()
    model = LSTMForecaster(**FAST).fit(X, y)
    script = textwrap.dedent(
        f"""
        import pickle, sys
        import numpy as np
        from sklstm import LSTMForecaster
        X, y = pickle.loads(sys.stdin.buffer.read())
        model = LSTMForecaster(**{FAST!r}).fit(X, y)
        sys.stdout.buffer.write(pickle.dumps(model.predict(X)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps((X, y)),
        capture_output=True,
        check=True,
    )
    assert_array_equal(pickle.loads(result.stdout), model.predict(X))


def test_pickle_round_trip_keeps_the_predictions():
    X, y = sine_windows()
    model = LSTMForecaster(**FAST).fit(X, y)
    restored = pickle.loads(pickle.dumps(model))
    assert_array_equal(restored.predict(X), model.predict(X))


def test_checkpoint_callback_on_the_training_loss(tmp_path):
    # No validation split: checkpoints follow the training loss.
    checkpoint = Checkpoint(monitor="train_loss_best", dirname=str(tmp_path))
    LSTMForecaster(**FAST, callbacks=[checkpoint]).fit(*sine_windows())
    assert (tmp_path / "params.pt").exists()


class _CountEpochs(Callback):
    def initialize(self):
        self.epochs = 0
        return self

    def on_epoch_end(self, net, **kwargs):
        self.epochs += 1


def test_skorch_callbacks_run_on_copies():
    counter = _CountEpochs()
    scheduler = LRScheduler(policy="StepLR", step_size=3, gamma=0.5)
    model = LSTMForecaster(**FAST, callbacks=[counter, ("lr", scheduler)])
    model.fit(*sine_windows())
    used = dict(model.net_.callbacks_)
    assert used["_CountEpochs"].epochs == FAST["max_epochs"]
    assert not hasattr(counter, "epochs")  # the parameter itself is untouched
    assert model.net_.optimizer_.param_groups[0]["lr"] == pytest.approx(
        FAST["lr"] * 0.5**3
    )


def test_verbose_prints_the_loss_per_epoch(capsys):
    LSTMForecaster(**{**FAST, "max_epochs": 3, "verbose": 1}).fit(*sine_windows())
    out = capsys.readouterr().out
    assert "train_loss" in out and len(out.strip().splitlines()) >= 5
    LSTMForecaster(**{**FAST, "max_epochs": 3}).fit(*sine_windows())
    assert capsys.readouterr().out == ""


def test_failed_refit_keeps_the_fitted_model():
    X, y = sine_windows()
    model = LSTMForecaster(**FAST).fit(X, y)
    before = model.predict(X)
    bad = np.zeros((10, 4, 3))
    bad[0, 2, 1] = np.nan
    with pytest.raises(ValueError):
        model.fit(bad, np.zeros(10))
    assert model.n_features_in_ == 6 and model.window_shape_ == (6, 1)
    assert_array_equal(model.predict(X), before)


def test_error_during_training_keeps_the_fitted_model():
    class Fail(Callback):
        def on_epoch_end(self, net, **kwargs):
            raise RuntimeError("disk full")

    X, y = sine_windows()
    model = LSTMForecaster(**FAST).fit(X, y)
    before = model.predict(X)
    model.set_params(callbacks=[Fail()])
    with pytest.raises(RuntimeError, match="disk full"):
        model.fit(X[:, :3], y)
    assert model.window_shape_ == (6, 1)
    assert_array_equal(model.predict(X), before)


def test_early_stopping_validates_on_the_last_windows_and_restores_the_best():
    X, y = sine_windows(n_samples=80)
    model = LSTMForecaster(
        **{**FAST, "max_epochs": 200, "lr": 0.05},
        early_stopping=True,
        validation_fraction=0.2,
        n_iter_no_change=3,
    ).fit(X, y)
    assert_array_equal(model.validation_indices_, np.arange(64, 80))
    valid_loss = model.history_[:, "valid_loss"]
    assert model.n_iter_ == len(valid_loss) < 200  # it stopped early
    best = int(np.argmin(valid_loss))
    assert model.n_iter_ - 1 - best >= 3  # patience ran out after the best epoch
    # The weights of the best epoch are back: the validation windows' loss,
    # recomputed now from the forecasts, is the best one recorded.
    assert _validation_loss(model, X[64:], y[64:]) == pytest.approx(
        valid_loss[best], rel=1e-4
    )


def _validation_loss(model, X, y):
    """The squared error of the forecasts of ``X``, in the units trained on."""
    from sklstm._scaling import scaled_inputs

    fitted = model.target_map_, model.x_scaler_, model.y_scaler_
    _, _, _, unit = scaled_inputs(
        model.fitted_network_params_, X.reshape(len(X), -1, 1), *fitted, training=True
    )
    return np.mean(((model.predict(X) - y) / unit[:, 0]) ** 2)


def test_validation_windows_are_held_out_of_training_and_scaling():
    X, y = sine_windows(n_samples=50)
    X_changed, y_changed = X.copy(), y.copy()
    X_changed[45:] *= 100.0  # only the validation windows differ
    y_changed[45:] *= 100.0
    params = dict(FAST, early_stopping=True, validation_fraction=0.1)
    first = LSTMForecaster(**params).fit(X, y)
    second = LSTMForecaster(**params).fit(X_changed, y_changed)
    assert first.target_map_ == second.target_map_
    assert_array_equal(
        first.history_[:, "train_loss"], second.history_[:, "train_loss"]
    )


def test_without_early_stopping_there_is_no_validation():
    model = LSTMForecaster(**FAST).fit(*sine_windows())
    assert model.validation_indices_ is None
    assert "valid_loss" not in model.history_[-1]
    assert model.n_iter_ == FAST["max_epochs"]


def test_too_few_windows_for_a_validation_split_is_refused():
    X, y = sine_windows(n_samples=1)
    with pytest.raises(ValueError, match="holds out the last 1 of the 1 training"):
        LSTMForecaster(**FAST, early_stopping=True).fit(X, y)


@pytest.mark.parametrize("early_stopping", [True, False])
@pytest.mark.parametrize(
    "params, match",
    [
        ({"validation_fraction": 0.0}, "validation_fraction == 0.0"),
        ({"validation_fraction": 1.0}, "validation_fraction == 1.0"),
        ({"n_iter_no_change": 0}, "n_iter_no_change == 0"),
        ({"tol": -1.0}, "tol == -1.0"),
        ({"verbose": -1}, "verbose == -1"),
        ({"progress_bar": "yes"}, "progress_bar must be True or False"),
        ({"target_feature": -1}, "target_feature == -1"),
        ({"target_feature": 1}, "target_feature=1, but the windows have 1"),
    ],
)
def test_bad_training_parameters_are_refused(params, match, early_stopping):
    model = LSTMForecaster(**FAST, **{"early_stopping": early_stopping, **params})
    with pytest.raises(ValueError, match=match):
        model.fit(*sine_windows())
    assert not hasattr(model, "net_")


def test_early_stopping_keeps_the_lowest_validation_loss_whatever_the_tol():
    X, y = sine_windows(n_samples=80)
    model = LSTMForecaster(
        **{**FAST, "max_epochs": 60},
        early_stopping=True,
        n_iter_no_change=3,
        tol=0.05,
    ).fit(X, y)
    valid_loss = model.history_[:, "valid_loss"]
    loss = _validation_loss(model, X[72:], y[72:])
    assert loss == pytest.approx(min(valid_loss), rel=1e-4)


def test_early_stopping_error_holds_when_not_stopping_early():
    model = LSTMForecaster(**{**FAST, "max_epochs": 3}, early_stopping=True)
    model.fit(*sine_windows())
    assert model.n_iter_ == 3 and "valid_loss" in model.history_[-1]


def test_target_feature_names_the_column_that_holds_the_target():
    # A trend to extrapolate, with a noise covariate before it: only the
    # target's own window statistics carry the forecast to unseen levels.
    t = np.arange(140.0)
    noise = np.random.RandomState(0).randn(140)
    data = np.column_stack([noise, t])
    X = np.stack([data[i : i + 5] for i in range(130)])
    y = t[5:135]
    model = LSTMForecaster(**{**FAST, "max_epochs": 60}, target_feature=1)
    model.fit(X[:96], y[:96])
    assert np.abs(model.predict(X[100:]) - y[100:]).mean() < 1.5
    # Naming the covariate instead is refused: y is the next value of feature 1.
    with pytest.raises(ValueError, match="feature 1 of the windows, not of target"):
        LSTMForecaster(**FAST, target_feature=0).fit(X[:96], y[:96])


def test_verbose_shows_the_validation_loss_and_progress_bar_runs(capsys):
    LSTMForecaster(**{**FAST, "max_epochs": 2}, early_stopping=True, verbose=1).fit(
        *sine_windows()
    )
    assert "valid_loss" in capsys.readouterr().out
    model = LSTMForecaster(**{**FAST, "max_epochs": 2}, progress_bar=True)
    model.fit(*sine_windows())
    assert "progress_bar" in dict(model.net_.callbacks_)


class _InterruptAt(Callback):
    """Raises KeyboardInterrupt, as Ctrl-C would, in a given epoch."""

    def __init__(self, epoch, on_batch=False):
        self.epoch = epoch
        self.on_batch = on_batch

    def on_batch_end(self, net, **kwargs):
        if self.on_batch and len(net.history) == self.epoch:
            raise KeyboardInterrupt

    def on_epoch_end(self, net, **kwargs):
        if not self.on_batch and len(net.history) == self.epoch:
            raise KeyboardInterrupt


@pytest.mark.parametrize("on_batch", [False, True], ids=["after-epoch", "mid-epoch"])
def test_interrupted_fit_keeps_the_weights_so_far_and_says_so(on_batch):
    X, y = sine_windows()
    model = LSTMForecaster(**FAST, callbacks=[_InterruptAt(3, on_batch)])
    with pytest.warns(UserWarning, match="Training stopped in epoch 3.*interrupted"):
        model.fit(X, y)
    assert model.n_iter_ == 3
    assert np.isfinite(model.predict(X)).all()
    # The weights are those reached when interrupted, not a mix of two fits.
    continued = LSTMForecaster(**{**FAST, "max_epochs": 3}).fit(X, y)
    if not on_batch:
        assert_array_equal(model.predict(X), continued.predict(X))


def test_early_stopping_is_not_reported_as_an_interruption(recwarn):
    X, y = sine_windows(n_samples=80)
    LSTMForecaster(
        **{**FAST, "max_epochs": 200, "lr": 0.05},
        early_stopping=True,
        n_iter_no_change=2,
    ).fit(X, y)
    assert not [w for w in recwarn if "interrupted" in str(w.message)]


def test_diverged_training_is_refused_and_the_fitted_model_kept():
    X, y = sine_windows()
    model = LSTMForecaster(**FAST).fit(X, y)
    before = model.predict(X)
    model.set_params(lr=1e30, max_epochs=3)
    with pytest.raises(ValueError, match="Training diverged.*Lower lr"):
        model.fit(X, y * 1e30)
    assert_array_equal(model.predict(X), before)


def test_warm_start_continues_training_from_the_fitted_weights():
    X, y = sine_windows()
    warm = LSTMForecaster(**{**FAST, "max_epochs": 5}, warm_start=True).fit(X, y)
    first_losses = list(warm.history_[:, "train_loss"])
    scaler = warm.x_scaler_
    warm.fit(X, y)
    assert warm.n_iter_ == 10
    assert warm.history_[:5, "train_loss"] == first_losses
    assert warm.x_scaler_ is scaler
    # Without warm start, a second fit starts anew.
    cold = LSTMForecaster(**{**FAST, "max_epochs": 5}).fit(X, y).fit(X, y)
    assert cold.n_iter_ == 5
    assert warm.history_[-1, "train_loss"] < cold.history_[-1, "train_loss"]


def test_warm_start_takes_the_new_learning_rate():
    X, y = sine_windows()
    model = LSTMForecaster(**{**FAST, "max_epochs": 2}, warm_start=True).fit(X, y)
    model.set_params(lr=0.5).fit(X, y)
    assert model.net_.optimizer_.param_groups[0]["lr"] == 0.5


@pytest.mark.parametrize(
    "change, match",
    [
        ({"hidden_size": 16}, "hidden_size cannot change"),
        ({"normalization": None}, "normalization cannot change"),
    ],
)
def test_warm_start_refuses_a_different_network(change, match):
    X, y = sine_windows()
    model = LSTMForecaster(**FAST, warm_start=True).fit(X, y)
    before = model.predict(X)
    with pytest.raises(ValueError, match=match):
        model.set_params(**change).fit(X, y)
    assert_array_equal(model.predict(X), before)


def test_warm_start_refuses_other_windows_or_targets():
    X, y = sine_windows(horizon=2)
    model = LSTMForecaster(**FAST, warm_start=True).fit(X, y)
    with pytest.raises(ValueError, match="windows of 5 time steps"):
        model.fit(X[:, 1:], y)
    with pytest.raises(ValueError, match="y with 2 column"):
        model.fit(X, y[:, 0])


def test_warm_start_uses_this_fits_callbacks_and_early_stopping(tmp_path):
    X, y = sine_windows(n_samples=80)
    model = LSTMForecaster(**{**FAST, "max_epochs": 3}, warm_start=True).fit(X, y)
    counter = _CountEpochs()
    model.set_params(callbacks=[counter], early_stopping=True).fit(X, y)
    assert dict(model.net_.callbacks_)["_CountEpochs"].epochs == 3
    assert "valid_loss" in model.history_[-1]
    model.set_params(callbacks=None, early_stopping=False).fit(X, y)
    assert model.n_iter_ == 9 and "valid_loss" not in model.history_[-1]


def test_works_under_the_global_pandas_output_setting():
    from sklearn import config_context

    X, y = sine_windows()
    with config_context(transform_output="pandas"):
        model = LSTMForecaster(**FAST).fit(X, y)
        assert isinstance(model.predict(X), np.ndarray)


def test_windows_of_any_scale_are_forecast_in_their_own_units():
    # Each window is scaled in float64 by its own statistics: 1e40 times the
    # windows is 1e40 times the forecast, beyond float32's range.
    X, y = sine_windows()
    model = LSTMForecaster(**FAST).fit(X, y)
    assert_allclose(model.predict(X[:5] * 1e40), 1e40 * model.predict(X[:5]))
    assert_allclose(model.predict(X[:5] * 1e-30), 1e-30 * model.predict(X[:5]))
    with pytest.raises(ValueError, match="window 1, step 0, feature 0 is 3.67"):
        model.predict(X[:2] * np.array([[[1.0]], [[1e160]]]))


def test_a_training_that_blows_up_warns_that_it_did_not_converge():
    from sklearn.exceptions import ConvergenceWarning

    series = 50 + 10 * np.sin(np.arange(200) / 4)
    X = np.stack([series[t - 3 : t] for t in range(3, 200)])
    y = series[3:]
    with pytest.warns(ConvergenceWarning, match="Lower lr"):
        LSTMForecaster(lr=100.0, max_epochs=10, random_state=0).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        LSTMForecaster(max_epochs=10, random_state=0).fit(X, y)


def test_constant_targets_do_not_warn_that_training_did_not_converge():
    # Targets constant to 1e-14 keep a scale of 1: their mean forecasts them
    # with a loss of about 1e-29, which no short training gets near (a case
    # hypothesis found in test_properties).
    from sklearn.exceptions import ConvergenceWarning

    rng = np.random.RandomState(0)
    X = rng.uniform(-100, 100, (20, 3, 1))
    X[:, -1, 0] = 1e-14 * rng.rand(20)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        model = LSTMForecaster(hidden_size=4, max_epochs=3, random_state=0)
        model.fit(X, X[:, -1, 0] + 1.0)
    assert model.history_[-1, "train_loss"] > 0.1


def test_a_window_scaled_loss_warns_only_if_it_did_not_fall():
    # Quiet windows followed by jumps: the window-scaled squared error is in
    # the hundreds however well the network trains, which is no failure.
    from sklearn.exceptions import ConvergenceWarning

    rng = np.random.RandomState(0)
    series = np.repeat(rng.uniform(10, 100, 40), 8) + rng.normal(0, 0.01, 320)
    X = np.stack([series[t - 6 : t] for t in range(6, 314)])
    y = np.stack([series[t : t + 6] for t in range(6, 314)])
    params = dict(loss_scaling="window", max_epochs=10, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        model = LSTMForecaster(**params).fit(X, y)
    assert model.history_[-1, "train_loss"] > 100
    # In units of each series' spread (the default), a blow-up shows.
    with pytest.warns(ConvergenceWarning, match="loss_scaling='series'"):
        LSTMForecaster(max_epochs=10, random_state=0, lr=100.0).fit(X, y)
