"""Online updates: ``partial_fit`` of LSTMForecaster and SlidingWindow.

:class:`ForecasterUpdates` trains a fitted forecaster one epoch more on new
windows, in its fitted units; :class:`WindowUpdates` makes a fitted window
remember new rows as the latest of their series, so that the windows of the
rows after them read them. :func:`sklstm.partial_fit` (``_update.py``) does
both for a fitted pipeline, from rows.
"""

import copy

import numpy as np
from sklearn.utils import metadata_routing
from sklearn.utils.validation import check_is_fitted

from ._params import validate_params
from ._timeindex import follows, series_positions, time_labels
from ._training import fit_forecaster
from ._validation import check_count, restore_on_error


class ForecasterUpdates:
    """``partial_fit`` for :class:`LSTMForecaster` (a mixin)."""

    # ``epochs`` is a setting of the call, not data to route through a
    # meta-estimator: no ``set_partial_fit_request`` method for it.
    __metadata_request__partial_fit = {"epochs": metadata_routing.UNUSED}

    @restore_on_error
    def partial_fit(self, X, y, *, epochs=1):
        """Train one more epoch (or ``epochs``) on windows ``X`` and targets ``y``.

        Online updates, as :class:`~sklearn.neural_network.MLPRegressor`'s
        ``partial_fit``: one pass over the windows given, from the fitted
        network's weights and optimizer state, in its fitted units (the
        target map and scales stay those of the first fit), without
        ``early_stopping`` (nothing is held out). On an unfitted
        forecaster, the first call fits the units on ``X`` and ``y`` and
        trains one epoch from new weights. ``max_epochs``, ``warm_start``
        and ``early_stopping`` are not used. For a pipeline, whose windows
        of new rows must come from the rows before them,
        :func:`sklstm.partial_fit` does the same from rows.

        Parameters
        ----------
        X : array-like of shape (n_samples, window_length, n_features) or \
                (n_samples, window_length)
            Windows, oldest step first, of the fitted shape once fitted.
        y : array-like of shape (n_samples,) or (n_samples, horizon)
            The value(s) to forecast from each window, with the fitted
            number of columns once fitted.
        epochs : int, default=1
            Passes over the windows given (skorch's ``partial_fit`` takes
            the same).

        Returns
        -------
        self : LSTMForecaster
            The updated forecaster.

        Raises
        ------
        ValueError
            As :meth:`fit`, before training; once fitted, also if the
            windows' shape or ``y``'s columns differ from the fitted ones or
            a parameter that shapes the network changed (see
            ``warm_start``). A failed update leaves the forecaster as it
            was.
        """
        validate_params(self)
        # One epoch, nothing held out: this call's settings, not the
        # estimator's parameters (which stay as the user set them).
        settings = copy.copy(self)
        settings.max_epochs = check_count(epochs, "epochs")
        settings.early_stopping = False
        return fit_forecaster(self, X, y, settings, warm=hasattr(self, "net_"))


class WindowUpdates:
    """``partial_fit`` for :class:`SlidingWindow` (a mixin)."""

    @restore_on_error
    def partial_fit(self, X, y=None):
        """Remember the rows of ``X`` as the latest of their series.

        For online updates: the windows of rows after ``X`` then read its
        rows, and those before it, as if ``X`` had been in the fitted data.
        On an unfitted window, the same as :meth:`fit`.

        Parameters
        ----------
        X : array-like of shape (n_timesteps,) or (n_timesteps, n_features)
            New rows, oldest first, that continue the fitted data: with a
            time index, each series' rows start one step after its last
            fitted row (a series the fit did not see starts anew); without
            one (a numpy array), they are read as the rows after the
            fitted ones.
        y : None
            Ignored.

        Returns
        -------
        self : SlidingWindow
            The updated transformer.

        Raises
        ------
        ValueError
            If X fails :meth:`transform`'s checks, a series' rows do not
            start one step after its last fitted row (a gap, or rows seen
            before), or X has no time index where the fit had one.
        """
        if not hasattr(self, "last_rows_"):
            return self.fit(X, y)
        self._check_params()
        check_has_index(self, getattr(X, "index", None))
        values, index = self._validate(X, reset=False)
        self.last_rows_, self.last_rows_index_, self.first_index_ = continued(
            self, values, index
        )
        return self


def continued(window, values, index):
    """What a fitted window remembers after the new rows ``values``.

    ``(last_rows_, last_rows_index_, first_index_)``; raises if the rows do
    not continue the fitted data (see :meth:`WindowUpdates.partial_fit`).
    """
    check_is_fitted(window)
    keep = window.window_length - 1
    values = values.astype(window.last_rows_.dtype, copy=False)
    if window.time_step_ is None:  # fitted without a time index
        rows = np.concatenate([window.last_rows_, values])
        return rows[len(rows) - min(keep, len(rows)) :], None, None
    check_has_index(window, index)
    old_index = window.last_rows_index_
    old = dict(series_positions(old_index)) if len(old_index) else {}
    old_times, times = time_labels(old_index), time_labels(index)
    kept, labels, starts = [], [], [window.first_index_]
    seen = set()
    for key, positions in series_positions(index):
        seen.add(key)
        rows, row_labels = values[positions], index[positions]
        if key in old:
            last = old_times[old[key][-1]]
            if not follows(times[positions], last, window.time_step_):
                where = "" if key is None else f" of series {key!r}"
                raise ValueError(
                    f"The new rows{where} must continue the fitted data, one "
                    f"time step after its last row ({last}); they start at "
                    f"{times[positions[0]]}. Pass the rows after {last}, "
                    "without a gap and without rows seen before (to train "
                    "several epochs on one block of new rows, pass it once "
                    "with epochs=)."
                )
            rows = np.concatenate([window.last_rows_[old[key]], rows])
            row_labels = old_index[old[key]].append(row_labels)
        elif key not in first_series(window):
            starts.append(index[positions[:1]])
        n_kept = min(keep, len(rows))
        kept.append(rows[len(rows) - n_kept :])
        labels.append(row_labels[len(rows) - n_kept :])
    for key, positions in old.items():
        if key not in seen:  # series without new rows keep what they had
            kept.append(window.last_rows_[positions])
            labels.append(old_index[positions])
    first = starts[0].append(starts[1:]) if len(starts) > 1 else starts[0]
    return np.concatenate(kept), labels[0].append(labels[1:]), first


def check_has_index(window, index):
    """Raise if the window was fitted with a time index and the new rows lack one."""
    if index is None and window.time_step_ is not None:
        raise ValueError(
            "SlidingWindow was fitted on rows with a time index, so the new rows "
            "need theirs (a pandas Series or DataFrame) to tell where they "
            "continue the fitted data; got rows without one."
        )


def first_series(window):
    """The series keys of the fitted data (its ``first_index_``)."""
    return {key for key, _ in series_positions(window.first_index_)}
