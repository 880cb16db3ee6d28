"""Saving and loading fitted models; checkpoints during long fits."""

import pickle
import subprocess
import sys
import textwrap

import joblib
import pytest
from _builders import FAST, lstm_pipeline
from numpy.testing import assert_array_equal
from skorch.callbacks import Checkpoint, LoadInitState
from skorch.exceptions import DeviceWarning

from sklstm import LSTMForecaster, MinMaxScaler, SlidingWindow


@pytest.fixture(scope="module")
def fitted(airline):
    X, y = airline
    model = lstm_pipeline(12)
    return model.fit(X.iloc[:100], y.iloc[:100]), X.iloc[100:]


def test_pickle_and_joblib_round_trips_keep_the_predictions(fitted, tmp_path):
    model, X = fitted
    expected = model.predict(X)
    assert_array_equal(pickle.loads(pickle.dumps(model)).predict(X), expected)
    joblib.dump(model, tmp_path / "model.joblib")
    assert_array_equal(joblib.load(tmp_path / "model.joblib").predict(X), expected)


def test_a_saved_model_predicts_the_same_in_a_new_process(fitted, tmp_path):
    model, X = fitted
    joblib.dump(model, tmp_path / "model.joblib")
    X.to_pickle(tmp_path / "X.pkl")
    script = textwrap.dedent(
        f"""
        import pickle, sys
        import joblib, pandas as pd
        model = joblib.load({str(tmp_path / "model.joblib")!r})
        X = pd.read_pickle({str(tmp_path / "X.pkl")!r})
        sys.stdout.buffer.write(pickle.dumps(model.predict(X)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, check=True
    )
    assert_array_equal(pickle.loads(result.stdout), model.predict(X))


def test_a_model_saved_for_cuda_loads_on_a_machine_without_one(fitted):
    # The device a model was trained on is pickled with it; skorch maps the
    # weights to the CPU when there is no GPU. Simulated here by marking a
    # CPU-trained net as a CUDA one before pickling.
    model, X = fitted
    expected = model.predict(X)
    model[-1].net_.device = "cuda"
    try:
        data = pickle.dumps(model)
    finally:
        model[-1].net_.device = "cpu"
    with pytest.warns(DeviceWarning, match="(no CUDA devices|not available)"):
        loaded = pickle.loads(data)
    assert str(loaded[-1].net_.device) == "cpu"
    assert_array_equal(loaded.predict(X), expected)


def test_checkpoint_during_fit_and_resume_from_it(airline, tmp_path):
    X, y = airline
    windows = SlidingWindow(12).fit_transform(MinMaxScaler().fit_transform(X))
    checkpoint = Checkpoint(monitor="train_loss_best", dirname=str(tmp_path))
    first = LSTMForecaster(**FAST, callbacks=[checkpoint]).fit(windows, y)
    assert (tmp_path / "params.pt").exists()
    # A new fit that loads the checkpoint goes on from it: its history holds
    # the first fit's epochs, and its first new epoch starts where they ended.
    resumed = LSTMForecaster(
        **FAST, callbacks=[checkpoint, LoadInitState(checkpoint)]
    ).fit(windows, y)
    losses = resumed.history_[:, "train_loss"]
    assert len(losses) == 2 * FAST["max_epochs"]
    assert losses[: FAST["max_epochs"]] == first.history_[:, "train_loss"]
    fresh = LSTMForecaster(**FAST).fit(windows, y).history_[0, "train_loss"]
    assert losses[FAST["max_epochs"]] < fresh / 2


def test_skops_round_trip_with_the_types_reviewed(fitted, tmp_path):
    # skops refuses to load types it was not told to trust: the user reviews
    # the list (sklstm, skorch and torch classes) before loading. (A pipeline
    # whose SlidingWindow keeps a pandas index cannot be written by skops.)
    sio = pytest.importorskip("skops.io")
    model, X = fitted
    forecaster = model[-1]
    windows = model[:-1].transform(X)
    sio.dump(forecaster, tmp_path / "model.skops")
    untrusted = sio.get_untrusted_types(file=tmp_path / "model.skops")
    assert "sklstm._forecaster.LSTMForecaster" in untrusted
    with pytest.raises(Exception, match="[Uu]ntrusted"):
        sio.load(tmp_path / "model.skops")
    loaded = sio.load(tmp_path / "model.skops", trusted=untrusted)
    assert_array_equal(loaded.predict(windows), forecaster.predict(windows))
