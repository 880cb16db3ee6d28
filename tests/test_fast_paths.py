"""The quick paths of a fitted model's predict: the same results and errors.

A fitted scaler, window and forecaster skip scikit-learn's ``validate_data``
for the inputs they were fitted on (:func:`sklstm._validation.quick_array`)
and run the network without skorch's ``evaluation_step``; these tests hold
them to what the full paths give.
"""

import numpy as np
import pandas as pd
import pytest
from _builders import FAST, lstm_pipeline, monthly_series
from sklearn.exceptions import NotFittedError

import sklstm
import sklstm._validation
from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    SlidingWindow,
    forecast,
    make_supervised,
)
from sklstm._net import WindowDataset, predict_in_chunks
from sklstm._panel_windows import panel_windows
from sklstm._validation import quick_array


@pytest.fixture
def fitted():
    series = monthly_series(np.sin(np.arange(48) / 3) * 10 + 50)
    X, y = make_supervised(series)
    X = X.assign(other=np.cos(np.arange(len(X))))
    return lstm_pipeline().fit(X[:-6], y[:-6]), X, series


def full_paths(monkeypatch):
    """Make every estimator validate through scikit-learn, as before quick paths."""
    for module in ("_scaler", "_window", "_training"):
        monkeypatch.setattr(f"sklstm.{module}.quick_array", lambda *a, **k: None)


def test_quick_array_takes_only_what_was_fitted():
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]})
    named = MinMaxScaler().fit(frame)
    unnamed = MinMaxScaler().fit(frame.to_numpy())
    assert quick_array(named, frame) is not None
    np.testing.assert_array_equal(quick_array(named, frame), frame.to_numpy())
    assert quick_array(named, frame[["b", "a"]]) is None  # sklearn's error
    assert quick_array(named, frame.to_numpy()) is None  # sklearn's warning
    assert quick_array(unnamed, frame) is None  # sklearn's warning
    assert quick_array(named, frame.astype("float16")) is None  # converted
    assert quick_array(named, frame.astype(int)) is None  # converted
    assert quick_array(named, frame.iloc[:0]) is None  # sklearn's error
    assert quick_array(unnamed, frame.to_numpy().ravel(), ndims=(2,)) is None
    assert quick_array(unnamed, frame.to_numpy().tolist()) is None
    one = MinMaxScaler().fit(frame[["a"]])
    assert quick_array(one, frame["a"]).shape == (2, 1)
    assert quick_array(one, frame["a"].rename("b")) is None
    assert quick_array(one, frame["a"].astype(object)) is None


def test_predict_and_forecast_equal_the_full_paths(fitted, monkeypatch):
    model, X, series = fitted
    rows = X.iloc[-6:]
    assert quick_array(model[0], rows) is not None  # the quick path is taken
    quick = model.predict(rows), forecast(model, X), model[0].transform(rows)
    windows = model[:-1].transform(rows)
    quick_windows = np.array(windows)
    quick_forecaster = model[-1].predict(windows)
    full_paths(monkeypatch)
    np.testing.assert_array_equal(model.predict(rows), quick[0])
    pd.testing.assert_series_equal(forecast(model, X), quick[1])
    pd.testing.assert_frame_equal(model[0].transform(rows), quick[2])
    np.testing.assert_array_equal(model[:-1].transform(rows), quick_windows)
    np.testing.assert_array_equal(model[-1].predict(windows), quick_forecaster)


def test_quick_paths_keep_the_errors(fitted):
    model, X, _ = fitted
    rows = X.iloc[-6:].copy()  # continues the fitted rows
    with pytest.raises(ValueError, match="feature names"):
        model.predict(rows[["other", *X.columns[:-1]]])
    rows.iloc[1, 0] = np.inf
    with pytest.raises(ValueError, match=r"infinite value .*\(row 1\), column .v."):
        model.predict(rows)
    rows.iloc[1, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        model[1:].predict(rows)
    windows = np.array(model[:-1].transform(X.iloc[-6:]))
    windows[0, 2, 0] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        model[-1].predict(windows)
    windows[0, 2, 0] = np.nan  # not leading padding
    with pytest.raises(ValueError, match="not leading padding"):
        model[-1].predict(windows)
    with pytest.raises(ValueError, match="time steps"):
        model[-1].predict(windows[:, 1:])
    for estimator in (MinMaxScaler(), SlidingWindow(3), LSTMForecaster()):
        with pytest.raises(NotFittedError):
            (getattr(estimator, "predict", None) or estimator.transform)(windows)


def test_fitted_check_still_refuses_a_model_fitted_elsewhere(monkeypatch):
    """check_fitted defers to check_is_fitted when the attribute is missing."""
    calls = []
    monkeypatch.setattr(
        sklstm._validation, "check_is_fitted", lambda estimator: calls.append(1)
    )
    sklstm._validation.check_fitted(MinMaxScaler(), "scaler_")
    assert calls == [1]
    sklstm._validation.check_fitted(MinMaxScaler().fit([[1.0], [2.0]]), "scaler_")
    assert calls == [1]


def test_module_calls_equal_skorchs_evaluation_step():
    rng = np.random.RandomState(0)
    X = rng.randn(40, 5, 2)
    y = X[:, -1, 0] + 0.1
    model = LSTMForecaster(**FAST).fit(X, y)
    net = model.net_
    windows = rng.randn(300, 5, 2).astype(np.float32)
    windows[:5, :2] = np.nan  # padding
    scales = rng.rand(300, 3).astype(np.float32)
    dataset = WindowDataset(windows, scales=scales)
    expected = net.evaluation_step(dataset[:], training=False).numpy()
    # One call, and chunks of 7 windows (CHUNK_VALUES made small).
    np.testing.assert_allclose(predict_in_chunks(net, windows, scales), expected)
    hidden = net.module_.lstm.hidden_size
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sklstm._net.CHUNK_VALUES", 7 * 5 * hidden)
        chunked = predict_in_chunks(net, windows, scales)
    np.testing.assert_allclose(chunked, expected, rtol=1e-6, atol=1e-7)
    assert not net.module_.training


def random_panel(rng, lengths, start="2000-01"):
    parts = [
        pd.DataFrame(
            rng.randn(n, 2),
            index=pd.MultiIndex.from_product(
                [[key], pd.period_range(start, periods=n, freq="M")],
                names=["id", "month"],
            ),
            columns=["a", "b"],
        )
        for key, n in lengths.items()
    ]
    return pd.concat(parts)


@pytest.mark.parametrize("padding", ["nan", "edge", "zero"])
@pytest.mark.parametrize("seed", range(8))
def test_panel_windows_equal_the_series_by_series_loop(padding, seed, monkeypatch):
    """Continued, new and interleaved series: the same windows as the loop."""
    rng = np.random.RandomState(seed)
    window_length = rng.randint(2, 8)
    full = random_panel(rng, {key: rng.randint(1, 15) for key in "abcdef"})
    cut = {key: rng.randint(0, 8) for key in "abcdef"}  # rows left for X
    keys = full.index.get_level_values(0)
    last = full.groupby(level=0).size()
    position = pd.Series(range(len(full)), index=full.index).groupby(level=0).cumcount()
    held = (last[keys].to_numpy() - position.to_numpy()) <= [cut[k] for k in keys]
    fitted, rest = full[~held], full[held]
    if fitted.groupby(level=0).size().max() < window_length:
        fitted = full  # every series long enough cannot be promised: fit all
        rest = full.iloc[:0]
    new = random_panel(rng, {"new": 5, "one": 1}, start="2001-01")
    X = pd.concat([rest, new])
    X = X.iloc[np.argsort(X.index.get_level_values(1), kind="stable")]  # interleaved
    window = SlidingWindow(window_length, padding=padding).fit(fitted)
    rows = rng.choice(len(X), size=min(5, len(X)), replace=False)
    quick, quick_rows = window.transform(X), window._transform(X, rows=rows)
    assert quick.shape == (len(X), window_length, 2)
    assert panel_windows(window, X.to_numpy(), X.index) is not None  # taken
    monkeypatch.setattr("sklstm._window.panel_windows", lambda *args: None)
    np.testing.assert_array_equal(window.transform(X), quick)
    np.testing.assert_array_equal(window.transform(X)[rows], quick_rows)


def test_panel_windows_leave_history_left_out_to_the_loop():
    """A series that skips months after its fitted rows: padded, with the warning."""
    rng = np.random.RandomState(0)
    full = random_panel(rng, {"a": 20, "b": 20})
    window = SlidingWindow(4).fit(full[full.index.get_level_values(1) < "2001-01"])
    later = full[full.index.get_level_values(1) >= "2001-03"]
    with pytest.warns(sklstm.PaddingWarning, match="leaving out 2 step"):
        windows = window.transform(later)
    assert np.isnan(windows[0, :3]).all()


def test_a_checked_index_is_remembered_and_a_bad_one_still_refused():
    """What is told of an index is kept by its identity, never by its labels."""
    from sklstm import _timeindex

    series = monthly_series(np.sin(np.arange(48) / 3) * 10 + 50)
    model = lstm_pipeline().fit(*make_supervised(series))
    first = forecast(model, series)
    assert _timeindex.index_facts(series.index).get("checked")
    pd.testing.assert_series_equal(forecast(model, series), first)
    # The same labels with a month left out: a new index, checked again.
    gap = series.drop(series.index[-3])
    with pytest.raises(ValueError, match="has a gap"):
        forecast(model, gap)
    unordered = series.iloc[::-1]
    with pytest.raises(ValueError, match="strictly increasing"):
        forecast(model, unordered)
    # An index that cannot be weakly referenced (None) is simply not kept.
    assert _timeindex.index_facts(None) == {}


def test_a_panel_layout_is_shared_read_only():
    from sklstm._panel_windows import layout
    from sklstm._timeindex import series_codes

    rng = np.random.RandomState(0)
    index = random_panel(rng, {"a": 5, "b": 7}).index
    panel = layout(index)
    assert layout(index) is panel
    assert series_codes(index)[0] is panel.codes
    for array in (panel.codes, panel.order, panel.counts, panel.starts):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 1


def test_moments_without_padding_equal_the_general_sums():
    """The no-padding branch of _moments gives the general branch's numbers."""
    from sklstm._scaling import _moments

    rng = np.random.RandomState(1)
    windows = rng.lognormal(3, 2, size=(50, 24, 3))
    mean, variance, level = _moments(windows)
    observed = np.ones((50, 24, 1), dtype=bool)
    count = np.maximum(observed.sum(axis=1, keepdims=True), 1)
    values = np.where(observed, windows, 0.0)
    expected_mean = values.sum(axis=1, keepdims=True) / count
    centred = np.where(observed, values - expected_mean, 0.0)
    np.testing.assert_array_equal(mean, expected_mean)
    np.testing.assert_array_equal(
        variance, np.square(centred).sum(axis=1, keepdims=True) / count
    )
    np.testing.assert_array_equal(
        level, np.abs(values).sum(axis=1, keepdims=True) / count
    )


def test_transform_leaves_the_window_as_it_was_and_sees_partial_fit(fitted):
    """The fitted history is kept beside the window, and follows partial_fit."""
    model, X, series = fitted
    window = model[1]
    before = dict(vars(window))
    model.predict(X.iloc[-6:-5])
    assert vars(window).keys() == before.keys()
    # After partial_fit the window continues from the new rows, not the cache.
    sklstm.partial_fit(model, X.iloc[-6:-3], make_supervised(series)[1].iloc[-6:-3])
    scaled = model[0].transform(X.iloc[-3:-2])
    with_history = model[1].transform(scaled)
    assert not np.isnan(with_history).any()
    np.testing.assert_array_equal(
        with_history[0, -1], model[0].transform(X.iloc[-3:-2]).to_numpy()[0]
    )


def test_only_wanted_windows_are_told_padded():
    """forecast() reads a series' last window: the padding before it is silent."""
    series = monthly_series(np.arange(40.0) + 10)
    X, y = make_supervised(series)
    window = SlidingWindow(6).fit(X.iloc[:30])
    later = X.iloc[25:]  # overlaps the fitted rows: does not continue them
    with pytest.warns(sklstm.PaddingWarning):
        window.transform(later)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        last = window._transform(later, rows=np.array([len(later) - 1]))
    np.testing.assert_array_equal(last[0, :, 0], later.iloc[-6:, 0].to_numpy())


def _labels_by_from_arrays(index, horizon, step):
    """The forecast's panel labels as the release before built them."""
    from sklstm._timeindex import series_codes, time_labels

    codes, keys = series_codes(index)
    last = np.zeros(len(keys), dtype=int)
    np.maximum.at(last, codes, np.arange(len(index)))
    ends = time_labels(index)[last]
    steps = [ends + step * k for k in range(1, horizon + 1)]
    by_series = np.arange(len(keys))[:, None] + len(keys) * np.arange(horizon)
    times = steps[0].append(steps[1:])[by_series.ravel()]
    keys = keys.take(np.repeat(np.arange(len(keys)), horizon))
    levels = [keys.get_level_values(level) for level in range(keys.nlevels)]
    return pd.MultiIndex.from_arrays(levels + [times], names=index.names)


@pytest.mark.parametrize("horizon", [1, 3])
def test_panel_forecast_labels_equal_from_arrays(horizon):
    """Built from codes, the labels and their sorted levels are from_arrays'."""
    from sklstm._forecast import _labels_after

    months = pd.period_range("2000-01", periods=20, freq="M", name="month")
    days = pd.date_range("2000-01-01", periods=10, freq="D", name="day")
    uneven = pd.MultiIndex.from_tuples(
        [("b", 2, p) for p in months[:10]] + [("a", 1, p) for p in months[3:20]],
        names=["x", "y", "month"],
    )
    cases = [
        (uneven, 1),
        (pd.MultiIndex.from_product([["z", "y"], days]), pd.offsets.Day()),
        (pd.MultiIndex.from_product([[3, 1], range(5, 50, 5)]), 5),
        (pd.MultiIndex.from_product([["s"], months], names=["s", "month"]), 1),
    ]
    for index, step in cases:
        expected = _labels_by_from_arrays(index, horizon, step)
        labels = _labels_after(index, horizon, step)
        pd.testing.assert_index_equal(labels, expected)
        for level, expected_level in zip(labels.levels, expected.levels):
            pd.testing.assert_index_equal(level, expected_level)


def test_a_step_told_follows_a_frequency_set_later():
    """Two dates have no step, until their index's freq is set."""
    from sklstm._timeindex import time_step

    dates = pd.DatetimeIndex(["2000-01-01", "2000-01-02"])
    assert time_step(dates) is None
    dates.freq = "D"
    assert time_step(dates) == pd.offsets.Day()
