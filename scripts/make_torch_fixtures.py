"""PyTorch reference fixtures for the engine's parity tests (issue 2, "Parity with PyTorch").

Run: /usr/bin/python3 scripts/make_torch_fixtures.py   (Debian python3-torch; writes test/fixtures/torch/)

For each cell (rnn, lstm, gru), a 2-layer model `nn.RNN/LSTM/GRU(V, H)` + `nn.Linear(H, V)` with
seeded uniform(-0.5, 0.5) weights rounded to float32. References are computed in float64 from those
float32 weights, so the engine loading the F32 checkpoint computes exactly the same function:
  {cell}.safetensors       the weights
  {cell}.json              eval loss of text.txt (zero state at char 1, predicts chars 2..n)
  {cell}.grad.safetensors  dL/dw of that loss (mean over n-1 predictions)
  {cell}.step.safetensors  w - dL/dw (one SGD step, lr 1, no clipping)
Every reference is then re-derived by an independent NumPy implementation read back from the files.
"""
import json
import math
import struct
from pathlib import Path

import numpy as np
import torch

OUT = Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'torch'
CELLS = {'rnn': (torch.nn.RNN, 101), 'lstm': (torch.nn.LSTM, 102), 'gru': (torch.nn.GRU, 103)}
LAYERS, HIDDEN, INIT_RANGE = 2, 12, 0.5

TEXT = '''export function greet(name: string): string {
  const parts = ["Hello", name];
  if (name.length === 0) { return 'nobody'; }
  return `${parts.join(", ")}!`; // a + b * (c - 1)
}
'''


def vocabulary(text):
    """Class 0 is the unknown symbol (""), then every distinct character sorted by code point."""
    return [''] + sorted(set(text))


# ---------------------------------------------------------------- safetensors, by hand

def write_safetensors(path, tensors, metadata):
    """8-byte LE u64 header length N, N bytes of JSON (space-padded to a multiple of 8), LE F32 data."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().to(torch.float32).contiguous().numpy().astype('<f4').tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header['__metadata__'] = metadata
    raw = json.dumps(header, separators=(',', ':')).encode('utf-8')
    raw += b' ' * (-len(raw) % 8)
    path.write_bytes(struct.pack('<Q', len(raw)) + raw + b''.join(blobs))


def read_safetensors(path):
    """Independent reader enforcing the format's rules: offsets contiguous from 0, sizes match shapes."""
    buf = path.read_bytes()
    (n,) = struct.unpack('<Q', buf[:8])
    assert n % 8 == 0 and 8 + n <= len(buf), f'{path.name}: bad header length {n}'
    header = json.loads(buf[8:8 + n].decode('utf-8'))
    metadata = header.pop('__metadata__')
    assert all(isinstance(v, str) for v in metadata.values()), 'metadata values must be strings'
    data, tensors, expect = buf[8 + n:], {}, 0
    for name, info in header.items():
        begin, end = info['data_offsets']
        assert info['dtype'] == 'F32' and begin == expect, f'{path.name}: {name} not contiguous F32'
        assert end - begin == 4 * math.prod(info['shape']), f'{path.name}: {name} size != shape'
        tensors[name] = np.frombuffer(data[begin:end], dtype='<f4').astype(np.float64).reshape(info['shape'])
        expect = end
    assert expect == len(data), f'{path.name}: {len(data) - expect} trailing bytes'
    return tensors, metadata


# ---------------------------------------------------------------- PyTorch references

def build_model(cell, vocab_size):
    rnn_cls, seed = CELLS[cell]
    torch.manual_seed(seed)
    model = torch.nn.ModuleDict({'rnn': rnn_cls(vocab_size, HIDDEN, num_layers=LAYERS),
                                 'head': torch.nn.Linear(HIDDEN, vocab_size)}).double()
    with torch.no_grad():
        for p in model.parameters():
            # default init (±1/sqrt(H)) widened, then rounded to float32 so the F32 file is exact
            p.uniform_(-INIT_RANGE, INIT_RANGE)
            p.copy_(p.float().double())
    return model


def torch_loss(model, ids, vocab_size):
    """Mean cross-entropy (nats) of predicting ids[1:] from one-hot ids[:-1], zero initial state."""
    x = torch.nn.functional.one_hot(torch.tensor(ids[:-1]), vocab_size).double().unsqueeze(1)  # (T, 1, V)
    h, _ = model['rnn'](x)                                                                     # (T, 1, H)
    logits = model['head'](h.squeeze(1))                                                       # (T, V)
    return torch.nn.functional.cross_entropy(logits, torch.tensor(ids[1:]))


# ---------------------------------------------------------------- independent NumPy forward

def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def numpy_loss(cell, w, ids):
    """The same loss written from the PyTorch docs' equations, on the weights read back from disk."""
    T = len(ids) - 1
    xs = [w['rnn.weight_ih_l0'][:, i] for i in ids[:-1]]  # one-hot input selects a column of W_ih
    for l in range(LAYERS):
        Wih, Whh = w[f'rnn.weight_ih_l{l}'], w[f'rnn.weight_hh_l{l}']
        bih, bhh = w[f'rnn.bias_ih_l{l}'], w[f'rnn.bias_hh_l{l}']
        h, c, hs = np.zeros(HIDDEN), np.zeros(HIDDEN), []
        for t in range(T):
            gx = (xs[t] if l == 0 else Wih @ xs[t]) + bih  # W_ih x + b_ih
            gh = Whh @ h + bhh                             # W_hh h + b_hh
            if cell == 'rnn':
                h = np.tanh(gx + gh)
            elif cell == 'lstm':
                i, f, g, o = np.split(gx + gh, 4)
                c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)  # c' = f*c + i*g
                h = sigmoid(o) * np.tanh(c)                  # h' = o*tanh(c')
            else:
                (xr, xz, xn), (hr, hz, hn) = np.split(gx, 3), np.split(gh, 3)
                r, z = sigmoid(xr + hr), sigmoid(xz + hz)
                n = np.tanh(xn + r * hn)                     # n = tanh(W_in x + b_in + r*(W_hn h + b_hn))
                h = (1 - z) * n + z * h                      # h' = (1-z)*n + z*h
            hs.append(h)
        xs = hs
    logits = np.stack(xs) @ w['head.weight'].T + w['head.bias']  # (T, V)
    m = logits.max(axis=1, keepdims=True)
    logp = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    return -logp[np.arange(T), ids[1:]].mean()


def check_cell(cell, ids, ref, model, rng):
    """Re-derive every reference of one cell from the files with NumPy."""
    w, meta = read_safetensors(OUT / f'{cell}.safetensors')
    grad, _ = read_safetensors(OUT / f'{cell}.grad.safetensors')
    step, step_meta = read_safetensors(OUT / f'{cell}.step.safetensors')
    assert meta == step_meta and list(w) == list(model.state_dict()), f'{cell}: names or metadata differ'
    for name, p in model.state_dict().items():
        assert np.array_equal(w[name], p.numpy()), f'{cell}: {name} not exact in the F32 file'
    nats = numpy_loss(cell, w, ids)
    assert abs(nats - ref['evalNats']) < 1e-10, f'{cell}: numpy {nats} vs torch {ref["evalNats"]}'
    # central differences on a few entries of every tensor confirm torch's gradient
    eps = 1e-6
    for name, g in grad.items():
        for k in rng.choice(g.size, size=min(3, g.size), replace=False):
            idx = np.unravel_index(k, g.shape)
            plus, minus = dict(w), dict(w)
            plus[name], minus[name] = w[name].copy(), w[name].copy()
            plus[name][idx] += eps
            minus[name][idx] -= eps
            fd = (numpy_loss(cell, plus, ids) - numpy_loss(cell, minus, ids)) / (2 * eps)
            assert abs(fd - g[idx]) <= 1e-6 * max(1e-3, abs(fd)), f'{cell}: {name}{idx} fd {fd} vs {g[idx]}'
    # the step file is w - g rounded once to F32; g on disk is rounded too, so allow both roundings
    u = 2.0 ** -24
    for name in w:
        bound = 1.01 * u * (np.abs(grad[name]) + np.abs(step[name]))
        assert np.all(np.abs(step[name] - (w[name] - grad[name])) <= bound), f'{cell}: step {name}'
    step_nats = numpy_loss(cell, step, ids)
    assert abs(step_nats - ref['stepEvalNats']) < 1e-10, f'{cell}: step eval {step_nats} vs {ref["stepEvalNats"]}'
    return nats


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / 'text.txt').write_text(TEXT, encoding='utf-8', newline='')
    vocab = vocabulary(TEXT)
    V, ids = len(vocab), [vocab.index(ch) for ch in TEXT]
    rng = np.random.default_rng(0)
    for cell in CELLS:
        model = build_model(cell, V)
        metadata = {'cell': cell, 'layers': str(LAYERS), 'hidden': str(HIDDEN), 'vocab': json.dumps(vocab)}
        write_safetensors(OUT / f'{cell}.safetensors', model.state_dict(), metadata)

        loss = torch_loss(model, ids, V)
        model.zero_grad()
        loss.backward()
        grads = {name: p.grad for name, p in model.named_parameters()}
        write_safetensors(OUT / f'{cell}.grad.safetensors', grads, metadata)
        # one SGD step, lr 1: w' = w - dL/dw, in float64, then rounded to F32 like every stored tensor
        stepped = {name: (p - p.grad).detach() for name, p in model.named_parameters()}
        write_safetensors(OUT / f'{cell}.step.safetensors', stepped, metadata)
        with torch.no_grad():
            for name, p in model.named_parameters():
                p.copy_(stepped[name].float().double())  # the stepped weights as the F32 file holds them
            step_loss = torch_loss(model, ids, V).item()
        nats = loss.item()
        ref = {'cell': cell, 'layers': LAYERS, 'hidden': HIDDEN, 'vocabSize': V, 'chars': len(TEXT),
               'evalNats': nats, 'evalBitsPerChar': nats / math.log(2), 'evalPerplexity': math.exp(nats),
               'gradNorm': math.sqrt(sum(float((g * g).sum()) for g in grads.values())),
               'stepEvalNats': step_loss}
        (OUT / f'{cell}.json').write_text(json.dumps(ref, indent=2) + '\n', encoding='utf-8')
        check_cell(cell, ids, ref, build_model(cell, V), rng)  # same seed: the original weights again
        print(f'{cell}: V={V} n={len(TEXT)} evalNats={nats!r} stepEvalNats={step_loss!r} checked')


if __name__ == '__main__':
    main()
