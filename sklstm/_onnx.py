"""to_onnx: a fitted pipeline as an ONNX graph, for serving without sklstm.

The graph is a torch module exported with torch's ONNX exporter
(``torch.onnx.export(..., dynamo=True)``): the affine steps before the
window (:class:`MinMaxScaler`, scikit-learn's ``MinMaxScaler`` and
``StandardScaler``), the forecaster's scaling of each window in float64
(``_scaling.py``, restated here in torch operations), the LSTM and its
heads in float32, and the map back to ``y``'s units. It reads the last
``window_length`` rows themselves: the window is its input.
"""

import contextlib
import logging
import warnings

import numpy as np
import torch
from sklearn.preprocessing import MinMaxScaler as SklearnMinMaxScaler
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from ._ensemble import EnsembleForecaster
from ._forecaster import LSTMForecaster
from ._inspect import window_position, windowed_pipeline
from ._scaler import MinMaxScaler
from ._scaling import EPS


def to_onnx(model, path=None):
    """Export a fitted forecasting pipeline to an ONNX graph.

    For serving without Python's scientific stack: ``onnxruntime`` alone
    runs the graph, and its forecasts match ``model.predict`` within 1e-5
    relative. The graph takes the last ``window_length`` rows of the
    pipeline's input (``X``'s columns, target first, covariates included)
    and returns what :meth:`LSTMForecaster.predict` returns for the window
    they make, for any number of windows at once, one at least: given an
    empty batch (zero windows), onnxruntime 1.32 was seen to end the
    process instead of raising, so a service should not send one.

    Requires the ``onnx`` extra (``pip install "sklstm[onnx]"``: onnx,
    onnxruntime and onnxscript, which torch's exporter uses).

    Parameters
    ----------
    model : estimator
        A fitted ``Pipeline`` of affine scalers (:class:`MinMaxScaler`,
        scikit-learn's ``MinMaxScaler`` or ``StandardScaler``; none is
        needed), one :class:`SlidingWindow` and a final
        :class:`LSTMForecaster`; or a fitted search whose
        ``best_estimator_`` is one.
    path : str or path-like, default=None
        Where to save the graph (``.onnx``); None saves nothing.

    Returns
    -------
    onnx.ModelProto
        The graph. Input ``"rows"``: float64, shape ``(n_windows,
        window_length, n_columns)``, each window's rows oldest first, in
        the columns of the ``X`` the model was fitted on
        (``model.feature_names_in_``), without NaN (pad nothing: a NaN
        gives a NaN forecast). Output ``"forecast"``: float64, the point
        forecast (the median when quantiles were learned), shape
        ``(n_windows,)`` for a model fitted on 1-D ``y``, ``(n_windows,
        horizon)`` otherwise, in ``y``'s units. With ``quantiles``, a second
        output ``"quantiles"``: every learned level (``quantiles_``, in
        order) on one more last axis.

    Raises
    ------
    ImportError
        If onnx or onnxscript is not installed.
    ValueError
        If the model is not fitted, is an :class:`EnsembleForecaster` or a
        :class:`RecursiveForecaster` (whose loop is Python; export the
        members, or the one-step pipeline, one by one), holds a step
        before the window that is not an affine scaler, a step between the
        window and the forecaster, a clipping scaler (``clip=True``), or a
        final estimator other than :class:`LSTMForecaster`.

    Examples
    --------
    >>> import numpy as np
    >>> import onnxruntime
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklstm import (LSTMForecaster, MinMaxScaler, SlidingWindow,
    ...                     make_supervised, to_onnx)
    >>> from sklstm.datasets import load_airline
    >>> series = load_airline()
    >>> model = make_pipeline(MinMaxScaler(), SlidingWindow(12),
    ...                       LSTMForecaster(max_epochs=20, random_state=0))
    >>> model = model.fit(*make_supervised(series, horizon=1))
    >>> graph = to_onnx(model)
    >>> session = onnxruntime.InferenceSession(graph.SerializeToString())
    >>> rows = series.to_numpy()[-12:].reshape(1, 12, 1)  # the last year
    >>> (predicted,) = session.run(None, {"rows": rows})
    >>> predicted.shape
    (1,)
    >>> bool(np.allclose(predicted, model.predict(series.to_frame()[-1:]),
    ...                  rtol=1e-5))
    True
    """
    try:
        import onnx  # noqa: F401
        import onnxscript  # noqa: F401
    except ImportError as error:
        raise ImportError(
            "to_onnx needs onnx and onnxscript (torch's ONNX exporter uses "
            'them): pip install "sklstm[onnx]".'
        ) from error
    module = _GraphModule(*_parts(model))
    rows = torch.zeros(2, *module.window_shape, dtype=torch.float64)
    outputs = ["forecast"] + (["quantiles"] if module.levels is not None else [])
    with _quiet_exporter():
        program = torch.onnx.export(
            module,
            (rows,),
            input_names=["rows"],
            output_names=outputs,
            dynamic_shapes=({0: torch.export.Dim("n_windows")},),
            dynamo=True,
            verbose=False,
        )
    graph = program.model_proto
    if path is not None:
        with open(path, "wb") as file:
            file.write(graph.SerializeToString())
    return graph


@contextlib.contextmanager
def _quiet_exporter():
    """Silence torch's exporter's progress lines and its own deprecation notices.

    They are about torch's internals (its registration of torchvision
    operators, its use of its own deprecated helpers), not the user's
    model; errors still raise.
    """
    logger = logging.getLogger("torch.onnx")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with contextlib.redirect_stdout(None):
                yield
    finally:
        logger.setLevel(level)


def _parts(model):
    """``(affine maps before the window, window length, forecaster)``, or raise."""
    if isinstance(model, EnsembleForecaster) or isinstance(
        getattr(model, "best_estimator_", None), EnsembleForecaster
    ):
        raise ValueError(
            "to_onnx exports one pipeline; an EnsembleForecaster's mean is "
            "computed in Python. Export each member (model.estimators_) and "
            "average their forecasts."
        )
    pipeline = windowed_pipeline(model)
    if pipeline is None:
        raise ValueError(
            "to_onnx needs a fitted Pipeline of scalers, a SlidingWindow and an "
            f"LSTMForecaster (or a search over one); got {type(model).__name__}. "
            "For a RecursiveForecaster, export its one-step pipeline "
            "(model.estimator_) and feed each forecast back yourself."
        )
    check_is_fitted(pipeline)
    position = window_position(pipeline)
    forecaster = pipeline.steps[-1][1]
    if not isinstance(forecaster, LSTMForecaster):
        raise ValueError(
            "to_onnx exports pipelines ending in an LSTMForecaster; this one ends "
            f"in {type(forecaster).__name__}."
        )
    if position != len(pipeline) - 2:
        raise ValueError(
            "to_onnx exports pipelines with nothing between the SlidingWindow and "
            f"the LSTMForecaster; this one has {pipeline.steps[position + 1][0]!r}."
        )
    maps = [_affine(name, step) for name, step in pipeline.steps[:position]]
    window = pipeline.steps[position][1]
    return [m for m in maps if m is not None], window.window_length, forecaster


def _affine(name, step):
    """``(scale, shift)`` of an affine step: ``x * scale + shift``; None if inert."""
    if step is None or step == "passthrough":
        return None
    if isinstance(step, (MinMaxScaler, SklearnMinMaxScaler)):
        if step.clip:
            raise ValueError(
                f"Step {name!r} clips (clip=True), which to_onnx does not export; "
                "refit the model with clip=False."
            )
        return np.asarray(step.scale_, float), np.asarray(step.min_, float)
    if isinstance(step, StandardScaler):
        n_features = step.n_features_in_
        scale = 1 / step.scale_ if step.with_std else np.ones(n_features)
        mean = step.mean_ if step.with_mean else np.zeros(n_features)
        return np.asarray(scale, float), -np.asarray(mean, float) * scale
    raise ValueError(
        f"Step {name!r} ({type(step).__name__}) cannot be exported: to_onnx "
        "exports the affine scalers MinMaxScaler and StandardScaler before the "
        "SlidingWindow."
    )


class _GraphModule(torch.nn.Module):
    """``rows`` (float64 windows) to the forecaster's ``predict``, in torch."""

    def __init__(self, maps, window_length, forecaster):
        super().__init__()
        n_features = forecaster.window_shape_[1]
        self.window_shape = (window_length, n_features)
        scale, shift = np.ones(n_features), np.zeros(n_features)
        for step_scale, step_shift in maps:
            scale, shift = scale * step_scale, shift * step_scale + step_shift
        self.register_buffer("scale", torch.as_tensor(scale, dtype=torch.float64))
        self.register_buffer("shift", torch.as_tensor(shift, dtype=torch.float64))
        params = forecaster.fitted_network_params_
        self.target = int(params["target_feature"])
        self.global_scaling = params["normalization"] is None
        self.target_map = tuple(float(v) for v in forecaster.target_map_)
        if self.global_scaling:
            x = forecaster.x_scaler_
            for name, values in (("x_mean", x.mean_), ("x_scale", x.scale_)):
                self.register_buffer(name, torch.as_tensor(values, dtype=torch.float64))
            self.y_mean = float(forecaster.y_scaler_.mean_[0])
            self.y_scale = float(forecaster.y_scaler_.scale_[0])
        self.network = forecaster.net_.module_
        self.network.eval()
        self.levels = forecaster.quantiles_
        self.median = (
            None
            if self.levels is None
            else int(np.flatnonzero(np.isclose(self.levels, 0.5))[0])
        )
        self.one_d = forecaster._y_ndim == 1

    def forward(self, rows):
        x = pipeline_scaled = rows * self.scale + self.shift
        a, b = self.target_map
        target = x[:, :, self.target : self.target + 1]
        scaled = a * target
        mapped = scaled + b
        rounding = 16 * np.finfo(np.float64).eps * (scaled.abs() + abs(b))
        mapped = torch.where(mapped.abs() <= rounding, 0.0, mapped)
        x = torch.cat(
            [x[:, :, : self.target], mapped, x[:, :, self.target + 1 :]], dim=2
        )
        mean = x.mean(dim=1, keepdim=True)
        variance = (x - mean).square().mean(dim=1, keepdim=True)
        level = x.abs().mean(dim=1, keepdim=True)
        spread = torch.sqrt(variance + EPS * mean.square())
        location = mean[:, 0, self.target]
        own = spread[:, 0, self.target]
        if self.global_scaling:
            inputs = (pipeline_scaled - self.x_mean) / self.x_scale
            location = torch.full_like(own, self.y_mean)
            target_spread = torch.full_like(own, self.y_scale)
            target_level = torch.zeros_like(own)
        else:
            inputs = (x - mean) / torch.where(spread > 0, spread, 1.0)
            target_spread, target_level = own, level[:, 0, self.target]
        free = own > 0
        unit = torch.where(free, own, 1.0)
        scales = torch.stack(
            [target_spread / unit, target_level / unit, location / unit], dim=1
        )
        scales = torch.where(free.unsqueeze(1), scales, 0.0)
        _, (hidden, _) = self.network.lstm(inputs.float())
        out = self.network.outputs(hidden[-1], scales.float()).double()
        shape = (-1,) + (1,) * (out.ndim - 1)
        values = location.view(shape) + unit.view(shape) * out
        point = values if self.levels is None else values[..., self.median]
        if self.one_d:
            point = point[:, 0]
            values = values[:, 0]
        if self.levels is None:
            return point
        return point, values
