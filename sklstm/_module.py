"""LSTMModule: the torch module that LSTMForecaster trains. No scikit-learn in here."""

import math

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence


class LSTMModule(nn.Module):
    """An LSTM over windows of time steps, then a linear head.

    Input: windows ``X`` of shape ``(batch, window_length, n_features)``, in
    which steps where every feature is NaN are leading padding (a shorter
    history); the LSTM reads only the real steps of each window. Output:
    ``(batch, n_outputs)``.

    With ``window_norm=True`` each window is first normalised by its own mean
    and standard deviation per feature (over its real steps), the network
    predicts in those units, and the prediction is mapped back with the mean
    and standard deviation of the target feature (``target_feature``):
    reversible instance normalisation (RevIN, Kim et al., ICLR 2022). The
    trend and level of a series then leave the network's inputs, and a
    seasonal pattern whose amplitude grows with the level looks the same at
    every level. With covariates and ``additive_covariates=True``, a second
    head adds an effect that is not scaled by the window's spread: a
    promotion's +40 stays +40 after a quiet week, where the first head's
    output, multiplied by that week's small spread, cannot reach it. It
    starts at zero. A learned affine map per output (``output_scale``,
    ``output_bias``) then takes the prediction from the target feature's
    units to the units of ``y``, which may differ (a pipeline scales X but
    not y).

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
    window_norm : bool
        Whether to normalise each window (see above).
    target_feature : int
        Which feature holds the target's own history.
    additive_covariates : bool
        With window normalisation and covariates (``n_features > 1``), add the
        second head (see above).
    output_scale, output_bias : float or sequence of n_outputs floats
        Initial values of the affine map to y's units.
    n_quantiles : int or None
        With an int, the module forecasts that many quantiles of each value,
        as ``(batch, n_outputs, n_quantiles)``, sorted along the last axis so
        that they never cross.
    eps : float
        Times the square of each window's mean, added to its variance: a
        flat window divides by ``sqrt(eps)`` times its level rather than by
        zero, and the windows of a small series in a panel standardised as a
        whole keep their shape (see :meth:`_window_stats`).
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
        window_norm=True,
        target_feature=0,
        additive_covariates=True,
        output_scale=1.0,
        output_bias=0.0,
        eps=1e-5,
        n_quantiles=None,
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
        # Covariates' effects in global units (see the class docstring).
        self.additive_head = (
            nn.Linear(hidden_size, n_values, dtype=torch.float32)
            if window_norm and additive_covariates and n_features > 1
            else None
        )
        self.window_norm = window_norm
        self.target_feature = target_feature
        self.eps = eps
        self.n_quantiles = n_quantiles
        shape = (n_outputs,)
        self.output_scale = nn.Parameter(
            torch.as_tensor(output_scale, dtype=torch.float32).expand(shape).clone()
        )
        self.output_bias = nn.Parameter(
            torch.as_tensor(output_bias, dtype=torch.float32).expand(shape).clone()
        )
        generator = None if seed is None else torch.Generator().manual_seed(seed)
        self.reset_parameters(generator)

    @torch.no_grad()
    def reset_parameters(self, generator=None):
        """Draw the LSTM's and the head's weights as torch does, from ``generator``.

        torch's own initialisation (uniform in ``+-1/sqrt(fan)``) reads the
        global generator; this draws the same distributions from the one
        given, so that fits running at once in threads stay reproducible.
        The output map keeps its values.
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

    def forward(self, X):
        observed, lengths, X, mean, std = self._window_stats(X)
        if self.window_norm:
            X = torch.where(observed.unsqueeze(-1), X - mean, 0.0) / std
        hidden = self.dropout(self._last_hidden(X, lengths))
        out = self._values(self.head, hidden)
        if self.window_norm:
            target = self.target_feature
            out = out * self._per_row(std[:, 0, target], out)
            out = out + self._per_row(mean[:, 0, target], out)
        if self.additive_head is not None:
            out = out + self._values(self.additive_head, hidden)
        scale, bias = self.output_scale, self.output_bias
        if self.n_quantiles:
            scale, bias = scale.unsqueeze(-1), bias.unsqueeze(-1)
            # Sorted, the quantiles never cross (monotone rearrangement,
            # Chernozhukov, Fernandez-Val and Galichon, Econometrica 2010).
            return torch.sort(out * scale + bias, dim=-1).values
        return out * scale + bias

    def _values(self, linear, hidden):
        """A head's output, (batch, n_outputs[, n_quantiles])."""
        out = _rowwise(linear, hidden)
        if self.n_quantiles:
            return out.view(len(out), -1, self.n_quantiles)
        return out

    @staticmethod
    def _per_row(values, out):
        """``values`` (batch,) shaped to broadcast over the rows of ``out``."""
        return values.view(-1, *[1] * (out.ndim - 1))

    def target_spread(self, X):
        """The standard deviation of the target feature over each window's real steps.

        Shape ``(batch,)``, in X's units, with the same ``eps`` as the window
        normalisation: the scale of a window-scaled loss.
        """
        return self._window_stats(X)[4][:, 0, self.target_feature]

    def _window_stats(self, X):
        """Padding mask, lengths, X without NaN, and each window's mean and std.

        The variance gets ``eps`` times the squared mean added: relative to
        the window's level, so that the windows of a small series in a panel
        standardised as a whole are not flattened, and a flat window divides
        by ``sqrt(eps)`` times its level (a flat window at zero, by 1e-10).
        """
        observed = ~torch.isnan(X).all(dim=-1)  # (batch, steps): False = padding
        lengths = observed.sum(dim=1)
        X = torch.nan_to_num(X)
        n_observed = lengths.clamp(min=1).view(-1, 1, 1)
        mean = X.sum(dim=1, keepdim=True) / n_observed
        centred = torch.where(observed.unsqueeze(-1), X - mean, 0.0)
        variance = centred.square().sum(dim=1, keepdim=True) / n_observed
        std = torch.sqrt(variance + self.eps * mean.square() + 1e-20)
        return observed, lengths, X, mean, std

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
