// GFLOP/s of the wasm products of LSTM 2x256 training (batch 32, window 64) and of single-stream
// inference, beside the TypeScript reference on the small ones. The engine runs the products
// with a weight matrix through packed panels (gemmPanels: op "panels"), the weight gradients
// through gemm.
// Run: npx tsx bench/kernels.ts [--seconds 1] [--threads N] [--json]   (builds the wasm module first if stale)
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsBackend } from '../src/core/kernels/ts';
import { wasmBackend } from '../src/core/kernels/wasm';
import { panelsSize, type Backend, type Kernels } from '../src/core/kernels/types';

interface Shape { name: string; M: number; N: number; K: number; tA: boolean; tB: boolean; panels?: boolean; ts?: boolean }
// panels: C = A W^T with W [N,K] packed once (W [K,N] transposed into panels for tB = false)
const SHAPES: Shape[] = [
  { name: 'forward x W_ih^T (T*B rows)', M: 2048, N: 1024, K: 256, tA: false, tB: true, panels: true },
  { name: 'recurrent h W_hh^T (one step)', M: 32, N: 1024, K: 256, tA: false, tB: true, panels: true, ts: true },
  { name: 'dW += dgates^T x (window)', M: 1024, N: 256, K: 2048, tA: true, tB: false },
  { name: 'dX = dgates W_ih (window)', M: 2048, N: 256, K: 1024, tA: false, tB: false, panels: true },
  { name: 'dh = dgates W_hh (one step)', M: 32, N: 256, K: 1024, tA: false, tB: false, panels: true, ts: true },
  { name: 'inference h W_hh^T (batch 1)', M: 1, N: 1024, K: 256, tA: false, tB: true, panels: true, ts: true },
  { name: 'completion candidates (batch 4)', M: 4, N: 1024, K: 256, tA: false, tB: true, panels: true },
  { name: 'odd small batch (batch 7)', M: 7, N: 1023, K: 255, tA: false, tB: true, panels: true },
  { name: 'the same through gemm (no packing)', M: 7, N: 1023, K: 255, tA: false, tB: true },
];

// On a shared machine the wall clock counts time this process was not running: report the
// fastest single call, and GFLOP per second of this process's CPU time over all calls.
function measure(backend: Backend, s: Shape, seconds: number): { best: number; cpu: number } {
  const { M, N, K } = s, k = backend.create(M * K + K * N + M * N + panelsSize(N, K), 0, 'f32');
  try { return time(k, s, seconds); } finally { (k as { dispose?: () => void }).dispose?.(); }
}

function time(k: Kernels, s: Shape, seconds: number): { best: number; cpu: number } {
  const { M, N, K } = s;
  for (let j = 0; j < k.f.length; j++) k.f[j] = Math.sin(j) * 0.5;
  const P = M * K + K * N + M * N;
  if (s.panels) k.packPanels(N, K, k.f, M * K, !s.tB, k.f, P);
  const run = s.panels
    ? () => k.gemmPanels(M, N, K, k.f, 0, k.f, P, k.f, M * K + K * N, false)
    : () => k.gemm(M, N, K, k.f, 0, s.tA, k.f, M * K, s.tB, k.f, M * K + K * N, false);
  run();
  const flop = 2 * M * N * K, end = performance.now() + seconds * 1000, cpu0 = process.cpuUsage();
  let reps = 0, best = Infinity;
  while (performance.now() < end) {
    const t = performance.now();
    run();
    best = Math.min(best, performance.now() - t);
    reps++;
  }
  const cpu = process.cpuUsage(cpu0), cpuMs = (cpu.user + cpu.system) / 1000;
  return { best: flop / (best * 1e6), cpu: (flop * reps) / (cpuMs * 1e6) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const seconds = Number(args[args.indexOf('--seconds') + 1]) || 1;
  const threads = args.includes('--threads') ? Number(args[args.indexOf('--threads') + 1]) : 1;
  const wasm: Backend = { ...wasmBackend, create: (nf, ni, dt) => wasmBackend.create(nf, ni, dt, { threads }) };
  const script = pathToFileURL(join(__dirname, '..', 'scripts', 'build-wasm.mjs')).href;
  await ((await import(script)) as { buildWasm: () => Promise<string> }).buildWasm();
  const rows = SHAPES.map((s) => {
    const w = measure(wasm, s, seconds), t = s.ts ? measure(tsBackend, s, seconds) : undefined;
    return {
      shape: s.name, M: s.M, N: s.N, K: s.K, op: s.panels ? 'panels' : `${s.tA ? 'T' : 'N'}${s.tB ? 'T' : 'N'}`,
      [`wasm x${threads} best`]: +w.best.toFixed(1), 'wasm cpu': +w.cpu.toFixed(1),
      'ts best': t ? +t.best.toFixed(2) : '', 'ts cpu': t ? +t.cpu.toFixed(2) : '',
    };
  });
  if (args.includes('--json')) console.log(JSON.stringify(rows));
  else console.table(rows);
}

void main();
