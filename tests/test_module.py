import numpy as np
import pytest
import torch
from numpy.testing import assert_allclose

from sklstm._module import LSTMModule


def _module(window_norm, num_layers=1, n_features=2, n_outputs=3):
    torch.manual_seed(0)
    return LSTMModule(
        n_features,
        n_outputs,
        hidden_size=8,
        num_layers=num_layers,
        window_norm=window_norm,
    ).eval()


@pytest.mark.parametrize("window_norm", [True, False])
@pytest.mark.parametrize("num_layers", [1, 2])
def test_leading_padding_is_read_as_a_shorter_history(window_norm, num_layers):
    module = _module(window_norm, num_layers)
    X = torch.randn(4, 6, 2)
    padded = X.clone()
    padded[:, :2] = float("nan")  # the first two steps are padding
    with torch.no_grad():
        assert_allclose(module(padded), module(X[:, 2:]), rtol=1e-5, atol=1e-6)
        # Windows with different amounts of padding in one batch.
        mixed = X.clone()
        mixed[1, :4] = float("nan")
        out = module(mixed)
        assert_allclose(out[1], module(X[1:2, 4:])[0], rtol=1e-5, atol=1e-6)
        assert_allclose(out[0], module(X[:1])[0], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("window_norm", [True, False])
def test_a_window_forecast_does_not_depend_on_the_batch(window_norm):
    module = _module(window_norm)
    X = torch.randn(50, 7, 2)
    with torch.no_grad():
        whole = module(X)
        one_by_one = torch.cat([module(X[i : i + 1]) for i in range(50)])
    assert torch.equal(whole, one_by_one)


def test_window_normalisation_is_reversed_in_the_target_units():
    # RevIN: shifting and scaling the input windows shifts and scales the
    # forecast (before the map to y's units, here the identity) the same way.
    module = _module(window_norm=True, n_features=1, n_outputs=2)
    module.eps = 1e-12
    X = torch.randn(5, 9, 1, dtype=torch.float64)
    module = module.double()
    with torch.no_grad():
        assert_allclose(module(3.0 * X + 7.0), 3.0 * module(X) + 7.0, rtol=1e-9)


def test_output_map_starts_from_the_given_values():
    module = LSTMModule(1, 2, output_scale=[2.0, 3.0], output_bias=0.5)
    assert_allclose(module.output_scale.detach(), [2.0, 3.0])
    assert_allclose(module.output_bias.detach(), [0.5, 0.5])
    assert module(torch.zeros(4, 3, 1)).shape == (4, 2)


def test_flat_window_gives_a_finite_forecast():
    module = _module(window_norm=True, n_features=1)
    with torch.no_grad():
        out = module(torch.full((2, 5, 1), 4.0))
    assert np.isfinite(out.numpy()).all()


def test_a_full_window_forecast_does_not_depend_on_padded_neighbours():
    module = _module(window_norm=True)
    X = torch.randn(6, 5, 2)
    padded = X.clone()
    padded[3:, :2] = float("nan")
    with torch.no_grad():
        assert torch.equal(module(padded)[:3], module(X[:3]))
