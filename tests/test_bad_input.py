"""Bad input, as it comes from spreadsheets and databases: a clear error, early.

Every case goes through the README's pipeline (or the function a user would
call) and must raise ValueError or TypeError with a message naming the
problem, before any training starts.
"""

import numpy as np
import pandas as pd
import pytest
from _builders import lstm_pipeline, monthly_series

import sklstm._net
from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    PaddingWarning,
    SlidingWindow,
    make_supervised,
)

MONTHS = pd.period_range("2000-01", periods=30, freq="M", name="month")


@pytest.fixture(autouse=True)
def no_training(monkeypatch):
    """Any attempt to train the skorch net fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("training started before the bad input was found")

    for method in ("fit", "partial_fit"):
        monkeypatch.setattr(sklstm._net.ForecasterNet, method, refuse)


def _fit(data, window_length=3, horizon=1, target=None, **params):
    X, y = make_supervised(data, horizon=horizon, target=target)
    return lstm_pipeline(window_length, **params).fit(X, y)


def _with(values):
    series = monthly_series()
    series.iloc[5] = values
    return series


CASES = {
    "ragged list": (
        lambda: lstm_pipeline(3).fit([[1.0], [2.0, 3.0], [4.0]], [1.0, 2.0, 3.0]),
        "ragged sequence",
    ),
    "string column": (
        lambda: _fit(monthly_series().to_frame().assign(city="Paris"), target="v"),
        r"not numbers: 'city' \((object|str)",
    ),
    "categorical column": (
        lambda: _fit(
            monthly_series().to_frame().assign(kind=pd.Categorical(["a", "b"] * 15)),
            target="v",
        ),
        r"not numbers: 'kind' \(category\)",
    ),
    "date column": (
        lambda: _fit(
            monthly_series().to_frame().assign(day=MONTHS.to_timestamp()), target="v"
        ),
        "not numbers: 'day'.*calendar_features",
    ),
    "pd.NA in a nullable column": (
        lambda: _fit(_with(pd.NA).astype("Float64")),
        r"NaN \(a missing value\) at index Period\('2000-06', 'M'\)",
    ),
    "NaN inside the series": (
        lambda: _fit(_with(np.nan)),
        r"NaN \(a missing value\) at index Period\('2000-06', 'M'\) "
        r"\(row 5\), column 'v'",
    ),
    "inf inside the series": (
        lambda: _fit(_with(np.inf)),
        r"infinite value \(inf\) at index Period\('2000-06', 'M'\) \(row 5\)",
    ),
    "NaN in y": (
        lambda: lstm_pipeline(3).fit(monthly_series().to_frame(), _with(np.nan)),
        r"y got NaN \(a missing value\) at index Period\('2000-06', 'M'\) \(row 5\), "
        "column 'v'",
    ),
    "inf in y": (
        lambda: lstm_pipeline(3).fit(monthly_series().to_frame(), _with(np.inf)),
        r"y got an infinite value \(inf\) at index Period\('2000-06', 'M'\)",
    ),
    "X and y of different lengths": (
        lambda: lstm_pipeline(3).fit(
            monthly_series().to_frame(), monthly_series().iloc[:-1]
        ),
        "inconsistent numbers of samples: \\[30, 29\\]",
    ),
    "unsorted time index": (
        lambda: _fit(monthly_series().iloc[::-1]),
        "strictly increasing.*row 1",
    ),
    "duplicated time index": (
        lambda: _fit(monthly_series(index=MONTHS[[0, 1, 1, 2, 3, 4, 5, 6]])),
        "strictly increasing.*2000-02 after 2000-02",
    ),
    "horizon longer than the data": (
        lambda: _fit(monthly_series(), horizon=30),
        "30 time steps, but horizon=30 needs at least 31",
    ),
    "window longer than the data": (
        lambda: _fit(monthly_series(), window_length=31),
        "window_length=31 is longer than the data",
    ),
    "window_length below 1": (
        lambda: _fit(monthly_series(), window_length=0),
        "window_length == 0",
    ),
    "hidden_size below 1": (
        lambda: _fit(monthly_series(), hidden_size=0),
        "hidden_size == 0",
    ),
    "max_epochs below 1": (
        lambda: _fit(monthly_series(), max_epochs=-1),
        "max_epochs == -1",
    ),
    "batch_size below 1": (
        lambda: _fit(monthly_series(), batch_size=0),
        "batch_size == 0",
    ),
    "lr not positive": (lambda: _fit(monthly_series(), lr=0.0), "lr == 0.0"),
    "lr not a number": (
        lambda: _fit(monthly_series(), lr="fast"),
        "lr must be an instance",
    ),
    "unknown device": (
        lambda: _fit(monthly_series(), device="gpu7"),
        "device='gpu7' cannot",
    ),
    "empty data": (lambda: _fit(monthly_series(index=MONTHS[:0])), "0 time steps"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_bad_input_gets_a_clear_error_before_training(case):
    fit, match = case
    with pytest.raises((ValueError, TypeError), match=match):
        fit()


def _fitted(X, y, monkeypatch):
    monkeypatch.undo()  # training is allowed for the model to predict with
    return lstm_pipeline(3).fit(X, y)


@pytest.mark.parametrize(
    "change, match",
    [
        (
            lambda X: X.assign(extra=1.0),
            "Feature names unseen at fit time:\n- extra",
        ),
        (lambda X: X.rename(columns={"v": "w"}), "feature names should match"),
        (lambda X: X.to_numpy().ravel()[:, None].repeat(2, axis=1), "X has 2 features"),
    ],
    ids=["extra column", "renamed column", "array of another width"],
)
@pytest.mark.filterwarnings("ignore:X does not have valid feature names")
def test_other_features_at_predict_are_refused(change, match, monkeypatch):
    X, y = make_supervised(monthly_series())
    model = _fitted(X, y, monkeypatch)
    with pytest.raises(ValueError, match=match):
        model.predict(change(X))


def test_lists_and_tuples_are_fine(monkeypatch):
    monkeypatch.undo()
    rows = [[float(value)] for value in range(10)]
    model = lstm_pipeline(3).fit(rows, list(range(1, 11)))
    assert model.predict(tuple(map(tuple, rows))).shape == (10,)


def test_time_zone_aware_index_carries_over_where_it_continues():
    hours = pd.date_range("2021-03-28", periods=12, freq="h", tz="Europe/Paris")
    series = pd.Series(np.arange(12.0), index=hours)  # crosses the DST change
    window = SlidingWindow(3).fit(series.iloc[:6])
    assert window.transform(series.iloc[6:])[0, :, 0].tolist() == [4.0, 5.0, 6.0]
    # The same instants written in UTC continue it too; wall-clock times
    # without a time zone cannot be placed, and get padding.
    in_utc = series.iloc[6:].tz_convert("UTC")
    assert window.transform(in_utc)[0, :, 0].tolist() == [4.0, 5.0, 6.0]
    naive = series.iloc[6:].tz_localize(None)
    with pytest.warns(PaddingWarning, match="of another kind"):
        assert np.isnan(window.transform(naive)[0, :2, 0]).all()


REFUSED_PARAMETERS = {
    "lr inf": ({"lr": float("inf")}, "lr must be a finite number"),
    "dropout NaN": ({"dropout": float("nan")}, "dropout must be a finite number"),
    "tol NaN": ({"tol": float("nan"), "early_stopping": True}, "tol must be a finite"),
    "validation_fraction NaN": (
        {"validation_fraction": float("nan"), "early_stopping": True},
        "validation_fraction must be a finite",
    ),
    "device None": ({"device": None}, "device=None cannot be used"),
    "device meta": ({"device": "meta"}, "device='meta' cannot be used"),
    "callbacks a string": ({"callbacks": "abc"}, "callbacks must be None or a list"),
    "callbacks of ints": ({"callbacks": [1]}, "callbacks must be None or a list"),
}


@pytest.mark.parametrize(
    "params, match", REFUSED_PARAMETERS.values(), ids=list(REFUSED_PARAMETERS)
)
def test_parameters_out_of_their_domain_are_refused(params, match):
    with pytest.raises((ValueError, TypeError), match=match):
        _fit(monthly_series(), **params)


@pytest.mark.parametrize(
    "X, y, match",
    [
        (np.full((30, 5, 1), 1e200), np.ones(30), "X holds values too large"),
        (np.random.RandomState(0).rand(30, 5, 1), np.full(30, 1e200), "y holds values"),
    ],
)
def test_values_too_large_to_standardise_are_refused(X, y, match):
    X = X + np.arange(30)[:, None, None]  # not constant
    with pytest.raises(ValueError, match=match):
        LSTMForecaster(max_epochs=2).fit(X, y * np.linspace(1, 2, 30))


def test_numpy_dates_are_refused():
    with pytest.raises(ValueError, match="dates or time spans"):
        SlidingWindow(1).fit(
            np.array(["2020-01-01", "2020-01-05"], dtype="datetime64[D]")
        )


@pytest.mark.parametrize(
    "feature_range", [(0, np.inf), (np.nan, 1), (0, 1, 2), (1, 1), "01"]
)
def test_scaler_feature_range_must_be_two_increasing_finite_numbers(feature_range):
    with pytest.raises(ValueError, match="feature_range must be two finite numbers"):
        MinMaxScaler(feature_range=feature_range).fit(np.arange(3.0))


def test_scaler_range_too_wide_for_floats_is_refused():
    with pytest.raises(ValueError, match="range too wide"):
        MinMaxScaler().fit(np.array([-1e308, 0.0, 1e308]))


def test_forecast_needs_a_model():
    from sklstm import forecast

    with pytest.raises(TypeError, match="model must be a fitted estimator"):
        forecast(None, monthly_series())
