"""Finding given rows in a history, by their time labels or their values.

:class:`HistoryForecaster` is handed rows chosen by another tool (a
calibration block, a fold, one new row) and must find each in the series
it holds, to build its window from the rows before it there
(:func:`place`), and fit a pipeline on them so (:func:`fit_on_history`).
"""

import numpy as np
import pandas as pd

from ._timeindex import is_panel, series_positions, time_labels

#: Placed not at all, or several times over (see :func:`find_rows`).
MISSING, SEVERAL = -1, -2


def place(X, history):
    """Positions in ``history`` of the rows of X (negative: not placed); by label?

    pandas rows of history's type by their labels (-1 for labels not in it);
    anything else by their values (:func:`find_rows`).
    """
    if isinstance(X, (pd.Series, pd.DataFrame)) and type(X) is type(history):
        return history.index.get_indexer(X.index), True
    rows, values = row_values(X), row_values(history)
    if rows.shape[1] != values.shape[1]:
        raise ValueError(
            f"X has {rows.shape[1]} feature(s) per row, but history has "
            f"{values.shape[1]}."
        )
    return find_rows(values, rows), False


def find_rows(values, rows):
    """Positions in ``values`` of each row of ``rows`` (both 2-D), by value.

    A row found once is placed there; a row found several times is placed
    only if a neighbour in ``rows`` placed next to it tells which (the row
    before placed at ``p`` and this one equal to ``values[p + 1]``, or the row
    after). Others get ``MISSING`` or ``SEVERAL``.
    """
    codes, uniques = pd.factorize(row_keys(values))
    counts = np.bincount(codes, minlength=len(uniques))
    first = np.empty(len(uniques), dtype=int)
    first[codes[::-1]] = np.arange(len(codes))[::-1]
    row_codes = uniques.get_indexer(row_keys(rows))
    positions = np.full(len(rows), MISSING)
    found = row_codes >= 0
    once = found & (counts[np.where(found, row_codes, 0)] == 1)
    positions[once] = first[row_codes[once]]
    several = found & ~once
    positions[several] = SEVERAL
    for step, rows_in_order in (
        (1, range(1, len(rows))),
        (-1, range(len(rows) - 2, -1, -1)),
    ):
        for row in rows_in_order:
            neighbour = positions[row - step]
            if positions[row] == SEVERAL and neighbour >= 0:
                candidate = neighbour + step
                if 0 <= candidate < len(codes) and codes[candidate] == row_codes[row]:
                    positions[row] = candidate
    return positions


def row_keys(values):
    """One hashable key per row of a 2-D array."""
    if values.shape[1] == 1:
        return pd.Index(values[:, 0])
    return pd.MultiIndex.from_arrays(list(values.T))


def row_values(X):
    """The rows of X as a 2-D float array."""
    values = np.asarray(X, dtype=float)
    return values.reshape(len(values), -1)


def take(history, positions):
    """The rows of history at ``positions``, of history's type."""
    if isinstance(history, (pd.Series, pd.DataFrame)):
        return history.iloc[positions]
    return history[positions]


def last_positions(positions, n_rows):
    """The last ``n_rows`` of ``positions`` (all of them if None)."""
    if n_rows is None:
        return positions
    return positions[len(positions) - min(len(positions), n_rows) :]


def concat(pieces):
    """Rows of one type, one after the other."""
    if isinstance(pieces[0], (pd.Series, pd.DataFrame)):
        return pd.concat(pieces)
    return np.concatenate(pieces)


def series_stretches(history, positions):
    """Per series, its stretches of consecutive rows among ``positions``.

    A list (one entry per series holding any) of lists of ``(stretch,
    earlier)``: the positions in history of the stretch's rows, and of the
    rows of its series before it, in time order.
    """
    index = history.index if isinstance(history, (pd.Series, pd.DataFrame)) else None
    by_series = []
    for _, rows in series_positions(index if index is not None else history):
        ranks = np.flatnonzero(np.isin(rows, positions))
        if not len(ranks):
            continue
        runs = np.split(ranks, np.flatnonzero(np.diff(ranks) != 1) + 1)
        by_series.append([(rows[run], rows[: run[0]]) for run in runs])
    return by_series


def unplaced_message(X, positions, by_label):
    """Why rows of X given to fit cannot be placed in history."""
    row = int(np.flatnonzero(positions < 0)[0])
    if by_label:
        return (
            f"X holds rows that are not in history (the first: {X.index[row]!r}): "
            "history must hold every row given to fit, to build its window."
        )
    how = "several times" if positions[row] == SEVERAL else "nowhere"
    return (
        f"Row {row} of X, given without time labels, is found {how} in history, "
        "which must hold each row given to fit once, to build its window. Give "
        "X and history as pandas objects with a time index."
    )


def as_rows_of(X, history, rows):
    """The rows of X at ``rows``, of history's type and columns."""
    values = row_values(X)[rows]
    if isinstance(history, pd.DataFrame):
        return pd.DataFrame(values, columns=history.columns)
    if isinstance(history, pd.Series):
        return pd.Series(values[:, 0], name=history.name)
    return values if history.ndim == 2 else values[:, 0]


def fit_on_history(pipeline, at, rows, y, history, positions):
    """Fit ``pipeline`` (unfitted) on ``rows``, with their windows in history.

    The steps before the window learn from the rows given; the window is
    fitted on history up to the latest of them; the steps after learn from
    the windows of the rows given.
    """
    index = history.index if isinstance(history, (pd.Series, pd.DataFrame)) else None
    if index is not None and is_panel(index):
        times = time_labels(index)
        kept = np.flatnonzero(times <= times[positions].max())
    else:
        kept = np.arange(positions.max() + 1)
    past = take(history, kept)
    if at:
        before = pipeline[:at].fit(rows, y)
        past = before.transform(past)
    window = pipeline.steps[at][1].fit(past, y)
    windows = window.transform(past)
    pipeline[at + 1 :].fit(windows[np.searchsorted(kept, positions)], y)
