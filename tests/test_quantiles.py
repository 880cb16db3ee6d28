"""Quantile forecasts and intervals: learned with the pinball loss, never
crossing, asked through predict's keywords wherever a model is used."""

import numpy as np
import pandas as pd
import pytest
import torch
from _builders import FAST, lstm_pipeline, make_panel, sine_windows
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

from sklstm import (
    LSTMForecaster,
    RecursiveForecaster,
    forecast,
    make_supervised,
    predict_with_history,
)
from sklstm._module import LSTMModule
from sklstm._net import PinballLoss
from sklstm.datasets import load_airline

LEVELS = [0.1, 0.25, 0.75, 0.9]


@pytest.fixture(scope="module")
def series():
    return load_airline()


@pytest.fixture(scope="module")
def noisy():
    """y = the window's last value + N(0, 1) noise: known quantiles."""
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, size=(3000, 4, 1))
    y = X[:, -1, 0] + rng.randn(3000)
    return X, y


@pytest.fixture(scope="module")
def fitted(noisy):
    X, y = noisy
    # Without window normalisation: the noise is of one size in y's units,
    # not in units of each window's spread.
    model = LSTMForecaster(
        **{**FAST, "max_epochs": 15, "batch_size": 64},
        quantiles=LEVELS,
        normalization=None,
    )
    return model.fit(X[:2000], y[:2000])


def test_the_pinball_loss_learns_the_quantiles_of_the_noise(fitted, noisy):
    X, y = noisy
    assert fitted.quantiles_.tolist() == [0.1, 0.25, 0.5, 0.75, 0.9]
    bounds = fitted.predict(X[2000:], quantiles=LEVELS)
    below = (y[2000:, np.newaxis] <= bounds).mean(axis=0)
    # The share of values below each learned quantile is its level.
    np.testing.assert_allclose(below, LEVELS, atol=0.05)
    interval = fitted.predict(X[2000:], coverage=0.8)
    np.testing.assert_array_equal(interval, bounds[:, [0, 3]])
    inside = (interval[:, 0] <= y[2000:]) & (y[2000:] <= interval[:, 1])
    assert abs(inside.mean() - 0.8) < 0.05
    # The 0.1 and 0.9 quantiles of N(0, 1) are -+1.28 around the last value.
    width = interval[:, 1] - interval[:, 0]
    np.testing.assert_allclose(np.median(width), 2.56, rtol=0.15)


def test_predict_is_the_median_and_a_single_level_drops_the_last_axis(fitted, noisy):
    X = noisy[0][:5]
    median = fitted.predict(X)
    assert median.shape == (5,)
    np.testing.assert_array_equal(median, fitted.predict(X, quantiles=0.5))
    np.testing.assert_array_equal(
        fitted.predict(X, quantiles=[0.9, 0.1]),
        fitted.predict(X, quantiles=[0.1, 0.9])[:, ::-1],
    )


def test_shapes_with_a_multi_step_target():
    X, y = sine_windows(horizon=3)
    model = LSTMForecaster(**FAST, quantiles=[0.1, 0.9]).fit(X, y)
    assert model.predict(X).shape == (60, 3)
    assert model.predict(X, quantiles=[0.1, 0.5, 0.9]).shape == (60, 3, 3)
    assert model.predict(X, quantiles=0.9).shape == (60, 3)
    assert model.predict(X, coverage=0.8).shape == (60, 3, 2)


def test_quantiles_cannot_cross_whatever_the_weights():
    module = LSTMModule(2, 3, hidden_size=8, n_quantiles=5, seed=0)
    with torch.no_grad():
        for parameter in module.parameters():
            parameter.normal_(0, 10)  # a head that would cross them
    # and scales that would reverse them
    out = module(torch.randn(200, 6, 2), scales=torch.randn(200, 3))
    assert out.shape == (200, 3, 5)
    assert (out.diff(dim=-1) >= 0).all()


def test_the_pinball_loss_is_the_quantile_check_function():
    loss = PinballLoss([0.1, 0.9])
    y_pred = torch.zeros(1, 1, 2)
    # y above the forecasts by 1: 0.1 * 1 and 0.9 * 1, averaged.
    assert loss(y_pred, torch.ones(1, 1)).item() == pytest.approx(0.5)
    # y below by 2: (1 - 0.1) * 2 and (1 - 0.9) * 2, averaged.
    assert loss(y_pred, -2 * torch.ones(1, 1)).item() == pytest.approx(1.0)


def test_a_pipeline_and_a_search_pass_the_keywords_on(series):
    X, y = make_supervised(series)
    pipeline = lstm_pipeline(12, quantiles=[0.1, 0.9]).fit(X[:-24], y[:-24])
    interval = pipeline.predict(X[-24:], coverage=0.8)
    assert interval.shape == (24, 2)
    assert (interval[:, 0] <= interval[:, 1]).all()
    search = GridSearchCV(
        lstm_pipeline(12, quantiles=[0.1, 0.9]),
        {"lstmforecaster__hidden_size": [4, 8]},
        cv=TimeSeriesSplit(2),
    ).fit(X[:-24], y[:-24])
    best = search.best_estimator_.predict(X[-24:], quantiles=[0.1, 0.5, 0.9])
    assert best.shape == (24, 3)
    np.testing.assert_array_equal(best[:, 1], search.predict(X[-24:]))


def test_predict_with_history_gives_the_intervals_of_rows_in_one_block(series):
    X, y = make_supervised(series)
    model = lstm_pipeline(12, quantiles=[0.1, 0.9]).fit(X[:-36], y[:-36])
    in_one_block = model.predict(X[-36:], coverage=0.8)[-12:]
    with_history = predict_with_history(model, X[-12:], X[:-12], coverage=0.8)
    np.testing.assert_allclose(with_history, in_one_block, rtol=1e-6)
    levels = predict_with_history(model, X[-12:], X[:-12], quantiles=[0.1, 0.9])
    np.testing.assert_array_equal(levels, with_history)


def test_forecast_gives_a_frame_of_bounds_or_levels_for_each_future_date(series):
    X, y = make_supervised(series, horizon=6)
    model = lstm_pipeline(12, quantiles=[0.05, 0.95]).fit(X, y)
    bounds = forecast(model, series, coverage=0.9)
    assert list(bounds.columns) == ["lower", "upper"]
    assert bounds.index[0] == pd.Period("1961-01", "M") and len(bounds) == 6
    levels = forecast(model, series, quantiles=[0.05, 0.5, 0.95])
    assert list(levels.columns) == [0.05, 0.5, 0.95]
    np.testing.assert_array_equal(levels[0.5], forecast(model, series))
    np.testing.assert_array_equal(levels[[0.05, 0.95]], bounds)
    # Computed levels are labelled by the learned ones, which can be looked up.
    computed = forecast(model, series, quantiles=[(1 - 0.9) / 2, (1 + 0.9) / 2])
    assert (1 - 0.9) / 2 != 0.05 and list(computed.columns) == [0.05, 0.95]
    np.testing.assert_array_equal(computed[0.05], bounds["lower"])


def test_forecast_gives_intervals_for_every_series_of_a_panel():
    panel = make_panel(code_values=False)
    model = lstm_pipeline(6, quantiles=[0.1, 0.9]).fit(
        *make_supervised(panel, horizon=3)
    )
    bounds = forecast(model, panel, coverage=0.8)
    assert bounds.index.get_level_values("id").unique().tolist() == ["a", "b", "c"]
    assert bounds.shape == (9, 2) and (bounds["lower"] <= bounds["upper"]).all()


def test_recursive_intervals_widen_with_the_steps_and_are_reproducible(series):
    X, y = make_supervised(series)
    one_step = lstm_pipeline(12, quantiles=[0.05, 0.95], max_epochs=30)
    model = RecursiveForecaster(one_step, horizon=12, random_state=0, n_paths=100)
    model.fit(X[:-24], y[:-24])
    interval = model.predict(X[-24:], coverage=0.9)
    assert interval.shape == (24, 12, 2)
    # One step ahead: the learned quantiles themselves.
    np.testing.assert_array_equal(
        interval[:, 0], model.estimator_.predict(X[-24:], coverage=0.9)[-24:]
    )
    width = (interval[..., 1] - interval[..., 0]).mean(axis=0)
    assert width[-1] > 1.2 * width[0]  # the paths carry the earlier steps' errors
    np.testing.assert_array_equal(interval, model.predict(X[-24:], coverage=0.9))
    future = forecast(model, series, quantiles=[0.05, 0.95])
    assert future.shape == (12, 2) and future.index[0] == pd.Period("1961-01", "M")


@pytest.mark.parametrize(
    "quantiles, match",
    [
        ([0.9, 0.1], "sorted and without duplicates"),
        ([0.1, 0.1], "sorted and without duplicates"),
        ([0.0, 0.5], "quantiles == 0.0, must be > 0"),
        ([0.5, 1.0], "quantiles == 1.0, must be < 1"),
        ([], "at least one level"),
        ("0.5", "1-D list of levels"),
    ],
)
def test_bad_quantiles_are_refused_before_training(quantiles, match):
    X, y = sine_windows()
    model = LSTMForecaster(**FAST, quantiles=quantiles)
    with pytest.raises(ValueError, match=match):
        model.fit(X, y)
    assert not hasattr(model, "net_")


@pytest.mark.parametrize(
    "asked, match",
    [
        (dict(coverage=0.0), "coverage == 0.0, must be > 0"),
        (dict(coverage=1.0), "coverage == 1.0, must be < 1"),
        (dict(coverage=0.6), r"Quantile 0.2 \(coverage=0.6 needs\) was not learned"),
        (dict(quantiles=[0.3]), r"Quantile 0.3 \(asked\) was not learned"),
        (dict(quantiles=[0.1], coverage=0.8), "not both"),
        (dict(quantiles=[0.1, 0.1]), "the level 0.1 twice"),
        (dict(quantiles=[0.9, 0.1 + 1e-9, 0.1]), "the level 0.1 twice"),
    ],
)
def test_bad_requests_are_refused(fitted, noisy, asked, match):
    with pytest.raises(ValueError, match=match):
        fitted.predict(noisy[0][:3], **asked)


def test_a_boolean_coverage_is_refused(fitted, noisy):
    with pytest.raises(TypeError, match="coverage must be a probability"):
        fitted.predict(noisy[0][:3], coverage=True)


def test_intervals_from_a_model_without_quantiles_are_refused(series):
    X, y = sine_windows()
    model = LSTMForecaster(**FAST).fit(X, y)
    with pytest.raises(ValueError, match="trained without quantiles"):
        model.predict(X, coverage=0.8)
    X, y = make_supervised(series)
    recursive = RecursiveForecaster(lstm_pipeline(12), horizon=3).fit(X, y)
    with pytest.raises(ValueError, match="trained without quantiles"):
        forecast(recursive, series, coverage=0.8)


def test_warm_start_cannot_change_the_quantiles():
    X, y = sine_windows()
    model = LSTMForecaster(**FAST, quantiles=[0.1, 0.9], warm_start=True).fit(X, y)
    model.set_params(quantiles=[0.05, 0.95])
    with pytest.raises(ValueError, match="quantiles cannot change"):
        model.fit(X, y)


def test_the_absolute_error_learns_the_median_not_the_mean():
    # y is 0 for most windows and 10 for a few: the median 0, the mean 1.
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, size=(600, 3, 1))
    y = np.where(rng.uniform(size=600) < 0.1, 10.0, 0.0)
    params = {**FAST, "max_epochs": 30, "batch_size": 64}
    mean = LSTMForecaster(**params).fit(X, y).predict(X)
    median = LSTMForecaster(**params, loss="absolute_error").fit(X, y).predict(X)
    assert abs(np.mean(mean) - 1.0) < 0.3
    assert abs(np.median(median)) < 0.3


@pytest.mark.parametrize("scaling", ["series", "window"])
def test_scale_free_losses_learn_a_small_series_as_well_as_a_large_one(scaling):
    # Two sines of the same shape, one 1000 times the other: in units of
    # each series' (or window's) spread, the small one's error is as small,
    # relative to its size, as the large one's.
    t = np.arange(300)
    small, large = np.sin(t / 3) + 2, 1000 * (np.sin(t / 3 + 1) + 2)
    X = np.stack([s[i : i + 8] for s in (small, large) for i in range(250)])
    y = np.concatenate([s[8:258] for s in (small, large)])
    model = LSTMForecaster(**{**FAST, "max_epochs": 20}, loss_scaling=scaling)
    model.fit(X[..., np.newaxis], y)
    relative = []
    for s in (small, large):
        windows = np.stack([s[i : i + 8] for i in range(250, 292)])
        error = np.abs(model.predict(windows) - s[258:300]).mean()
        relative.append(error / s.std())
    assert relative[0] < 1.5 * relative[1]
    assert relative[0] < 0.05  # a sine learned, not its mean (error ~0.9)


def test_window_normalisation_keeps_the_shape_of_a_tiny_window():
    # A small series in a panel's units (1e-12 of the largest): scaled in
    # float64 by its own statistics, its windows keep their shape.
    from sklstm._scaling import EPS, normalize

    rng = np.random.RandomState(0)
    X = 1e-12 * (5 + rng.randn(4, 12, 1))
    normalised, scales = normalize(X, (1.0, 0.0), 0)
    mean, variance = X.mean(axis=1, keepdims=True), X.var(axis=1, keepdims=True)
    expected = (X - mean) / np.sqrt(variance + EPS * mean**2)
    np.testing.assert_allclose(normalised, expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(scales.location, X.mean(axis=(1, 2)))


def test_levels_given_as_float32_match_the_learned_ones(fitted, noisy):
    X = noisy[0][:3]
    np.testing.assert_array_equal(
        fitted.predict(X, coverage=np.float32(0.8)), fitted.predict(X, coverage=0.8)
    )
