"""Calendar features: covariates read off the time index, known in advance."""

import numpy as np
import pandas as pd

from ._timeindex import is_panel, time_labels

# Feature name -> (how to read it from dates, its values 1..period or 0..period-1)
_CALENDAR = {
    "month": (lambda dates: dates.month - 1, 12),
    "quarter": (lambda dates: dates.quarter - 1, 4),
    "dayofweek": (lambda dates: dates.day_of_week, 7),
    "dayofyear": (lambda dates: dates.day_of_year - 1, 366),
    "hour": (lambda dates: dates.hour, 24),
}
_ENCODINGS = ("cyclic", "onehot")


def calendar_features(index, features=("month",), *, encoding="cyclic"):
    """Calendar features of a time index: covariates known for any date.

    Month of year, day of week and the like are known for future dates too,
    so they can be given to a model as covariates, including for forecasts
    past the end of the data (see :class:`RecursiveForecaster`).

    Parameters
    ----------
    index : pandas.DatetimeIndex, pandas.PeriodIndex or pandas.MultiIndex
        The time labels; for a panel, a MultiIndex whose last level is the
        time (the features are read from that level).
    features : sequence of str, default=("month",)
        Which features, among ``"month"``, ``"quarter"``, ``"dayofweek"``,
        ``"dayofyear"`` and ``"hour"``.
    encoding : {"cyclic", "onehot"}, default="cyclic"
        ``"cyclic"``: two columns per feature, ``<feature>_sin`` and
        ``<feature>_cos``, on a circle of the feature's period, so that
        December is as close to January as to November. ``"onehot"``: one 0/1
        column per value, ``<feature>_1`` .. ``<feature>_<period>`` (day of
        week from ``dayofweek_0``, Monday, and hour from ``hour_0``).

    Returns
    -------
    features : pandas.DataFrame of shape (len(index), n_columns)
        The features, float64, indexed by ``index``.

    Raises
    ------
    ValueError
        If ``index`` holds no dates or periods, or a feature or encoding is
        unknown.

    See Also
    --------
    RecursiveForecaster : Computes the features for future steps with
        ``covariates=calendar_features``.

    Notes
    -----
    Calendar features are known in advance. Name them in
    ``make_supervised(..., future_covariates=[...])`` to give each row the
    calendar of the steps it forecasts, and pass this function (or a
    :func:`functools.partial` of it) as ``covariates=`` to
    :class:`RecursiveForecaster` or ``future_covariates=`` to
    :func:`forecast`, which compute them for the future dates. In
    ``benchmarks/covariates.py``, one-hot days of the week of the forecast
    steps took a 7-day forecast of a weekly pattern from a Wednesday, with a
    window of 2 days, from 23.1 and 23.2 to 30.5 and 50.8 on Saturday and
    Sunday (truths 30.1 and 50.9).

    :class:`LSTMForecaster` with ``normalization="window"`` (the default)
    normalises every feature of a window by the window's own mean and
    spread, these covariates included: what reaches the network is where the
    calendar stands *within the window*, and a window of 1 step carries no
    information about it. The calendar matters most where the window is too
    short to show the season itself; with a window of a full season it may
    add nothing (see the gallery example on covariates). The default
    ``covariate_effects="additive"`` changes how their effect reaches the
    forecast (added, not scaled by the window's spread), not what the
    network reads.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklstm import calendar_features
    >>> months = pd.period_range("2020-01", periods=4, freq="M")
    >>> calendar_features(months).round(3)
             month_sin  month_cos
    2020-01      0.000      1.000
    2020-02      0.500      0.866
    2020-03      0.866      0.500
    2020-04      1.000      0.000
    >>> calendar_features(months, ["quarter"], encoding="onehot").columns.tolist()
    ['quarter_1', 'quarter_2', 'quarter_3', 'quarter_4']
    """
    if encoding not in _ENCODINGS:
        raise ValueError(f"encoding must be one of {_ENCODINGS}; got {encoding!r}.")
    try:
        names = list(features)
    except TypeError:
        names = None
    if (
        isinstance(features, str)
        or names is None
        or not names
        or any(name not in _CALENDAR for name in names)
        or len(set(names)) < len(names)
    ):
        raise ValueError(
            f"features must be a list of distinct names among {list(_CALENDAR)};"
            f" got {features!r}."
        )
    times = time_labels(index) if isinstance(index, pd.Index) else None
    if isinstance(times, pd.PeriodIndex):
        times = times.to_timestamp()
    if not isinstance(times, pd.DatetimeIndex):
        raise ValueError(
            "calendar_features needs dates: a DatetimeIndex or PeriodIndex (or a "
            "panel's MultiIndex whose last level is one); got "
            f"{type(index).__name__}"
            + (f" of {type(times).__name__}." if is_panel(index) else ".")
        )
    if times.hasnans:
        raise ValueError(
            f"The time labels hold a missing date (NaT) at row "
            f"{int(np.flatnonzero(times.isna())[0])}; calendar features need a "
            "date on every row."
        )
    columns = {}
    for name in names:
        read, period = _CALENDAR[name]
        values = np.asarray(read(times), dtype=float)
        if encoding == "cyclic":
            angle = 2 * np.pi * values / period
            columns[f"{name}_sin"] = np.sin(angle)
            columns[f"{name}_cos"] = np.cos(angle)
        else:
            first = 0 if name in ("dayofweek", "hour") else 1
            for value in range(period):
                columns[f"{name}_{value + first}"] = (values == value).astype(float)
    return pd.DataFrame(columns, index=index)
