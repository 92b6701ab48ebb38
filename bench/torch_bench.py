#!/usr/bin/python3
"""PyTorch side of a training-throughput comparison (the peer for the engine's `bench`).
bench/run.mjs runs it beside `char-rnn bench` and prints the ratios.

Same work as the engine's benchmark: one-hot input over a vocabulary of 96, a stacked
RNN/LSTM/GRU, a linear head, mean cross-entropy, Adam, gradient clipping by global norm 5.
Characters per second = batch x window / seconds per training step.

Needs Debian's PyTorch with OpenBLAS (without OpenBLAS it is about 25x slower):
    apt-get install -y python3-torch libopenblas0-pthread
Run with Debian's interpreter:
    /usr/bin/python3 torch_bench.py                      # default configurations, 1 thread
    /usr/bin/python3 torch_bench.py --configs lstm-2x256 --threads 1 --json
"""
import argparse, json, statistics, time

import torch
import torch.nn as nn


def bench(H, L, B, T, V=96, threads=1, steps=10, cell='lstm'):
    """Returns (characters per second, seconds per step) for one configuration."""
    torch.manual_seed(0)
    torch.set_num_threads(threads)
    Cell = {'lstm': nn.LSTM, 'gru': nn.GRU, 'rnn': nn.RNN}[cell]
    rnn = Cell(V, H, num_layers=L)
    head = nn.Linear(H, V)
    params = list(rnn.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=2e-3)
    x = torch.randint(0, V, (T, B))
    y = torch.randint(0, V, (T, B))

    def step():
        out, _ = rnn(nn.functional.one_hot(x, V).float())
        loss = nn.functional.cross_entropy(head(out).view(-1, V), y.view(-1))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(params, 5.0)
        opt.step()

    for _ in range(3):
        step()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    dt = (time.perf_counter() - t0) / steps
    return B * T / dt, dt


def sgemm_gflops(M=32, K=320, N=1024, threads=1, seconds=1.0):
    """OpenBLAS sgemm throughput on one product of the size an LSTM step does (the machine's practical peak)."""
    torch.set_num_threads(threads)
    a, b = torch.randn(M, K), torch.randn(K, N)
    for _ in range(50):
        a @ b
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for _ in range(100):
            a @ b
        n += 100
    return 2 * M * K * N * n / (time.perf_counter() - t0) / 1e9


def infer_ms_per_char(H, L, V=96, cell='lstm', blocks=10, per_block=200, warm=1000):
    """Single-stream generation: one character in, one sampled out, per step (batch 1). Timed as
    src/core/bench.ts times char-rnn: after a warm-up, the median of blocks of steps."""
    torch.manual_seed(0)
    Cell = {'lstm': nn.LSTM, 'gru': nn.GRU, 'rnn': nn.RNN}[cell]
    rnn, head = Cell(V, H, num_layers=L), nn.Linear(H, V)
    x, state = torch.zeros(1, 1, V), None
    times = []
    with torch.no_grad():
        for i in range(warm + blocks * per_block):
            if i >= warm and (i - warm) % per_block == 0:
                t0 = time.perf_counter()
            out, state = rnn(x, state)
            c = torch.multinomial(torch.softmax(head(out[0, 0]), -1), 1)
            x = nn.functional.one_hot(c, V).float().view(1, 1, V)
            if i >= warm and (i - warm) % per_block == per_block - 1:
                times.append((time.perf_counter() - t0) * 1000 / per_block)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--configs', default='lstm-1x128,lstm-1x256,lstm-2x256,lstm-2x512',
                    help='comma-separated CELL-LAYERSxHIDDEN')
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--seq', type=int, default=64)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--steps', type=int, default=10)
    ap.add_argument('--json', action='store_true')
    ap.add_argument('--sgemm', action='store_true', help='also print OpenBLAS sgemm GFLOP/s (32x320 @ 320x1024)')
    a = ap.parse_args()
    if a.sgemm:
        g = sgemm_gflops(threads=a.threads)
        print(json.dumps(dict(system='openblas-sgemm', M=32, K=320, N=1024, threads=a.threads, gflops=round(g, 1))) if a.json
              else f"OpenBLAS sgemm 32x320x1024, {a.threads} thread(s): {g:.1f} GFLOP/s")
    for c in a.configs.split(','):
        cell, size = c.split('-')
        L, H = (int(v) for v in size.split('x'))
        cps, dt = bench(H, L, a.batch, a.seq, threads=a.threads, steps=a.steps, cell=cell)
        inf = infer_ms_per_char(H, L, cell=cell)
        row = dict(system='pytorch-' + torch.__version__, cell=cell, layers=L, hidden=H, batch=a.batch,
                   seq=a.seq, threads=a.threads, charsPerSec=round(cps), msPerStep=round(dt * 1000, 2),
                   inferenceMsPerChar=round(inf, 4))
        print(json.dumps(row) if a.json else
              f"{c} B={a.batch} T={a.seq} threads={a.threads}: {cps:,.0f} chars/s ({dt * 1000:.1f} ms/step); inference {inf:.4f} ms/char")


if __name__ == '__main__':
    main()
