"""Split-conformal coverage on the first window_length - 1 test rows, and the rest.

The setting of the issue that asked for MAPIE's conformal intervals: a noisy
seasonal series of 320 months (level 50, a yearly sine of amplitude 10,
Gaussian noise of standard deviation 2), one-step-ahead rows from
``make_supervised``, the README pipeline (``MinMaxScaler``,
``SlidingWindow(12)``, ``LSTMForecaster(random_state=0)``) trained on the
first 200 rows, MAPIE's ``SplitConformalRegressor`` (90 %) calibrated on the
next 60 and tested on the last 59. Repeated on 40 draws of the noise (a
model each), so that the 11 first test rows of every draw add up to 440.

- **recipe**: ``SplitConformalRegressor(HistoryForecaster(pipeline,
  history=X), prefit=False)``, fitted and calibrated through MAPIE: every
  test row gets its window from the rows before it, the calibration block
  included.
- **without HistoryForecaster**: the same fitted pipeline given to MAPIE
  directly (``prefit=True``). The calibration rows continue the training
  rows, so their windows are full; the test rows do not (the calibration
  block lies in between), so the windows of their first 11 rows are padded
  (which warns with a ``PaddingWarning``).
- **the true mean as forecast**: for reference, split conformal around the
  noise-free sine (the best forecast there is) on the same draws, which
  tells how far the coverage of these draws strays from 90 % by chance.

Prints the coverage of the first 11 test rows and of the other 48, for both,
against the nominal 90 % (about two minutes on 2 cores)::

    python benchmarks/conformal.py
"""

import warnings

import numpy as np
import pandas as pd
from mapie.regression import SplitConformalRegressor
from sklearn.pipeline import make_pipeline

from sklstm import (
    HistoryForecaster,
    LSTMForecaster,
    MinMaxScaler,
    PaddingWarning,
    SlidingWindow,
    make_supervised,
)

N_DRAWS = 40
WINDOW = 12
CONFIDENCE = 0.9


def seasonal_mean(n_months=320):
    """The noise-free series: a yearly sine around 50."""
    return 50 + 10 * np.sin(2 * np.pi * np.arange(n_months) / 12)


def noisy_seasonal(seed, n_months=320):
    noise = 2 * np.random.RandomState(seed).randn(n_months)
    months = pd.period_range("2000-01", periods=n_months, freq="M")
    return pd.Series(seasonal_mean(n_months) + noise, index=months, name="value")


def oracle_intervals(y):
    """Split-conformal intervals of the test rows around the noise-free sine."""
    forecast = seasonal_mean()[1:]  # row t forecasts month t + 1
    scores = np.abs(y.to_numpy()[200:260] - forecast[200:260])
    rank = int(np.ceil((len(scores) + 1) * CONFIDENCE))
    quantile = np.sort(scores)[rank - 1]
    bounds = np.stack([forecast[260:] - quantile, forecast[260:] + quantile], 1)
    return bounds[:, :, np.newaxis]


def covered(intervals, y):
    return (intervals[:, 0, 0] <= y) & (y <= intervals[:, 1, 0])


def main():
    hits = {
        "recipe": [],
        "without HistoryForecaster": [],
        "the true mean as forecast": [],
    }
    widths = {name: [] for name in hits}
    n_padding_warnings = 0
    for seed in range(N_DRAWS):
        X, y = make_supervised(noisy_seasonal(seed))
        train, calibration, test = slice(0, 200), slice(200, 260), slice(260, None)
        pipeline = make_pipeline(
            MinMaxScaler(),
            SlidingWindow(window_length=WINDOW),
            LSTMForecaster(random_state=0),
        )
        with warnings.catch_warnings():
            # MAPIE's check of a fitted estimator predicts a row of zeros,
            # which HistoryForecaster cannot place in the series, and says so.
            warnings.filterwarnings("ignore", "HistoryForecaster padded the wind")
            recipe = SplitConformalRegressor(
                HistoryForecaster(pipeline, history=X),
                confidence_level=CONFIDENCE,
                prefit=False,
            )
            recipe.fit(X[train], y[train]).conformalize(X[calibration], y[calibration])
        fitted = recipe._mapie_regressor.estimator.estimator_  # the same model
        direct = SplitConformalRegressor(
            fitted, confidence_level=CONFIDENCE, prefit=True
        ).conformalize(X[calibration], y[calibration])
        _, with_history = recipe.predict_interval(X[test])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", PaddingWarning)
            _, padded = direct.predict_interval(X[test])
        n_padding_warnings += sum(
            issubclass(warning.category, PaddingWarning) for warning in caught
        )
        for name, intervals in [
            ("recipe", with_history),
            ("without HistoryForecaster", padded),
            ("the true mean as forecast", oracle_intervals(y)),
        ]:
            hits[name].append(covered(intervals, y[test].to_numpy()))
            widths[name].append(intervals[:, 1, 0] - intervals[:, 0, 0])

    first = WINDOW - 1
    print(
        f"Split conformal, nominal {100 * CONFIDENCE:.0f} %, {N_DRAWS} draws of a "
        f"noisy seasonal series (train 200 / calibrate 60 / test 59, window "
        f"{WINDOW}):\n"
    )
    print(
        f"| intervals | coverage, first {first} test rows | coverage, other "
        f"{59 - first} | mean width, first {first} | mean width, other |"
    )
    print("|---|---|---|---|---|")
    for name in hits:
        inside = np.array(hits[name])
        width = np.array(widths[name])
        print(
            f"| {name} | {100 * inside[:, :first].mean():.1f} % "
            f"| {100 * inside[:, first:].mean():.1f} % "
            f"| {width[:, :first].mean():.2f} | {width[:, first:].mean():.2f} |"
        )
    n_first = N_DRAWS * first
    standard_error = 100 * np.sqrt(CONFIDENCE * (1 - CONFIDENCE) / n_first)
    print(
        f"\nBinomial standard error of a coverage over {n_first} rows at "
        f"{100 * CONFIDENCE:.0f} %: {standard_error:.1f} points. PaddingWarnings "
        f"from the test blocks given to the pipeline directly: "
        f"{n_padding_warnings} (one per draw)."
    )


if __name__ == "__main__":
    main()
