"""sklstm: LSTM forecasting as a first-class scikit-learn estimator."""

from ._calendar import calendar_features
from ._forecast import RecursiveForecaster, forecast
from ._forecaster import LSTMForecaster
from ._scaler import MinMaxScaler
from ._split import PanelTimeSeriesSplit
from ._supervised import make_supervised
from ._window import SlidingWindow

__version__ = "0.1.0.dev0"

__all__ = [
    "LSTMForecaster",
    "MinMaxScaler",
    "PanelTimeSeriesSplit",
    "RecursiveForecaster",
    "SlidingWindow",
    "calendar_features",
    "forecast",
    "make_supervised",
    "__version__",
]
