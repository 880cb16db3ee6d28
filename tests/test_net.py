"""The skorch layer: the lean net against skorch's own, seeds, dtypes, pickles."""

import pickle
import threading

import joblib
import numpy as np
import pytest
import torch
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from skorch import NeuralNetRegressor
from skorch.callbacks import LRScheduler

from sklstm import LSTMForecaster
from sklstm._module import LSTMModule
from sklstm._net import ForecasterNet

FAST = dict(hidden_size=8, max_epochs=5, batch_size=16, lr=0.01, random_state=0)


def _windows(n_samples=64, window_length=6, seed=0):
    rng = np.random.RandomState(seed)
    series = np.sin(np.arange(n_samples + window_length) / 3)
    series = series + 0.1 * rng.randn(len(series))
    X = np.stack([series[t : t + window_length] for t in range(n_samples)])
    return X[:, :, np.newaxis], series[window_length:]


class _InOrder(ForecasterNet):
    """ForecasterNet with batches in the order given, as skorch's are unshuffled."""

    def get_iterator(self, dataset, training=False):
        iterator = super().get_iterator(dataset, training)
        iterator.shuffle = False
        return iterator


def test_lean_training_step_equals_skorchs_own():
    X, y = _windows()
    X, y = X.astype(np.float32), y.astype(np.float32).reshape(-1, 1)
    common = dict(
        module__n_features=1,
        module__n_outputs=1,
        module__hidden_size=8,
        module__seed=3,
        optimizer=torch.optim.Adam,
        lr=0.01,
        max_epochs=4,
        batch_size=16,
        train_split=None,
        verbose=0,
    )
    grads = {"lean": [], "stock": []}

    def recorder(kind):
        from skorch.callbacks import Callback

        class Record(Callback):
            def on_grad_computed(self, net, named_parameters, training=False, **kw):
                grads[kind].append(training)

        return Record()

    lean = _InOrder(LSTMModule, callbacks=[recorder("lean")], **common).fit(X, y)
    stock = NeuralNetRegressor(
        LSTMModule,
        iterator_train__shuffle=False,
        callbacks=[recorder("stock")],
        **common,
    ).fit(X, y)
    assert_allclose(
        lean.history[:, "train_loss"], stock.history[:, "train_loss"], rtol=1e-6
    )
    # The same callback contract: on_grad_computed with training=True.
    assert grads["lean"] == grads["stock"] == [True] * 16


@pytest.mark.parametrize("dropout, num_layers", [(0.0, 1), (0.3, 2)])
def test_seeded_fits_in_threads_equal_sequential_ones(dropout, num_layers):
    X, y = _windows()
    params = dict(FAST, dropout=dropout, num_layers=num_layers)
    sequential = LSTMForecaster(**params).fit(X, y).predict(X)
    results = [None, None]

    def fit(slot):
        results[slot] = LSTMForecaster(**params).fit(X, y).predict(X)

    threads = [threading.Thread(target=fit, args=(slot,)) for slot in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert_array_equal(results[0], sequential)
    assert_array_equal(results[1], sequential)


def test_grid_search_under_the_threading_backend_equals_one_job():
    X, y = _windows(n_samples=80)
    grid = {"hidden_size": [4, 8], "lr": [0.01, 0.02]}

    def scores(n_jobs):
        search = GridSearchCV(
            LSTMForecaster(**FAST), grid, cv=TimeSeriesSplit(3), n_jobs=n_jobs
        )
        with joblib.parallel_backend("threading"):
            return search.fit(X, y).cv_results_["mean_test_score"]

    assert_array_equal(scores(2), scores(1))


def test_seeded_fit_leaves_the_global_torch_generator_alone():
    X, y = _windows()
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    LSTMForecaster(**FAST, dropout=0.2).fit(X, y).predict(X)
    assert_array_equal(torch.rand(3), expected)


def test_fit_under_a_float64_default_dtype():
    X, y = _windows()
    expected = LSTMForecaster(**FAST).fit(X, y).predict(X)
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        model = LSTMForecaster(**FAST).fit(X, y)
        predicted = model.predict(X)
    finally:
        torch.set_default_dtype(previous)
    assert {p.dtype for p in model.net_.module_.parameters()} == {torch.float32}
    assert_array_equal(predicted, expected)


def test_a_gpu_pickle_with_an_lr_scheduler_loads_on_a_cpu(monkeypatch):
    # Simulated: every tensor is tagged as living on "cuda:0" when pickled,
    # as on a GPU machine, and the net says it was trained on "cuda". The
    # scheduler's optimizer state must be mapped to the CPU like the module.
    X, y = _windows()
    scheduler = LRScheduler(policy="StepLR", step_size=2)
    model = LSTMForecaster(**FAST, callbacks=[scheduler]).fit(X, y)
    expected = model.predict(X)
    model.net_.device = "cuda"
    monkeypatch.setattr(torch.serialization, "location_tag", lambda storage: "cuda:0")
    data = pickle.dumps(model)
    monkeypatch.undo()
    if torch.cuda.is_available():
        pytest.skip("the simulation needs a machine without CUDA")
    with pytest.warns(Warning, match="(?i)cuda"):  # torch's and skorch's
        loaded = pickle.loads(data)
    assert str(loaded.net_.device) == "cpu"
    assert_array_equal(loaded.predict(X), expected)
    scheduler = dict(loaded.net_.callbacks_)["LRScheduler"].lr_scheduler_
    assert scheduler.optimizer is loaded.net_.optimizer_
