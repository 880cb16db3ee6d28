import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal
from sklearn.base import clone

from sklstm import PaddingWarning, SlidingWindow

NAN = np.nan


@pytest.mark.parametrize("window_length", [1, 2, 5, 10])
def test_row_t_holds_the_window_ending_at_t_oldest_first(window_length):
    X = np.arange(20.0).reshape(10, 2)
    windows = SlidingWindow(window_length=window_length).fit_transform(X)
    assert windows.shape == (10, window_length, 2)
    for t in range(10):
        for step in range(window_length):
            source = t - window_length + 1 + step
            if source < 0:
                assert np.isnan(windows[t, step]).all()
            else:
                assert_array_equal(windows[t, step], X[source])


def test_one_dimensional_input_is_one_feature():
    windows = SlidingWindow(window_length=2).fit_transform(np.array([1.0, 2.0, 3.0]))
    assert_array_equal(windows[:, :, 0], [[NAN, 1.0], [1.0, 2.0], [2.0, 3.0]])


@pytest.mark.parametrize(
    "padding, first_rows",
    [
        ("nan", [[NAN, NAN, 1.0], [NAN, 1.0, 2.0]]),
        ("edge", [[1.0, 1.0, 1.0], [1.0, 1.0, 2.0]]),
        ("zero", [[0.0, 0.0, 1.0], [0.0, 1.0, 2.0]]),
    ],
)
def test_padding_fills_the_missing_history(padding, first_rows):
    windows = SlidingWindow(3, padding=padding).fit_transform(np.arange(1.0, 6.0))
    assert_array_equal(windows[:2, :, 0], first_rows)
    assert_array_equal(windows[2:, :, 0], [[1, 2, 3], [2, 3, 4], [3, 4, 5]])


def _series(index):
    return pd.Series(np.arange(1.0, len(index) + 1), index=index, name="v")


CONTINUABLE_INDEXES = {
    "period": pd.period_range("2020-01", periods=8, freq="M"),
    "datetime-freq": pd.date_range("2020-01-01", periods=8, freq="D"),
    "datetime-inferred": pd.DatetimeIndex(
        pd.date_range("2020-01-01", periods=8, freq="W").to_numpy()
    ),
    "range": pd.RangeIndex(8),
    "int-step-10": pd.Index(np.arange(0, 80, 10)),
}


@pytest.mark.parametrize(
    "index", CONTINUABLE_INDEXES.values(), ids=list(CONTINUABLE_INDEXES)
)
def test_data_that_continues_the_fitted_data_gets_real_history(index):
    series = _series(index)
    window = SlidingWindow(window_length=4).fit(series.iloc[:5])
    windows = window.transform(series.iloc[5:])[:, :, 0]
    assert_array_equal(windows, [[3, 4, 5, 6], [4, 5, 6, 7], [5, 6, 7, 8]])


@pytest.mark.parametrize("padding", ["nan", "edge"])
def test_a_gap_in_the_time_index_is_refused_naming_it(padding):
    index = pd.period_range("2020-01", periods=7, freq="M")
    series = _series(index).drop(index[3])  # April is missing
    window = SlidingWindow(window_length=4, padding=padding)
    with pytest.raises(
        ValueError, match="missing between 2020-03 and 2020-05.*interpolate"
    ):
        window.fit(series.loc[:"2020-05"])
    window = SlidingWindow(window_length=3, padding=padding).fit(series.loc[:"2020-03"])
    with pytest.raises(ValueError, match="missing between 2020-03 and 2020-05"):
        window.transform(series)


NOT_CONTINUING = {
    "the fitted data itself": slice(0, 5),
    "overlapping data": slice(3, 8),
    "earlier data": slice(0, 2),
    "data after a gap": slice(6, 8),
}


@pytest.mark.parametrize("rows", NOT_CONTINUING.values(), ids=list(NOT_CONTINUING))
def test_data_that_does_not_continue_the_fitted_data_is_padded(rows):
    series = _series(pd.period_range("2020-01", periods=8, freq="M"))
    window = SlidingWindow(window_length=3).fit(series.iloc[:5])
    part = series.iloc[rows]
    # The windows of the part on its own: from a window that saw no index.
    with pytest.warns(PaddingWarning, match="no time index"):
        expected = (
            SlidingWindow(window_length=3).fit(np.zeros(5)).transform(part.to_numpy())
        )
    # Rows whose history exists but is not given warn; the fitted data's own
    # start (the fitted data itself, or earlier data) does not.
    history_left_out = part.index[0] > series.index[0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert_array_equal(window.transform(part), expected)
    padding = [w for w in caught if issubclass(w.category, PaddingWarning)]
    assert len(padding) == int(history_left_out)
    if history_left_out:
        assert_array_equal(padding[0].message.rows, [0, 1][: len(part)])
    assert np.isnan(expected[0, :2]).all()


def test_arrays_never_get_carried_history_and_say_so():
    X = np.arange(1.0, 9.0)
    window = SlidingWindow(window_length=3).fit(X[:5])
    with pytest.warns(PaddingWarning, match="2 row.*no time index"):
        assert np.isnan(window.transform(X[5:])[0, :2]).all()
    # The fitted rows themselves start the series: no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error", PaddingWarning)
        window.transform(X[:5])
    # Nor does an index that cannot place the rows in time (strings).
    strings = pd.Series(X, index=[f"r{i}" for i in range(8)])
    window = SlidingWindow(window_length=3).fit(strings.iloc[:5])
    with pytest.warns(PaddingWarning):
        assert np.isnan(window.transform(strings.iloc[5:])[0, :2]).all()
    irregular = pd.Series(
        X,
        index=pd.to_datetime(
            [
                "2020-01-01",
                "2020-01-02",
                "2020-01-05",
                "2020-01-06",
                "2020-01-09",
                "2020-01-10",
                "2020-01-11",
                "2020-01-12",
            ]
        ),
    )
    with pytest.raises(ValueError, match="not evenly spaced: 2020-01-05"):
        SlidingWindow(window_length=3).fit(irregular.iloc[:5])
    periods = _series(pd.period_range("2020-01", periods=8, freq="M"))
    window = SlidingWindow(window_length=3).fit(periods.iloc[:5])
    with (
        pytest.warns(PaddingWarning, match="no time index"),
        pytest.warns(UserWarning, match="feature names"),
    ):
        assert np.isnan(window.transform(X[5:])[0, :2]).all()
    other_kind = periods.iloc[5:].set_axis(pd.RangeIndex(5, 8))
    with pytest.warns(PaddingWarning, match="of another kind"):
        assert np.isnan(window.transform(other_kind)[0, :2]).all()


def test_no_window_holds_anything_later_than_its_own_time():
    values = np.arange(30.0)  # the value is the time step
    series = pd.Series(values, index=pd.RangeIndex(30))
    window = SlidingWindow(window_length=7).fit(series.iloc[:12])
    windows = window.transform(series.iloc[12:])[:, :, 0]
    times = np.arange(12, 30)
    assert_array_equal(np.nanmax(windows, axis=1), times)
    assert_array_equal(windows[:, -1], times)


def test_fit_keeps_only_the_rows_it_needs():
    window = SlidingWindow(window_length=4).fit(np.arange(100.0))
    assert_array_equal(window.last_rows_[:, 0], [97, 98, 99])
    assert SlidingWindow(window_length=1).fit(np.arange(5.0)).last_rows_.shape == (0, 1)


def test_multi_feature_frames_keep_feature_order_and_names():
    frame = pd.DataFrame({"a": np.arange(5.0), "b": -np.arange(5.0)})
    window = SlidingWindow(window_length=2).fit(frame)
    assert_array_equal(window.feature_names_in_, ["a", "b"])
    assert_array_equal(window.transform(frame)[3], [[2, -2], [3, -3]])


@pytest.mark.parametrize("bad, what", [(np.nan, "NaN"), (np.inf, "inf")])
def test_nan_or_inf_in_the_data_is_refused_naming_time_and_column(bad, what):
    frame = pd.DataFrame(
        {"a": [1.0, 2.0, 3.0], "b": [1.0, bad, 3.0]},
        index=pd.period_range("2020-01", periods=3, freq="M"),
    )
    with pytest.raises(ValueError, match=f"{what}.*2020-02.*row 1.*'b'.*impute"):
        SlidingWindow(window_length=2).fit(frame)
    window = SlidingWindow(window_length=2).fit(frame.fillna(0.0).clip(upper=9))
    with pytest.raises(ValueError, match=f"{what}.*row 1\\), column 'b'"):
        window.transform(frame.reset_index(drop=True))


@pytest.mark.parametrize("window_length", [0, -3])
def test_window_length_below_one_is_refused(window_length):
    with pytest.raises(ValueError, match="window_length"):
        SlidingWindow(window_length=window_length).fit(np.arange(5.0))


def test_unknown_padding_is_refused():
    with pytest.raises(ValueError, match="padding must be one of"):
        SlidingWindow(padding="mean").fit(np.arange(5.0))


def test_unsorted_time_index_is_refused():
    series = pd.Series([1.0, 2.0, 3.0], index=pd.Index([0, 2, 1]))
    with pytest.raises(ValueError, match="strictly increasing"):
        SlidingWindow(window_length=2).fit(series)


def test_three_dimensional_input_is_refused():
    with pytest.raises(ValueError, match="dim 3"):
        SlidingWindow().fit(np.zeros((3, 2, 2)))


def test_a_different_number_of_features_is_refused():
    window = SlidingWindow(window_length=2).fit(np.zeros((5, 3)))
    with pytest.raises(ValueError, match="X has 2 features.*expecting 3"):
        window.transform(np.zeros((5, 2)))
    with pytest.raises(ValueError, match="1-D.*Reshape"):
        window.transform(np.zeros(5))


@pytest.mark.parametrize(
    "dtype, expected",
    [(np.float32, np.float32), (np.float64, np.float64), (np.int64, np.float64)],
)
def test_output_dtype(dtype, expected):
    series = pd.Series(np.arange(6).astype(dtype), index=pd.RangeIndex(6))
    window = SlidingWindow(window_length=3).fit(series.iloc[:3].astype(np.float64))
    assert window.transform(series.iloc[3:]).dtype == expected


def test_failed_refit_keeps_the_fitted_window():
    window = SlidingWindow(window_length=2).fit(np.arange(4.0))
    with pytest.raises(ValueError):
        window.fit(np.array([[1.0, np.nan]]))
    assert window.n_features_in_ == 1
    assert_array_equal(window.last_rows_, [[3.0]])
    assert_array_equal(clone(window).get_params(), window.get_params())


@pytest.mark.parametrize(
    "X, match",
    [
        (np.zeros((0, 2)), "0 sample"),
        (np.zeros((3, 0)), "0 feature"),
        (np.array([["a"], ["b"]], dtype=object), "could not convert"),
    ],
    ids=["empty", "no-features", "strings"],
)
def test_bad_input_is_refused(X, match):
    with pytest.raises(ValueError, match=match):
        SlidingWindow().fit(X)


def test_gap_fold_of_a_multi_step_model_is_padded_without_a_warning():
    # TimeSeriesSplit(gap=horizon - 1) leaves horizon - 1 rows out between the
    # folds: the documented price is padding, not a warning. One step more
    # left out is history lost, and warns.
    series = _series(pd.period_range("2020-01", periods=20, freq="M"))
    targets = np.zeros((10, 3))  # y of make_supervised(..., horizon=3)
    window = SlidingWindow(window_length=3).fit(series.iloc[:10], targets)
    assert window.horizon_ == 3
    with warnings.catch_warnings():
        warnings.simplefilter("error", PaddingWarning)
        assert np.isnan(window.transform(series.iloc[12:])[0, :2]).all()
    with pytest.warns(PaddingWarning, match="leaving out 3 step"):
        window.transform(series.iloc[13:])


@pytest.mark.parametrize(
    "fitted, new",
    [
        (
            pd.date_range("2020-01-01", periods=6, freq="D"),
            pd.date_range("2020-01-07", periods=3, freq="h"),
        ),
        (pd.RangeIndex(6), pd.Index([6, 50, 90])),
    ],
    ids=["daily-then-hourly", "integers-then-sparse"],
)
def test_data_with_another_step_is_padded_or_refused(fitted, new):
    window = SlidingWindow(window_length=3).fit(_series(fitted))
    data = pd.Series([1.0, 2.0, 3.0], index=new, name="v")
    if new.dtype.kind == "i":  # 6, 50, 90: not one step apart
        with pytest.raises(ValueError, match="not evenly spaced"):
            window.transform(data)
        return
    with pytest.warns(PaddingWarning, match="not one fitted time step"):
        windows = window.transform(data)
    assert np.isnan(windows[0, :2, 0]).all()


def test_a_window_longer_than_the_data_is_refused():
    with pytest.raises(ValueError, match="window_length=6 is longer than the data"):
        SlidingWindow(window_length=6).fit(np.arange(5.0))
    SlidingWindow(window_length=5).fit(np.arange(5.0))  # as long is fine
