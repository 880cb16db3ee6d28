"""Looking inside a fitted model: the one place that knows how models nest.

A model given to :func:`forecast`, :func:`predict_with_history`,
:class:`RecursiveForecaster` or :class:`HistoryForecaster` may be a pipeline,
a search over one (``GridSearchCV``'s ``best_estimator_``), a
``FrozenEstimator`` around either, or a meta-estimator's fitted
``estimator_``. Every path finds the steps it needs here, by one rule.
"""

import pandas as pd
from sklearn.frozen import FrozenEstimator
from sklearn.pipeline import Pipeline

from ._ensemble import EnsembleForecaster
from ._window import SlidingWindow


def inner(model):
    """The fitted model that ``model`` wraps, or None if it wraps none.

    Through a ``FrozenEstimator`` to its estimator, through a search to its
    ``best_estimator_``, through a meta-estimator to its ``estimator_``.
    """
    if isinstance(model, FrozenEstimator):
        return model.estimator
    best = getattr(model, "best_estimator_", None)
    return best if best is not None else getattr(model, "estimator_", None)


def find(model, kind):
    """``model``, or the estimator of that kind inside it; None if there is none.

    Unwraps with :func:`inner` until a pipeline, whose steps are searched (a
    pipeline's steps are not unwrapped further).
    """
    while model is not None:
        if isinstance(model, kind):
            return model
        if isinstance(model, Pipeline):
            return next((s for _, s in model.steps if isinstance(s, kind)), None)
        model = inner(model)
    return None


def keyword_predictor(model):
    """The model whose ``predict`` takes ``quantiles=`` and ``coverage=``.

    A search's ``predict`` takes no keywords, so its best estimator is asked;
    a pipeline passes them on to its last step.
    """
    while getattr(model, "best_estimator_", None) is not None:
        model = model.best_estimator_
    return model


def predict(model, X, quantiles=None, coverage=None):
    """``model.predict(X)``, with the quantiles or interval asked, if any."""
    if quantiles is None and coverage is None:
        return model.predict(X)
    return keyword_predictor(model).predict(X, quantiles=quantiles, coverage=coverage)


def window_position(pipeline):
    """Position of the pipeline's first window before its last step, or None.

    The rule every path uses: the :class:`SlidingWindow` that turns rows
    into windows is the first one among the steps before the regressor.
    """
    if not isinstance(pipeline, Pipeline):
        return None
    for position, (_, step) in enumerate(pipeline.steps[:-1]):
        if isinstance(step, SlidingWindow):
            return position
    return None


def split_at_window(pipeline):
    """``(steps before or None, the SlidingWindow, steps after)`` of a pipeline.

    Raises
    ------
    ValueError
        If ``pipeline`` is not a Pipeline with a :class:`SlidingWindow`
        before its last step.
    """
    position = window_position(pipeline)
    if position is None:
        raise ValueError(
            "RecursiveForecaster needs a Pipeline holding a SlidingWindow "
            "followed by a regressor that forecasts one step; got "
            f"{type(pipeline).__name__}."
        )
    before = _one_step(pipeline[:position]) if position else None
    return before, pipeline.steps[position][1], _one_step(pipeline[position + 1 :])


def _one_step(part):
    """A pipeline's only step itself, for the same calls without the Pipeline's cost.

    Each call through a Pipeline checks that it is fitted and gathers its
    steps' tags, which costs about as much as a small network's forecast.
    """
    steps = part.steps
    if len(steps) == 1 and steps[0][1] not in (None, "passthrough"):
        return steps[0][1]
    return part


def windowed_pipeline(model):
    """The pipeline with a :class:`SlidingWindow` whose predict is ``model``'s.

    ``model`` itself, or the pipeline a search (``best_estimator_``) or a
    ``FrozenEstimator`` predicts with; None for anything else (a
    meta-estimator's predict does more than its ``estimator_``'s).
    """
    while not isinstance(model, Pipeline):
        if isinstance(model, FrozenEstimator):
            model = model.estimator
        elif getattr(model, "best_estimator_", None) is not None:
            model = model.best_estimator_
        else:
            return None
    return model if window_position(model) is not None else None


def final_step(steps):
    """The last estimator of a pipeline (or ``steps`` itself if not one)."""
    return steps[-1] if isinstance(steps, Pipeline) else steps


def ensemble_members(model):
    """The fitted members of the :class:`EnsembleForecaster` ``model`` is, or None.

    Found through searches and frozen estimators (:func:`inner`), not
    inside a pipeline.
    """
    while model is not None and not isinstance(model, Pipeline):
        if isinstance(model, EnsembleForecaster):
            return getattr(model, "estimators_", None)
        model = inner(model)
    return None


def window_length(model):
    """The ``window_length`` of the model's :class:`SlidingWindow`, or None.

    For an ensemble, the longest of its members' (None if one has none).
    """
    members = ensemble_members(model)
    if members is not None:
        lengths = [window_length(member) for member in members]
        return None if None in lengths else max(lengths)
    window = find(model, SlidingWindow)
    return None if window is None else window.window_length


def fitted_target(model, data):
    """The target the model was fitted on, if ``data``'s columns have it.

    :func:`make_supervised` puts the target first in ``X``, so the first of
    the fitted column names is the target of a model fitted on its output.
    None for a ``data`` of fewer than two columns, or a model fitted on
    unnamed columns.
    """
    names = getattr(model, "feature_names_in_", None)
    if not isinstance(data, pd.DataFrame) or data.shape[1] < 2 or names is None:
        return None
    return names[0] if names[0] in data.columns else None
