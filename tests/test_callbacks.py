"""sklstm's callbacks: early stopping's log, and callbacks refused before training."""

import numpy as np
import pytest
from skorch.callbacks import Checkpoint, EarlyStopping, LRScheduler

import sklstm._net
from sklstm import LSTMForecaster

FAST = dict(hidden_size=8, max_epochs=40, batch_size=16, lr=0.01, random_state=0)


def _windows(n_samples=80, window_length=6):
    rng = np.random.RandomState(0)
    series = np.sin(np.arange(n_samples + window_length) / 3)
    series = series + 0.3 * rng.randn(len(series))
    X = np.stack([series[t : t + window_length] for t in range(n_samples)])
    return X, series[window_length:]


@pytest.mark.parametrize(
    "callback",
    [
        EarlyStopping(),
        Checkpoint(),
        LRScheduler(policy="ReduceLROnPlateau", monitor="valid_loss"),
    ],
    ids=["EarlyStopping", "Checkpoint", "ReduceLROnPlateau"],
)
def test_callbacks_that_need_a_validation_loss_are_refused_before_training(
    callback, monkeypatch
):
    def refuse(*args, **kwargs):
        raise AssertionError("training started")

    monkeypatch.setattr(sklstm._net.ForecasterNet, "fit", refuse)
    X, y = _windows()
    with pytest.raises(ValueError, match="no validation loss.*early_stopping=True"):
        LSTMForecaster(**FAST, callbacks=[callback]).fit(X, y)


def test_skorchs_early_stopping_runs_with_early_stopping_on():
    X, y = _windows()
    model = LSTMForecaster(
        **FAST, early_stopping=True, callbacks=[EarlyStopping(patience=3)]
    ).fit(X, y)
    assert "valid_loss" in model.history_[-1]


def test_verbose_early_stopping_logs_every_epoch_and_the_weights_kept(capsys):
    X, y = _windows()
    model = LSTMForecaster(
        **{**FAST, "max_epochs": 200, "lr": 0.05},
        early_stopping=True,
        n_iter_no_change=3,
        verbose=1,
    ).fit(X, y)
    assert model.n_iter_ < 200  # it stopped early
    out = capsys.readouterr().out
    logged = [
        int(line.split()[0])
        for line in out.splitlines()
        if line.split() and line.split()[0].isdigit()
    ]
    assert logged == list(range(1, model.n_iter_ + 1))  # the last epoch too
    assert "has not improved by tol=0.0001 for 3 epochs" in out
    losses = model.history_[:, "valid_loss"]
    best = int(np.argmin(losses)) + 1
    if best != model.n_iter_:
        assert f"Keeping the weights of epoch {best}" in out
