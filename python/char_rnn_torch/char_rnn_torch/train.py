"""Trains the model of `char-rnn train` on a corpus exported by `char-rnn export-corpus`, with
PyTorch's DistributedDataParallel over any number of processes (gloo on CPU, NCCL on GPU):

    torchrun --nproc_per_node=N -m char_rnn_torch.train DIR --out F.safetensors [flags]
    python -m char_rnn_torch.train DIR --out F.safetensors [flags]          (one process)

Hyperparameters come from DIR/config.json; a flag overrides one (the flags are made from the
schema there: `--help` after DIR lists them). Rank 0 evaluates on the held-out files every
evalEvery steps, saves the checkpoint (atomically) after each evaluation and at the end, and logs.
SIGINT or SIGTERM stops every rank after the current step and saves. Exit codes as char-rnn's:
0 done, 1 a clear failure, 2 bad arguments, 130 interrupted.
"""
import argparse
import datetime
import json
import math
import os
import signal
import sys
import time

import torch
import torch.distributed as dist

from . import checkpoint
from .config import add_flags, merge, validate
from .corpus import CorpusError, ExportedCorpus
from .evaluate import evaluate, summary
from .run import Run
from .safetensors_io import CheckpointError
from .threads import set_threads


class UsageError(ValueError):
    """bad arguments: exit 2, as argparse's own errors"""


def parse_args(argv):
    # the hyperparameter flags come from the corpus's config.json, so find the corpus first
    corpus_dir = next((a for a in argv if os.path.isfile(os.path.join(a, 'corpus.json'))), None)
    schema = ExportedCorpus(corpus_dir).config['schema'] if corpus_dir else None
    ap = argparse.ArgumentParser(prog='torchrun --nproc_per_node=N -m char_rnn_torch.train', description=__doc__.split('\n\n')[0])
    ap.add_argument('dir', help='a directory written by `char-rnn export-corpus <paths...> --out DIR`')
    ap.add_argument('--out', default='model.safetensors', help='the checkpoint to write (default model.safetensors)')
    ap.add_argument('--resume', metavar='F', help="continue F's run exactly (a checkpoint of either trainer, on this corpus)")
    ap.add_argument('--device', help='cpu, cuda or cuda:K (default: cuda:LOCAL_RANK when a GPU is there, else cpu)')
    ap.add_argument('--dist-backend', choices=['gloo', 'nccl'], help='default: nccl on GPU, gloo on CPU')
    ap.add_argument('--json', action='store_true', help='one JSON object per line: steps, evaluations, a summary')
    ap.add_argument('--log-every', type=float, default=10, metavar='S', help='seconds between progress lines without --json')
    if schema:
        add_flags(ap.add_argument_group('hyperparameters (names and bounds from DIR/config.json)'), schema)
    return ap.parse_args(argv), schema


def configure(corpus, schema, args, resume):
    """(model, train) configs: config.json, then the resumed run's, then the flags."""
    saved = resume.run if resume else None
    if resume and not saved:
        raise ValueError(f'{resume.path} holds no training state to resume from')
    given = {k: getattr(args, k, None) for g in ('model', 'train') for k in schema[g]}
    model = merge(schema['model'], corpus.config['model'], saved and saved['model'], given)
    if resume:
        model.update(cell=resume.cell, layers=resume.layers, hidden=resume.hidden)
    train = merge(schema['train'], corpus.config['train'], saved and saved['train'], given)
    if given['steps'] is not None and given['minutes'] is None:
        train['minutes'] = 0  # a step budget alone means no time limit, as char-rnn train's
    errs = validate(schema['model'], model) + validate(schema['train'], train)
    if errs:
        raise UsageError(f"invalid configuration: {'; '.join(errs)}")
    if resume:
        held = [f['path'] for f in corpus.heldout_files]
        if resume.vocab != corpus.vocab or sorted(saved['valFiles']) != sorted(held):
            raise ValueError(f'{resume.path} was trained on another corpus than {args.dir} (its vocabulary or held-out files differ): '
                             'export the same paths with the same --seed and --val-frac')
    return model, train


def pick_device(flag, local_rank):
    if flag in (None, 'cuda') and torch.cuda.is_available():
        return f'cuda:{local_rank}'
    if flag == 'cuda':
        raise UsageError('--device cuda: no GPU is visible to PyTorch here')
    return flag or 'cpu'


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    world, rank = int(os.environ.get('WORLD_SIZE', 1)), int(os.environ.get('RANK', 0))
    say = (lambda s: print(s, file=sys.stderr, flush=True)) if rank == 0 else (lambda s: None)
    try:
        args, schema = parse_args(argv)
        corpus = ExportedCorpus(args.dir)
        resume = checkpoint.Checkpoint(args.resume) if args.resume else None
        model_cfg, cfg = configure(corpus, schema, args, resume)
        device = pick_device(args.device, int(os.environ.get('LOCAL_RANK', 0)))
        if device.startswith('cuda'):
            torch.cuda.set_device(device)
        set_threads(cfg['threads'])
        if world > 1:
            backend = args.dist_backend or ('nccl' if device.startswith('cuda') else 'gloo')
            # rank 0 evaluates and saves while the others wait at their next step
            dist.init_process_group(backend, timeout=datetime.timedelta(hours=2))
        run = Run(corpus, model_cfg, cfg, world, rank, device, resume)
        return train(run, corpus, args, world, rank, device, say)
    except (CorpusError, CheckpointError, ValueError) as e:
        say(f'char_rnn_torch.train: {e}')
        return 2 if isinstance(e, UsageError) else 1


def train(run, corpus, args, world, rank, device, say):
    cfg, m = run.cfg, run.model
    emit = (lambda o: print(json.dumps(o), flush=True)) if rank == 0 and args.json else (lambda o: None)
    for n in run.notes:
        say(f'note: {n}')
    if not args.json:
        say(f"training a {m.layers}x{m.hidden} {m.cell} on {len(corpus.manifest['train']['files'])} files ({corpus.train_length:,} chars, "
            f"vocabulary {m.vocab_size}), {len(corpus.heldout_files)} held out; batch {run.B} over {world} process{'es' if world > 1 else ''}, "
            f"window {run.T}, {cfg['optimizer']} lr {cfg['lr']}, {device}, {cfg['threads']} thread{'s' if cfg['threads'] > 1 else ''} each")
    heldout = [t for _, t in corpus.heldout()] if rank == 0 else []
    signalled = []
    for s in (signal.SIGINT, signal.SIGTERM):
        signal.signal(s, lambda *_: signalled.append(True))
    started, last_eval, last_log = time.perf_counter(), None, 0.0
    elapsed_ms = lambda: run.elapsed_before_ms + (time.perf_counter() - started) * 1000
    time_up = lambda: cfg['minutes'] > 0 and elapsed_ms() >= cfg['minutes'] * 60_000
    step_time, step_chars = 0.0, 0

    def agree(nats, done):
        """[summed nats, a signal came, rank 0's clock says stop], summed over ranks: all stop together"""
        t = torch.tensor([nats, float(bool(signalled)), float(rank == 0 and done)], dtype=torch.float64, device=device)
        if world > 1:
            dist.all_reduce(t)
        return t[0].item(), t[1].item() > 0, t[2].item() > 0

    def validate_now():
        nonlocal last_eval
        if rank == 0 and heldout:
            m.eval()
            r = summary(*evaluate(m, heldout, corpus.eval_max_chars), len(heldout))
            m.train()
            last_eval = {'kind': 'eval', 'step': run.step, 'charsSeen': run.chars_seen, 'valBitsPerChar': r['bitsPerChar'],
                         'valPerplexity': r['perplexity'], 'valChars': r['chars']}
            emit(last_eval)
            if not args.json:
                say(f"step {run.step}: validation {r['bitsPerChar']:.3f} bits/char, perplexity {r['perplexity']:.2f} over {r['chars']:,} chars")

    saved_at = None

    def save():
        nonlocal saved_at
        saved_at = run.step
        hidden = run.gathered_state()  # every rank takes part
        if rank == 0:
            state = {'step': run.step, 'epoch': run.epoch, 'pos': run.pos, 'charsSeen': run.chars_seen, 'elapsedMs': elapsed_ms(),
                     'smoothLoss': run.smooth_loss, 'rng': run.rng, 'batch': run.B, 'seq': run.T, 'model': run.model_cfg,
                     'train': cfg, 'valFiles': [f['path'] for f in corpus.heldout_files]}
            meta = {'train': checkpoint.json_text(state),
                    checkpoint.TORCH_META_KEY: checkpoint.json_text({'processes': world, 'device': device, 'torch': torch.__version__})}
            if last_eval:
                meta[checkpoint.EVAL_META_KEY] = checkpoint.json_text(last_eval)
            tensors = {**checkpoint.flat_optimizer_state(m, run.opt, cfg['optimizer']), 'optim.hidden': hidden}
            checkpoint.save(args.out, m, corpus.vocab, tensors, meta)

    _, interrupted, stop = agree(0.0, time_up())
    while not stop and not interrupted and not (cfg['steps'] > 0 and run.step >= cfg['steps']):
        t0 = time.perf_counter()
        nats, norm, clipped, lr = run.train_step()
        total, sig, spent = agree(nats.item(), time_up())
        dt = time.perf_counter() - t0
        if run.step > 1:  # the first step warms up
            step_time, step_chars = step_time + dt, step_chars + run.B * run.T
        loss = total / (run.B * run.T)
        # smoothed as min-char-rnn's smooth_loss, per step of B*T characters
        run.smooth_loss = loss if math.isnan(run.smooth_loss) else 0.98 * run.smooth_loss + 0.02 * loss
        emit({'kind': 'step', 'step': run.step, 'epoch': run.epoch, 'loss': loss, 'bitsPerChar': loss / math.log(2),
              'smoothLoss': run.smooth_loss, 'gradNorm': norm, 'clipped': clipped, 'lr': lr, 'charsPerSec': run.B * run.T / dt,
              'charsSeen': run.chars_seen, 'elapsedMs': elapsed_ms()})
        if not args.json and time.perf_counter() - last_log >= args.log_every:
            last_log = time.perf_counter()
            say(f"step {run.step}{'/' + str(cfg['steps']) if cfg['steps'] else ''} loss {loss / math.log(2):.3f} bits/char "
                f"(smooth {run.smooth_loss / math.log(2):.3f}) {run.B * run.T / dt:,.0f} chars/s")
        interrupted, stop = sig, spent
        if run.step % cfg['evalEvery'] == 0 and not sig:
            validate_now()
            save()
    # interrupted: save at once (torchrun kills its workers 30 s after passing a signal on)
    if not interrupted and (last_eval or {}).get('step') != run.step:
        validate_now()
    if saved_at != run.step:
        save()
    done = {'kind': 'done', 'out': args.out, 'steps': run.step, 'charsSeen': run.chars_seen, 'elapsedMs': round(elapsed_ms()),
            'interrupted': interrupted, 'smoothBitsPerChar': run.smooth_loss / math.log(2),
            'valBitsPerChar': last_eval and last_eval['valBitsPerChar'], 'processes': world,
            'charsPerSec': step_chars / step_time if step_time else None}
    emit(done)
    if not args.json:
        say(f"{'interrupted; ' if interrupted else ''}saved {args.out} after {run.step} steps ({run.chars_seen:,} chars in "
            f"{elapsed_ms() / 1000:.1f} s{f', {step_chars / step_time:,.0f} chars/s after the first step' if step_time else ''})")
    return 130 if interrupted else 0


if __name__ == '__main__':
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # not sys.exit: at interpreter exit PyTorch 1.13's gloo process group, destroyed with DDP's
    # reducer, joins a thread that waits for the GIL the joining thread holds (seen after SIGINT)
    os._exit(code)
