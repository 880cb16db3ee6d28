"""forecast() of many series at once equals forecasting each alone."""

import warnings

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
)


def _panel(times, keys):
    rng = np.random.RandomState(0)
    pieces = []
    for number, key in enumerate(keys):
        level = 10.0 * (number + 1)
        values = level + np.sin(np.arange(len(times))) + rng.rand(len(times))
        index = pd.MultiIndex.from_tuples(
            [(*key, t) for t in times], names=["region", "shop", "time"]
        )
        pieces.append(pd.Series(values, index=index, name="sales"))
    return pd.concat(pieces)


KEYS = [("north", 1.0), ("north", 2.0), ("south", np.nan), (np.nan, 3.0)]


@pytest.mark.parametrize(
    "times",
    [
        pd.period_range("2020-01", periods=30, freq="M"),
        pd.date_range("2024-01-01", periods=30, freq="B"),  # applied date by date
        pd.Index(np.arange(0, 60, 2)),
    ],
    ids=["periods", "business days", "integers"],
)
def test_a_panel_is_forecast_as_each_series_alone(times):
    panel = _panel(times, KEYS)
    model = make_pipeline(
        MinMaxScaler(),
        SlidingWindow(6),
        LSTMForecaster(hidden_size=8, max_epochs=3, random_state=0),
    ).fit(*make_supervised(panel, horizon=3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        together = forecast(model, panel)
    assert together.index.names == ["region", "shop", "time"]
    assert len(together) == 3 * len(KEYS)
    data_codes = pd.factorize(panel.index.droplevel(-1), use_na_sentinel=False)[0]
    out_codes = pd.factorize(together.index.droplevel(-1), use_na_sentinel=False)[0]
    for number in range(len(KEYS)):
        alone = forecast(model, panel[data_codes == number])
        mine = together[out_codes == number]
        np.testing.assert_array_equal(mine.to_numpy(), alone.to_numpy())
        assert list(mine.index.get_level_values("time")) == list(
            alone.index.get_level_values("time")
        )
    steps = together.index.get_level_values("time")[:3]
    expected = [times[-1] + (times[-1] - times[-2]) * k for k in (1, 2, 3)]
    if isinstance(times, pd.DatetimeIndex):
        expected = list(pd.date_range(times[-1], periods=4, freq="B")[1:])
    assert list(steps) == expected


def test_a_gap_in_one_series_of_many_is_still_named():
    times = pd.period_range("2020-01", periods=30, freq="M")
    panel = _panel(times, KEYS)
    holed = panel.drop(panel.index[40])  # a month of the second series
    with pytest.raises(
        ValueError, match=r"series \('north', 2.0\)\) has a gap.*2020-10 and 2020-12"
    ):
        make_supervised(holed)
