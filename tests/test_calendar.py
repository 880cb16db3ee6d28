"""calendar_features: covariates computed from the time index."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from sklstm import calendar_features


def test_calendar_features_of_dates_periods_and_panels():
    dates = pd.date_range("2021-01-04", periods=7, freq="D")  # Monday to Sunday
    onehot = calendar_features(dates, ["dayofweek"], encoding="onehot")
    assert_array_equal(onehot.to_numpy(), np.eye(7))
    assert list(onehot.columns) == [f"dayofweek_{d}" for d in range(7)]
    months = pd.period_range("2020-01", periods=24, freq="M")
    cyclic = calendar_features(months)
    assert_allclose(cyclic.iloc[:12].to_numpy(), cyclic.iloc[12:].to_numpy())
    assert_allclose(np.hypot(cyclic["month_sin"], cyclic["month_cos"]), 1.0)
    panel = pd.MultiIndex.from_product([["a", "b"], months[:3]])
    assert calendar_features(panel).index.equals(panel)


@pytest.mark.parametrize(
    "args, match",
    [
        ((pd.RangeIndex(5),), "needs dates"),
        ((pd.period_range("2020", periods=3, freq="M"), ["week"]), "features must"),
        ((pd.period_range("2020", periods=3, freq="M"), "month"), "features must"),
        ((pd.date_range("2020", periods=3), ["month", "month"]), "distinct names"),
    ],
)
def test_calendar_features_refuse_what_they_cannot_compute(args, match):
    with pytest.raises(ValueError, match=match):
        calendar_features(*args)


@pytest.mark.parametrize("features", [None, [], "month", ["month", "week"]])
def test_calendar_features_refuse_bad_feature_lists(features):
    with pytest.raises(ValueError, match="features must be a list"):
        calendar_features(pd.date_range("2020", periods=3), features)


def test_calendar_features_refuse_missing_dates():
    with pytest.raises(ValueError, match="missing date \\(NaT\\) at row 1"):
        calendar_features(pd.DatetimeIndex(["2020-01-01", None]))
