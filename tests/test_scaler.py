import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.preprocessing import MinMaxScaler as SklearnMinMaxScaler

from sklstm import MinMaxScaler

RNG = np.random.RandomState(0)


@pytest.mark.parametrize("feature_range", [(0, 1), (-1, 1), (2, 5)])
def test_two_dimensional_input_matches_scikit_learn(feature_range):
    X = RNG.uniform(-3, 7, size=(20, 3))
    expected = SklearnMinMaxScaler(feature_range=feature_range).fit(X)
    scaler = MinMaxScaler(feature_range=feature_range).fit(X)
    assert_allclose(scaler.transform(X), expected.transform(X))
    assert_allclose(scaler.data_min_, X.min(axis=0))
    assert_allclose(scaler.data_max_, X.max(axis=0))
    assert_allclose(scaler.scale_, expected.scale_)
    assert_allclose(scaler.min_, expected.min_)
    assert_allclose(scaler.data_range_, expected.data_range_)


def test_one_dimensional_input_is_one_feature():
    X = np.array([2.0, 4.0, 6.0])
    scaler = MinMaxScaler().fit(X)
    assert scaler.n_features_in_ == 1
    assert_allclose(scaler.transform(X), [0.0, 0.5, 1.0])
    assert scaler.transform(X).shape == (3,)


def test_three_dimensional_statistics_are_pooled_over_samples_and_steps():
    windows = RNG.uniform(size=(6, 4, 2)) * [1.0, 100.0]
    scaler = MinMaxScaler().fit(windows)
    assert scaler.n_features_in_ == 2
    assert_allclose(scaler.data_min_, windows.min(axis=(0, 1)))
    assert_allclose(scaler.data_max_, windows.max(axis=(0, 1)))
    scaled = scaler.transform(windows)
    assert scaled.shape == windows.shape
    assert_allclose(scaled.min(axis=(0, 1)), [0.0, 0.0])
    assert_allclose(scaled.max(axis=(0, 1)), [1.0, 1.0])
    # The same as scaling the rows of every window as one long series.
    flat = SklearnMinMaxScaler().fit_transform(windows.reshape(-1, 2))
    assert_allclose(scaled, flat.reshape(windows.shape))


@pytest.mark.parametrize("shape", [(10,), (10, 3), (5, 4, 3)])
def test_inverse_transform_restores_the_data(shape):
    X = RNG.normal(size=shape) * 1000
    scaler = MinMaxScaler(feature_range=(-2, 3)).fit(X)
    assert_allclose(scaler.inverse_transform(scaler.transform(X)), X, rtol=1e-12)


def test_nan_is_ignored_in_fit_and_kept_in_transform():
    X = np.array([[1.0, np.nan], [3.0, 10.0], [np.nan, 20.0], [5.0, 30.0]])
    scaler = MinMaxScaler().fit(X)
    assert_allclose(scaler.data_min_, [1.0, 10.0])
    scaled = scaler.transform(X)
    assert_array_equal(np.isnan(scaled), np.isnan(X))
    assert_allclose(scaled[1], [0.5, 0.0])
    assert_array_equal(np.isnan(scaler.inverse_transform(scaled)), np.isnan(X))


def test_constant_feature_does_not_divide_by_zero():
    X = np.array([[4.0, 1.0], [4.0, 2.0], [4.0, 3.0]])
    scaled = MinMaxScaler(feature_range=(-1, 1)).fit_transform(X)
    assert np.isfinite(scaled).all()
    assert_allclose(scaled[:, 0], [-1.0, -1.0, -1.0])


def test_clip_keeps_held_out_data_in_range():
    scaler = MinMaxScaler(clip=True).fit(np.array([0.0, 10.0]))
    assert_allclose(scaler.transform(np.array([-5.0, 5.0, 20.0])), [0.0, 0.5, 1.0])
    unclipped = MinMaxScaler().fit(np.array([0.0, 10.0]))
    assert_allclose(unclipped.transform(np.array([-5.0, 20.0])), [-0.5, 2.0])


def test_pandas_in_pandas_out():
    index = pd.period_range("2001-01", periods=4, freq="M")
    frame = pd.DataFrame({"a": [1.0, 2.0, 3.0, 5.0], "b": [0.0, 1, 2, 4]}, index)
    scaled = MinMaxScaler().fit_transform(frame)
    assert isinstance(scaled, pd.DataFrame)
    assert scaled.index.equals(index)
    assert list(scaled.columns) == ["a", "b"]
    assert_allclose(scaled["a"], [0.0, 0.25, 0.5, 1.0])

    series = frame["a"]
    scaler = MinMaxScaler().fit(series)
    assert_array_equal(scaler.feature_names_in_, ["a"])
    scaled_series = scaler.transform(series)
    assert isinstance(scaled_series, pd.Series)
    assert scaled_series.name == "a" and scaled_series.index.equals(index)
    restored = scaler.inverse_transform(scaled_series)
    assert isinstance(restored, pd.Series)
    assert_allclose(restored, series)


def test_set_output_pandas_turns_arrays_into_frames():
    scaler = MinMaxScaler().set_output(transform="pandas")
    scaled = scaler.fit_transform(np.array([[1.0, 2.0], [3.0, 4.0]]))
    assert isinstance(scaled, pd.DataFrame)
    assert list(scaled.columns) == ["x0", "x1"]


def test_float32_is_preserved():
    X = RNG.uniform(size=(5, 2)).astype(np.float32)
    assert MinMaxScaler().fit_transform(X).dtype == np.float32
    assert MinMaxScaler().fit_transform(X[:, None, :]).dtype == np.float32


def test_four_dimensional_input_is_refused_with_its_shape():
    with pytest.raises(ValueError, match=r"shape \(2, 3, 4, 1\).*4 dimensions"):
        MinMaxScaler().fit(np.zeros((2, 3, 4, 1)))


def test_a_different_number_of_features_is_refused():
    scaler = MinMaxScaler().fit(np.zeros((4, 2, 3)))
    with pytest.raises(ValueError, match="X has 2 features.*expecting 3"):
        scaler.transform(np.zeros((4, 2, 2)))
    with pytest.raises(ValueError, match="1-D.*expecting 3.*Reshape"):
        scaler.transform(np.zeros(4))


@pytest.mark.parametrize(
    "X, match",
    [
        (np.zeros((0, 2)), "0 sample"),
        (np.array([[1.0, np.inf]]), r"infinite value \(inf\) at row 0, column 1"),
        (np.array([["a", "b"]], dtype=object), "could not convert"),
    ],
    ids=["empty", "inf", "strings"],
)
def test_bad_input_is_refused(X, match):
    with pytest.raises(ValueError, match=match):
        MinMaxScaler().fit(X)


def test_decreasing_feature_range_is_refused():
    with pytest.raises(ValueError, match="feature_range must be two finite"):
        MinMaxScaler(feature_range=(1, 0)).fit(np.arange(3.0))


def test_failed_refit_keeps_the_fitted_scaler():
    scaler = MinMaxScaler().fit(np.array([[0.0], [2.0]]))
    with pytest.raises(ValueError):
        scaler.fit(np.zeros((3, 2, 2, 2)))
    assert scaler.n_features_in_ == 1
    assert_allclose(scaler.transform(np.array([1.0])), [0.5])


def test_windows_stay_arrays_under_the_global_pandas_output():
    from sklearn import config_context

    windows = np.arange(12.0).reshape(3, 2, 2)
    with config_context(transform_output="pandas"):
        scaled = MinMaxScaler().fit_transform(windows)
        assert isinstance(scaled, np.ndarray) and scaled.shape == (3, 2, 2)
        assert isinstance(MinMaxScaler().fit_transform(windows[:, 0]), pd.DataFrame)
    assert_allclose(scaled, MinMaxScaler().fit_transform(windows))
    scaler = MinMaxScaler().set_output(transform="pandas")
    with pytest.raises(
        ValueError, match=r"cannot wrap 3-D windows \(shape \(3, 2, 2\)\)"
    ):
        scaler.fit_transform(windows)
