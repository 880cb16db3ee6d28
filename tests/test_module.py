import numpy as np
import pytest
import torch
from numpy.testing import assert_allclose

from sklstm._module import LSTMModule


def _module(num_layers=1, n_features=2, n_outputs=3, **params):
    return LSTMModule(
        n_features, n_outputs, hidden_size=8, num_layers=num_layers, seed=0, **params
    ).eval()


def _scales(n):
    return torch.rand(n, 3, generator=torch.Generator().manual_seed(1)) + 0.5


@pytest.mark.parametrize("with_scales", [True, False])
@pytest.mark.parametrize("num_layers", [1, 2])
def test_leading_padding_is_read_as_a_shorter_history(with_scales, num_layers):
    module = _module(num_layers)
    X = torch.randn(4, 6, 2)
    scales = _scales(4) if with_scales else None
    padded = X.clone()
    padded[:, :2] = float("nan")  # the first two steps are padding
    with torch.no_grad():
        assert_allclose(
            module(padded, scales), module(X[:, 2:], scales), rtol=1e-5, atol=1e-6
        )
        # Windows with different amounts of padding in one batch.
        mixed = X.clone()
        mixed[1, :4] = float("nan")
        out = module(mixed, scales)
        one = None if scales is None else scales[1:2]
        assert_allclose(out[1], module(X[1:2, 4:], one)[0], rtol=1e-5, atol=1e-6)
        first = None if scales is None else scales[:1]
        assert_allclose(out[0], module(X[:1], first)[0], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("additive_covariates", [True, False])
def test_a_window_forecast_does_not_depend_on_the_batch(additive_covariates):
    module = _module(additive_covariates=additive_covariates)
    X, scales = torch.randn(50, 7, 2), _scales(50)
    with torch.no_grad():
        whole = module(X, scales)
        one_by_one = torch.cat(
            [module(X[i : i + 1], scales[i : i + 1]) for i in range(50)]
        )
    assert torch.equal(whole, one_by_one)


def test_the_scales_weigh_the_heads_and_the_location():
    # out = spread * head + level * additive head + location * location_weight
    module = _module(n_features=2, n_outputs=2, additive_covariates=True)
    with torch.no_grad():
        module.additive_head.bias.fill_(2.0)
        module.location_weight.copy_(torch.tensor([0.5, -1.0]))
        X = torch.randn(5, 4, 2)
        head = module(X, torch.tensor([[1.0, 0.0, 0.0]] * 5))
        out = module(X, torch.tensor([[3.0, 4.0, 10.0]] * 5))
        assert_allclose(module(X), head, rtol=1e-6)
    assert_allclose(out, 3 * head + 4 * 2.0 + 10 * torch.tensor([0.5, -1.0]), rtol=1e-5)


def test_the_location_weight_starts_from_the_given_values():
    module = LSTMModule(1, 2, location_weight=[2.0, 3.0])
    assert_allclose(module.location_weight.detach(), [2.0, 3.0])
    assert module(torch.zeros(4, 3, 1), torch.ones(4, 3)).shape == (4, 2)


def test_a_window_of_zeros_gives_a_finite_forecast():
    module = _module(n_features=1)
    with torch.no_grad():
        out = module(torch.zeros(2, 5, 1), torch.zeros(2, 3))
    assert np.isfinite(out.numpy()).all()
    assert (out == 0).all()  # no scale, no forecast away from the location


def test_a_full_window_forecast_does_not_depend_on_padded_neighbours():
    module = _module()
    X, scales = torch.randn(6, 5, 2), _scales(6)
    padded = X.clone()
    padded[3:, :2] = float("nan")
    with torch.no_grad():
        assert torch.equal(module(padded, scales)[:3], module(X[:3], scales[:3]))
