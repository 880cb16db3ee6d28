"""to_onnx: the exported graph forecasts as predict does, in onnxruntime alone."""

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from sklstm import (
    EnsembleForecaster,
    LSTMForecaster,
    MinMaxScaler,
    RecursiveForecaster,
    SlidingWindow,
    make_supervised,
    to_onnx,
)
from sklstm.datasets import load_airline

onnxruntime = pytest.importorskip("onnxruntime")
pytest.importorskip("onnxscript")

WINDOW = 12


def windows_of(X, window_length=WINDOW):
    """The raw rows of each full window of X, (n, window_length, n_columns)."""
    values = np.asarray(X, dtype=np.float64).reshape(len(X), -1)
    return np.stack(
        [
            values[t - window_length + 1 : t + 1]
            for t in range(window_length - 1, len(X))
        ]
    )


def run(graph, rows):
    session = onnxruntime.InferenceSession(graph.SerializeToString())
    return session.run(None, {"rows": rows})


def fitted(X, y, *steps, **params):
    forecaster = LSTMForecaster(hidden_size=8, max_epochs=3, random_state=0, **params)
    return make_pipeline(*steps, SlidingWindow(WINDOW), forecaster).fit(X, y)


@pytest.fixture(scope="module")
def airline():
    return make_supervised(load_airline(), horizon=1)


@pytest.mark.parametrize(
    "steps", [(MinMaxScaler(),), (), (StandardScaler(), MinMaxScaler((-1, 1)))]
)
def test_graph_forecasts_as_predict(airline, steps):
    X, y = airline
    model = fitted(X, y, *steps)
    (forecast,) = run(to_onnx(model), windows_of(X))
    expected = model.predict(X)[WINDOW - 1 :]
    assert forecast.shape == expected.shape == (len(X) - WINDOW + 1,)
    np.testing.assert_allclose(forecast, expected, rtol=1e-5)


def test_quantiles_and_direct_horizon(airline):
    X, y = make_supervised(load_airline(), horizon=3)
    model = fitted(X, y, MinMaxScaler(), quantiles=[0.1, 0.9])
    forecast, quantiles = run(to_onnx(model), windows_of(X))
    rows = slice(WINDOW - 1, None)
    np.testing.assert_allclose(forecast, model.predict(X)[rows], rtol=1e-5)
    np.testing.assert_allclose(
        quantiles, model.predict(X, quantiles=[0.1, 0.5, 0.9])[rows], rtol=1e-5
    )
    assert quantiles.shape == (len(X) - WINDOW + 1, 3, 3)


def test_covariates_and_global_scaling(tmp_path):
    series = load_airline()
    rng = np.random.RandomState(0)
    data = pd.DataFrame(
        {"passengers": series, "promo": rng.binomial(1, 0.3, len(series)) * 1.0},
        index=series.index,
    )
    X, y = make_supervised(data, target="passengers", future_covariates=["promo"])
    for normalization in ("window", None):
        model = fitted(X, y, MinMaxScaler(), normalization=normalization)
        path = tmp_path / f"model-{normalization}.onnx"
        to_onnx(model, path)
        session = onnxruntime.InferenceSession(str(path))
        (forecast,) = session.run(None, {"rows": windows_of(X)})
        np.testing.assert_allclose(forecast, model.predict(X)[WINDOW - 1 :], rtol=1e-5)


def test_one_window_and_a_search(airline):
    from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

    X, y = airline
    search = GridSearchCV(
        make_pipeline(
            MinMaxScaler(),
            SlidingWindow(WINDOW),
            LSTMForecaster(hidden_size=8, max_epochs=2, random_state=0),
        ),
        {"lstmforecaster__hidden_size": [4, 8]},
        cv=TimeSeriesSplit(2),
    ).fit(X, y)
    (forecast,) = run(to_onnx(search), windows_of(X)[-1:])
    np.testing.assert_allclose(forecast, search.predict(X)[-1:], rtol=1e-5)


def test_refused_with_the_reason(airline):
    X, y = airline
    member = fitted(X, y, MinMaxScaler())
    ensemble = EnsembleForecaster([("a", member)]).fit(X, y)
    with pytest.raises(ValueError, match="EnsembleForecaster's mean"):
        to_onnx(ensemble)
    recursive = RecursiveForecaster(member, horizon=2).fit(X, y)
    with pytest.raises(ValueError, match="one-step pipeline"):
        to_onnx(recursive)
    flat = FunctionTransformer(lambda windows: windows.reshape(len(windows), -1))
    edge = SlidingWindow(WINDOW, padding="edge")
    ridge = make_pipeline(edge, flat, Ridge()).fit(X, y)
    with pytest.raises(ValueError, match="ending in an LSTMForecaster"):
        to_onnx(ridge)
    between = make_pipeline(SlidingWindow(WINDOW), flat, LSTMForecaster(max_epochs=1))
    with pytest.raises(ValueError, match="nothing between"):
        to_onnx(between.fit(X, y))
    with pytest.raises(ValueError, match="cannot be exported"):
        to_onnx(fitted(X, y, FunctionTransformer()))
    with pytest.raises(ValueError, match="clips"):
        to_onnx(fitted(X, y, MinMaxScaler(clip=True)))
