"""Scale equivariance: a panel of series of very different sizes, and rescaled tourism.

1. The mixed-scale panel: 24 monthly series (``mixed_scale_panel``) whose
   levels are spread evenly on a log scale from 1.7 to 1e5, each with a
   trend, a yearly season and 5 % multiplicative noise; 96 training months,
   12 forecast. One global model, ``MinMaxScaler -> SlidingWindow(24) ->
   LSTMForecaster(hidden_size=32, max_epochs=40, batch_size=64,
   random_state=0)``, sizes set and defaults otherwise, and ``forecast()``.
   Scored by MASE (the mean absolute error over the 12 months divided by the
   in-sample mean absolute error of the seasonal naive forecast, lag 12),
   per series, then averaged over the panel and over each third of it by
   level, beside the seasonal naive forecast.
2. The x1000 property on the same panel: series 0 multiplied by 1000, the
   same seed and settings refitted; the largest relative change of the other
   23 series' forecasts, and of series 0's forecast against 1000 times the
   old one.
3. The tourism competition's 366 monthly series (``--tourism``, about 4
   minutes more): one model of window 24 (``TOURISM_PARAMS``, the README's
   settings for many series) on the panel as
   it is and with each series multiplied by a random power of ten from 1e-3
   to 1e3 (seed 0), the forecasts divided back; the two mean MASEs.

Run: python -m pip install -e ".[benchmarks]" && python benchmarks/scale.py
(about 1 minute on 2 cores; 4 minutes with --tourism)
"""

import argparse
import time

import numpy as np
import pandas as pd
from sklearn.pipeline import make_pipeline

from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    SlidingWindow,
    forecast,
    make_supervised,
)

N_SERIES = 24
TRAIN_MONTHS = 96
HORIZON = 12
PERIOD = 12
WINDOW = 24
PARAMS = dict(hidden_size=32, max_epochs=40, batch_size=64, random_state=0)
# The README's settings for many series, one model of window 24.
TOURISM_PARAMS = dict(
    hidden_size=64,
    max_epochs=30,
    batch_size=256,
    early_stopping=True,
    loss_scaling="window",
    loss="absolute_error",
    random_state=0,
)


def mixed_scale_panel(seed=0):
    """24 monthly series of levels 1.7 to 1e5: training and test parts.

    Series ``i`` (named ``s00`` .. ``s23``, smallest first) is
    ``level_i * (1 + trend_i * t / 96) * (1 + amplitude_i * sin(2 pi t / 12
    + phase_i)) * (1 + 0.05 e_t)``, with ``e_t`` standard normal, the trend
    drawn from [-0.3, 0.6], the amplitude from [0.05, 0.3] and the phase
    from [0, 2 pi).

    Returns
    -------
    train, test : pandas.Series
        Indexed by ``(series, month)``, monthly periods from 2000-01; 96 and
        12 months of each series.
    """
    rng = np.random.RandomState(seed)
    levels = np.geomspace(1.7, 1e5, N_SERIES)
    months = pd.period_range("2000-01", periods=TRAIN_MONTHS + HORIZON, freq="M")
    t = np.arange(len(months))
    frames = []
    for i, level in enumerate(levels):
        trend = rng.uniform(-0.3, 0.6)
        amplitude, phase = rng.uniform(0.05, 0.3), rng.uniform(0, 2 * np.pi)
        noise = 1 + 0.05 * rng.randn(len(t))
        values = (
            level
            * (1 + trend * t / TRAIN_MONTHS)
            * (1 + amplitude * np.sin(2 * np.pi * t / PERIOD + phase))
            * noise
        )
        index = pd.MultiIndex.from_product(
            [[f"s{i:02d}"], months], names=["series", "month"]
        )
        frames.append(pd.Series(values, index=index, name="value"))
    panel = pd.concat(frames)
    in_train = panel.index.get_level_values("month") < months[TRAIN_MONTHS]
    return panel[in_train], panel[~in_train]


def mase_scale(train, period=PERIOD):
    """In-sample mean absolute error of the seasonal naive forecast."""
    train = np.asarray(train, dtype=float)
    return np.mean(np.abs(train[period:] - train[:-period]))


def seasonal_naive(train, horizon):
    """The last ``PERIOD`` training values, repeated over ``horizon`` steps."""
    last = np.asarray(train, dtype=float)[-PERIOD:]
    return np.resize(last, horizon)


def mase_per_series(train, test, forecasts):
    """MASE of each series, in the order of ``train``'s series."""
    scores = []
    for name in train.index.unique(level=0):
        truth = test.loc[name].to_numpy()
        predicted = np.asarray(forecasts.loc[name])[: len(truth)]
        scores.append(np.mean(np.abs(truth - predicted)) / mase_scale(train.loc[name]))
    return np.array(scores)


def sklstm_forecast(train, horizon, window_length, params):
    """One global model's forecasts of every series, and its fit time in s."""
    model = make_pipeline(
        MinMaxScaler(), SlidingWindow(window_length), LSTMForecaster(**params)
    )
    X, y = make_supervised(train, horizon=horizon)
    start = time.perf_counter()
    model.fit(X, y)
    seconds = time.perf_counter() - start
    return forecast(model, train), seconds


def _naive_forecasts(train, horizon):
    return pd.concat(
        {
            name: pd.Series(seasonal_naive(train.loc[name], horizon))
            for name in train.index.unique(level=0)
        }
    )


def _thirds(scores):
    return [part.mean() for part in np.array_split(scores, 3)]


def mixed_scale_table():
    train, test = mixed_scale_panel()
    predicted, seconds = sklstm_forecast(train, HORIZON, WINDOW, PARAMS)
    rows = {
        "sklstm": mase_per_series(train, test, predicted),
        "seasonal naive": mase_per_series(
            train, test, _naive_forecasts(train, HORIZON)
        ),
    }
    print(
        f"Mixed-scale panel: {N_SERIES} series, levels 1.7 to 1e5, "
        f"{TRAIN_MONTHS} training months, {HORIZON} forecast; window {WINDOW}, "
        f"{PARAMS} (fit {seconds:.1f} s). MASE:\n"
    )
    print("| method | mean | smallest 8 | middle 8 | largest 8 |")
    print("|---|---|---|---|---|")
    for name, scores in rows.items():
        small, middle, large = _thirds(scores)
        print(
            f"| {name} | {scores.mean():.3f} | {small:.3f} | {middle:.3f} "
            f"| {large:.3f} |"
        )

    factor = 1000.0
    first = train.index.unique(level=0)[0]
    scaled = train.copy()
    scaled.loc[first] = scaled.loc[first].to_numpy() * factor
    again, _ = sklstm_forecast(scaled, HORIZON, WINDOW, PARAMS)
    others = predicted.drop(first, level=0)
    other_change = np.max(
        np.abs(again.drop(first, level=0).to_numpy() / others.to_numpy() - 1)
    )
    own = again.loc[first].to_numpy() / (factor * predicted.loc[first].to_numpy())
    own_change = np.max(np.abs(own - 1))
    print(
        f"\nSeries {first} multiplied by {factor:g}, refitted with the same seed: "
        f"the other series' forecasts change by at most {other_change:.2e} "
        f"(relative), series {first}'s differs from {factor:g} times its old "
        f"forecast by at most {own_change:.2e}."
    )


def tourism_rescaled():
    from sklstm.datasets import load_tourism_monthly

    train = load_tourism_monthly(split="train")
    test = load_tourism_monthly(split="test")
    names = train.index.unique(level=0)
    factors = pd.Series(
        10.0 ** np.random.RandomState(0).randint(-3, 4, size=len(names)), index=names
    )
    per_row = factors.reindex(train.index.get_level_values(0)).to_numpy()
    horizon = test.groupby(level=0).size().max()
    results = {}
    for name, panel, divide in [
        ("as it is", train, None),
        ("each series times a random power of ten", train * per_row, factors),
    ]:
        predicted, seconds = sklstm_forecast(panel, horizon, WINDOW, TOURISM_PARAMS)
        if divide is not None:
            predicted = (
                predicted
                / divide.reindex(predicted.index.get_level_values(0)).to_numpy()
            )
        results[name] = (mase_per_series(train, test, predicted).mean(), seconds)
    print(f"\nTourism, 366 series, window {WINDOW}, {TOURISM_PARAMS}: mean MASE\n")
    print("| panel | MASE | fit (s) |")
    print("|---|---|---|")
    for name, (score, seconds) in results.items():
        print(f"| {name} | {score:.4f} | {seconds:.0f} |")
    values = [score for score, _ in results.values()]
    print(f"\nChange of the total MASE: {abs(values[1] - values[0]):.4f}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tourism", action="store_true", help="also the rescaled tourism panel"
    )
    args = parser.parse_args(argv)
    mixed_scale_table()
    if args.tourism:
        tourism_rescaled()


if __name__ == "__main__":
    main()
