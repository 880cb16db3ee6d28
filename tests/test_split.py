"""PanelTimeSeriesSplit: time series folds over many series at once."""

import numpy as np
import pytest
from _builders import PANEL_LENGTHS, make_panel
from numpy.testing import assert_array_equal

from sklstm import PanelTimeSeriesSplit


def test_panel_split_folds_by_time_for_every_series():
    panel = make_panel()
    months = panel.index.get_level_values("month")
    folds = list(PanelTimeSeriesSplit(n_splits=3, gap=1).split(panel))
    assert len(folds) == 3
    for train, test in folds:
        assert months[train].max() + 2 == months[test].min()  # gap of one month
        assert_array_equal(np.sort(months[test]), months[test])  # time order
        for name in PANEL_LENGTHS:  # every series is tested on the same months
            in_test = months[test][panel.index.get_level_values("id")[test] == name]
            assert set(in_test) <= set(months[test])
    assert set(months[folds[-1][1]].astype(str)) >= {"2010-12"}


def test_panel_split_needs_a_time_index_and_enough_time_labels():
    with pytest.raises(ValueError, match="time index"):
        next(PanelTimeSeriesSplit().split(np.zeros((10, 1))))
    with pytest.raises(ValueError, match="at least 61 distinct time labels; X has 60"):
        next(PanelTimeSeriesSplit(n_splits=60).split(make_panel()))


@pytest.mark.parametrize(
    "params, match",
    [
        ({"max_train_size": -1}, "max_train_size == -1"),
        ({"test_size": 0}, "test_size == 0"),
        ({"gap": -1}, "gap == -1"),
    ],
)
def test_panel_split_refuses_bad_sizes(params, match):
    with pytest.raises(ValueError, match=match):
        next(PanelTimeSeriesSplit(3, **params).split(make_panel()))
