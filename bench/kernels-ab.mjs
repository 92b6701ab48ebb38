// The kernels of this working tree against those of another commit, in one process: both builds
// get the same memory contents, each case runs on both and their memories are compared byte for
// byte, then the case is timed in blocks that alternate between the builds, so that the drift of
// this shared machine (10-30% from minute to minute) falls on both alike. For changes of 5-20%
// that separate runs cannot see.
//
//   node bench/kernels-ab.mjs [--base HEAD] [--rounds 21] [--json]
//
// The base's assembly/ is read from git and compiled with this tree's build settings; each side
// uses the build the command line runs on this runtime (src/core/kernels: wasmVariant).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';
import { buildWasm, compileVariant } from '../scripts/build-wasm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: a } = parseArgs({ options: {
  base: { type: 'string', default: 'HEAD' }, rounds: { type: 'string', default: '21' }, json: { type: 'boolean', default: false },
} });
const rounds = Number(a.rounds);

const generated = createRequire(import.meta.url)(await buildWasm());
// the build the command line runs here (relaxed SIMD switched on as on Node 20), from src/core
const { allowRelaxedSimd, wasmVariant } = await tsImport(join(root, 'src/core/kernels/index.ts'), import.meta.url);
const { median } = await tsImport(join(root, 'src/core/metrics.ts'), import.meta.url);
const { int8Path } = await tsImport(join(root, 'src/core/kernels/wasm.ts'), import.meta.url);
const { DOT_MODE } = await tsImport(join(root, 'src/core/kernels/wasm-build.ts'), import.meta.url);
allowRelaxedSimd();
const variant = wasmVariant();
if (!variant) throw new Error('WebAssembly SIMD is not available on this runtime: there are no kernels to compare');
const field = variant === 'relaxed-simd' ? 'base64Relaxed' : 'base64';

const src = mkdtempSync(join(tmpdir(), 'char-rnn-kernels-'));
let baseBytes;
try {
  const files = execFileSync('git', ['ls-tree', '-r', '--name-only', a.base, 'assembly/'], { cwd: root, encoding: 'utf8' }).trim().split('\n');
  for (const f of files) {
    mkdirSync(dirname(join(src, f)), { recursive: true });
    writeFileSync(join(src, f), execFileSync('git', ['show', `${a.base}:${f}`], { cwd: root }));
  }
  baseBytes = await compileVariant(field, join(src, 'assembly'));
} finally { rmSync(src, { recursive: true, force: true }); }

const PAGE = 65536, PAGES = 1200;
// byte regions far enough apart for the largest case (2048 x 1024 floats = 128 pages); the class
// indices and the kernels' scratch after them
const R = (k) => (2 + 130 * k) * PAGE, IDX = R(9), SCRATCH = IDX + 2 * PAGE;
function instance(bytes) {
  const memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES });
  const x = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  // the int8 products quantize their rows into the scratch, and take the dot product the host would
  x.setScratch?.(SCRATCH);
  x.setRelaxedDot?.(DOT_MODE[int8Path()]);
  return { x, memory };
}
const builds = { base: instance(baseBytes), tree: instance(Buffer.from(generated[field], 'base64')) };

// the same contents in both memories: small values everywhere after the module's first page,
// class indices where the cases read them
const tile = Float32Array.from({ length: 16411 }, (_, i) => Math.sin(i * 0.37) * 0.5);
function fill({ memory }) {
  const f = new Float32Array(memory.buffer, PAGE);
  for (let i = 0; i < f.length; i += tile.length) f.set(tile.subarray(0, Math.min(tile.length, f.length - i)), i);
  new Int32Array(memory.buffer, IDX, 4096).forEach((_, i, v) => { v[i] = (i * 7) % 96; });
}

const H = 256, G = 4 * H, V = 96, N = 2048;
/** [name, run, calls per block]: the kernels of an LSTM 2x256, at inference (batch 1) and in training (batch 32, window 64),
 *  and the GRU's and RNN's cells at the same size */
const cases = [
  ['batch-1 product 1024x256', (x) => x.gemmPanelsNT(1, G, H, R(0), H, R(1), R(2), G, true), 500],
  ['batch-32 product 32x1024x256', (x) => x.gemmPanelsNT(32, G, H, R(0), H, R(1), R(2), G, true), 20],
  // the same matrix as int8 (packI8 at R(6)), for one stream, four candidates and a primed window
  ['int8 batch-1 product 1024x256', (x) => x.gemmI8NT(1, G, H, R(0), H, R(6), R(2), G, true), 2000],
  ['int8 batch-4 product 4x1024x256', (x) => x.gemmI8NT(4, G, H, R(0), H, R(6), R(2), G, true), 500],
  ['int8 64-row product 64x1024x256', (x) => x.gemmI8NT(64, G, H, R(0), H, R(6), R(2), G, true), 30],
  ['lstmCell B=1 H=256', (x) => x.lstmCell(1, H, R(2), R(3), R(4), R(5), R(6)), 2000],
  ['lstmCell B=32 H=256', (x) => x.lstmCell(32, H, R(2), R(3), R(4), R(5), R(6)), 100],
  ['lstmCellBackward B=32 H=256', (x) => x.lstmCellBackward(32, H, R(2), R(3), R(4), R(5), R(6), R(7)), 100],
  ['gruCell B=32 H=256', (x) => x.gruCell(32, H, R(2), R(3), R(4), R(5)), 100],
  ['rnnCell B=32 H=256', (x) => x.rnnCell(32, H, R(2), R(3)), 200],
  ['addBias 2048x1024', (x) => x.addBias(N, G, R(2), R(3)), 10],
  ['sumRows 2048x1024', (x) => x.sumRows(N, G, R(2), R(3)), 10],
  ['softmaxXent 2048x96', (x) => x.softmaxXent(N, V, R(2), IDX, 1 / N), 20],
  ['adam 860K', (x) => x.adam(860_000, R(2), R(3), R(4), R(5), 0.9, 0.1, 0.999, 0.001, 1e-3, 1, 1e-8), 5],
];

const rows = [];
// a base without the int8 kernels runs the rest
const here = cases.filter(([name]) => !name.startsWith('int8') || Object.values(builds).every((b) => b.x.gemmI8NT));
for (const [name, run, calls] of here) {
  for (const b of Object.values(builds)) { fill(b); b.x.packPanels(G, H, R(8), H, false, R(1)); b.x.packI8?.(G, H, R(8), H, R(6)); run(b.x); }
  // past the first page, which holds each module's own constants
  const same = Buffer.compare(Buffer.from(builds.base.memory.buffer, PAGE), Buffer.from(builds.tree.memory.buffer, PAGE)) === 0;
  const us = { base: [], tree: [] };
  // warm: V8 moves a hot wasm function to its optimizing tier in the background
  for (const b of Object.values(builds)) for (let i = 0; i < 3 * calls; i++) run(b.x);
  for (let r = 0; r < rounds; r++) {
    for (const side of r % 2 ? ['base', 'tree'] : ['tree', 'base']) {
      const x = builds[side].x, t0 = performance.now();
      for (let i = 0; i < calls; i++) run(x);
      us[side].push(((performance.now() - t0) / calls) * 1000);
    }
  }
  rows.push({ name, sameBits: same, baseUs: median(us.base), treeUs: median(us.tree), ratio: median(us.tree) / median(us.base) });
}

if (a.json) for (const r of rows) console.log(JSON.stringify(r));
else {
  console.log(`kernels of this tree against ${a.base}, ${field === 'base64Relaxed' ? 'relaxed SIMD' : 'SIMD'} on Node ${process.version}; medians of ${rounds} alternating blocks`);
  console.log(`${'case'.padEnd(30)} ${'base us'.padStart(10)} ${'tree us'.padStart(10)} ${'tree/base'.padStart(10)}  outputs`);
  for (const r of rows) console.log(`${r.name.padEnd(30)} ${r.baseUs.toFixed(2).padStart(10)} ${r.treeUs.toFixed(2).padStart(10)} ${r.ratio.toFixed(3).padStart(10)}  ${r.sameBits ? 'bitwise the same' : 'DIFFER'}`);
}
