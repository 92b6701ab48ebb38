"""A corpus exported by `char-rnn export-corpus` (src/cli/exportCorpus.ts): already split,
encoded and joined exactly as `char-rnn train` does it, so nothing here reads source files.
"""
import json
import os

import torch

FORMAT = 'char-rnn-corpus/1'


class CorpusError(Exception):
    """An export directory that cannot be used; the message says what is wrong."""


class ExportedCorpus:
    def __init__(self, root):
        self.root = os.fspath(root)
        manifest = self._json('corpus.json', 'it is not a directory written by `char-rnn export-corpus <paths...> --out DIR`')
        if manifest.get('format') != FORMAT:
            raise CorpusError(f"{self.root}: corpus format {manifest.get('format')!r} is not {FORMAT!r}; export it again with this repository's char-rnn")
        self.manifest = manifest
        self.vocab = self._json(manifest['vocab'])
        self.config = self._json(manifest['config'])
        self.eval_max_chars = manifest['evalMaxChars']
        self.train_length = manifest['train']['length']
        self.heldout_files = manifest['heldout']['files']
        size = os.path.getsize(self._path(manifest['train']['tokens']))
        if size != 2 * self.train_length:
            raise CorpusError(f"{self.root}: {manifest['train']['tokens']} has {size} bytes, corpus.json says {self.train_length} characters (2 bytes each)")

    def _path(self, name):
        return os.path.join(self.root, name)

    def _json(self, name, hint=''):
        try:
            with open(self._path(name), encoding='utf-8') as f:
                return json.load(f)
        except FileNotFoundError:
            raise CorpusError(f'{self.root}: no {name}{"; " + hint if hint else ""}') from None
        except (OSError, ValueError) as e:
            raise CorpusError(f'{self.root}: cannot read {name}: {e}') from None

    def _tokens(self, name, start, count):
        """classes [start, start + count) of a uint16 little-endian token file, as int16 (see ids)"""
        with open(self._path(name), 'rb') as f:
            f.seek(2 * start)
            buf = bytearray(f.read(2 * count))
        if len(buf) != 2 * count:
            raise CorpusError(f'{self.root}: {name} ends before character {start + count}')
        return torch.frombuffer(buf, dtype=torch.int16) if count else torch.zeros(0, dtype=torch.int16)

    def train_slice(self, start, count):
        """Characters [start, start + count) of the training text: the part one rank's streams read."""
        return self._tokens(self.manifest['train']['tokens'], start, count)

    def heldout(self):
        """[(path, classes)] of the held-out files, each a LongTensor."""
        out, start = [], 0
        for f in self.heldout_files:
            out.append((f['path'], ids(self._tokens(self.manifest['heldout']['tokens'], start, f['length']))))
            start += f['length']
        return out


def ids(tokens):
    """uint16 classes stored in an int16 tensor (torch 1.13 has no uint16) as int64"""
    return tokens.to(torch.int64) & 0xFFFF
