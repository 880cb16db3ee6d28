"""Forecasting 24 months at once: the airline series, 1959-1960, from 1949-1958.

One forecast of the 24 months after the first 120, made at the end of month
120, scored by MAPE against what happened. The LSTM pipeline
(MinMaxScaler -> SlidingWindow -> LSTMForecaster, default parameters) is
trained on the first 120 months only, with a window of one year
(window_length=12, the natural choice for monthly data) and, for comparison,
of two years. Two strategies:

- direct: one model forecasts all 24 months from each row, trained on
  make_supervised(train, horizon=24);
- recursive: a one-step model, rolled forward 24 times by RecursiveForecaster.

Baselines: seasonal naive (the last 12 months, repeated) and, if statsmodels
is installed, SARIMA(0,1,1)(0,1,1,12) on log data, forecasting 24 months from
its fit on the 120. The LSTM rows are the median over random_state 0, 1, 2.

Run: python -m pip install -e ".[benchmarks]" && python benchmarks/airline_multistep.py
(about a minute on 2 cores)
"""

import time

import numpy as np
import pandas as pd
from sklearn.metrics import mean_absolute_percentage_error
from sklearn.pipeline import make_pipeline

from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    RecursiveForecaster,
    SlidingWindow,
    forecast,
    make_supervised,
)
from sklstm.datasets import load_airline

HORIZON = 24


def lstm_forecast(train, strategy, window_length, random_state):
    pipeline = make_pipeline(
        MinMaxScaler(),
        SlidingWindow(window_length=window_length),
        LSTMForecaster(random_state=random_state),
    )
    if strategy == "direct":
        model = pipeline.fit(*make_supervised(train, horizon=HORIZON))
    else:
        model = RecursiveForecaster(pipeline, horizon=HORIZON)
        model.fit(*make_supervised(train, horizon=1))
    return forecast(model, train)


def sarima_forecast(train):
    try:
        from statsmodels.tsa.statespace.sarimax import SARIMAX
    except ImportError:
        return None
    fitted = SARIMAX(
        np.log(train.to_numpy()), order=(0, 1, 1), seasonal_order=(0, 1, 1, 12)
    ).fit(disp=False)
    return np.exp(fitted.forecast(HORIZON))


def main():
    series = load_airline()
    train, truth = series.iloc[:-HORIZON], series.iloc[-HORIZON:]

    def mape(values):
        return 100 * mean_absolute_percentage_error(truth, values)

    rows = {"seasonal naive": mape(np.tile(train.iloc[-12:], HORIZON // 12))}
    sarima = sarima_forecast(train)
    if sarima is None:
        print("statsmodels is not installed, so there is no SARIMA row.")
    else:
        rows["SARIMA(0,1,1)(0,1,1,12), log"] = mape(sarima)
    for strategy in ("direct", "recursive"):
        for window_length in (12, 24):
            start = time.perf_counter()
            scores = []
            for random_state in (0, 1, 2):
                future = lstm_forecast(train, strategy, window_length, random_state)
                assert future.index.equals(truth.index)
                scores.append(mape(future))
            name = f"LSTM {strategy}, window {window_length}"
            rows[name] = np.median(scores)
            print(
                f"{name}: MAPE {np.round(scores, 2)} for random_state 0, 1, 2 "
                f"({time.perf_counter() - start:.0f} s)",
                flush=True,
            )
    print()
    print(
        f"MAPE (%) of one {HORIZON}-month forecast of {truth.index[0]} .. "
        f"{truth.index[-1]} (LSTM: median over random_state 0, 1, 2):"
    )
    print(pd.Series(rows, name="MAPE (%)").round(2).to_string())


if __name__ == "__main__":
    main()
