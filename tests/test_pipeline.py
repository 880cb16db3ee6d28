"""The estimators inside scikit-learn's tools: pipelines, search, cross-validation."""

import pickle

import numpy as np
import pandas as pd
import pytest
from _builders import lstm_pipeline
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import BaseEstimator, RegressorMixin, clone
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit, cross_validate
from sklearn.pipeline import make_pipeline

from sklstm import MinMaxScaler, SlidingWindow, make_supervised
from sklstm.datasets import load_airline


def test_clone_gives_an_unfitted_copy_with_the_same_parameters(airline):
    pipeline = lstm_pipeline(hidden_size=4).fit(*airline)
    copy = clone(pipeline)
    assert copy.get_params()["lstmforecaster__hidden_size"] == 4
    assert not hasattr(copy[-1], "net_")
    assert hasattr(pipeline[-1], "net_")


def test_pickle_round_trip_of_a_fittedlstm_pipeline(airline):
    X, y = airline
    pipeline = lstm_pipeline().fit(X.iloc[:100], y.iloc[:100])
    restored = pickle.loads(pickle.dumps(pipeline))
    assert_array_equal(restored.predict(X.iloc[100:]), pipeline.predict(X.iloc[100:]))


def test_grid_search_over_time_series_folds_on_the_airline_data(airline):
    X, y = airline
    grid = {
        "slidingwindow__window_length": [3, 12],
        "lstmforecaster__hidden_size": [4, 8],
    }
    search = GridSearchCV(
        lstm_pipeline(),
        grid,
        cv=TimeSeriesSplit(n_splits=3),
        scoring="neg_mean_absolute_percentage_error",
    )
    search.fit(X.iloc[:-24], y.iloc[:-24])
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.best_params_["slidingwindow__window_length"] in (3, 12)
    assert (
        search.best_estimator_[1].window_length
        == search.best_params_["slidingwindow__window_length"]
    )
    forecast = search.predict(X.iloc[-24:])
    assert forecast.shape == (24,) and np.isfinite(forecast).all()


def test_cross_validate_in_two_processes_gives_the_same_scores(airline):
    X, y = airline
    cv = TimeSeriesSplit(n_splits=3)
    serial = cross_validate(lstm_pipeline(), X, y, cv=cv, scoring="r2")
    parallel = cross_validate(lstm_pipeline(), X, y, cv=cv, scoring="r2", n_jobs=2)
    assert_array_equal(parallel["test_score"], serial["test_score"])


class _Recorder(RegressorMixin, BaseEstimator):
    """Keeps the windows it is given, to see what each fold could see."""

    def fit(self, X, y):
        self.fit_windows_ = np.array(X)
        return self

    def predict(self, X):
        self.predict_windows_ = np.array(X)
        return np.zeros(len(X))


def test_no_fold_sees_its_future():
    # A linear trend whose value is its time step: any value larger than a
    # row's own time in that row's window would be the future leaking in.
    index = pd.period_range("2000-01", periods=60, freq="M")
    X, y = make_supervised(pd.Series(np.arange(60.0), index=index, name="v"))
    window_length = 5
    pipeline = make_pipeline(MinMaxScaler(), SlidingWindow(window_length), _Recorder())
    result = cross_validate(
        pipeline,
        X,
        y,
        cv=TimeSeriesSplit(n_splits=4),
        return_estimator=True,
        return_indices=True,
    )
    folds = zip(
        result["estimator"], result["indices"]["train"], result["indices"]["test"]
    )
    for fitted, train, test in folds:
        scaler, window, recorder = fitted.named_steps.values()
        # The scaler learned from the training rows alone...
        assert scaler.data_min_[0] == train[0] and scaler.data_max_[0] == train[-1]
        # ...and the window remembered only their last rows.
        assert_allclose(
            scaler.inverse_transform(window.last_rows_)[:, 0],
            train[-(window_length - 1) :],
        )
        for rows, windows in [
            (train, recorder.fit_windows_),
            (test, recorder.predict_windows_),
        ]:
            values = scaler.inverse_transform(windows)[:, :, 0]
            assert_allclose(values[:, -1], rows)  # each window ends at its row
            assert (np.nan_to_num(values, nan=-1) <= rows[:, None] + 1e-9).all()
        # Test windows are complete: carried over from the training rows.
        test_values = scaler.inverse_transform(recorder.predict_windows_)[:, :, 0]
        assert_allclose(
            test_values[0], np.arange(test[0] - window_length + 1, test[0] + 1)
        )


@pytest.mark.parametrize("horizon", [1, 3])
@pytest.mark.parametrize("window_length", [1, 4])
def test_window_of_row_t_ends_at_t_and_y_is_t_plus_horizon(horizon, window_length):
    X, y = make_supervised(pd.Series(np.arange(30.0)), horizon=horizon)
    windows = SlidingWindow(window_length=window_length).fit_transform(X)
    t = np.arange(len(X))
    assert_array_equal(windows[:, -1, 0], t)
    targets = y.to_numpy().reshape(len(y), horizon)
    assert_array_equal(targets, t[:, None] + np.arange(1, horizon + 1))


def test_multi_step_pipeline_forecasts_every_step(airline):
    X, y = make_supervised(load_airline(), horizon=3)
    pipeline = lstm_pipeline().fit(X.iloc[:100], y.iloc[:100])
    assert pipeline.predict(X.iloc[100:]).shape == (len(X) - 100, 3)


def test_grid_search_with_early_stopping_over_five_time_series_folds(airline):
    X, y = airline
    pipeline = lstm_pipeline(max_epochs=30, early_stopping=True, n_iter_no_change=2)
    search = GridSearchCV(
        pipeline,
        {"lstmforecaster__validation_fraction": [0.1, 0.2]},
        cv=TimeSeriesSplit(n_splits=5),
        scoring="neg_mean_absolute_percentage_error",
    ).fit(X, y)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    final = search.best_estimator_[-1]
    n_valid = len(final.validation_indices_)
    assert_array_equal(final.validation_indices_, np.arange(len(X) - n_valid, len(X)))
    assert "valid_loss" in final.history_[-1]
