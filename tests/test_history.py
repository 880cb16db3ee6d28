"""A forecast depends on the data, never on how its rows were grouped or typed.

Each silent loss a new user met (issue: history, gaps and target units) is a
case here: either the right value, or a warning or an error with the fix.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from _builders import FAST, lstm_pipeline
from numpy.testing import assert_allclose
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.metrics import mean_absolute_percentage_error
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    PaddingWarning,
    RecursiveForecaster,
    SlidingWindow,
    forecast,
    make_supervised,
    predict_with_history,
)
from sklstm.datasets import load_airline


@pytest.fixture(scope="module")
def airline_model():
    X, y = make_supervised(load_airline())
    model = lstm_pipeline(12, max_epochs=30).fit(X[:-24], y[:-24])
    return model, X, y


# numpy rows for a model fitted on a DataFrame: scikit-learn's notice.
@pytest.mark.filterwarnings("ignore:X does not have valid feature names:UserWarning")
def test_one_block_one_at_a_time_and_numpy_give_the_same_forecasts(airline_model):
    model, X, y = airline_model
    in_one_block = model.predict(X[-24:])
    n = len(X)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PaddingWarning)
        one_at_a_time = np.concatenate(
            [predict_with_history(model, X[t : t + 1], X[:t]) for t in range(n - 24, n)]
        )
        numpy_rows = predict_with_history(model, X[-24:].to_numpy(), X[:-24].to_numpy())
    assert_allclose(one_at_a_time, in_one_block, rtol=1e-6)
    assert_allclose(numpy_rows, in_one_block, rtol=1e-6)
    assert_allclose(
        mean_absolute_percentage_error(y[-24:], numpy_rows),
        mean_absolute_percentage_error(y[-24:], in_one_block),
        atol=1e-3,
    )


# numpy rows for a model fitted on a DataFrame: scikit-learn's notice.
@pytest.mark.filterwarnings("ignore:X does not have valid feature names:UserWarning")
def test_rows_without_their_history_warn_with_the_fix(airline_model):
    model, X, y = airline_model
    for rows in (X[-23:-22], X[-24:].to_numpy(), X[-12:]):
        with pytest.warns(PaddingWarning, match="predict_with_history"):
            model.predict(rows)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PaddingWarning)
        model.predict(X[-24:])  # continues the fitted data
        model.predict(X[:-24])  # the fitted data, from its start
        model.predict(X[:5])  # the start of the series


def test_an_empty_history_is_the_start_of_the_series(airline_model):
    model, X, _ = airline_model
    with warnings.catch_warnings():
        warnings.simplefilter("error", PaddingWarning)
        from_the_start = predict_with_history(model, X[:5], X[:0])
    assert_allclose(from_the_start, model.predict(X[:5]))


def test_too_short_history_warns(airline_model):
    model, X, y = airline_model
    with pytest.warns(PaddingWarning, match="predict_with_history.*shorter"):
        predict_with_history(model, X[-1:], X[-4:-1])
    series = load_airline()
    with pytest.warns(PaddingWarning, match="forecast.*shorter"):
        forecast(model, series[-5:])


def test_plain_grid_search_over_time_series_folds_raises_no_warning():
    X, y = make_supervised(load_airline())
    search = GridSearchCV(
        lstm_pipeline(6, max_epochs=2),
        {"slidingwindow__window_length": [3, 6]},
        cv=TimeSeriesSplit(n_splits=3),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        search.fit(X, y)


def test_forecast_refuses_numpy_and_names_the_index_it_cannot_read(airline_model):
    model, X, y = airline_model
    with pytest.raises(TypeError, match="pandas.*predict_with_history"):
        forecast(model, load_airline().to_numpy())
    years = pd.Series(np.arange(40.0), index=np.arange(1700.0, 1740.0), name="v")
    with pytest.raises(ValueError, match="Index of float64 \\(1700.0.*astype\\(int\\)"):
        make_supervised(years)


@pytest.mark.parametrize(
    "index, gap",
    [
        (pd.period_range("2000-01", periods=30, freq="M").delete(10), "2000-10"),
        (pd.date_range("2000-01-01", periods=30, freq="W-SAT").delete(5), "2000-01-29"),
        (pd.bdate_range("2021-01-04", periods=30).delete([7, 8]), "2021-01-12"),
    ],
    ids=["monthly", "weekly-dropna", "business-days-with-holidays"],
)
def test_gaps_in_the_time_index_are_refused_naming_the_first(index, gap):
    series = pd.Series(np.arange(len(index), dtype=float), index=index, name="v")
    with pytest.raises(ValueError, match=f"gap.*{gap}.*reset_index"):
        make_supervised(series)
    with pytest.raises(ValueError, match="gap"):
        SlidingWindow(3).fit(series)


def test_forecast_dates_do_not_depend_on_the_window_length():
    days = pd.bdate_range("2021-01-04", periods=40)
    series = pd.Series(np.sin(np.arange(40.0)), index=days, name="v")
    dates = []
    for window_length in (5, 12):
        model = make_pipeline(
            SlidingWindow(window_length), LSTMForecaster(**{**FAST, "max_epochs": 1})
        ).fit(*make_supervised(series, horizon=2))
        dates.append(list(forecast(model, series).index))
    assert dates[0] == dates[1] == list(pd.bdate_range(days[-1], periods=3)[1:])


def _exponential_series(n=156, seed=0):
    rng = np.random.RandomState(seed)
    t = np.arange(n)
    values = 100 * np.exp(0.01 * t) * (1 + 0.2 * np.sin(2 * np.pi * t / 12))
    values *= np.exp(0.02 * rng.randn(n))
    index = pd.period_range("2000-01", periods=n, freq="M")
    return pd.Series(values, index=index, name="v")


def test_a_log_target_beside_raw_windows_is_refused_with_the_recipe_that_works():
    series = _exponential_series()
    X, y = make_supervised(series)
    wrapped = TransformedTargetRegressor(
        lstm_pipeline(12), func=np.log, inverse_func=np.exp
    )
    with pytest.raises(ValueError, match="non-linear transform.*FunctionTransformer"):
        wrapped.fit(X[:-24], y[:-24])
    # The recipe: the target column in logs too, inside the pipeline ...
    recipe = TransformedTargetRegressor(
        make_pipeline(
            FunctionTransformer(np.log, np.exp),
            MinMaxScaler(),
            SlidingWindow(12),
            LSTMForecaster(**FAST),
        ),
        func=np.log,
        inverse_func=np.exp,
    ).fit(X[:-24], y[:-24])
    # ... is the same model as logging the whole series first.
    X_log, y_log = make_supervised(np.log(series))
    log_first = lstm_pipeline(12).fit(X_log[:-24], y_log[:-24])
    assert_allclose(
        recipe.predict(X[-24:]), np.exp(log_first.predict(X_log[-24:])), rtol=1e-5
    )


def test_a_log_target_around_recursion_is_refused():
    X, y = make_supervised(_exponential_series())
    wrapped = TransformedTargetRegressor(
        RecursiveForecaster(lstm_pipeline(12), horizon=3),
        func=np.log,
        inverse_func=np.exp,
    )
    with pytest.raises(ValueError, match="feeds each forecast back.*np.log"):
        wrapped.fit(X, y)


def test_a_target_moved_by_a_column_transformer_is_refused_naming_it():
    series = _exponential_series()
    data = series.to_frame().assign(
        month=series.index.month.astype(float), noise=np.cos(np.arange(len(series)))
    )
    X, y = make_supervised(data, target="v")
    scale_month = ColumnTransformer(
        [("month", StandardScaler(), ["month"])], remainder="passthrough"
    ).set_output(transform="pandas")
    model = make_pipeline(scale_month, SlidingWindow(12), LSTMForecaster(**FAST))
    with pytest.raises(ValueError, match="feature 1 .*target_feature=1"):
        model.fit(X, y)
    model.set_params(lstmforecaster__target_feature=1).fit(X, y)


def test_forecast_of_a_direct_model_from_too_short_data_warns():
    # make_supervised(..., horizon=6) leaves the last 6 rows out of the fit:
    # data starting after them is not a TimeSeriesSplit gap fold here.
    series = load_airline()
    model = lstm_pipeline(12, max_epochs=2).fit(*make_supervised(series, horizon=6))
    with pytest.warns(PaddingWarning, match="forecast\\(\\): .*1 of the rows"):
        forecast(model, series[-5:])
    with warnings.catch_warnings():
        warnings.simplefilter("error", PaddingWarning)
        forecast(model, series)


def test_a_reset_or_foreign_index_warns_and_is_named(airline_model):
    model, X, y = airline_model
    with pytest.warns(PaddingWarning, match="another kind"):
        model.predict(X[-24:].reset_index(drop=True))
    X_steps, y_steps = X.reset_index(drop=True), y.reset_index(drop=True)
    by_step = lstm_pipeline(12, max_epochs=2).fit(X_steps[:-24], y_steps[:-24])
    with pytest.warns(PaddingWarning, match="index reset"):
        by_step.predict(X_steps[-24:].reset_index(drop=True))
    with pytest.raises(ValueError, match="must start after its history ends"):
        predict_with_history(
            by_step, X_steps[-24:].reset_index(drop=True), X_steps[:-24]
        )


@pytest.mark.parametrize(
    "index, between, fix",
    [
        (
            pd.date_range("2020-01-31", periods=30, freq="ME").delete(5),
            "2020-05-31 and 2020-07-31",
            'asfreq\\("ME"\\)',
        ),
        (
            pd.date_range("2000-01-01", periods=30, freq="W-SAT").delete(5),
            "2000-01-29 and 2000-02-12",
            'asfreq\\("W-SAT"\\)',
        ),
    ],
)
def test_gaps_in_dates_without_a_frequency_name_the_gap_and_the_frequency(
    index, between, fix
):
    series = pd.Series(np.arange(len(index), dtype=float), index=index, name="v")
    with pytest.raises(ValueError, match=f"missing between {between}.*{fix}"):
        make_supervised(series)


def test_a_target_of_its_own_or_with_noise_is_not_refused():
    X, y = make_supervised(load_airline())
    noisy = y + np.random.RandomState(0).normal(0, 0.5, len(y))
    lstm_pipeline(12, max_epochs=1).fit(X, noisy)
    # Another variable that rises with the target: its own y, not a transform.
    t = np.arange(len(X), dtype=float)
    other = pd.Series(np.exp(t / 60) + np.sin(t), index=y.index)
    lstm_pipeline(12, max_epochs=1).fit(X, other)


def test_a_target_of_two_values_is_not_told_from_another_feature():
    # Constant windows but for one step: the targets take two values, which
    # any two-valued feature maps to affinely; nothing can be told from them.
    X = np.full((20, 2, 2), 30.8)
    X[10, 1, 0] = 0.0
    y = X[:, -1, 0] + 1.0
    LSTMForecaster(**{**FAST, "max_epochs": 2}).fit(X, y)
