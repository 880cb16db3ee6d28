"""Covariates known in advance: their values at future steps, checked.

A covariate known in advance (a promotion, a holiday, a planned price, the
calendar) reaches the step it describes: ``make_supervised(...,
future_covariates=[...])`` puts its values at ``t+1 .. t+h`` into row ``t``
(columns ``"<name>(t+k)"``). To forecast past the data, or recursively,
those values come from a *source*: a function of time labels (such as
:func:`calendar_features`) or a DataFrame of planned values indexed by time
(by series and time for a panel).
"""

import re

import pandas as pd

_NEXT = re.compile(r"^(?P<name>.+)\(t\+(?P<step>\d+)\)$")


def future_columns(names, columns):
    """``{column: horizon}`` for the columns of ``columns`` that ``names`` hold
    as future covariates (``"<column>(t+1)"`` .. ``"<column>(t+horizon)"``)."""
    found = {}
    for name in names:
        if not isinstance(name, str) or not name.endswith(")"):
            continue  # the usual name: no "(t+k)"
        match = _NEXT.match(name)
        if match and match["name"] in map(str, columns):
            column = next(c for c in columns if str(c) == match["name"])
            found[column] = max(found.get(column, 0), int(match["step"]))
    return found


def _check_index(planned, times, who):
    """Raise unless ``planned`` labels time like ``times``, each date once."""

    def kind(index):
        return type(index.get_level_values(-1)).__name__

    if kind(planned) != kind(times) or planned.nlevels != times.nlevels:
        raise ValueError(
            f"{who} is indexed by {type(planned).__name__} "
            f"({kind(planned)} times, {planned.nlevels} level(s)), but the data by "
            f"{type(times).__name__} ({kind(times)} times, {times.nlevels} "
            "level(s)): index the planned values like the data (by series and "
            "time for a panel)."
        )
    duplicated = planned[planned.duplicated()]
    if len(duplicated):
        raise ValueError(
            f"{who} has {duplicated[0]} more than once: give one row per time step."
        )


def covariates_at(source, times, columns=None, *, who="covariates"):
    """The covariates at ``times`` from ``source``, as a DataFrame indexed by them.

    Raises
    ------
    ValueError
        If ``source`` is neither a function nor a DataFrame, returns no
        DataFrame, lacks a time in ``times`` or a column of ``columns``, or
        holds NaN there: naming the first missing date, column or value.
    """
    if isinstance(source, pd.DataFrame):
        _check_index(source.index, times, who)
        missing = [label for label in times if label not in source.index]
        if missing:
            raise ValueError(
                f"{who} has no values for {missing[0]} ({len(missing)} future "
                f"time step(s) missing, up to {missing[-1]}): planned values must "
                "cover every step to forecast."
            )
        values = source.loc[list(times)]
    elif callable(source):
        values = source(times)
        if not isinstance(values, pd.DataFrame):
            raise ValueError(
                f"{who} must return a pandas DataFrame indexed like the time labels "
                f"it is given; it returned {type(values).__name__}."
            )
    else:
        raise ValueError(
            f"{who} must be None or a function of time labels returning a "
            "DataFrame (such as sklstm.calendar_features) or a DataFrame of "
            "planned values indexed "
            f"by time; got {type(source).__name__}."
        )
    values = values.set_axis(times)
    if columns is not None:
        absent = [column for column in columns if column not in values.columns]
        if absent:
            raise ValueError(
                f"{who} lacks the column(s) {absent} that the model reads; it "
                f"has {list(values.columns)}."
            )
        values = values[list(columns)]
    bad = values.isna().to_numpy()
    if bad.any():
        row, column = divmod(int(bad.argmax()), bad.shape[1])
        raise ValueError(
            f"{who} holds NaN at {times[row]}, column {values.columns[column]!r}: "
            "future covariates must be known for every step to forecast."
        )
    return values
