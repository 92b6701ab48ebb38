"""The model of src/core/net.ts in PyTorch: one-hot characters into nn.RNN/LSTM/GRU, then a
Linear head; its state dict has the checkpoint's names (rnn.weight_ih_l0, ..., head.bias)
and order, src/core/params.ts's paramSpecs.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

CELLS = {'rnn': nn.RNN, 'lstm': nn.LSTM, 'gru': nn.GRU}


class CharRNN(nn.Module):
    def __init__(self, cell, layers, hidden, vocab_size, dropout=0.0):
        super().__init__()
        self.cell, self.layers, self.hidden, self.vocab_size = cell, layers, hidden, vocab_size
        # dropout between stacked layers, as Net's (none after the top layer, none with one layer)
        self.rnn = CELLS[cell](vocab_size, hidden, num_layers=layers, dropout=dropout if layers > 1 else 0.0)
        self.head = nn.Linear(hidden, vocab_size)

    def forward(self, x, state):
        """x [T, B] classes, state from zero_state -> logits [T, B, V], the state after x"""
        h, state = self.rnn(F.one_hot(x, self.vocab_size).to(self.head.weight.dtype), state)
        return self.head(h), state

    def zero_state(self, batch, device=None):
        """h (and c for an LSTM), each [layers, batch, hidden]"""
        z = torch.zeros(self.layers, batch, self.hidden, device=device, dtype=self.head.weight.dtype)
        return (z, z.clone()) if self.cell == 'lstm' else z

    def init_params(self, seed):
        """Net.initParams: every parameter in state-dict order from one mulberry32 stream,
        U(-1/sqrt(H), 1/sqrt(H)), so a seed gives the TypeScript trainer's weights exactly."""
        params = list(self.parameters())
        a = 1 / math.sqrt(self.hidden)
        u = mulberry32(seed, sum(p.numel() for p in params))
        with torch.no_grad():
            for p, chunk in zip(params, u.split([p.numel() for p in params])):
                # lo + (hi - lo) * next(), in float64, then rounded once to the parameter's dtype
                p.copy_((-a + 2 * a * chunk).view_as(p))


def state_blocks(model, state):
    """The state as [layers, k, B, H]: k = 2 (h, c) for an LSTM, else 1. Flattened, this is
    Net.saveState's layout (per layer: h [B, H], then c [B, H])."""
    return torch.stack(state, 1) if model.cell == 'lstm' else state.unsqueeze(1)


def state_from_blocks(model, blocks):
    return tuple(blocks.unbind(1)) if model.cell == 'lstm' else blocks[:, 0]


M32 = 0xFFFFFFFF


def _imul(a, b):
    """Math.imul(a, b) mod 2^32 for a, b in [0, 2^32), in 16-bit halves so int64 never overflows"""
    return (a * (b & 0xFFFF) + (((a * (b >> 16)) & 0xFFFF) << 16)) & M32


def mulberry32(seed, n):
    """The first n draws of src/core/rng.ts's Rng(seed).next(), as float64 in [0, 1)."""
    # the state after call i (from 1) is seed + i * 0x6D2B79F5 mod 2^32, so every draw is independent
    t = (seed + torch.arange(1, n + 1, dtype=torch.int64) * 0x6D2B79F5) & M32
    t = _imul(t ^ (t >> 15), t | 1)
    t = t ^ ((t + _imul(t ^ (t >> 7), t | 61)) & M32)
    return ((t ^ (t >> 14)) & M32).to(torch.float64) / 2.0 ** 32
