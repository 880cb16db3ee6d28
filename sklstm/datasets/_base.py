"""Loaders for the data sets shipped inside the package."""

from importlib import resources

import pandas as pd


def load_airline():
    """Load the monthly totals of international airline passengers, 1949-1960.

    The classic "airline" series: 144 monthly totals, in thousands of
    passengers, from January 1949 to December 1960. It has an upward trend and
    a yearly seasonality whose amplitude grows with the level of the series.

    Returns
    -------
    y : pandas.Series of shape (144,)
        The totals, as float64, named ``"Passengers"`` and indexed by a
        monthly :class:`pandas.PeriodIndex` (``freq="M"``) named ``"Month"``,
        running from ``1949-01`` to ``1960-12``.

    Notes
    -----
    Source: G. E. P. Box and G. M. Jenkins, *Time Series Analysis:
    Forecasting and Control*, Holden-Day, 1976, Series G (originally from
    Brown, *Smoothing, Forecasting and Prediction of Discrete Time Series*,
    1963). Public domain; the same 144 numbers as R's ``AirPassengers``.

    Examples
    --------
    >>> from sklstm.datasets import load_airline
    >>> y = load_airline()
    >>> y.index[[0, -1]]
    PeriodIndex(['1949-01', '1960-12'], dtype='period[M]', name='Month')
    >>> y.head(3)
    Month
    1949-01    112.0
    1949-02    118.0
    1949-03    132.0
    Freq: M, Name: Passengers, dtype: float64
    """
    with resources.files(__package__).joinpath("data", "airline.csv").open() as f:
        frame = pd.read_csv(f, dtype={"Date": str, "Passengers": "float64"})
    index = pd.PeriodIndex(frame["Date"], freq="M", name="Month")
    return pd.Series(frame["Passengers"].to_numpy(), index=index, name="Passengers")


_TOURISM_HORIZON = 24  # months held out at the end of each series
_TOURISM_SPLITS = ("train", "test")


def load_tourism_monthly(*, split=None):
    """Load the 366 monthly series of the tourism forecasting competition.

    Monthly tourism numbers, 366 series supplied by tourism bodies and
    academics. Each series is 91 to 333 months long; its last 24 months are
    the competition's hold-out ("test") part, the forecast horizon, and the
    months before them its "train" part (67 to 309 months). Some values are 0,
    so percentage errors can be undefined: the competition ranked methods by
    the mean absolute scaled error (MASE).

    Parameters
    ----------
    split : {"train", "test"} or None, default=None
        Which part of each series to return: ``None`` for all of it,
        ``"train"`` for all but its last 24 months, ``"test"`` for its last
        24 months.

    Returns
    -------
    y : pandas.Series of shape (109280,), (100496,) or (8784,)
        The values, as float64, named ``"value"``, for ``split=None``,
        ``"train"`` and ``"test"`` respectively. A panel: indexed by a
        :class:`pandas.MultiIndex` with levels ``"series"`` (``"M1"`` ..
        ``"M366"``, in that order) and ``"step"`` (int64: the month, counted
        from the first test month of its series: the test months are steps
        ``0 .. 23`` of every series, its training months ``-n_train .. -1``).
        Rows run series by series, in time order within each.

    Raises
    ------
    ValueError
        If ``split`` is not ``None``, ``"train"`` or ``"test"``.

    See Also
    --------
    load_airline : One monthly series.
    sklstm.make_supervised : Accepts this panel as it is.

    Notes
    -----
    The data come without dates, and the series began and ended in
    different years. The steps put every series' forecast origin at the same
    step, as for a panel observed up to one date: a global model's latest
    rows (those that ``LSTMForecaster(early_stopping=True)`` holds out) are
    then the latest months of every series, and :func:`sklstm.forecast` of
    the training part returns steps ``0 .. 23``, the test months' labels.

    Source: G. Athanasopoulos, R. J. Hyndman, H. Song and D. C. Wu, "The
    tourism forecasting competition", *International Journal of
    Forecasting* 27(3), 822-844, 2011, doi:10.1016/j.ijforecast.2010.04.009.
    The data were released with the paper
    (https://robjhyndman.com/publications/the-tourism-forecasting-competition/),
    used in the Kaggle competitions "Tourism Forecasting Part One/Two" that
    followed, and are redistributed in the R package Tcomp (P. Ellis, CRAN,
    GPL-3, wrapped with R. J. Hyndman's permission) and in the Monash Time
    Series Forecasting Archive (Godahewa et al., 2021; "tourism_monthly",
    Creative Commons Attribution 4.0, CC BY 4.0). The numbers shipped here
    are those of the released CSV file, month for month; they are
    redistributed under CC BY 4.0, with the attribution above. The original
    owners of the data (tourism bodies such as Tourism Australia, the Hong
    Kong Tourism Board and Tourism New Zealand, and academics) published no
    licence of their own.

    The paper's best method on the monthly series reached a mean MASE of
    1.38 (scaled by the in-sample mean absolute error of the seasonal naive
    forecast, lag 12); the seasonal naive forecast itself scores about 1.63.

    Examples
    --------
    >>> from sklstm import make_supervised
    >>> from sklstm.datasets import load_tourism_monthly
    >>> y = load_tourism_monthly()
    >>> y.index.names
    FrozenList(['series', 'step'])
    >>> y.groupby(level="series", sort=False).size().agg(["count", "min", "max"])
    count    366
    min       91
    max      333
    Name: value, dtype: int64
    >>> y.loc["M1"].head(3)
    step
    -163    1149.87
    -162    1053.80
    -161    1388.88
    Name: value, dtype: float64
    >>> train = load_tourism_monthly(split="train")
    >>> X, target = make_supervised(train, horizon=24)
    >>> X.shape, target.shape
    ((91712, 1), (91712, 24))
    """
    if not (split is None or (isinstance(split, str) and split in _TOURISM_SPLITS)):
        raise ValueError(f'split must be None, "train" or "test"; got {split!r}.')
    path = resources.files(__package__).joinpath("data", "tourism_monthly.csv.gz")
    with path.open("rb") as f:
        # The file holds the values series by series in time order: the step
        # of a row is its position within its series.
        frame = pd.read_csv(
            f, compression="gzip", dtype={"series": str, "value": "float64"}
        )
    by_series = frame.groupby("series", sort=False)
    length = by_series["value"].transform("size").to_numpy()
    step = by_series.cumcount().to_numpy() - (length - _TOURISM_HORIZON)
    index = pd.MultiIndex.from_arrays(
        [frame["series"].to_numpy(), step], names=["series", "step"]
    )
    y = pd.Series(frame["value"].to_numpy(), index=index, name="value")
    if split is None:
        return y
    is_test = step >= 0
    return y[is_test if split == "test" else ~is_test]
