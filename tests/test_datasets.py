import pandas as pd

from sklstm.datasets import load_airline


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
