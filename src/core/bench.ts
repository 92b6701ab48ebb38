// Throughput and latency measurements shared by `char-rnn bench` and bench/run.mjs: the same
// work as the PyTorch peer (bench/torch_bench.py): one-hot input over V = 96, Adam, clip 5.
import type { CellType, Precision } from './config';
import { i8Size, panelsSize, type Backend } from './kernels/types';
import { Net } from './net';
import { clipGradients, optimizerStep } from './optim';
import { median } from './metrics';
import { GATES } from './params';
import { Rng } from './rng';
import { Sampler } from './sample';

export interface BenchConfig { cell: CellType; layers: number; hidden: number; batch: number; seq: number; threads: number; vocab?: number }

/** Multiply-adds x2 per trained character, forward + backward (3x forward), one-hot input not counted. */
export function flopsPerChar(c: BenchConfig): number {
  const G = GATES[c.cell] * c.hidden, V = c.vocab ?? 96;
  let fwd = 2 * V * c.hidden;
  for (let l = 0; l < c.layers; l++) fwd += 2 * G * (l === 0 ? c.hidden : 2 * c.hidden);
  return 3 * fwd;
}

/** Parses 'lstm-2x256' into a config. */
export function parseConfig(s: string, batch: number, seq: number, threads: number): BenchConfig {
  const m = /^(rnn|lstm|gru)-(\d+)x(\d+)$/.exec(s.trim());
  if (!m) throw new Error(`bad configuration '${s}': expected CELL-LAYERSxHIDDEN such as lstm-2x256`);
  return { cell: m[1] as CellType, layers: Number(m[2]), hidden: Number(m[3]), batch, seq, threads };
}

export function benchTraining(c: BenchConfig, backend: Backend, minMs = 3000) {
  const V = c.vocab ?? 96, rng = new Rng(0);
  const net = new Net({ cell: c.cell, layers: c.layers, hidden: c.hidden, vocabSize: V, batch: c.batch, seq: c.seq, backend, optimizerSlots: 2, threads: c.threads });
  net.initParams(0);
  for (let j = 0; j < c.batch * c.seq; j++) { net.inputs[j] = rng.int(V); net.targets[j] = rng.int(V); }
  let step = 0;
  const once = () => { net.lossAndGrad(c.seq, true); clipGradients(net, 5, 0); optimizerStep(net, 'adam', 2e-3, ++step); };
  for (let i = 0; i < 3; i++) once();
  const t0 = performance.now();
  let n = 0;
  while (n < 5 || performance.now() - t0 < minMs) { once(); n++; }
  const msPerStep = (performance.now() - t0) / n;
  net.dispose();
  const charsPerSec = (c.batch * c.seq * 1000) / msPerStep;
  return { charsPerSec, msPerStep, gflops: (charsPerSec * flopsPerChar(c)) / 1e9 };
}

/** how a single step is timed (bench/torch_bench.py's infer_ms_per_char uses the same numbers) */
const STEP_TIMING = { blocks: 10, perBlock: 200, warm: 1000 };

/** Single-stream generation: one character in, one sampled character out, per step. Timed after
 *  a warm-up long enough for the JIT to settle (the first few hundred steps run slower code), as
 *  the median of blocks of steps (STEP_TIMING), so that a pause of the shared machine does not
 *  count; bench/torch_bench.py times PyTorch the same way. */
export function benchInference(c: BenchConfig, backend: Backend, precision: Precision = 'f32') {
  const V = c.vocab ?? 96, rng = new Rng(0);
  const net = new Net({ cell: c.cell, layers: c.layers, hidden: c.hidden, vocabSize: V, batch: 1, seq: 1, backend, precision });
  net.initParams(0);
  const sampler = new Sampler(V), o = { temperature: 1, topK: 0, topP: 1 };
  let x = 1;
  const step = () => {
    net.inputs[0] = x;
    net.forward(1, false); net.predict(0, 1); net.carryState(1);
    x = sampler.choose(net.logits, 0, o, rng);
  };
  const msPerChar = median(timeBlocks(step));
  net.dispose();
  return { msPerChar };
}

/** The floor of that step: the time to read the weight matrices a step multiplies (W_hh of
 *  every layer, W_ih above layer 0, the head), as float32 panels or int8 blocks, with the fastest
 *  wasm loop (Kernels.streamSum), timed like benchInference. At batch 1 each weight is used once
 *  per step, so no product can take less time than reading it. */
export function benchWeightRead(c: BenchConfig, backend: Backend, precision: Precision = 'f32') {
  const V = c.vocab ?? 96, G = GATES[c.cell] * c.hidden, H = c.hidden;
  const size = precision === 'int8' ? i8Size : panelsSize;
  const sizes = [size(V, H)];
  for (let l = 0; l < c.layers; l++) sizes.push(size(G, H), ...(l > 0 ? [size(G, H)] : []));
  const k = backend.create(sizes.reduce((a, b) => a + b, 0), 0, 'f32');
  try {
    for (let j = 0; j < k.f.length; j++) k.f[j] = ((j % 17) - 8) / 64;
    const step = () => { for (let i = 0, off = 0; i < sizes.length; off += sizes[i++]) k.streamSum(sizes[i], k.f, off); };
    return { msPerChar: median(timeBlocks(step)), bytesPerChar: 4 * k.f.length };
  } finally { (k as { dispose?: () => void }).dispose?.(); }
}

/** ms per call of each of STEP_TIMING's blocks of calls, after its warm-up calls */
function timeBlocks(step: () => void): number[] {
  const { blocks, perBlock, warm } = STEP_TIMING;
  for (let i = 0; i < warm; i++) step();
  const ms: number[] = [];
  for (let b = 0; b < blocks; b++) {
    const t0 = performance.now();
    for (let i = 0; i < perBlock; i++) step();
    ms.push((performance.now() - t0) / perBlock);
  }
  return ms;
}
