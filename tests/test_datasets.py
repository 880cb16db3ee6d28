from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from sklstm import SlidingWindow, forecast, make_supervised
from sklstm.datasets import load_airline, load_tourism_monthly


def test_load_airline_is_the_monthly_series_1949_to_1960():
    y = load_airline()
    assert isinstance(y, pd.Series)
    assert y.name == "Passengers"
    assert y.shape == (144,)
    assert isinstance(y.index, pd.PeriodIndex)
    assert y.index.freqstr == "M"
    assert str(y.index[0]) == "1949-01" and str(y.index[-1]) == "1960-12"
    assert y.index.is_monotonic_increasing and y.index.is_unique
    # Box & Jenkins Series G: first and last totals, and the yearly sums of
    # 1949 and 1960.
    assert y.iloc[0] == 112 and y.iloc[-1] == 432
    assert y.loc["1949"].sum() == 1520 and y.loc["1960"].sum() == 5714
    assert y.notna().all()


def test_load_airline_returns_a_fresh_copy():
    y = load_airline()
    y.iloc[0] = -1.0
    assert load_airline().iloc[0] == 112


def test_load_tourism_monthly_is_the_competition_panel():
    y = load_tourism_monthly()
    assert isinstance(y, pd.Series)
    assert y.name == "value" and y.dtype == "float64"
    assert y.index.names == ["series", "step"]
    assert y.index.get_level_values("step").dtype == "int64"
    assert y.shape == (109280,) and y.notna().all()
    assert (y >= 0).all() and (y == 0).any()
    lengths = y.groupby(level="series", sort=False).size()
    assert len(lengths) == 366
    assert list(lengths.index[[0, 1, -1]]) == ["M1", "M2", "M366"]
    assert lengths.min() == 91 and lengths.max() == 333
    # Steps count from each series' first test month.
    for _, series in y.groupby(level="series", sort=False):
        assert_array_equal(
            series.index.get_level_values("step"),
            np.arange(len(series)) - len(series) + 24,
        )
    assert y.loc[("M1", -163)] == 1149.87


def test_load_tourism_monthly_matches_the_shared_csv():
    path = Path(__file__).parents[1] / ".." / "shared" / "data" / "tourism_monthly.csv"
    if not path.exists():
        pytest.skip(f"{path} is not here to compare with")
    original = pd.read_csv(path)
    y = load_tourism_monthly()
    assert_array_equal(y.index.get_level_values("series"), original["series"])
    assert_array_equal(y.to_numpy(), original["value"].to_numpy())
    for split in ("train", "test"):
        part = original[original["split"] == split]
        assert_array_equal(load_tourism_monthly(split=split).to_numpy(), part["value"])


def test_load_tourism_monthly_splits_off_the_last_24_months():
    y = load_tourism_monthly()
    train = load_tourism_monthly(split="train")
    test = load_tourism_monthly(split="test")
    assert train.shape == (100496,) and test.shape == (8784,)
    assert (test.groupby(level="series", sort=False).size() == 24).all()
    lengths = y.groupby(level="series", sort=False).size()
    assert_array_equal(train.groupby(level="series", sort=False).size(), lengths - 24)
    # Together they are the whole data, the test months after the train months.
    assert pd.concat([train, test]).sort_index().equals(y.sort_index())
    last_train = train.groupby(level="series", sort=False).tail(1)
    first_test = test.groupby(level="series", sort=False).head(1)
    assert_array_equal(
        first_test.index.get_level_values("step"),
        last_train.index.get_level_values("step") + 1,
    )


@pytest.mark.parametrize("split", ["validation", "Train", "", 0, ["train"]])
def test_load_tourism_monthly_rejects_other_splits(split):
    with pytest.raises(ValueError, match=r'None, "train" or "test"; got'):
        load_tourism_monthly(split=split)


def test_load_tourism_monthly_is_a_panel_for_make_supervised_and_forecast():
    train = load_tourism_monthly(split="train")
    X, y = make_supervised(train, horizon=24)
    assert X.shape == (100496 - 366 * 24, 1) and y.shape == (len(X), 24)
    # A cheap direct model: a linear model on the last 12 values.
    model = make_pipeline(
        SlidingWindow(window_length=12, padding="edge"),
        FunctionTransformer(lambda windows: windows.reshape(len(windows), -1)),
        Ridge(),
    ).fit(X, y)
    future = forecast(model, train)
    test = load_tourism_monthly(split="test")
    assert future.index.equals(test.index)
    assert future.notna().all()


def test_load_tourism_monthly_returns_a_fresh_copy():
    y = load_tourism_monthly()
    y.iloc[0] = -1.0
    assert load_tourism_monthly().iloc[0] == 1149.87
