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
