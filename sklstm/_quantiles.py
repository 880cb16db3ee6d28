"""Quantile forecasts: the levels an LSTMForecaster learns, and those asked of it.

The network learns the levels of ``quantiles=`` (with the median added) with
the pinball loss (``_net.PinballLoss``); its outputs are sorted, so they never
cross. ``predict(X, quantiles=...)`` and ``predict(X, coverage=...)`` pick
learned levels; nothing here interpolates between them.
"""

import numbers

import numpy as np

from ._validation import check_real


def check_quantiles(quantiles, name="quantiles", *, sorted_=True):
    """The levels as a tuple of floats, or raise.

    Each in (0, 1); with ``sorted_``, strictly increasing (sorted, no
    duplicates).
    """
    if isinstance(quantiles, (str, bytes)) or np.ndim(quantiles) != 1:
        raise ValueError(
            f"{name} must be a 1-D list of levels in (0, 1), such as "
            f"[0.1, 0.5, 0.9]; got {quantiles!r}."
        )
    if len(quantiles) == 0:
        raise ValueError(f"{name} must hold at least one level; got {quantiles!r}.")
    levels = []
    for level in quantiles:
        if isinstance(level, bool) or not isinstance(level, numbers.Real):
            raise TypeError(f"{name} must hold real numbers; got {level!r}.")
        levels.append(check_real(level, name, 0, 1, "neither"))
    if sorted_ and any(later <= earlier for earlier, later in zip(levels, levels[1:])):
        raise ValueError(
            f"{name} must be sorted and without duplicates; got {list(quantiles)}."
        )
    return tuple(levels)


def learned_levels(quantiles):
    """The levels the network learns: ``quantiles`` with the median added."""
    levels = set(check_quantiles(quantiles))
    levels.add(0.5)
    return np.array(sorted(levels))


def requested_levels(fitted, quantiles, coverage):
    """Positions, among the ``fitted`` levels, of those asked; and whether scalar.

    ``quantiles`` (a level or a list of them) or ``coverage`` (the central
    interval's probability, giving its two bounds); with neither, the median.
    """
    if quantiles is not None and coverage is not None:
        raise ValueError(
            "Give quantiles= or coverage=, not both: coverage=c asks for the "
            "quantiles (1 - c) / 2 and (1 + c) / 2."
        )
    if fitted is None:
        if quantiles is None and coverage is None:
            return None, True
        raise ValueError(
            "This LSTMForecaster was trained without quantiles, so it has no "
            f"{'intervals' if coverage is not None else 'quantiles'} to give. "
            "Train it with quantiles=[...] (for an 80% interval, quantiles="
            "[0.1, 0.9]), or get intervals around its point forecasts with "
            "MAPIE (see the user guide, 'Uncertainty')."
        )
    if coverage is not None:
        if isinstance(coverage, bool):
            raise TypeError(
                "coverage must be a probability in (0, 1), such as 0.8; got "
                f"{coverage!r}."
            )
        coverage = check_real(coverage, "coverage", 0, 1, "neither")
        asked = ((1 - coverage) / 2, (1 + coverage) / 2)
        scalar = False
    elif quantiles is None:
        asked, scalar = (0.5,), True
    else:
        scalar = np.ndim(quantiles) == 0
        asked = check_quantiles([quantiles] if scalar else quantiles, sorted_=False)
    positions = []
    for level in asked:
        position = _position(fitted, level)
        if position is None:
            what = f"coverage={coverage} needs" if coverage is not None else "asked"
            raise ValueError(
                f"Quantile {level:g} ({what}) was not learned; this model "
                f"learned {[float(f'{q:g}') for q in fitted]}. Train with "
                "quantiles= holding every level you will ask for."
            )
        if position in positions:
            raise ValueError(
                f"quantiles asks for the level {level:g} twice; got "
                f"{list(quantiles)}. Give each level once."
            )
        positions.append(position)
    return positions, scalar


def _position(fitted, level):
    """The position of ``level`` among the ``fitted`` levels, or None."""
    # Levels given as float32 (0.9 -> 0.8999999762) still match.
    match = np.flatnonzero(np.isclose(fitted, level, rtol=0, atol=1e-6))
    return int(match[0]) if len(match) else None


def matched_levels(fitted, asked):
    """The ``fitted`` levels that the levels ``asked`` match, as floats.

    ``(1 - 0.95) / 2`` is 0.025000000000000022: labels taken from the learned
    0.025 can be looked up as ``frame[0.025]``. Levels that match none are
    returned as given.
    """
    labels = []
    for level in asked:
        position = None if fitted is None else _position(fitted, level)
        labels.append(float(level if position is None else fitted[position]))
    return labels
