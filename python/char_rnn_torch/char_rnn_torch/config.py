"""Hyperparameters as `char-rnn export-corpus` wrote them to config.json: values under the names
src/core/config.ts defines, and its schema (default, bounds, choices, description) beside them.
The trainer's flags are made from that schema, so this package names no hyperparameter itself
beyond the ones it reads, and a new one in config.ts reaches it through the next export.
"""
import math
import re

# corpus-level choices, fixed when the corpus was exported (the split and the vocabulary)
EXPORT_ONLY = ('valFrac', 'maxVocab')


def flag_name(key):
    """clipValue -> clip-value: the command line's spelling of a config.ts name"""
    return re.sub(r'(?<=[a-z0-9])([A-Z])', r'-\1', key).lower()


def add_flags(parser, schema):
    """One flag per hyperparameter of schema['model'] and schema['train'] but EXPORT_ONLY."""
    for group in ('model', 'train'):
        for key, p in schema[group].items():
            if key in EXPORT_ONLY:
                continue
            kind = str if p.get('enum') or isinstance(p['default'], str) else int if p.get('integer') else float
            parser.add_argument(f'--{flag_name(key)}', dest=key, type=kind, choices=p.get('enum'), default=None,
                                metavar=None if p.get('enum') else 'N' if kind is int else 'X', help=p['description'])


def check(name, p, v):
    """The problem with value v of hyperparameter `name`, or None (config.ts's checkParam)."""
    if p.get('enum'):
        return None if v in p['enum'] else f"{name} must be one of {', '.join(p['enum'])}"
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        return f'{name} must be a number'
    if p.get('integer') and v != int(v):
        return f'{name} must be an integer'
    if p.get('min') is not None and v < p['min']:
        return f"{name} must be at least {p['min']:g}"
    if p.get('max') is not None and v > p['max']:
        return f"{name} must be at most {p['max']:g}"
    return None


def validate(schema, values):
    """Every problem of a config group (model or train) against its schema."""
    errs = [f'{k} is missing' if k not in values else check(k, p, values[k]) for k, p in schema.items()]
    return [e for e in errs if e]


def merge(schema, *layers):
    """A group's values: later layers override earlier ones; None means "not given"."""
    out = {}
    for layer in layers:
        out.update({k: v for k, v in (layer or {}).items() if v is not None and k in schema})
    return {k: (int(v) if schema[k].get('integer') else v) for k, v in out.items()}
