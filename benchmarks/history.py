"""The same forecasts whatever the grouping: one block, month by month, numpy.

The README's airline model (``MinMaxScaler``, ``SlidingWindow(12)``,
``LSTMForecaster(random_state=0)``, trained on all but the last 24 months)
forecasts each of the last 24 months one month ahead:

- in one block, ``model.predict(X_test)`` (the test rows continue the
  training rows, so their windows are completed from the fitted data);
- one month at a time as it arrives, ``predict_with_history(model, row,
  history)``;
- as numpy arrays through ``predict_with_history``;
- and, for comparison, the ways that lose history: each month alone through
  ``predict`` and the numpy block through ``predict``, which pad their windows
  (and now warn with a ``PaddingWarning``).

Prints the MAPE of each (about a minute on 2 cores)::

    python benchmarks/history.py
"""

import warnings

import numpy as np
from sklearn.metrics import mean_absolute_percentage_error
from sklearn.pipeline import make_pipeline

from sklstm import (
    LSTMForecaster,
    MinMaxScaler,
    PaddingWarning,
    SlidingWindow,
    make_supervised,
    predict_with_history,
)
from sklstm.datasets import load_airline


def main():
    X, y = make_supervised(load_airline())
    n_test = 24
    X_train, y_train, X_test, y_test = (
        X[:-n_test],
        y[:-n_test],
        X[-n_test:],
        y[-n_test:],
    )
    X_np, X_train_np = X.to_numpy(), X_train.to_numpy()
    model = make_pipeline(
        MinMaxScaler(), SlidingWindow(window_length=12), LSTMForecaster(random_state=0)
    ).fit(X_train, y_train)
    numpy_model = make_pipeline(
        MinMaxScaler(), SlidingWindow(window_length=12), LSTMForecaster(random_state=0)
    ).fit(X_train_np, y_train.to_numpy())
    first = len(X) - n_test
    rows = {
        "one block, predict(X_test)": model.predict(X_test),
        "month by month, predict_with_history": np.concatenate(
            [
                predict_with_history(model, X[t : t + 1], X[:t])
                for t in range(first, len(X))
            ]
        ),
        "numpy, predict_with_history": predict_with_history(
            numpy_model, X_np[first:], X_np[:first]
        ),
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PaddingWarning)
        rows["(loses history) month by month, predict"] = np.concatenate(
            [model.predict(X[t : t + 1]) for t in range(first, len(X))]
        )
        rows["(loses history) numpy block, predict"] = numpy_model.predict(X_np[first:])
    n_warnings = sum(issubclass(w.category, PaddingWarning) for w in caught)
    print("| how the 24 test months are given | MAPE % |")
    print("|---|---|")
    for name, predicted in rows.items():
        mape = 100 * mean_absolute_percentage_error(y_test, predicted)
        print(f"| {name} | {mape:.2f} |")
    print(f"\nPaddingWarnings raised by the two ways that lose history: {n_warnings}")


if __name__ == "__main__":
    main()
