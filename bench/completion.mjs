// Inline completion latency (issue 18's targets, bench/targets.mjs): an LSTM 2x256 (random weights, or --ckpt F),
// 40-character single-line suggestions at the default sampling settings, on this repository's
// own source as the document, with float32 weights and with int8 ones. Prints the distribution
// per case:
//   warm: the user typed one character since the last request (the state cache holds the rest);
//   warm greedy: the same with one candidate at temperature 0;
//   cold: a document never seen, primed with its last 2,000 characters (the default primeChars).
// Also the longest single unit of work between two points where the completion worker's runner
// looks at its messages (how long a cancellation can wait), and each target beside the int8 and
// float32 figures of every predictor.
// Then the warm case once more as the editor runs it: asked of the completion worker from another
// thread (the round trip, its messages included), the mixture gated as the editor's default.
// Each case runs with the network alone (as before the mixing predictor) and with the mixture
// (the checkpoint's memory, or an empty one learning the document), both writing every
// character (confidence gate off, so both do the same work); then the mixture at the default
// settings, where the gate ends suggestions early and shows none it is unsure of.
//
//   node bench/completion.mjs [--ckpt F] [--backend auto|ts|wasm|both] [--precision f32|int8|both]
//     [--warm N] [--cold N] [--json]
//     [--out FILE]   (also writes the rows and targets to FILE as JSON; npm run bench keeps them)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';
import { COLD_CASE as COLD, COMPLETION as TARGETS } from './targets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: a } = parseArgs({ options: {
  ckpt: { type: 'string' }, backend: { type: 'string', default: 'auto' }, json: { type: 'boolean', default: false },
  warm: { type: 'string', default: '300' }, cold: { type: 'string', default: '30' }, out: { type: 'string' },
  precision: { type: 'string', default: 'both' },
} });
const load = (p) => tsImport(join(root, p), import.meta.url);
const { Completer } = await load('src/core/complete/completer.ts');
const { getBackend, int8Path, wasmVariant } = await load('src/core/kernels/index.ts');
const { loadCheckpoint } = await load('src/core/checkpoint.ts');
const { Net } = await load('src/core/net.ts');
const { weightsOf, weightsOnly } = await load('src/core/weights.ts');
const { Vocab } = await load('src/core/vocab.ts');
const { DEFAULT_COMPLETION, DEFAULT_TRAIN } = await load('src/core/config.ts');
const { mixtureFor, runToEnd } = await load('src/core/mix/memory.ts');

const text = ['net.ts', 'train.ts', 'checkpoint.ts', 'vocab.ts'].map((f) => readFileSync(join(root, 'src', 'core', f), 'utf8')).join('\n');

/** the checkpoint's memory of its repository, when it has one */
let stored;
function model() {
  if (a.ckpt) return loadCheckpoint(a.ckpt).then((ck) => { stored = ck.mix; return weightsOnly(ck); });
  // 95 printable ASCII characters and a newline, as the peers' benchmark (V = 96 with unknown)
  const vocab = Vocab.fromJSON(['', '\n', ...Array.from({ length: 94 }, (_, i) => String.fromCharCode(32 + i))]);
  const net = new Net({ cell: 'lstm', layers: 2, hidden: 256, vocabSize: vocab.size, batch: 1, seq: 1, backend: getBackend('ts') });
  net.initParams(1);
  return weightsOf(net, vocab);
}

const pct = (xs, q) => { const s = [...xs].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]; };

/** Runs one request unit by unit; returns total ms and the longest unit. */
function timed(c, req) {
  const g = c.run(req);
  let longest = 0, r;
  const t0 = performance.now();
  do {
    const t = performance.now();
    r = g.next();
    longest = Math.max(longest, performance.now() - t);
  } while (!r.done);
  return { ms: performance.now() - t0, longest, out: r.value };
}

function measure(m, backendName, precision, nWarm, nCold, predictor, gate) {
  const backend = getBackend(backendName);
  const c = new Completer(m, { backend, seed: 1, precision });
  if (predictor === 'mixture') c.setMixture(runToEnd(mixtureFor(stored, c.vocab, DEFAULT_TRAIN.memoryMb)));
  const base = { ...DEFAULT_COMPLETION, maxChars: 40, multiline: false, minConfidence: gate ? DEFAULT_COMPLETION.minConfidence : 0 };
  const label = `${predictor}${gate ? ', gate' : ''}`;
  const rows = [];
  /** times each request, and adds a row for the case unless it has none */
  const time = (name, requests) => {
    const ms = [];
    let chars = 0, unit = 0;
    for (const q of requests) {
      const r = timed(c, q);
      ms.push(r.ms); chars += r.out[0]?.text.length ?? 0; unit = Math.max(unit, r.longest);
    }
    const n = requests.length;
    if (n > 0) {
      rows.push({ backend: c.backend, precision, predictor: label, case: name, n,
        p50: pct(ms, 0.5), p95: pct(ms, 0.95), p99: pct(ms, 0.99), meanChars: chars / n, longestUnitMs: unit });
    }
  };
  for (const [name, settings, n] of [['warm', base, nWarm], ['warm greedy', { ...base, temperature: 0, candidates: 1 }, nWarm]]) {
    const p0 = 2500, doc = `warm-${name}`;
    // read the document up to p0 once, untimed: each timed request then adds one character
    timed(c, { doc, before: text.slice(0, p0), after: '', count: 1, settings });
    time(name, Array.from({ length: n }, (_, i) => ({ doc, before: text.slice(0, p0 + i + 1), after: '', count: 1, settings })));
  }
  time(COLD, Array.from({ length: nCold }, (_, j) => {
    const p = 2500 + Math.floor((j * (text.length - 2600)) / Math.max(1, nCold));
    return { doc: `cold-${j}`, before: text.slice(0, p), after: '', count: 1, settings: base };
  }));
  return { backend: c.backend, precision, predictor: label, rows, longestUnitMs: Math.max(0, ...rows.map((r) => r.longestUnitMs)) };
}

/** The warm case asked of the completion worker the editor uses, from this thread: what a request
 *  costs the user, its messages included. A model with random weights is sure of nothing, so
 *  there the gate is off (as in the rows it compares with). */
async function measureWorker(m, precision, n) {
  const { CompletionWorker } = await load('src/extension/completion/client.ts');
  const dir = mkdtempSync(join(tmpdir(), 'char-rnn-bench-')), script = join(dir, 'completion-worker.cjs');
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs');
  writeFileSync(script, `require(${JSON.stringify(tsx)}); require(${JSON.stringify(join(root, 'src', 'extension', 'completion', 'worker.ts'))});`);
  const gate = a.ckpt !== undefined;
  const worker = new CompletionWorker(script, { peekWeights: () => m, peekMemoryOf: () => stored }, { memoryMb: () => DEFAULT_TRAIN.memoryMb });
  const settings = { ...DEFAULT_COMPLETION, maxChars: 40, multiline: false, minConfidence: gate ? DEFAULT_COMPLETION.minConfidence : 0 };
  const req = (before) => ({ doc: 'file:///warm.ts', path: '/warm.ts', before, after: '', count: 1, settings, precision });
  const p0 = 2500, ms = [];
  let chars = 0;
  try {
    // untimed: the worker starts, rebuilds the memory, reads the document up to p0
    await worker.complete(req(text.slice(0, p0)));
    await worker.status(true);
    await worker.complete(req(text.slice(0, p0)));
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      const out = await worker.complete(req(text.slice(0, p0 + i + 1)));
      ms.push(performance.now() - t);
      chars += out?.[0]?.text.length ?? 0;
    }
  } finally {
    await worker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return { backend: getBackend(a.backend === 'both' ? 'auto' : a.backend).name, precision, predictor: `mixture${gate ? ', gate' : ''}, via the worker`, case: 'warm', n,
    p50: pct(ms, 0.5), p95: pct(ms, 0.95), p99: pct(ms, 0.99), meanChars: chars / n };
}

const m = await model();
const cases = [['network', false], ['mixture', false], ['mixture', true]];
const precisions = a.precision === 'both' ? ['f32', 'int8'] : [a.precision];
// each case at each precision, side by side
const runs = [
  ...cases.flatMap(([p, g]) => precisions.map((q) => measure(m, a.backend === 'both' ? 'auto' : a.backend, q, Number(a.warm), Number(a.cold), p, g))),
  ...(a.backend === 'both' ? precisions.map((q) => measure(m, 'ts', q, Math.min(30, Number(a.warm)), Math.min(3, Number(a.cold)), 'mixture', true)) : []),
];
for (const q of precisions) {
  const row = await measureWorker(m, q, Math.min(100, Number(a.warm)));
  runs.push({ backend: row.backend, precision: q, predictor: row.predictor, rows: [row], longestUnitMs: 0 });
}

// each target beside the first backend's figure of each predictor at each precision
const predictors = [...new Set(runs.map((r) => r.predictor))];
const figure = (predictor, precision, name, stat) => runs.find((r) => r.predictor === predictor && r.precision === precision)?.rows.find((row) => row.case === name)?.[stat];
if (a.json) {
  for (const r of runs) {
    for (const row of r.rows) console.log(JSON.stringify(row));
    console.log(JSON.stringify({ backend: r.backend, precision: r.precision, predictor: r.predictor, longestUnitMs: r.longestUnitMs }));
  }
  for (const g of TARGETS) {
    for (const p of predictors) {
      console.log(JSON.stringify({ target: `${g.case} ${g.stat}`, atMostMs: g.atMostMs, predictor: p, ...Object.fromEntries(precisions.map((q) => [q, figure(p, q, g.case, g.stat)])) }));
    }
  }
} else {
  const f = (x) => (x === undefined ? '-' : `${x.toFixed(1)} ms`).padStart(9);
  console.log(`inline completion latency: ${m.cell} ${m.layers}x${m.hidden} (${a.ckpt ? a.ckpt : 'random weights'}${stored ? ', with its memory of the repository' : ''}), V=${m.vocab.length}, up to 40 characters, single line, temperature ${DEFAULT_COMPLETION.temperature}, top-p ${DEFAULT_COMPLETION.topP}, ${DEFAULT_COMPLETION.candidates} candidates; wasm ${wasmVariant() ?? 'unavailable'}, int8 ${int8Path() ?? '-'}, on Node ${process.version}`);
  console.log('backend  weights predictor       case                          n      p50      p95      p99  mean length  longest unit');
  for (const r of runs) {
    for (const row of r.rows) console.log(`${row.backend.padEnd(8)} ${row.precision.padEnd(7)} ${row.predictor.padEnd(15)} ${row.case.padEnd(26)} ${String(row.n).padStart(4)} ${f(row.p50)}${f(row.p95)}${f(row.p99)}  ${row.meanChars.toFixed(1).padStart(6)} chars ${f(row.longestUnitMs)}`);
  }
  console.log(`longest unit of work between turns of the completion worker's loop: ${Math.max(...runs.map((r) => r.longestUnitMs)).toFixed(1)} ms`);
  console.log(`targets (LSTM 2x256, 40 chars, ${DEFAULT_COMPLETION.candidates} candidates), each beside the figures of every predictor:`);
  for (const g of TARGETS) {
    for (const p of predictors.filter((q) => precisions.some((r) => figure(q, r, g.case, g.stat) !== undefined))) {
      const got = precisions.map((q) => { const x = figure(p, q, g.case, g.stat); return `${q} ${x === undefined ? '-' : `${x.toFixed(1)} ms`}`; }).join(', ');
      console.log(`  ${`${g.case} ${g.stat}`.padEnd(32)} at most ${String(g.atMostMs).padEnd(3)} ms  ${p.padEnd(15)} ${got}`);
    }
  }
}
if (a.out) {
  writeFileSync(a.out, JSON.stringify({ node: process.version, wasm: wasmVariant(), int8: int8Path(), model: a.ckpt ? 'checkpoint' : 'random weights',
    rows: runs.flatMap((r) => r.rows), targets: TARGETS }));
}
