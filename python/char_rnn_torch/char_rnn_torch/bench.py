"""Throughput and quality of N processes against 1, on one exported corpus:

    python3 -m char_rnn_torch.bench DIR [--procs 1,2] [--rounds 3] [--steps 40] [trainer flags]
        characters per second of each process count, rounds alternating (1, 2, 1, 2, ...) so
        that a shared machine's drift hits both; the trainer's own figure, which leaves out the
        first step, evaluations and saving; medians and their ratio to 1 process
    python3 -m char_rnn_torch.bench DIR --equal-chars MINUTES [--procs 1,2] [--keep D] [trainer flags]
        the largest process count trains for MINUTES, then 1 process trains as many characters;
        held-out bits/char of both

Each process computes with config.json's `threads` (1 by default; --threads overrides it), and
one more run gives one process every core, the peer a user without torchrun has.

The batch is the run's, whatever the processes, so by default every process count trains the
same run (strong scaling). With --weak, N processes train a batch N times config.json's (each
process as many streams as one process has alone), and 1 process takes N times the steps for
the same characters; --weak-lr sets the larger batch's learning rate.

Trainer flags (--cell, --hidden, --batch, ...) pass through to char_rnn_torch.train.
"""
import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def train(dir_, procs, flags, keep=None):
    """runs the trainer with `procs` processes; returns (its 'done' line, its last 'eval' line, load
    before); the checkpoint goes to keep/procsN.safetensors when keep is given"""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(keep or tmp, f'procs{procs}.safetensors')
        run = [sys.executable, '-m', 'char_rnn_torch.train'] if procs == 1 else [
            sys.executable, '-m', 'char_rnn_torch.torchrun', f'--nproc_per_node={procs}', '--master_addr=127.0.0.1',
            f'--master_port={free_port()}', '-m', 'char_rnn_torch.train']
        load = os.getloadavg()[0]
        r = subprocess.run(run + [dir_, '--json', '--out', out, *flags], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f'{procs} process(es) failed:\n{r.stderr[-3000:]}')
        lines = [json.loads(l) for l in r.stdout.splitlines() if l.startswith('{')]
        evals = [l for l in lines if l['kind'] == 'eval']
        return lines[-1], evals[-1] if evals else None, load


def batch_flags(dir_, procs, weak):
    """--batch for N processes with --weak: N times the export's batch"""
    if not weak:
        return []
    with open(os.path.join(dir_, 'config.json'), encoding='utf-8') as f:
        return ['--batch', str(json.load(f)['train']['batch'] * procs)]


def cpu_name():
    try:
        with open('/proc/cpuinfo') as f:
            return next(l.split(':', 1)[1].strip() for l in f if l.startswith('model name'))
    except (OSError, StopIteration):
        return 'unknown CPU'


def main(argv=None):
    ap = argparse.ArgumentParser(prog='python3 -m char_rnn_torch.bench', description=__doc__.split('\n\n')[0])
    ap.add_argument('dir')
    ap.add_argument('--procs', default='1,2', help='process counts, comma-separated (default 1,2)')
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--steps', type=int, default=40, help='steps per throughput run (default 40)')
    ap.add_argument('--equal-chars', type=float, metavar='MINUTES', help='compare held-out bits/char at equal characters instead')
    ap.add_argument('--keep', metavar='DIR', help='keep the --equal-chars checkpoints as DIR/procsN.safetensors')
    ap.add_argument('--weak', action='store_true', help="N processes train N times config.json's batch")
    ap.add_argument('--weak-lr', type=float, metavar='X', help="with --weak: the learning rate of the larger batch (default: config.json's)")
    args, flags = ap.parse_known_args(argv)
    procs = [int(p) for p in args.procs.split(',')]
    print(f'{cpu_name()}, {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at the start')
    if args.equal_chars:
        most = max(procs)
        lr = ['--lr', str(args.weak_lr)] if args.weak and args.weak_lr else []
        done, ev, load = train(args.dir, most, ['--minutes', str(args.equal_chars), '--eval-every', '1000000000', *flags,
                                                *batch_flags(args.dir, most, args.weak), *lr], args.keep)
        print(f"{most} processes, {args.equal_chars:g} min: {done['steps']} steps, {done['charsSeen']:,} chars, "
              f"held-out {ev['valBitsPerChar']:.4f} bits/char, {done['charsPerSec']:,.0f} chars/s (load {load:.2f})")
        steps = done['steps'] * (most if args.weak else 1)
        done1, ev1, load1 = train(args.dir, 1, ['--steps', str(steps), '--minutes', '0', '--eval-every', '1000000000', *flags,
                                                *batch_flags(args.dir, 1, args.weak)], args.keep)
        print(f"1 process, {done1['steps']} steps: {done1['charsSeen']:,} chars, held-out {ev1['valBitsPerChar']:.4f} bits/char, "
              f"{done1['charsPerSec']:,.0f} chars/s, {done1['elapsedMs'] / 60000:.1f} min (load {load1:.2f})")
        return 0
    # beside the process counts: one process given every core as threads, what a user without
    # torchrun would run (unless --threads is among the trainer flags already)
    cores = os.cpu_count() or 1
    runs = [(f"{p} process{'es' if p > 1 else ''}", p, []) for p in procs]
    if cores > 1 and 1 in procs and '--threads' not in flags:
        runs.append((f'1 process, {cores} threads', 1, ['--threads', str(cores)]))
    rates = {name: [] for name, _, _ in runs}
    for r in range(args.rounds):
        for name, p, more in runs:
            done, _, load = train(args.dir, p, ['--steps', str(args.steps), '--eval-every', '1000000000', *flags, *more,
                                                *batch_flags(args.dir, p, args.weak)])
            rates[name].append(done['charsPerSec'])
            print(f"round {r + 1}: {name}: {done['charsPerSec']:,.0f} chars/s (load {load:.2f} before)", flush=True)
    base_name = runs[0][0]
    base = statistics.median(rates[base_name])
    for name, _, _ in runs:
        m = statistics.median(rates[name])
        print(f"{name}: median {m:,.0f} chars/s, {m / base:.2f}x of {base_name} ({', '.join(f'{x:,.0f}' for x in rates[name])})")
    print(f'load average {os.getloadavg()[0]:.2f} at the end')
    return 0


if __name__ == '__main__':
    sys.exit(main())
