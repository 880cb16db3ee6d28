"""scikit-learn's own estimator checks, on cheap instances of the estimators."""

import pytest
from _builders import FAST
from sklearn.utils.estimator_checks import (
    check_dataframe_column_names_consistency,
    check_global_output_transform_pandas,
    check_set_output_transform,
    check_set_output_transform_pandas,
    check_transformer_get_feature_names_out,
    parametrize_with_checks,
)

from sklstm import LSTMForecaster, MinMaxScaler, SlidingWindow

ONE_D_IS_A_SERIES = (
    "by design, 1-D input is one time series (a single feature), as for "
    "pandas.Series; the check expects 1-D X to be refused"
)
WINDOWS_DEPEND_ON_ORDER = (
    "row t of the output holds rows t-window_length+1 .. t of the input: a "
    "sliding window depends on the order of the rows and on the rows before, "
    "so it cannot be invariant to reordering or to transforming rows one by one"
)


def _expected_failures(estimator):
    if isinstance(estimator, MinMaxScaler):
        return {"check_fit1d": ONE_D_IS_A_SERIES}
    if isinstance(estimator, SlidingWindow):
        return {
            "check_fit1d": ONE_D_IS_A_SERIES,
            "check_methods_sample_order_invariance": WINDOWS_DEPEND_ON_ORDER,
            "check_methods_subset_invariance": WINDOWS_DEPEND_ON_ORDER,
        }
    if isinstance(estimator, LSTMForecaster):
        return {
            "check_estimators_nan_inf": (
                "the check puts NaN in the first step of the first row; for a "
                "2-D X, read as univariate windows, that is leading padding, "
                "which LSTMForecaster accepts by design (SlidingWindow writes "
                "it). NaN anywhere else, and inf, are refused: see "
                "tests/test_forecaster.py"
            )
        }
    return {}


ESTIMATORS = [
    MinMaxScaler(),
    SlidingWindow(window_length=3),
    # check_regressors_train wants a score above 0.5 on rows that are no
    # series (make_regression): more training than FAST.
    LSTMForecaster(**{**FAST, "max_epochs": 100, "batch_size": 16}),
]


# scikit-learn's checks transform arrays without history, whose windows are
# padded by design; SlidingWindow says so with a PaddingWarning.
@pytest.mark.filterwarnings("ignore::sklstm.PaddingWarning")
@parametrize_with_checks(ESTIMATORS, expected_failed_checks=_expected_failures)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_dataframe_column_names_consistency(estimator):
    check_dataframe_column_names_consistency(type(estimator).__name__, estimator)


def test_transformer_get_feature_names_out():
    check_transformer_get_feature_names_out("MinMaxScaler", MinMaxScaler())


@pytest.mark.parametrize(
    "check",
    [
        check_set_output_transform,
        check_set_output_transform_pandas,
        check_global_output_transform_pandas,
    ],
)
@pytest.mark.filterwarnings("ignore:X (does not have|has) (valid )?feature names")
def test_set_output(check):
    # SlidingWindow has no set_output: its 3-D windows have no DataFrame form.
    check("MinMaxScaler", MinMaxScaler())
