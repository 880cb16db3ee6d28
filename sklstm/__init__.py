"""sklstm: LSTM forecasting as a first-class scikit-learn estimator."""

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
    "SlidingWindow",
    "make_supervised",
    "__version__",
]
