"""PanelTimeSeriesSplit: TimeSeriesSplit over the time labels of a panel."""

import numpy as np
import pandas as pd
from sklearn.model_selection import BaseCrossValidator, TimeSeriesSplit

from ._timeindex import is_time_index, time_labels
from ._validation import check_count


class PanelTimeSeriesSplit(BaseCrossValidator):
    """Time-ordered folds over the time labels of one series or of a panel.

    :class:`~sklearn.model_selection.TimeSeriesSplit` splits rows by their
    position, which is time only when the rows hold one series. This splitter
    splits the distinct time labels of ``X``'s index instead, with
    ``TimeSeriesSplit``'s rules, and puts every row whose time is in the
    training (test) times into the training (test) fold. For a panel, indexed
    by a :class:`pandas.MultiIndex` whose last level is the time, every series
    then trains on the same past and is tested on the same future, whatever
    its length; series that start late simply have fewer training rows.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds. Must be at least 2.
    max_train_size : int, default=None
        Maximum number of time labels (not rows) in a training fold.
    test_size : int, default=None
        Number of time labels in each test fold; by default
        ``n_times // (n_splits + 1)``.
    gap : int, default=0
        Number of time labels left out between each training fold and its
        test fold. For targets ``h`` steps ahead, ``gap=h-1`` keeps the
        training targets out of the test fold's time.

    See Also
    --------
    sklearn.model_selection.TimeSeriesSplit : The same folds over row positions.

    Notes
    -----
    The indices of each fold are sorted by time (rows of one time label in
    their order in ``X``), so that the fold's rows are in time order, which
    early stopping in :class:`LSTMForecaster` relies on to hold out the
    latest rows.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from sklstm import PanelTimeSeriesSplit
    >>> index = pd.MultiIndex.from_tuples(
    ...     [("a", 1), ("a", 2), ("a", 3), ("a", 4), ("b", 3), ("b", 4)],
    ...     names=["series", "time"])
    >>> X = pd.DataFrame({"value": np.arange(6.0)}, index=index)
    >>> for train, test in PanelTimeSeriesSplit(n_splits=2).split(X):
    ...     print(X.index[train].tolist(), "->", X.index[test].tolist())
    [('a', 1), ('a', 2)] -> [('a', 3), ('b', 3)]
    [('a', 1), ('a', 2), ('a', 3), ('b', 3)] -> [('a', 4), ('b', 4)]
    """

    def __init__(self, n_splits=5, *, max_train_size=None, test_size=None, gap=0):
        self.n_splits = n_splits
        self.max_train_size = max_train_size
        self.test_size = test_size
        self.gap = gap

    def split(self, X, y=None, groups=None):
        """Generate indices to split ``X`` into training and test folds.

        Parameters
        ----------
        X : pandas.DataFrame or pandas.Series
            Data with a time index (dates, periods or integers), or a panel's
            MultiIndex whose last level is the time.
        y : None
            Ignored.
        groups : None
            Ignored.

        Yields
        ------
        train : ndarray of shape (n_train_rows,)
            Positions of the training rows, sorted by time.
        test : ndarray of shape (n_test_rows,)
            Positions of the test rows, sorted by time.

        Raises
        ------
        ValueError
            If ``X`` has no time index, or too few time labels for the folds.
        """
        index = getattr(X, "index", None)
        if index is None or not is_time_index(index):
            raise ValueError(
                "PanelTimeSeriesSplit splits by the time labels of X's index, "
                "so X must be a DataFrame or Series with a time index (dates, "
                "periods, integers, or a MultiIndex whose last level is the "
                f"time); got {type(X).__name__}"
                + (f" indexed by {type(index).__name__}." if index is not None else ".")
                + " For plain arrays use sklearn's TimeSeriesSplit."
            )
        codes, unique_times = pd.factorize(time_labels(index), sort=True)
        order = np.lexsort((np.arange(len(codes)), codes))  # by time, then row
        splitter = self._time_splitter()
        n_folds = splitter.n_splits + 1
        test_size = self.test_size or len(unique_times) // n_folds
        needed = test_size * splitter.n_splits + splitter.gap + 1
        if not test_size or len(unique_times) < needed:
            raise ValueError(
                f"PanelTimeSeriesSplit(n_splits={splitter.n_splits}, gap="
                f"{splitter.gap}, test_size={self.test_size}) needs at least "
                f"{max(needed, n_folds)} distinct time labels; X has "
                f"{len(unique_times)}."
            )
        for train_times, test_times in splitter.split(unique_times):
            yield (
                order[np.isin(codes[order], train_times)],
                order[np.isin(codes[order], test_times)],
            )

    def get_n_splits(self, X=None, y=None, groups=None):
        """Return the number of folds, ``n_splits``.

        Parameters
        ----------
        X, y, groups : object
            Ignored.

        Returns
        -------
        n_splits : int
            The number of folds.
        """
        return check_count(self.n_splits, "n_splits", min_val=2)

    def _time_splitter(self):
        sizes = {
            name: None if value is None else check_count(value, name)
            for name, value in [
                ("max_train_size", self.max_train_size),
                ("test_size", self.test_size),
            ]
        }
        return TimeSeriesSplit(
            n_splits=self.get_n_splits(),
            gap=check_count(self.gap, "gap", min_val=0),
            **sizes,
        )
