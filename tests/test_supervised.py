import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal

from sklstm import make_supervised


@pytest.fixture
def monthly():
    index = pd.period_range("2000-01", periods=10, freq="M")
    return pd.DataFrame(
        {"temp": np.arange(10.0) + 100, "sales": np.arange(10.0)}, index=index
    )


@pytest.mark.parametrize("horizon", [1, 2, 5])
def test_y_holds_the_target_horizon_steps_after_x(horizon):
    series = pd.Series(np.arange(20.0), name="v")
    X, y = make_supervised(series, horizon=horizon)
    assert len(X) == len(y) == 20 - horizon
    assert_array_equal(X.index, y.index)
    targets = y.to_numpy().reshape(len(y), -1)
    for step in range(1, horizon + 1):
        assert_array_equal(targets[:, step - 1], X["v"].to_numpy() + step)


def test_one_step_y_is_a_named_series_and_multi_step_a_frame():
    series = pd.Series(np.arange(6.0), name="sales")
    X, y = make_supervised(series)
    assert isinstance(X, pd.DataFrame) and list(X.columns) == ["sales"]
    assert isinstance(y, pd.Series) and y.name == "sales(t+1)"
    _, y3 = make_supervised(series, horizon=3)
    assert list(y3.columns) == ["sales(t+1)", "sales(t+2)", "sales(t+3)"]


def test_index_is_kept(monthly):
    X, y = make_supervised(monthly, horizon=2, target="sales")
    assert_array_equal(X.index, monthly.index[:8])
    assert y.index.equals(X.index)


def test_target_comes_first_and_every_column_is_kept(monthly):
    X, y = make_supervised(monthly, target="sales")
    assert list(X.columns) == ["sales", "temp"]
    assert_array_equal(X["temp"], monthly["temp"].iloc[:-1])
    assert_array_equal(y, monthly["sales"].iloc[1:])


def test_unnamed_series_and_arrays_are_named_y():
    X, y = make_supervised(pd.Series([1.0, 2.0, 3.0]))
    assert list(X.columns) == ["y"] and y.name == "y(t+1)"
    X, y = make_supervised(np.array([1.0, 2.0, 3.0]))
    assert_array_equal(X["y"], [1.0, 2.0])
    assert_array_equal(y, [2.0, 3.0])
    X, y = make_supervised(np.array([[1.0, 5.0], [2.0, 6.0]]), target=1)
    assert list(X.columns) == [1, 0]
    assert y.tolist() == [6.0]


@pytest.mark.parametrize("horizon", [0, -1])
def test_horizon_below_one_is_refused(horizon):
    with pytest.raises(ValueError, match="horizon"):
        make_supervised(pd.Series(np.arange(5.0)), horizon=horizon)


@pytest.mark.parametrize("horizon", [1.0, True, "2"])
def test_horizon_that_is_not_an_int_is_refused(horizon):
    with pytest.raises(TypeError, match="horizon"):
        make_supervised(pd.Series(np.arange(5.0)), horizon=horizon)


def test_unknown_or_missing_target_is_refused(monthly):
    with pytest.raises(ValueError, match="'price' is not a column.*temp.*sales"):
        make_supervised(monthly, target="price")
    with pytest.raises(ValueError, match=r"\['sales'\] is not a column"):
        make_supervised(monthly, target=["sales"])
    with pytest.raises(ValueError, match="2 columns.*target="):
        make_supervised(monthly)


@pytest.mark.parametrize("n_timesteps, horizon", [(0, 1), (1, 1), (3, 3)])
def test_data_shorter_than_horizon_plus_one_is_refused(n_timesteps, horizon):
    with pytest.raises(ValueError, match=f"needs at least {horizon + 1}"):
        make_supervised(pd.Series(np.arange(float(n_timesteps))), horizon=horizon)


def test_unsorted_time_index_is_refused():
    series = pd.Series(
        [1.0, 2.0, 3.0], index=pd.to_datetime(["2020-01", "2020-03", "2020-02"])
    )
    with pytest.raises(ValueError, match="strictly increasing.*row 2"):
        make_supervised(series)


def test_three_dimensional_data_is_refused():
    with pytest.raises(ValueError, match="1-D or 2-D"):
        make_supervised(np.zeros((4, 2, 2)))


def test_duplicated_column_names_are_refused():
    data = pd.DataFrame([[1.0, 2.0], [3.0, 4.0]], columns=["a", "a"])
    with pytest.raises(ValueError, match=r"duplicated column names \['a'\]"):
        make_supervised(data, target="a")
