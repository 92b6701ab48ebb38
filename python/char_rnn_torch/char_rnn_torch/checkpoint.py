"""Checkpoints in the format of src/core/checkpoint.ts and src/core/train.ts, both ways:

- tensors: the model's state dict (rnn.*, head.*), F32;
- metadata: cell, layers, hidden, vocab (JSON list, "" = unknown at 0), which every reader of
  a checkpoint needs; 'train', the TypeScript trainer's run state (step, epoch, stream position,
  characters seen, time, smoothed loss, batch, window, configs, held-out paths), so
  `char-rnn train --resume F` and the extension continue a run this package made, and the
  reverse; 'charRnn.eval', the last evaluation, which the extension shows;
- optim.*: the optimizer's state flat in parameter order (OPTIMIZER_STATE, the names of
  src/core/optim.ts) and optim.hidden, every stream's carried state (Net.saveState's layout).
"""
import json
import math

import torch

from .safetensors_io import CheckpointError, encode, read, write_atomic

# optimizer -> [(checkpoint tensor, torch.optim state key)]; src/core/optim.ts's OPTIMIZER_STATE_NAMES
OPTIMIZER_STATE = {
    'sgd': [],
    'adagrad': [('optim.sum', 'sum')],
    'rmsprop': [('optim.square_avg', 'square_avg')],
    'adam': [('optim.exp_avg', 'exp_avg'), ('optim.exp_avg_sq', 'exp_avg_sq')],
}
EVAL_META_KEY = 'charRnn.eval'  # src/extension/training/protocol.ts
TORCH_META_KEY = 'charRnn.torch'  # how this package ran: processes, device, backend


def json_text(obj):
    """JSON as JavaScript writes it: NaN and infinities as null (JSON.stringify's rule)."""
    def clean(v):
        if isinstance(v, float) and not math.isfinite(v):
            return None
        if isinstance(v, dict):
            return {k: clean(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [clean(x) for x in v]
        return v
    return json.dumps(clean(obj), separators=(',', ':'), ensure_ascii=False)


def flat_optimizer_state(model, opt, name):
    """{checkpoint name: state of every parameter concatenated in state-dict order}"""
    params = list(model.parameters())
    # before the first step torch has no state yet: zeros, as the TypeScript trainer starts from
    part = lambda p, key: opt.state[p][key].detach() if key in opt.state[p] else torch.zeros_like(p)
    return {ck: torch.cat([part(p, key).reshape(-1).cpu().float() for p in params]) for ck, key in OPTIMIZER_STATE[name]}


def load_optimizer_state(model, opt, name, optim, step):
    """The inverse of flat_optimizer_state, into an optimizer that has state for every parameter
    (it has taken a step); torch keeps the step count per parameter."""
    params = list(model.parameters())
    n = sum(p.numel() for p in params)
    for ck, key in OPTIMIZER_STATE[name]:
        flat = optim.get(ck)
        if flat is None or flat.numel() != n:
            raise CheckpointError(f'the checkpoint has no {ck} of {n} values for the {name} optimizer it was trained with')
        for p, part in zip(params, flat.split([p.numel() for p in params])):
            st = opt.state[p]
            st[key] = part.reshape(p.shape).to(p.device, p.dtype).clone()
            # a tensor in some optimizers and torch versions, an int in others
            if torch.is_tensor(st['step']):
                st['step'].fill_(step)
            else:
                st['step'] = step


def save(path, model, vocab, tensors=None, meta=None):
    """Writes the model's weights, the extra optim.* `tensors` and `meta` atomically."""
    weights = {k: v for k, v in model.state_dict().items()}
    for k, v in weights.items():
        if not torch.isfinite(v).all():
            # refusing here keeps a diverged run from replacing the last good checkpoint
            raise CheckpointError(f'weight {k} holds a NaN or an infinity: the run diverged; the last checkpoint is kept')
    metadata = {**(meta or {}), 'cell': model.cell, 'layers': str(model.layers), 'hidden': str(model.hidden),
                'vocab': json_text(vocab)}
    write_atomic(path, encode({**weights, **(tensors or {})}, metadata))


class Checkpoint:
    """A file read and checked against its own metadata, as checkpoint.ts's decode does."""

    def __init__(self, path):
        tensors, meta = read(path)
        self.path = path
        try:
            self.cell = meta['cell']
            self.layers, self.hidden = int(meta['layers']), int(meta['hidden'])
            self.vocab = json.loads(meta['vocab'])
        except (KeyError, ValueError) as e:
            raise CheckpointError(f'{path}: metadata cell, layers, hidden and vocab are needed ({e})') from None
        if self.cell not in ('rnn', 'lstm', 'gru'):
            raise CheckpointError(f'{path}: metadata cell {self.cell!r} must be one of rnn, lstm, gru')
        # the model's, the training state's; anything else (the extension's mix.* memory of the
        # repository, which goes with the TypeScript trainer's checkpoints) is not carried on
        self.weights = {k: v for k, v in tensors.items() if k.startswith(('rnn.', 'head.'))}
        self.optim = {k: v for k, v in tensors.items() if k.startswith('optim.')}
        self.meta = meta
        run = meta.get('train')
        self.run = json.loads(run) if run else None

    def load_into(self, model):
        """Copies the weights into a model of the same cell, size and vocabulary; says what differs."""
        want = model.state_dict()
        if (self.cell, self.layers, self.hidden, len(self.vocab)) != (model.cell, model.layers, model.hidden, model.vocab_size):
            raise CheckpointError(f'{self.path} is a {self.layers}x{self.hidden} {self.cell} over {len(self.vocab)} symbols; '
                                  f'expected {model.layers}x{model.hidden} {model.cell} over {model.vocab_size}')
        for k, v in want.items():
            got = self.weights.get(k)
            if got is None or tuple(got.shape) != tuple(v.shape):
                raise CheckpointError(f'{self.path}: tensor {k} is missing or has shape {None if got is None else list(got.shape)}, expected {list(v.shape)}')
        extra = set(self.weights) - set(want)
        if extra:
            raise CheckpointError(f"{self.path}: unexpected tensors {', '.join(sorted(extra))}")
        model.load_state_dict({k: self.weights[k] for k in want})
