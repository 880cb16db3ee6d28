"""The defaults on other real series: statsmodels' datasets, one step ahead.

An independent check of the defaults on series they were not chosen on
(the airline series and the tourism panel are where they were): each series'
last 20 % forecast one step ahead (``predict`` on the test rows, which
continue the fitted ones) by the README's pipeline with default parameters,
``MinMaxScaler -> SlidingWindow(window) -> LSTMForecaster(random_state=seed)``,
the window a year of the data's period (12 months, 4 quarters) or 10 steps
for yearly data; the mean absolute error divided by the naive (last value)
forecast's, so that below 1 beats naive, median over random_state 0, 1, 2,
beside the seasonal naive forecast (where there is a season) and the mean of
the training part.

The series, all shipped with statsmodels (``statsmodels.datasets``):

- ``nile``: the Nile's yearly flow at Aswan, 1871-1970 (Cobb 1978);
- ``sunspots``: yearly sunspot numbers, 1700-2008;
- ``co2``: CO2 at Mauna Loa, weekly 1958-2001, as monthly means;
- ``elnino``: monthly sea surface temperatures of the Nino 1+2 region,
  1950-2010;
- ``macrodata``: US real GDP, quarterly 1959-2009.

Run: python -m pip install -e ".[benchmarks]" && python benchmarks/real_series.py
(about 2 minutes on 2 cores)
"""

import numpy as np
import pandas as pd
from sklearn.pipeline import make_pipeline

from sklstm import LSTMForecaster, MinMaxScaler, SlidingWindow, make_supervised

SEEDS = (0, 1, 2)


def load_series():
    """``{name: (series, period, window_length)}``; period None if yearly."""
    from statsmodels import datasets

    nile = datasets.nile.load_pandas().data
    nile = pd.Series(
        nile["volume"].to_numpy(float),
        index=pd.period_range(
            str(int(nile["year"].iloc[0])), periods=len(nile), freq="Y"
        ),
    )
    spots = datasets.sunspots.load_pandas().data
    spots = pd.Series(
        spots["SUNACTIVITY"].to_numpy(float),
        index=pd.period_range("1700", periods=len(spots), freq="Y"),
    )
    co2 = datasets.co2.load_pandas().data["co2"]
    co2 = co2.resample("MS").mean().interpolate().to_period("M")
    elnino = datasets.elnino.load_pandas().data.set_index("YEAR")
    elnino = pd.Series(
        elnino.to_numpy(float).ravel(),
        index=pd.period_range("1950-01", periods=elnino.size, freq="M"),
    )
    gdp = datasets.macrodata.load_pandas().data["realgdp"]
    gdp = pd.Series(
        gdp.to_numpy(float), index=pd.period_range("1959Q1", periods=len(gdp), freq="Q")
    )
    return {
        "nile (yearly)": (nile, None, 10),
        "sunspots (yearly)": (spots, None, 10),
        "co2 (monthly)": (co2.rename("co2"), 12, 12),
        "elnino (monthly)": (elnino, 12, 12),
        "US real GDP (quarterly)": (gdp, 4, 4),
    }


def scores(series, period, window_length):
    """MAE / naive MAE of each method, on the last 20 % one step ahead."""
    X, y = make_supervised(series.rename("value"), horizon=1)
    n_test = len(X) // 5
    X_train, y_train, X_test, y_test = (
        X[:-n_test],
        y[:-n_test],
        X[-n_test:],
        y[-n_test:],
    )
    values = series.to_numpy(float)
    # The value at t (naive), t - period + 1 (seasonal naive) for y at t+1.
    at = np.arange(len(values) - 1 - n_test, len(values) - 1)
    naive = np.mean(np.abs(y_test.to_numpy() - values[at]))
    rows = {"training mean": np.mean(np.abs(y_test.to_numpy() - y_train.mean()))}
    if period:
        seasonal = values[at - period + 1]
        rows["seasonal naive"] = np.mean(np.abs(y_test.to_numpy() - seasonal))
    lstm = []
    for seed in SEEDS:
        model = make_pipeline(
            MinMaxScaler(),
            SlidingWindow(window_length),
            LSTMForecaster(random_state=seed),
        ).fit(X_train, y_train)
        lstm.append(np.mean(np.abs(y_test.to_numpy() - model.predict(X_test))))
    rows["sklstm (median of 3 seeds)"] = float(np.median(lstm))
    return {name: value / naive for name, value in rows.items()}


def main():
    table = {name: scores(*spec) for name, spec in load_series().items()}
    methods = ["sklstm (median of 3 seeds)", "seasonal naive", "training mean"]
    print("MAE relative to the naive forecast, last 20 % one step ahead:\n")
    print("| series | " + " | ".join(methods) + " |")
    print("|---" * (len(methods) + 1) + "|")
    for name, row in table.items():
        cells = [f"{row[m]:.3f}" if m in row else "" for m in methods]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
