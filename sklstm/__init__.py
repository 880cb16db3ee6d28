"""sklstm: LSTM forecasting as a first-class scikit-learn estimator."""

from ._calendar import calendar_features
from ._ensemble import EnsembleForecaster
from ._forecast import forecast
from ._forecaster import LSTMForecaster
from ._history import predict_with_history
from ._history_forecaster import HistoryForecaster
from ._onnx import to_onnx
from ._padding import PaddingWarning
from ._recursive import RecursiveForecaster
from ._scaler import MinMaxScaler
from ._split import PanelTimeSeriesSplit
from ._supervised import make_supervised
from ._update import partial_fit
from ._version import __version__
from ._window import SlidingWindow

__all__ = [
    "EnsembleForecaster",
    "HistoryForecaster",
    "LSTMForecaster",
    "MinMaxScaler",
    "PaddingWarning",
    "PanelTimeSeriesSplit",
    "RecursiveForecaster",
    "SlidingWindow",
    "calendar_features",
    "forecast",
    "make_supervised",
    "partial_fit",
    "predict_with_history",
    "to_onnx",
    "__version__",
]
