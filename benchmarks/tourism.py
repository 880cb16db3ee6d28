"""The tourism competition's 366 monthly series: the classical baselines.

Each series is forecast 24 months ahead from its training part (all but its
last 24 months), once, as in the competition (Athanasopoulos, Hyndman, Song
and Wu, International Journal of Forecasting 27(3), 2011), with:

- naive: the last training value, for all 24 months;
- seasonal naive: the value of the same month in the last training year;
- Theta: statsmodels' ``ThetaModel`` (period 12; it deseasonalises when a
  seasonality test says so, multiplicatively for positive series and
  additively for series with zeros);
- ETS: statsmodels' ``ETSModel``, chosen per series by AICc among additive
  and damped trends with additive seasonality and, for strictly positive
  series only, multiplicative error and seasonality (the competition used
  automatic ETS from R's forecast package, which chooses among all models
  the same way).

Point forecasts are scored as in the competition: MASE, the mean absolute
error over the 24 months divided by the in-sample mean absolute error of the
seasonal naive forecast (lag 12) on the training part, per series, then
averaged over the series (mean and median); and sMAPE, the mean over all
8,784 test points of 200 |y - f| / (|y| + |f|) (0/0 read as 0).

80% and 95% prediction intervals are scored over all 8,784 test points by
their coverage (the share of truths inside) and by the interval score of
Gneiting and Raftery (2007), divided per series by the same MASE scale so
that series of any size count alike ("scaled IS", lower is better):

- ETS: the fitted model's prediction intervals (exact for additive-error
  models, from 1,000 simulated paths for multiplicative ones);
- seasonal naive, split conformal: the forecast plus or minus the
  finite-sample conformal quantile of the absolute errors the seasonal naive
  forecast made at the same horizon from every earlier origin within the
  training part (see ``seasonal_naive_conformal``).

sklstm (``sklstm_forecasts``): one global model over the windows of all the
series, with the settings the README documents for many series
(``LSTM_PARAMS``), in two variants (``VARIANTS``): trained on the absolute
error, the forecasts of three models of windows 12, 24 and 36 months
averaged; and trained on the pinball loss of quantiles, window 36 (its point
forecast the learned median, its intervals the learned quantiles); each
once per random_state 0, 1, 2. The rows "mean of ETS and sklstm" average
the ETS forecast and the absolute-error ensemble's, a forecast combination
(not sklstm's own forecast) that shows how different their errors are.
The "median of 3 seeds" rows hold the median
of each column over the three seeds' rows; the "mean of 3 seeds" rows
average each forecast (each quantile) over them.
The settings were chosen on the training part (its last 24 months held out:
``--validation``), not on the test months.

``coverage`` and ``interval_score`` are small functions for reuse.

``--validation`` runs everything on the training parts instead, each cut
24 months short and scored on those 24 months: the split on which the
settings were chosen, and a check of whether the test months behave as the
history did (the intervals' coverage there, for instance). ``--variants``
(``absolute-error``, ``quantiles``) and ``--seeds`` run fewer sklstm fits.

Run: python -m pip install -e ".[benchmarks]" && python benchmarks/tourism.py
(about 25 minutes on 2 cores: 15 seconds for the baselines, 1 to 3 minutes
per sklstm fit, 5 to 6 minutes for the three of an ensemble)
"""

import argparse
import math
import time
import warnings

import numpy as np
import pandas as pd

from sklstm.datasets import load_tourism_monthly

HORIZON = 24  # months: the competition's hold-out
PERIOD = 12  # months in a seasonal cycle
LEVELS = (0.80, 0.95)  # nominal coverage of the prediction intervals
SEEDS = (0, 1, 2)  # one LSTM run per seed
# Initial states from statsmodels' heuristic (a decomposition of the first
# years), not estimated by maximum likelihood as in R's ets: statsmodels'
# optimiser often stops far from the optimum when it also estimates the states
# (series M1, AAdA: log-likelihood -1223 estimated, -1095 heuristic), and it
# takes 9 times as long. "estimated" gave MASE 1.52, sMAPE 18.9% (1.49 and
# 18.7% heuristic) and the same interval scores within 3%.
ETS_INITIALIZATION = "heuristic"


# %% Scores


def mase_scale(train, period=PERIOD):
    """In-sample mean absolute error of the seasonal naive forecast (lag ``period``)."""
    train = np.asarray(train, dtype=float)
    return np.mean(np.abs(train[period:] - train[:-period]))


def mase(truth, forecast, scale):
    """Mean absolute error of one series' forecast, in units of ``scale``."""
    return np.mean(np.abs(np.asarray(truth) - np.asarray(forecast))) / scale


def smape(truth, forecast):
    """Symmetric MAPE in %, per point: 200 |y - f| / (|y| + |f|), 0/0 read as 0."""
    truth, forecast = np.asarray(truth, float), np.asarray(forecast, float)
    denominator = np.abs(truth) + np.abs(forecast)
    ratio = np.divide(
        np.abs(truth - forecast),
        denominator,
        out=np.zeros_like(denominator),
        where=denominator > 0,
    )
    return 200 * ratio


def coverage(lower, upper, truth):
    """The share of ``truth`` inside ``[lower, upper]`` (bounds included)."""
    lower, upper, truth = (np.asarray(a, float) for a in (lower, upper, truth))
    return np.mean((lower <= truth) & (truth <= upper))


def interval_score(lower, upper, truth, alpha):
    """Interval score of central ``(1 - alpha)`` intervals, per point.

    Gneiting and Raftery (2007, eq. 43): the width, plus ``2 / alpha`` times
    the distance by which the truth falls outside. Lower is better; in the
    units of the data.
    """
    lower, upper, truth = (np.asarray(a, float) for a in (lower, upper, truth))
    below = np.clip(lower - truth, 0, None)
    above = np.clip(truth - upper, 0, None)
    return (upper - lower) + 2 / alpha * (below + above)


# %% Forecasts of one series: ``train`` is a 1-D array, the result has HORIZON
# values (and intervals as ``{level: (lower, upper)}``).


def naive(train):
    return np.repeat(train[-1], HORIZON)


def seasonal_naive(train):
    last_year = train[-PERIOD:]
    return np.resize(last_year, HORIZON)  # the last year, repeated


def seasonal_naive_conformal(train, levels=LEVELS):
    """Seasonal naive forecasts with split-conformal intervals.

    For each horizon ``h`` (1..24), the calibration scores are the absolute
    errors ``|y[t + h] - f_t(h)|`` of the seasonal naive forecasts ``f_t`` made
    from every origin ``t`` of the training part that has a full year behind
    it and ``y[t + h]`` still in the training part (``n - 12 - h + 1`` scores
    for a training part of ``n`` months: at least 32 here). The interval at
    level ``1 - alpha`` is the forecast plus or minus the
    ``ceil((m + 1)(1 - alpha))``-th smallest of the ``m`` scores, the
    split-conformal quantile; where that exceeds ``m`` (too few scores, which
    happens only with ``--validation``'s shorter histories), the largest
    score, which conformal prediction no longer guarantees (its exact answer,
    an infinite interval, would make every mean interval score infinite).
    Since the seasonal naive forecast at ``h <= 12`` is the value 12 months
    before, and at ``13 <= h <= 24`` the value 24 months before, its errors
    are the lag-12 (or lag-24) differences of the series; the horizons differ
    only in the origins they can use. The guarantee of conformal prediction
    needs exchangeable errors, which a trending or changing series does not
    give.
    """
    n_train = len(train)
    forecast = seasonal_naive(train)
    intervals = {level: (np.empty(HORIZON), np.empty(HORIZON)) for level in levels}
    for horizon in range(1, HORIZON + 1):
        lag = PERIOD * math.ceil(horizon / PERIOD)
        # Targets y[j], j = t + h, for the origins t = PERIOD - 1 .. n - 1 - h.
        targets = np.arange(PERIOD - 1 + horizon, n_train)
        scores = np.sort(np.abs(train[targets] - train[targets - lag]))
        for level in levels:
            rank = math.ceil((len(scores) + 1) * level)
            width = scores[min(rank, len(scores)) - 1]
            lower, upper = intervals[level]
            lower[horizon - 1] = forecast[horizon - 1] - width
            upper[horizon - 1] = forecast[horizon - 1] + width
    return forecast, intervals


def theta(train):
    from statsmodels.tsa.forecasting.theta import ThetaModel

    # method="auto": a multiplicative seasonal decomposition when the series
    # is strictly positive, an additive one otherwise (there are zeros).
    fitted = ThetaModel(train, period=PERIOD, method="auto").fit()
    return np.asarray(fitted.forecast(HORIZON))


# (error, trend, damped trend, seasonal): the candidates of the automatic ETS.
# Multiplicative error or seasonality only for strictly positive series, as in
# R's forecast::ets; a multiplicative trend is left out (it forecasts
# explosively and R excludes it by default).
ETS_ADDITIVE = [
    ("add", None, False, "add"),
    ("add", "add", False, "add"),
    ("add", "add", True, "add"),
]
ETS_MULTIPLICATIVE = [
    ("mul", None, False, "mul"),
    ("mul", "add", False, "mul"),
    ("mul", "add", True, "mul"),
    ("mul", None, False, "add"),
    ("mul", "add", True, "add"),
]


def _ets_name(error, trend, damped, seasonal):
    letter = {None: "N", "add": "A", "mul": "M"}
    return letter[error] + letter[trend] + ("d" if damped else "") + letter[seasonal]


def ets(train, levels=LEVELS, seed=0):
    """Automatic ETS: the candidate with the lowest AICc, and its intervals.

    Returns the forecast, the intervals, the chosen model's name (``None``
    when every candidate failed: then the seasonal naive forecast and its
    conformal intervals stand in) and how many candidate fits failed (an
    exception, or a non-finite AICc or forecast).
    """
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    endog = pd.Series(train)  # get_prediction needs a pandas index
    candidates = ETS_ADDITIVE + (ETS_MULTIPLICATIVE if (train > 0).all() else [])
    best, failures = None, 0
    for error, trend, damped, seasonal in candidates:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # convergence chatter
                model = ETSModel(
                    endog,
                    error=error,
                    trend=trend,
                    damped_trend=damped,
                    seasonal=seasonal,
                    seasonal_periods=PERIOD,
                    initialization_method=ETS_INITIALIZATION,
                )
                fitted = model.fit(disp=False)
            if not np.isfinite(fitted.aicc):
                raise ValueError("non-finite AICc")
        except Exception:  # a failed candidate is counted and skipped
            failures += 1
            continue
        if best is None or fitted.aicc < best[0].aicc:
            best = fitted, _ets_name(error, trend, damped, seasonal)
    if best is not None:
        fitted, name = best
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                prediction = fitted.get_prediction(
                    start=len(train),
                    end=len(train) + HORIZON - 1,
                    rng=np.random.default_rng(seed),  # simulated intervals
                )
                forecast = np.asarray(prediction.predicted_mean)
                intervals = {}
                for level in levels:
                    frame = prediction.summary_frame(alpha=1 - level)
                    intervals[level] = (
                        frame["pi_lower"].to_numpy(),
                        frame["pi_upper"].to_numpy(),
                    )
            bounds = np.concatenate([np.ravel(b) for b in intervals.values()])
            if np.isfinite(forecast).all() and np.isfinite(bounds).all():
                return forecast, intervals, name, failures
        except Exception:
            pass
        failures += 1
    forecast, intervals = seasonal_naive_conformal(train, levels)
    return forecast, intervals, None, failures


# %% The LSTM part

#: The documented settings for many series (README, "Many series"): one
#: global model over all the series' windows, each window's error in units
#: of its own spread (``loss_scaling="window"``), early stopping on the last
#: tenth of the windows in time (every series' latest: the loader's steps
#: end together). Two variants (``VARIANTS``: the LSTM's parameters, and the
#: window lengths of the models whose forecasts are averaged): the absolute
#: error (the median), three models of windows 12, 24 and 36 months
#: averaged (as N-BEATS averages models of several look-backs); and the
#: pinball loss of quantiles for intervals (the median the point forecast),
#: window 36.
LSTM_PARAMS = dict(
    hidden_size=64,
    max_epochs=30,
    batch_size=256,
    early_stopping=True,
    loss_scaling="window",
)
VARIANTS = {
    "absolute error": (dict(loss="absolute_error"), (12, 24, 36)),
    "quantiles": (dict(quantiles=[0.025, 0.1, 0.9, 0.975]), (36,)),
}


def sklstm_forecasts(train, seed, variant, window_length):
    """The sklstm forecasts of every series, from one global model.

    Parameters
    ----------
    train : pandas.Series
        ``load_tourism_monthly(split="train")``: the panel of training parts,
        indexed by ``(series, step)``.
    seed : int
        The ``random_state`` of this run.
    variant : str
        A key of ``VARIANTS``.
    window_length : int
        The ``SlidingWindow``'s length, in months.

    Returns
    -------
    forecast : pandas.Series of shape (8784,)
        The forecasts, indexed like ``load_tourism_monthly(split="test")``.
    intervals : dict or None
        With quantiles, ``{level: (lower, upper)}`` for levels in ``LEVELS``,
        each bound a Series indexed like ``forecast``: the learned quantiles
        ``(1 - level) / 2`` and ``(1 + level) / 2``. None otherwise.
    """
    from sklearn.pipeline import make_pipeline

    from sklstm import (
        LSTMForecaster,
        MinMaxScaler,
        SlidingWindow,
        forecast,
        make_supervised,
    )

    params = VARIANTS[variant][0]
    model = make_pipeline(
        MinMaxScaler(),
        SlidingWindow(window_length),
        LSTMForecaster(**LSTM_PARAMS, **params, random_state=seed),
    )
    model.fit(*make_supervised(train, horizon=HORIZON))
    point = forecast(model, train)
    if "quantiles" not in params:
        return point, None
    intervals = {}
    for level in LEVELS:
        bounds = forecast(model, train, coverage=level)
        intervals[level] = (bounds["lower"], bounds["upper"])
    return point, intervals


def _average(names, points, intervals, seconds, name):
    """Add the run ``name``: the forecasts (each quantile) of ``names`` averaged.

    Averaging quantiles level by level is Vincentization (Ratcliff 1979).
    """
    points[name] = np.mean([points[run] for run in names], axis=0)
    seconds[name] = sum(seconds[run] for run in names)
    if names[0] in intervals:
        intervals[name] = {
            level: tuple(
                np.mean([intervals[run][level][i] for run in names], axis=0)
                for i in (0, 1)
            )
            for level in LEVELS
        }


# %% Running and scoring


def _run(method, series):
    """``method`` over every series, in order, with the wall time it took.

    In one process: the ETS fits take about 11 s, and took longer (13 s)
    with joblib's Parallel(n_jobs=2) on a 2-core machine shared with other
    work, so the work is not spread over processes.
    """
    start = time.perf_counter()
    results = [method(train) for train in series]
    return results, time.perf_counter() - start


def _markdown(table, formats):
    """``table`` as a markdown table, its columns formatted with ``formats``."""
    header = [table.index.name or ""] + list(table.columns)
    lines = ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    for name, row in table.iterrows():
        cells = [format(value, spec) for value, spec in zip(row, formats)]
        lines.append("| " + " | ".join([str(name)] + cells) + " |")
    return "\n".join(lines)


def _print_table(rows, medians, formats):
    """Print ``rows`` (name: {column: value}) and the rows of ``medians``.

    Each row of ``medians`` (name: the names of its rows) holds, column by
    column, the median of its rows, where they are all in ``rows``.
    """
    rows = dict(rows)
    for name, runs in medians.items():
        if all(run in rows for run in runs):
            rows[name] = pd.DataFrame([rows[run] for run in runs]).median().to_dict()
    table = pd.DataFrame(rows).T
    table.index.name = "method"
    print()
    print(_markdown(table, formats))


def _as_array(values, test_index):
    """Forecasts (a Series indexed like the test part) as (n_series, HORIZON)."""
    values = pd.Series(values).reindex(test_index)
    if values.isna().any():
        raise ValueError("the forecasts do not cover every test month")
    return values.to_numpy().reshape(-1, HORIZON)


def _seed(text):
    """A ``random_state`` from the command line: an int in [0, 2**32 - 1]."""
    seed = int(text)
    if not 0 <= seed < 2**32:
        raise argparse.ArgumentTypeError(f"{seed} is not in [0, 2**32 - 1]")
    return seed


def load(validation=False):
    """The training and test panels; with ``validation``, both from the training part.

    The validation split cuts each training part's last ``HORIZON`` months
    off as its test part (steps -24 to -1 of the loader).
    """
    train_panel = load_tourism_monthly(split="train")
    if not validation:
        return train_panel, load_tourism_monthly(split="test")
    steps = train_panel.index.get_level_values("step")
    return train_panel[steps < -HORIZON], train_panel[steps >= -HORIZON]


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="The tourism competition's 366 monthly series, 24 months "
        "ahead: the classical methods and sklstm's global models, their "
        "MASE, sMAPE and intervals."
    )
    parser.add_argument(
        "--validation",
        action="store_true",
        help="score on the training parts' last 24 months, not the test months",
    )
    cli_names = {name.replace(" ", "-"): name for name in VARIANTS}
    parser.add_argument(
        "--variants",
        nargs="+",
        choices=list(cli_names),
        default=list(cli_names),
        help="the sklstm variants to fit (default: all)",
    )
    parser.add_argument(
        "--seeds",
        nargs="+",
        type=_seed,
        default=list(SEEDS),
        help="the random_states of the sklstm fits (default: 0 1 2)",
    )
    args = parser.parse_args(argv)
    args.variants = [cli_names[name] for name in args.variants]
    start = time.perf_counter()
    train_panel, test_panel = load(args.validation)
    print(
        "Scored on",
        "the training parts' last 24 months" if args.validation else "the test months",
    )
    series = [
        part.to_numpy() for _, part in train_panel.groupby(level="series", sort=False)
    ]
    truth = test_panel.to_numpy().reshape(len(series), HORIZON)
    scales = np.array([mase_scale(train) for train in series])

    points, intervals, seconds = {}, {}, {}
    for name, method in [("naive", naive), ("seasonal naive", seasonal_naive)]:
        results, seconds[name] = _run(method, series)
        points[name] = np.array(results)
    results, seconds["Theta"] = _run(theta, series)
    points["Theta"] = np.array(results)
    results, seconds["ETS (AICc)"] = _run(ets, series)
    points["ETS (AICc)"] = np.array([forecast for forecast, *_ in results])
    intervals["ETS (AICc)"] = {
        level: tuple(np.array([r[1][level][i] for r in results]) for i in (0, 1))
        for level in LEVELS
    }
    chosen = pd.Series([r[2] for r in results]).value_counts(dropna=False)
    ets_failures = sum(r[3] for r in results)
    conformal = [seasonal_naive_conformal(train) for train in series]
    intervals["seasonal naive, conformal"] = {
        level: tuple(np.array([c[1][level][i] for c in conformal]) for i in (0, 1))
        for level in LEVELS
    }

    medians = {}  # a row of medians over seeds: the rows it is the median of
    for variant in args.variants:
        windows = VARIANTS[variant][1]
        label = f"mean of windows {', '.join(map(str, windows))}"
        finals = []  # per seed, the run that is the variant's forecast
        for seed in args.seeds:
            runs = []
            for window in windows:
                name = f"sklstm, {variant}, window {window}, seed={seed}"
                began = time.perf_counter()
                forecast, bounds = sklstm_forecasts(train_panel, seed, variant, window)
                seconds[name] = time.perf_counter() - began
                points[name] = _as_array(forecast, test_panel.index)
                if bounds:
                    intervals[name] = {
                        level: tuple(_as_array(b, test_panel.index) for b in pair)
                        for level, pair in bounds.items()
                    }
                runs.append(name)
            if len(runs) > 1:
                name = f"sklstm, {variant}, {label}, seed={seed}"
                _average(runs, points, intervals, seconds, name)
                runs.append(name)
            finals.append(runs[-1])
        what = label if len(windows) > 1 else f"window {windows[0]}"
        if variant == "absolute error":
            # A forecast combination, not sklstm's own: how far the LSTM's
            # errors differ from ETS's.
            combined = []
            for run, seed in zip(finals, args.seeds):
                name = f"mean of ETS and sklstm ({variant}, {what}), seed={seed}"
                points[name] = (points[run] + points["ETS (AICc)"]) / 2
                seconds[name] = seconds[run] + seconds["ETS (AICc)"]
                combined.append(name)
            if len(combined) > 1:
                name = f"mean of ETS and sklstm ({variant}, {what})"
                medians[f"{name}: median of {len(combined)} seeds"] = combined
        if len(finals) > 1:
            medians[f"sklstm, {variant}, {what}: median of {len(finals)} seeds"] = (
                finals
            )
            name = f"sklstm, {variant}, {what}: mean of {len(finals)} seeds"
            _average(finals, points, intervals, seconds, name)

    rows = {}
    for name, forecast in points.items():
        per_series = np.abs(truth - forecast).mean(axis=1) / scales
        rows[name] = {
            "MASE": per_series.mean(),
            "median MASE": np.median(per_series),
            "sMAPE %": smape(truth, forecast).mean(),
            "fit/predict seconds": seconds[name],
        }
    _print_table(rows, medians, [".3f", ".3f", ".2f", ".1f"])

    rows = {}
    for name, by_level in intervals.items():
        row = {}
        for level, (lower, upper) in by_level.items():
            percent = f"{100 * level:.0f}%"
            scores = interval_score(lower, upper, truth, 1 - level)
            row[f"{percent} coverage"] = coverage(lower, upper, truth)
            row[f"{percent} scaled IS"] = (scores / scales[:, None]).mean()
        rows[name] = row
    _print_table(rows, medians, [".3f", ".2f", ".3f", ".2f"])

    print(
        f"\nETS models chosen: {', '.join(f'{k} {v}' for k, v in chosen.items())}; "
        f"failed candidate fits: {ets_failures}"
    )
    print(f"Total time: {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
