// int8 weights against float32 in one process: the same LSTM 2x256 steps with either, timed in
// blocks that alternate between the two, so that the drift of a shared machine falls on both
// alike (bench/kernels-ab.mjs does the same for two builds of the kernels). Cases: one stream's
// step (what a greedy suggestion and sampling run per character: forward, head and softmax, a
// choice), the step of four candidates (batch 4, one choice each), and a window of 64 primed
// characters.
// Prints the medians and their ratio.
//
//   node bench/precision-ab.mjs [--rounds 21] [--json]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: a } = parseArgs({ options: { rounds: { type: 'string', default: '21' }, json: { type: 'boolean', default: false } } });
const rounds = Number(a.rounds);
const load = (p) => tsImport(join(root, p), import.meta.url);
const { Net } = await load('src/core/net.ts');
const { Rng } = await load('src/core/rng.ts');
const { Sampler } = await load('src/core/sample.ts');
const { median } = await load('src/core/metrics.ts');
const { allowRelaxedSimd, getBackend, int8Path, wasmVariant } = await load('src/core/kernels/index.ts');
// the build the command line runs here
allowRelaxedSimd();
const backend = getBackend('wasm');
if (backend.name !== 'wasm') throw new Error('WebAssembly SIMD is not available on this runtime');

const V = 96, H = 256, T = 64;
/** per precision: a batch-1 net, a batch-4 net and a priming net, the same random weights */
function nets(precision) {
  const make = (batch, seq) => new Net({ cell: 'lstm', layers: 2, hidden: H, vocabSize: V, batch, seq, backend, precision });
  const one = make(1, 1), four = make(4, 1), prime = make(1, T);
  one.initParams(1);
  four.setParams(one.params); prime.setParams(one.params);
  const rng = new Rng(2), sampler = new Sampler(V), o = { temperature: 0.2, topK: 0, topP: 0.95 };
  for (let t = 0; t < T; t++) prime.inputs[t] = 1 + rng.int(V - 1);
  let x = 5;
  const c = [1, 2, 3, 4];
  return {
    'one stream: step, head, sample': () => {
      one.inputs[0] = x;
      one.forward(1, false); one.predict(0, 1); one.carryState(1);
      x = sampler.choose(one.logits, 0, o, rng);
    },
    'four candidates: step, head, 4 samples': () => {
      for (let r = 0; r < 4; r++) four.inputs[r] = c[r];
      four.forward(1, false); four.predict(0, 4); four.carryState(1);
      for (let r = 0; r < 4; r++) c[r] = sampler.choose(four.logits, r * V, o, rng);
    },
    'prime a window of 64 characters': () => { prime.forward(T, false); prime.carryState(T); },
  };
}
const sides = { f32: nets('f32'), int8: nets('int8') };
const calls = { 'one stream: step, head, sample': 400, 'four candidates: step, head, 4 samples': 200, 'prime a window of 64 characters': 10 };

const rows = [];
for (const name of Object.keys(calls)) {
  const us = { f32: [], int8: [] }, n = calls[name];
  // warm: V8 moves a hot wasm function to its optimizing tier in the background
  for (const s of Object.values(sides)) for (let i = 0; i < 5 * n; i++) s[name]();
  for (let r = 0; r < rounds; r++) {
    for (const side of r % 2 ? ['f32', 'int8'] : ['int8', 'f32']) {
      const run = sides[side][name], t0 = performance.now();
      for (let i = 0; i < n; i++) run();
      us[side].push(((performance.now() - t0) / n) * 1000);
    }
  }
  rows.push({ name, f32Us: median(us.f32), int8Us: median(us.int8), ratio: median(us.int8) / median(us.f32) });
}

if (a.json) for (const r of rows) console.log(JSON.stringify(r));
else {
  console.log(`int8 against float32 weights, LSTM 2x256, wasm ${wasmVariant()} (int8 ${int8Path()}) on Node ${process.version}; medians of ${rounds} alternating blocks`);
  console.log(`${'case'.padEnd(40)} ${'f32 us'.padStart(10)} ${'int8 us'.padStart(10)} ${'int8/f32'.padStart(10)}`);
  for (const r of rows) console.log(`${r.name.padEnd(40)} ${r.f32Us.toFixed(1).padStart(10)} ${r.int8Us.toFixed(1).padStart(10)} ${r.ratio.toFixed(3).padStart(10)}`);
}
