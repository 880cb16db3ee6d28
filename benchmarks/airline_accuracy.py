"""One-step-ahead accuracy on the airline series, against classical baselines.

The last 24 months (1959-01 .. 1960-12) are forecast one month ahead from the
120 months before them, as in ``examples/plot_airline_forecast.py``: the LSTM
pipeline is tuned with the same GridSearchCV over TimeSeriesSplit(5) on the
first 120 months and refitted on them, once per random_state 0, 1, 2. Baselines:
naive (last value), seasonal naive (same month a year before), a lag-feature
regressor (Ridge on the last 12 values, in the same pipeline) and, if
statsmodels is installed, SARIMA(0,1,1)(0,1,1,12) on log data, fitted on the
120 months and run one step ahead over the 24 with its parameters fixed.

Run: python -m pip install -e ".[benchmarks]" && python benchmarks/airline_accuracy.py
(about 2 minutes on 2 cores)
"""

import time

import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_percentage_error, root_mean_squared_error
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from sklstm import LSTMForecaster, MinMaxScaler, SlidingWindow, make_supervised
from sklstm.datasets import load_airline

N_TEST = 24


def tuned_lstm(X_train, y_train, X_test, random_state):
    search = GridSearchCV(
        make_pipeline(
            MinMaxScaler(),
            SlidingWindow(window_length=12),
            LSTMForecaster(random_state=random_state),
        ),
        param_grid={
            "slidingwindow__window_length": [6, 12, 24],
            "lstmforecaster__hidden_size": [16, 64],
        },
        cv=TimeSeriesSplit(n_splits=5),
        scoring="neg_mean_absolute_percentage_error",
        n_jobs=2,
    )
    search.fit(X_train, y_train)
    return search.predict(X_test), search.best_params_


def lag_regressor(X_train, y_train, X_test):
    """A linear model on the last 12 values: the same windows, flattened.

    The windows are padded with the oldest value ("edge"), since Ridge takes
    no NaN.
    """
    model = make_pipeline(
        SlidingWindow(window_length=12, padding="edge"),
        FunctionTransformer(lambda windows: windows.reshape(len(windows), -1)),
        Ridge(alpha=1.0),
    )
    return model.fit(X_train, y_train).predict(X_test)


def sarima(series):
    try:
        from statsmodels.tsa.statespace.sarimax import SARIMAX
    except ImportError:
        return None
    log = np.log(series.to_numpy())
    order = dict(order=(0, 1, 1), seasonal_order=(0, 1, 1, 12))
    fitted = SARIMAX(log[:-N_TEST], **order).fit(disp=False)
    one_step = fitted.apply(log).get_prediction(start=len(log) - N_TEST)
    return np.exp(one_step.predicted_mean)


def main():
    series = load_airline()
    X, y = make_supervised(series)
    X_train, X_test = X.iloc[:-N_TEST], X.iloc[-N_TEST:]
    y_train, truth = y.iloc[:-N_TEST], y.iloc[-N_TEST:].to_numpy()
    forecasts = {
        "naive (last value)": X_test[series.name].to_numpy(),
        "seasonal naive": series.shift(12).iloc[-N_TEST:].to_numpy(),
    }
    forecasts["Ridge on 12 lags"] = lag_regressor(X_train, y_train, X_test)
    sarima_forecast = sarima(series)
    if sarima_forecast is None:
        print(
            "statsmodels is not installed, so there is no SARIMA row: "
            'python -m pip install -e ".[benchmarks]"'
        )
    else:
        forecasts["SARIMA(0,1,1)(0,1,1,12), log"] = sarima_forecast
    lstm_mapes = []
    for random_state in (0, 1, 2):
        start = time.perf_counter()
        forecast, best = tuned_lstm(X_train, y_train, X_test, random_state)
        name = f"LSTM, random_state={random_state}"
        forecasts[name] = forecast
        lstm_mapes.append(100 * mean_absolute_percentage_error(truth, forecast))
        print(f"{name}: {best}, {time.perf_counter() - start:.0f} s", flush=True)
    table = pd.DataFrame(
        {
            "MAPE (%)": {
                name: 100 * mean_absolute_percentage_error(truth, f)
                for name, f in forecasts.items()
            },
            "RMSE": {
                name: root_mean_squared_error(truth, f) for name, f in forecasts.items()
            },
        }
    )
    print()
    print(table.round(2).to_string())
    print(f"\nLSTM median MAPE over random_state 0, 1, 2: {np.median(lstm_mapes):.2f}%")


if __name__ == "__main__":
    main()
