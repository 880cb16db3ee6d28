"""Grid searches on a Dask cluster, through joblib's dask backend."""

import numpy as np
import pytest
from _builders import lstm_pipeline
from numpy.testing import assert_array_equal
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

from sklstm import predict_with_history

distributed = pytest.importorskip("distributed")
joblib = pytest.importorskip("joblib")


def _search():
    return GridSearchCV(
        lstm_pipeline(6),
        {"slidingwindow__window_length": [3, 6], "lstmforecaster__hidden_size": [4, 8]},
        cv=TimeSeriesSplit(n_splits=3),
        scoring="neg_mean_absolute_error",
    )


@pytest.mark.slow
def test_grid_search_runs_on_a_dask_cluster(airline):
    X, y = airline
    serial = _search().fit(X, y)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        with distributed.get_task_stream(client) as stream:
            with joblib.parallel_backend("dask"):
                on_dask = _search().fit(X, y)
        workers = {task["worker"] for task in stream.data}
    assert len(workers) == 2  # both workers trained candidates
    assert_array_equal(
        on_dask.cv_results_["mean_test_score"], serial.cv_results_["mean_test_score"]
    )
    assert on_dask.best_params_ == serial.best_params_
    assert np.isfinite(predict_with_history(on_dask, X.iloc[-5:], X.iloc[:-5])).all()
