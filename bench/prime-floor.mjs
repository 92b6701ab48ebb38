// The read floor of a cold completion (issue 5's "cold document, 2,000-character prime"): a
// prime is 2,000 sequential steps, and each step multiplies the two recurrent matrices of an LSTM
// 2x256 (W_hh of layers 0 and 1, 1 MB each in float32). However fast the arithmetic, no prime can
// take less time than reading those 2 MB 2,000 times in order. This times exactly that read with
// the kernels' own streamSum (eight independent sums of four lanes: the fastest wasm loop over
// the weights) on one thread, and split across two threads that share the memory and meet at a
// spin barrier after every step (the cheapest hand-off there is), as a two-thread prime would
// have to. A third row reads the same bytes per step from one 256 KB block that stays in L2: when
// it is barely faster, what limits the read is the loop's 128-bit loads and adds, not memory.
// The last two rows read the matrices' int8 copies (Kernels.packI8: a byte per weight, a scale
// and a sum per row), a quarter of the bytes, on one thread and on two.
//
//   node bench/prime-floor.mjs [--steps 2000] [--rounds 5] [--json] [--out FILE (the rows as JSON)]
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';
import { COLD_CASE, COMPLETION } from './targets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const generated = createRequire(import.meta.url)(join(root, 'build', 'kernels-wasm.generated.js'));
const MATRIX = 4 * 1024 * 256; // bytes of one float32 [4H, H] recurrent matrix at H = 256
const MATRIX_I8 = 1024 * 256 + 8 * 1024; // the same as packI8 leaves it
const PAGE = 65536;
const L2_BLOCK = 256 * 1024; // bytes: half of this core's L2, so the block stays there

if (isMainThread) {
  const { values: a } = parseArgs({ options: {
    steps: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '5' }, json: { type: 'boolean', default: false },
    out: { type: 'string' },
  } });
  const steps = Number(a.steps), rounds = Number(a.rounds);
  const { median } = await tsImport(join(root, 'src/core/metrics.ts'), import.meta.url);
  // the module's scratch sits at the start of memory; the matrices go after it, the barrier after them
  const base = 64 * PAGE, pages = base / PAGE + (2 * MATRIX) / PAGE + 1;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const f = new Float32Array(memory.buffer, base, (2 * MATRIX) / 4);
  for (let j = 0; j < f.length; j++) f[j] = ((j % 17) - 8) / 64;
  const barrier = base + 2 * MATRIX;
  const rows = [];
  for (const [threads, from] of [[1, 'matrices'], [2, 'matrices'], [1, 'L2'], [1, 'int8 matrices'], [2, 'int8 matrices']]) {
    const ms = [], bytes = 2 * (from === 'int8 matrices' ? MATRIX_I8 : MATRIX);
    for (let r = 0; r < rounds; r++) ms.push(await run(memory, base, barrier, threads, steps, from));
    const medianMs = median(ms);
    rows.push({ threads, from, steps, bytesPerStep: bytes, bestMs: Math.min(...ms), medianMs, gbPerSec: (bytes * steps) / (medianMs * 1e6) });
  }
  if (a.json) for (const row of rows) console.log(JSON.stringify(row));
  else {
    console.log(`cold-prime read floor: reading the two recurrent matrices of an LSTM 2x256 (2 MB in float32, 0.52 MB in int8) ${steps} times in sequence, on Node ${process.version}; ${rounds} rounds`);
    for (const r of rows) {
      const what = r.from === 'L2' ? '1 thread, the same bytes from a 256 KB block in L2' : `${r.threads} thread(s)${r.from === 'int8 matrices' ? ', int8' : ''}`;
      console.log(`  ${what}: median ${r.medianMs.toFixed(1)} ms (best ${r.bestMs.toFixed(1)} ms), ${r.gbPerSec.toFixed(1)} GB/s`);
    }
    const cold = COMPLETION.find((g) => g.case === COLD_CASE && g.stat === 'p95');
    console.log(`target: cold p95 <= ${cold.atMostMs} ms for the whole prime and suggestion`);
  }
  if (a.out) writeFileSync(a.out, JSON.stringify({ node: process.version, rows }));
} else {
  const { memory, base, barrier, index, threads, steps, from } = workerData;
  const x = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(generated.base64Shared, 'base64')), { env: { memory } }).exports;
  const ctl = new Int32Array(memory.buffer, barrier, 2);
  // each thread reads its share of both matrices, as a split product would
  const share = (from === 'int8 matrices' ? MATRIX_I8 : MATRIX) / threads / 4, off = (m) => base + m * MATRIX + index * share * 4;
  const block = L2_BLOCK / 4, reads = (2 * MATRIX) / L2_BLOCK;
  const step = from === 'L2'
    ? () => { for (let r = 0; r < reads; r++) x.streamSum(block, base); }
    : () => { x.streamSum(share, off(0)); x.streamSum(share, off(1)); };
  for (let s = 0; s < 200; s++) step();
  Atomics.add(ctl, 1, 1);
  while (Atomics.load(ctl, 1) < threads) { /* all warm before the clock starts */ }
  const t0 = performance.now();
  for (let s = 1; s <= steps; s++) {
    step();
    Atomics.add(ctl, 0, 1);
    while (Atomics.load(ctl, 0) < s * threads) { /* the spin barrier */ }
  }
  parentPort.postMessage(performance.now() - t0);
}

/** one round: the longest thread's time, ms */
async function run(memory, base, barrier, threads, steps, from) {
  new Int32Array(memory.buffer, barrier, 2).fill(0);
  const ws = Array.from({ length: threads }, (_, index) => new Worker(fileURLToPath(import.meta.url), { workerData: { memory, base, barrier, index, threads, steps, from } }));
  try {
    return Math.max(...(await Promise.all(ws.map((w) => new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); })))));
  } finally { for (const w of ws) await w.terminate(); }
}
