"""LSTMModule: the torch module that LSTMForecaster trains. No scikit-learn in here."""

import math

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence


class LSTMModule(nn.Module):
    """An LSTM over windows of time steps, then a linear head.

    Input: windows ``X`` of shape ``(batch, window_length, n_features)``,
    already normalised (each window in its own units, see
    ``sklstm/_scaling.py``), in which steps where every feature is NaN are
    leading padding (a shorter history); the LSTM reads only the real steps
    of each window. Output: ``(batch, n_outputs)``, in the units the
    estimator chose for each window (``scales``).

    ``scales``, of shape ``(batch, 3)``, says per window how the outputs are
    weighed, each in the window's units: the head's by ``scales[:, 0]`` (the
    window's spread); the additive head's, with covariates and
    ``additive_covariates=True``, by ``scales[:, 1]`` (the window's level, its
    mean absolute value): a promotion's +40 stays +40 after a quiet week,
    where the first head's output, multiplied by that week's small spread,
    cannot reach it; and ``location_weight``, one per output, by
    ``scales[:, 2]`` (the window's mean): a trend's growth in proportion to
    the level. The additive head starts at zero. Without ``scales``, the
    head's output as it is.

    Parameters
    ----------
    n_features : int
        Features per time step.
    n_outputs : int
        Values predicted per window (the horizon).
    hidden_size : int
        Features of the LSTM's hidden state.
    num_layers : int
        Stacked LSTM layers.
    dropout : float
        Dropout probability on the outputs of each LSTM layer but the last,
        and on the last hidden state before the head.
    additive_covariates : bool
        With covariates (``n_features > 1``), add the second head (see above).
    location_weight : float or sequence of n_outputs floats
        Initial multiple of the window's mean added to each output (see
        above).
    n_quantiles : int or None
        With an int, the module forecasts that many quantiles of each value,
        as ``(batch, n_outputs, n_quantiles)``, sorted along the last axis so
        that they never cross.
    seed : int or None
        Seeds the initial weights, drawn from a generator of their own (see
        :meth:`reset_parameters`); None draws them from torch's global one.

    The parameters are float32 whatever torch's default dtype, and
    :meth:`reset_parameters` draws them from a given generator, so that a
    seeded fit never touches torch's global random state.
    """

    def __init__(
        self,
        n_features,
        n_outputs,
        hidden_size=32,
        num_layers=1,
        dropout=0.0,
        additive_covariates=False,
        n_quantiles=None,
        location_weight=0.0,
        seed=None,
    ):
        super().__init__()
        # Built without drawing weights ("meta"), then drawn once, as float32,
        # from this module's own generator.
        self.lstm = nn.LSTM(
            n_features,
            hidden_size,
            num_layers,
            batch_first=True,
            dropout=dropout if num_layers > 1 else 0.0,
            device="meta",
            dtype=torch.float32,
        )
        self.dropout = nn.Dropout(dropout)
        # One output per quantile of each step with n_quantiles.
        n_values = n_outputs * (n_quantiles or 1)
        self.head = nn.Linear(hidden_size, n_values, device="meta", dtype=torch.float32)
        self.lstm.to_empty(device="cpu")
        self.head.to_empty(device="cpu")
        # Covariates' effects in units of the window's level (see above).
        self.additive_head = (
            nn.Linear(hidden_size, n_values, dtype=torch.float32)
            if additive_covariates and n_features > 1
            else None
        )
        self.n_quantiles = n_quantiles
        self.location_weight = nn.Parameter(
            torch.as_tensor(location_weight, dtype=torch.float32)
            .expand((n_outputs,))
            .clone()
        )
        generator = None if seed is None else torch.Generator().manual_seed(seed)
        self.reset_parameters(generator)

    @torch.no_grad()
    def reset_parameters(self, generator=None):
        """Draw the LSTM's and the head's weights as torch does, from ``generator``.

        torch's own initialisation (uniform in ``+-1/sqrt(fan)``) reads the
        global generator; this draws the same distributions from the one
        given, so that fits running at once in threads stay reproducible.
        """
        bound = 1 / math.sqrt(self.lstm.hidden_size)
        for weight in self.lstm.parameters():
            weight.uniform_(-bound, bound, generator=generator)
        bound = 1 / math.sqrt(self.head.in_features)
        self.head.weight.uniform_(-bound, bound, generator=generator)
        self.head.bias.uniform_(-bound, bound, generator=generator)
        if self.additive_head is not None:
            self.additive_head.weight.zero_()
            self.additive_head.bias.zero_()
        return self

    def forward(self, X, scales=None):
        observed = ~torch.isnan(X).all(dim=-1)  # (batch, steps): False = padding
        X = torch.nan_to_num(X)
        hidden = self.dropout(self._last_hidden(X, observed.sum(dim=1)))
        return self.outputs(hidden, scales)

    def outputs(self, hidden, scales=None):
        """The forecast from the last hidden states ``(batch, hidden_size)``."""
        out = self._values(self.head, hidden)
        if scales is not None:
            out = out * self._per_row(scales[:, 0], out)
            weight = self.location_weight.view(-1, *[1] * (out.ndim - 2))
            out = out + self._per_row(scales[:, 2], out) * weight
            if self.additive_head is not None:
                level = self._per_row(scales[:, 1], out)
                out = out + level * self._values(self.additive_head, hidden)
        if self.n_quantiles:
            # Sorted, the quantiles never cross (monotone rearrangement,
            # Chernozhukov, Fernandez-Val and Galichon, Econometrica 2010).
            return torch.sort(out, dim=-1).values
        return out

    def _values(self, linear, hidden):
        """A head's output, (batch, n_outputs[, n_quantiles])."""
        out = _rowwise(linear, hidden)
        if self.n_quantiles:
            return out.unflatten(-1, (-1, self.n_quantiles))
        return out

    @staticmethod
    def _per_row(values, out):
        """``values`` (batch,) shaped to broadcast over the rows of ``out``."""
        return values.view(-1, *[1] * (out.ndim - 1))

    def _last_hidden(self, X, lengths):
        """The last layer's hidden state after each window's last real step."""
        n_steps = X.shape[1]
        full = lengths == n_steps
        if bool(full.all()):
            _, (hidden, _) = self.lstm(X)
            return hidden[-1]
        # Full windows and padded ones go through the LSTM separately, so a
        # full window's forecast never depends on padded windows beside it.
        last = X.new_empty(X.shape[0], self.lstm.hidden_size)
        if bool(full.any()):
            _, (hidden, _) = self.lstm(X[full])
            last[full] = hidden[-1]
        padded = ~full
        if not self.training:
            # To predict, windows of each length go through together, so that
            # no forecast depends on the other windows in the batch.
            for length in torch.unique(lengths[padded]).tolist():
                rows = torch.nonzero(lengths == length).squeeze(1)
                _, (hidden, _) = self.lstm(X[rows, n_steps - length :])
                last[rows] = hidden[-1]
            return last
        # To train, all padded windows go through in one packed call. Padding
        # leads, but packing wants it trailing: each window is rotated so
        # that its real steps come first, and the LSTM reads only those.
        X, lengths = X[padded], lengths[padded]
        start = (n_steps - lengths).unsqueeze(1)
        order = (torch.arange(n_steps, device=X.device) + start) % n_steps
        X = X.gather(1, order.unsqueeze(-1).expand_as(X))
        packed = pack_padded_sequence(
            X, lengths.cpu(), batch_first=True, enforce_sorted=False
        )
        _, (hidden, _) = self.lstm(packed)
        last[padded] = hidden[-1]
        return last


def _rowwise(linear, hidden):
    """``linear(hidden)``, with the matrix product written out.

    A matrix product takes another code path for one row than for many, and
    a window's forecast must not depend on how many windows are predicted
    with it.
    """
    return (hidden.unsqueeze(1) * linear.weight).sum(dim=-1) + linear.bias
