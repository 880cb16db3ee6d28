"""Rolling a one-step pipeline forward over its own forecasts.

The recursion of :class:`RecursiveForecaster` and of :func:`forecast` with
one: each step's forecast goes back through the steps before the window
(the scaler) and onto the end of the window, with the covariates of the
step from a function of dates or a frame of planned values; quantiles
further ahead come from sample paths.
"""

import numpy as np
import pandas as pd
from sklearn.utils import check_random_state

from ._covariates import covariates_at
from ._inspect import final_step, split_at_window
from ._quantiles import requested_levels
from ._timeindex import is_panel, time_labels, time_step
from ._validation import check_count
from ._window import roll_windows


def recursive_predict(
    pipeline,
    X,
    horizon,
    covariates=None,
    rows=None,
    *,
    quantiles=None,
    coverage=None,
    n_paths=200,
    random_state=None,
):
    """Forecast ``horizon`` steps from each row of ``X`` with a one-step pipeline.

    ``rows``, positions in ``X``, restricts the forecasts to those rows (the
    others still give them their windows). Returns an array of shape
    ``(n_rows, horizon)``; with ``quantiles`` or ``coverage``, of shape
    ``(n_rows, horizon, n_levels)``, from :func:`_quantile_paths`.
    """
    before, window, after = split_at_window(pipeline)
    scaled = before.transform(X) if before is not None else X
    windows = window._transform(scaled, rows=rows)
    if rows is not None:
        X = X.iloc[rows]
    # The time step of X's own index, or, when X is too short to tell it (a
    # few dates without a frequency), the one learned from the training data.
    time_step_ = (
        time_step(X.index) if isinstance(X, (pd.Series, pd.DataFrame)) else None
    )
    if time_step_ is None:
        time_step_ = getattr(window, "time_step_", None)
    # All the covariates the recursion needs, checked before forecasting.
    future = [
        _future_covariates(X, steps_ahead, covariates, time_step_)
        for steps_ahead in range(1, horizon)
    ]

    def next_windows(windows, X, values, future):
        rows = _future_rows(X, values, future)
        if before is not None:
            rows = before.transform(rows)
        return roll_windows(windows, rows)

    if quantiles is not None or coverage is not None:
        return _quantile_paths(
            after,
            next_windows,
            windows,
            X,
            future,
            horizon,
            requested=(quantiles, coverage),
            n_paths=n_paths,
            random_state=random_state,
        )
    forecasts = np.empty((len(windows), horizon))
    for step in range(horizon):
        forecasts[:, step] = np.asarray(after.predict(windows)).reshape(len(windows))
        if step == horizon - 1:
            break
        windows = next_windows(windows, X, forecasts[:, step], future[step])
    return forecasts


def _quantile_paths(
    after, next_windows, windows, X, future, horizon, requested, n_paths, random_state
):
    """Quantiles of the forecasts 1 .. ``horizon`` steps ahead, by sample paths.

    One step ahead, the learned quantiles themselves. Further on, the
    uncertainty of the steps before must compound: ``n_paths`` paths per
    row feed back values drawn from each step's forecast distribution
    (interpolated linearly between the learned quantiles, and held at the
    outermost ones beyond them), as DeepAR's ancestral sampling does
    (Salinas et al., IJF 2020); the quantiles asked are those of the paths.
    Returns ``(n_rows, horizon, n_levels)``.
    """
    final = final_step(after)
    levels = getattr(final, "quantiles_", None)
    positions, _ = requested_levels(levels, *requested)
    n_paths = check_count(n_paths, "n_paths")
    first = np.asarray(after.predict(windows, quantiles=list(levels)))
    first = first.reshape(len(windows), len(levels))
    result = np.empty((len(windows), horizon, len(positions)))
    result[:, 0] = first[:, positions]
    if horizon > 1:
        rng = check_random_state(random_state)
        repeat = np.repeat(np.arange(len(windows)), n_paths)
        windows = windows[repeat]
        if isinstance(X, (pd.Series, pd.DataFrame)):
            X = X.iloc[repeat]
        future = [None if part is None else part.iloc[repeat] for part in future]
        paths = np.empty((len(windows), horizon))
        distribution = first[repeat]
        for step in range(horizon):
            if step:
                distribution = np.asarray(
                    after.predict(windows, quantiles=list(levels))
                ).reshape(len(windows), len(levels))
            paths[:, step] = _draw(distribution, levels, rng)
            if step < horizon - 1:
                windows = next_windows(windows, X, paths[:, step], future[step])
        paths = paths.reshape(-1, n_paths, horizon)[:, :, 1:]
        later = np.quantile(paths, levels[positions], axis=1)  # (levels, rows, steps)
        result[:, 1:] = np.moveaxis(later, 0, -1)
    return result


def _draw(distribution, levels, rng):
    """One value per row, drawn from the distribution its quantiles describe."""
    if len(levels) == 1:
        return distribution[:, 0]
    u = rng.uniform(size=len(distribution))
    upper = np.searchsorted(levels, u).clip(1, len(levels) - 1)
    low, high = levels[upper - 1], levels[upper]
    weight = np.clip((u - low) / (high - low), 0, 1)
    rows = np.arange(len(distribution))
    below, above = distribution[rows, upper - 1], distribution[rows, upper]
    return below + weight * (above - below)


def _future_rows(X, forecast_values, future):
    """Rows like X's at ``t + k``: the forecast target, then ``future``'s covariates.

    ``future`` holds the covariates of X's rows, row for row (labels may
    repeat: the sample paths of one row share them).
    """
    if not isinstance(X, (pd.DataFrame, pd.Series)):
        return np.asarray(forecast_values).reshape(-1, 1)
    frame = X.to_frame() if isinstance(X, pd.Series) else X
    if future is None:
        return pd.DataFrame({frame.columns[0]: forecast_values}, index=frame.index)
    rows = future.copy()
    rows.insert(0, frame.columns[0], forecast_values)
    return rows


def _future_covariates(X, steps_ahead, covariates, step):
    """The covariates of X's rows at ``t + steps_ahead``, indexed by those times.

    None without covariates. Covariates at the step forecast (columns
    ``"promo(t+1)"``) are looked up one step further on.
    """
    if covariates is None or not isinstance(X, pd.DataFrame):
        return None
    if step is None:
        step = time_step(X.index)
    if step is None:
        raise ValueError(
            "The covariates of future steps cannot be computed: the time index "
            "of X has no regular step (a PeriodIndex, a DatetimeIndex with a "
            "frequency, or evenly spaced integers)."
        )
    names = list(X.columns[1:])
    shifted = bool(names) and str(names[0]).endswith("(t+1)")
    columns = [str(name)[: -len("(t+1)")] if shifted else name for name in names]
    row_times = _times(X.index, step * steps_ahead)
    times = _times(X.index, step * (steps_ahead + shifted))
    future = covariates_at(covariates, times, columns, who="covariates")
    return future.set_axis(names, axis=1).set_axis(row_times)


def _times(index, offset):
    """The labels of ``index`` moved ``offset`` on (series levels kept)."""
    times = time_labels(index) + offset
    if not is_panel(index):
        return times
    series = [index.get_level_values(level) for level in range(index.nlevels - 1)]
    return pd.MultiIndex.from_arrays(series + [times], names=index.names)
