"""What a new user tripped over: the target forecast() keeps, a leak, row numbers."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.pipeline import make_pipeline

from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    SlidingWindow,
    forecast,
    make_supervised,
    predict_with_history,
)
from sklstm.datasets import load_airline


def _pipeline(window_length=12):
    return make_pipeline(
        MinMaxScaler(),
        SlidingWindow(window_length),
        LSTMForecaster(hidden_size=8, max_epochs=3, random_state=0),
    )


@pytest.fixture(scope="module")
def promotions():
    series = load_airline()
    flags = (np.arange(len(series)) % 3 == 0).astype(float)
    return pd.DataFrame(
        {"passengers": series.to_numpy(float), "promo": flags}, index=series.index
    )


def _planned(data, horizon):
    months = pd.period_range(data.index[-1] + 1, periods=horizon, freq="M")
    return pd.DataFrame({"promo": np.ones(horizon)}, index=months)


def test_forecast_remembers_the_target_of_make_supervised(promotions):
    X, y = make_supervised(
        promotions, horizon=2, target="passengers", future_covariates=["promo"]
    )
    model = _pipeline().fit(X, y)
    planned = _planned(promotions, 2)
    named = forecast(model, promotions, target="passengers", future_covariates=planned)
    remembered = forecast(model, promotions, future_covariates=planned)
    pd.testing.assert_series_equal(remembered, named)
    assert remembered.name == "passengers"
    # The columns of the data in another order: the target is still found.
    reordered = promotions[["promo", "passengers"]]
    pd.testing.assert_series_equal(
        forecast(model, reordered, future_covariates=planned), named
    )


def test_forecast_asks_for_the_target_when_the_data_lacks_the_fitted_one(
    promotions,
):
    X, y = make_supervised(promotions, target="passengers")
    model = _pipeline().fit(X, y)
    renamed = promotions.rename(columns={"passengers": "visitors"})
    with pytest.raises(ValueError, match="name the one to forecast with target="):
        forecast(model, renamed)


@pytest.mark.parametrize("as_arrays", [False, True])
def test_fitting_on_the_series_itself_is_refused_with_the_fix(as_arrays):
    series = load_airline()
    X, y = series.to_frame(), series
    if as_arrays:
        X, y = X.to_numpy(), y.to_numpy()
    model = _pipeline()
    with pytest.raises(ValueError, match=r"same time step.*make_supervised\(series\)"):
        model.fit(X, y)
    assert not hasattr(model[-1], "net_")  # refused before training


def test_a_lagged_target_is_not_taken_for_a_leak():
    series = load_airline()
    X, y = make_supervised(series)
    model = _pipeline().fit(X, y)
    assert model.predict(X).shape == (len(X),)


def test_forecast_names_the_row_of_a_missing_value_in_the_users_data():
    series = load_airline()
    model = _pipeline().fit(*make_supervised(series))
    holed = series.copy()
    holed.iloc[-3] = np.nan
    with pytest.raises(ValueError, match=r"1960-10.*\(row 141\)"):
        forecast(model, holed)
    # A missing value before the rows the window reads is not read.
    early = series.copy()
    early.iloc[5] = np.nan
    pd.testing.assert_series_equal(forecast(model, early), forecast(model, series))


def test_predict_with_history_names_rows_of_the_part_they_are_in():
    series = load_airline()
    X, y = make_supervised(series)
    model = _pipeline().fit(X[:-24], y[:-24])
    history, rows = X[:-24].copy(), X[-24:].copy()
    rows.iloc[4, 0] = np.nan
    with pytest.raises(ValueError, match=r"X.*\(row 4\)"):
        predict_with_history(model, rows, history)
    history.iloc[-2, 0] = np.inf
    with pytest.raises(ValueError, match=r"history.*infinite.*\(row 117\)"):
        predict_with_history(model, X[-24:], history)
    with pytest.raises(ValueError, match=r"history.* at row 117, column 0"):
        predict_with_history(model, X[-24:].to_numpy(), history.to_numpy())


def test_the_install_page_names_every_package_of_every_extra():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11 and newer
    root = Path(__file__).resolve().parents[1]
    extras = tomllib.loads((root / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    page = (root / "docs" / "install.rst").read_text()
    rows = dict(
        re.findall(
            r'\* - ``python -m pip install -e "\.\[(\w+)\]"``\n'
            r"     - (.*?)(?=\n   \* -|\n\n)",
            page,
            flags=re.DOTALL,
        )
    )
    assert set(rows) == set(extras)
    for extra, requirements in extras.items():
        text = rows[extra].lower()
        for requirement in requirements:
            name = re.match(r"[\w-]+", requirement).group(0).lower()
            covered = name in text or (
                "``[examples]``" in text and requirement in extras["examples"]
            )
            assert covered, f"{name} of [{extra}] is not on docs/install.rst"
