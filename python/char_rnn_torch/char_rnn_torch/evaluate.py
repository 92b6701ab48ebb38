"""Bits per character of held-out files, as src/core/evaluate.ts computes them: each file from a
zero state at its first character, predicting characters 2..n (or 2..maxChars), summed over
every file, then divided once.

    python -m char_rnn_torch.evaluate --ckpt F DIR [--json] [--max-chars N] [--dtype float64]

prints what `char-rnn eval --ckpt F DIR/heldout` prints, from PyTorch.
"""
import argparse
import json
import math
import sys

import torch
import torch.nn.functional as F

from .checkpoint import Checkpoint
from .corpus import CorpusError, ExportedCorpus
from .model import CharRNN
from .safetensors_io import CheckpointError

IGNORE = -100


@torch.no_grad()
def evaluate(model, texts, max_chars=None, batch=16, window=256):
    """(summed nats, predicted characters) over texts, each a LongTensor of classes."""
    device = model.head.weight.device
    nats, count = 0.0, 0
    for g in range(0, len(texts), batch):
        group = [x[:max_chars] if max_chars else x for x in texts[g:g + batch]]
        longest = max(len(x) for x in group)
        if longest < 2:
            continue
        # x [longest-1, b] inputs, y the next characters; past a file's end: input 0, target ignored
        x = torch.zeros(longest - 1, len(group), dtype=torch.int64)
        y = torch.full((longest - 1, len(group)), IGNORE, dtype=torch.int64)
        for b, t in enumerate(group):
            x[:len(t) - 1, b], y[:len(t) - 1, b] = t[:-1], t[1:]
        x, y = x.to(device), y.to(device)
        state = model.zero_state(len(group), device)
        for p in range(0, longest - 1, window):
            logits, state = model(x[p:p + window], state)
            nats += F.cross_entropy(logits.reshape(-1, model.vocab_size), y[p:p + window].reshape(-1),
                                    ignore_index=IGNORE, reduction='sum').item()
        count += int((y != IGNORE).sum())
    return nats, count


def summary(nats, count, files):
    """The fields of `char-rnn eval --json`"""
    mean = nats / count if count else math.nan
    return {'bitsPerChar': mean / math.log(2), 'perplexity': math.exp(mean), 'chars': count, 'files': files}


def main(argv=None):
    ap = argparse.ArgumentParser(prog='python -m char_rnn_torch.evaluate', description=__doc__.split('\n\n')[0])
    ap.add_argument('dir', help='a directory written by `char-rnn export-corpus`: its held-out files are evaluated')
    ap.add_argument('--ckpt', required=True, help='a checkpoint (.safetensors) of either trainer')
    ap.add_argument('--json', action='store_true', help='print {"bitsPerChar", "perplexity", "chars", "files"}')
    ap.add_argument('--max-chars', type=int, default=None, help='read at most N characters of each file (a training run reads evalMaxChars)')
    ap.add_argument('--dtype', choices=['float32', 'float64'], default='float32')
    ap.add_argument('--device', default='cpu')
    args = ap.parse_args(argv)
    try:
        corpus, ck = ExportedCorpus(args.dir), Checkpoint(args.ckpt)
        if ck.vocab != corpus.vocab:
            raise CheckpointError(f'{args.ckpt} has another vocabulary than {args.dir}: it was trained on another corpus')
        model = CharRNN(ck.cell, ck.layers, ck.hidden, len(ck.vocab))
        ck.load_into(model)
        model.to(args.device, getattr(torch, args.dtype)).eval()
        texts = [t for _, t in corpus.heldout()]
        r = summary(*evaluate(model, texts, args.max_chars), len(texts))
    except (CorpusError, CheckpointError) as e:
        print(f'char_rnn_torch.evaluate: {e}', file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(r))
    else:
        print(f"{r['bitsPerChar']:.4f} bits/char, perplexity {r['perplexity']:.3f} over {r['chars']:,} predicted characters in {r['files']} files")
    return 0


if __name__ == '__main__':
    sys.exit(main())
