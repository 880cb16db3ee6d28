"""Many series in one frame: a MultiIndex (series, time), one global model."""

import numpy as np
import pandas as pd
import pytest
from _builders import PANEL_LENGTHS, lstm_pipeline, make_panel
from numpy.testing import assert_array_equal
from sklearn.model_selection import GridSearchCV, cross_validate

from sklstm import PanelTimeSeriesSplit, SlidingWindow, make_supervised


def test_make_supervised_shifts_within_each_series():
    panel = make_panel()
    X, y = make_supervised(panel, horizon=2)
    assert len(X) == sum(PANEL_LENGTHS.values()) - 2 * len(PANEL_LENGTHS)
    assert X.index.equals(y.index)
    targets = y.to_numpy()
    assert_array_equal(targets[:, 0], X["v"].to_numpy() + 1)
    assert_array_equal(targets[:, 1], X["v"].to_numpy() + 2)
    for name, length in PANEL_LENGTHS.items():
        assert len(X.loc[name]) == length - 2


@pytest.mark.parametrize("order", ["by series", "by time"])
def test_make_supervised_returns_panel_rows_in_time_order(order):
    panel = make_panel()
    if order == "by time":
        panel = panel.sort_index(level="month", sort_remaining=False)
    X, y = make_supervised(panel)
    time_major = panel.sort_index(level="month", sort_remaining=False)
    expected = time_major.groupby(level="id").head(-1)  # each series' last row goes
    assert X.index.equals(expected.index)
    assert_array_equal(y, X["v"] + 1)


@pytest.mark.parametrize(
    "levels, match",
    [
        (["month", "id"], r"levels are \('month': PeriodIndex, 'id': Index\)"),
        (["id", "name"], "The last level holds no dates, periods or integers"),
    ],
)
def test_a_multiindex_without_the_time_last_is_refused(levels, match):
    panel = make_panel().reset_index()
    panel["name"] = panel["id"] + "!"
    panel = panel.set_index(levels)[["v"]]
    with pytest.raises(ValueError, match=match):
        make_supervised(panel)
    with pytest.raises(ValueError, match=match):
        SlidingWindow().fit(panel)


def test_make_supervised_refuses_a_series_too_short_naming_it():
    with pytest.raises(ValueError, match="Series 'b' of data has 25 time steps"):
        make_supervised(make_panel(), horizon=25)


def test_unsorted_time_within_a_series_is_refused():
    panel = make_panel()
    swapped = panel.iloc[[1, 0] + list(range(2, len(panel)))]
    with pytest.raises(ValueError, match=r"series 'a'.*strictly increasing"):
        make_supervised(swapped)


@pytest.mark.parametrize("order", ["by series", "by time"])
def test_no_window_mixes_two_series(order):
    panel = make_panel()
    if order == "by time":
        panel = panel.sort_index(level="month")
    windows = SlidingWindow(window_length=6).fit_transform(panel)[:, :, 0]
    series_of_value = np.floor(windows / 1000)
    own_series = np.floor(panel["v"].to_numpy() / 1000)
    real = ~np.isnan(windows)
    assert (
        series_of_value[real] == np.repeat(own_series, 6).reshape(-1, 6)[real]
    ).all()
    assert_array_equal(windows[:, -1], panel["v"])  # each window ends at its row
    # Each series starts with its own padding.
    for name in PANEL_LENGTHS:
        first = np.flatnonzero(panel.index.get_level_values("id") == name)[0]
        assert np.isnan(windows[first, :-1]).all()


def test_carry_over_is_per_series():
    panel = make_panel()
    months = panel.index.get_level_values("month")
    past, future = panel[months <= "2010-06"], panel[months > "2010-06"]
    window = SlidingWindow(window_length=4).fit(past)
    windows = window.transform(future)[:, :, 0]
    for name in PANEL_LENGTHS:
        rows = np.flatnonzero(future.index.get_level_values("id") == name)
        own = panel.loc[name, "v"].to_numpy()
        start = len(own) - len(rows)
        assert_array_equal(windows[rows[0]], own[start - 3 : start + 1])


def _fitted_panel_model(**params):
    X, y = make_supervised(make_panel(code_values=False))
    model = lstm_pipeline(8, hidden_size=16, max_epochs=60, **params)
    return model.fit(X, y), X, y


def test_one_model_forecasts_each_series_from_its_own_history():
    model, X, y = _fitted_panel_model()
    forecast = model.predict(X)
    # Changing one series does not change the forecasts of the others.
    changed = X.copy()
    changed.loc["a", "v"] = changed.loc["a", "v"].to_numpy()[::-1]
    other = changed.index.get_level_values("id") != "a"
    assert_array_equal(model.predict(changed)[other], forecast[other])
    # And each series is forecast better than by repeating its last value.
    for name in PANEL_LENGTHS:
        rows = X.index.get_level_values("id") == name
        error = np.abs(forecast[rows] - y[rows]).mean()
        naive = np.abs(X["v"][rows] - y[rows]).mean()
        assert error < naive


def test_grid_search_with_early_stopping_over_panel_folds():
    X, y = make_supervised(make_panel(code_values=False))
    pipeline = lstm_pipeline(6, early_stopping=True, n_iter_no_change=3)
    search = GridSearchCV(
        pipeline,
        {"slidingwindow__window_length": [4, 8]},
        cv=PanelTimeSeriesSplit(n_splits=3),
        scoring="neg_mean_absolute_error",
    ).fit(X, y)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    result = cross_validate(
        pipeline,
        X,
        y,
        cv=PanelTimeSeriesSplit(n_splits=3),
        return_estimator=True,
        return_indices=True,
    )
    assert np.isfinite(result["test_score"]).all()
    # The validation rows of each fold are its latest months.
    months = X.index.get_level_values("month")
    for fitted, train in zip(result["estimator"], result["indices"]["train"]):
        held_out = train[fitted[-1].validation_indices_]
        kept = np.delete(train, fitted[-1].validation_indices_)
        assert months[held_out].min() >= months[kept].max()


def test_a_missing_series_key_names_a_series_too():
    months = pd.period_range("2020-01", periods=6, freq="M")
    index = pd.MultiIndex.from_product([["a", np.nan], months], names=["id", "month"])
    panel = pd.DataFrame({"v": np.arange(12.0)}, index=index)
    windows = SlidingWindow(3).fit_transform(panel)[:, :, 0]
    assert_array_equal(windows[6:8], [[np.nan, np.nan, 6.0], [np.nan, 6.0, 7.0]])
    X, _ = make_supervised(panel)
    assert len(X) == 10


def _dated_part(key, start, n, freq):
    times = pd.date_range(start, periods=n, freq=freq)
    index = pd.MultiIndex.from_arrays([[key] * n, times], names=["id", "t"])
    return pd.Series(np.arange(n, dtype=float) + 10, index=index, name="y")


@pytest.mark.parametrize(
    "freq, starts",
    [
        ("D", ("2020-01-01", "2020-03-01")),
        ("W-MON", ("2020-01-06", "2020-09-07")),
        ("h", ("2020-01-01", "2020-03-01")),
    ],
)
def test_series_in_separate_spans_keep_their_step(freq, starts):
    """Series that never overlap in time: the step is each series' own, not
    that of the pooled dates (which have holes), and the forecast is dated."""
    from sklstm._timeindex import time_step

    panel = pd.concat(
        [_dated_part("a", starts[0], 30, freq), _dated_part("b", starts[1], 20, freq)]
    )
    step = pd.tseries.frequencies.to_offset(freq)
    assert time_step(panel.index) == step
    X, y = make_supervised(panel, horizon=2)
    window = SlidingWindow(5).fit(X, y)
    assert window.time_step_ == step
    ends = panel.groupby(level="id").tail(1).index.get_level_values("t")
    labels = _labels_after_for(panel, step)
    assert list(labels.get_level_values("t")[::2]) == [end + step for end in ends]


def _labels_after_for(panel, step):
    from sklstm._forecast import _labels_after

    return _labels_after(panel.index, 2, step)


def test_weekly_dates_on_weekdays_are_not_business_days():
    """A weekly series on Mondays with a week missing: the gap is named."""
    dates = pd.date_range("2020-01-06", periods=20, freq="W-MON").delete(10)
    series = pd.Series(np.arange(19.0), index=dates, name="y")
    with pytest.raises(ValueError, match="between 2020-03-09 and 2020-03-23"):
        make_supervised(series)
