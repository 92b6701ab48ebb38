// `npm run bench`: the engine and its peer side by side, in one run, per configuration:
// char-rnn's training throughput and single-stream inference against PyTorch's (when Debian's
// python3-torch is installed), as ratios; effective GFLOP/s beside OpenBLAS's sgemm; inference
// with float32 and with int8 weights, each beside the time to read its weights (its floor), and
// each beside its target (bench/targets.mjs); peak RSS.
// Each engine configuration runs in its own process so its peak RSS is its own. The machine is
// shared and its speed drifts by 10-30% from minute to minute, so each configuration runs
// --rounds times, engine and peer alternating, and the figures are the medians of the rounds.
// The engine runs first on this Node, as the command line (on Node 20 it switches V8's relaxed
// SIMD on, so the kernels' fused multiply-add build runs there too), then, when `npm test` has
// installed it, on the Node that runs VS Code's extension host in the tests (24, relaxed SIMD by
// default), which is what the extension gets. The completion bench runs in-process on both: on
// Node 20 that is the plain SIMD build, what an extension host on Node 20 would get.
// Everything the run measured goes to docs/results/bench/ (bench/results.mjs), and the docs'
// tables are rendered again from it.
// Flags: --configs lstm-1x128,lstm-2x256  --threads N  --rounds N  --backend auto|ts|wasm  --json
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';
import { hostNode } from '../scripts/vscode-server.mjs';
import { runHeader, saveRun } from './results.mjs';
import { EVENT_LOOP, TRAINING as TARGETS } from './targets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { median } = await tsImport(join(root, 'src/core/metrics.ts'), import.meta.url);
const { values: a } = parseArgs({ options: {
  configs: { type: 'string', default: 'lstm-1x128,lstm-2x256' }, threads: { type: 'string', default: '1' },
  backend: { type: 'string', default: 'auto' }, json: { type: 'boolean', default: false },
  rounds: { type: 'string', default: '3' },
} });
const rounds = Math.max(1, Number(a.rounds) || 1);
/** the median of each numeric field over the rounds (rows of the same shape) */
const medianRow = (rs) => Object.fromEntries(Object.keys(rs[0]).map((k) => [k, typeof rs[0][k] === 'number' ? median(rs.map((r) => r[k])) : rs[0][k]]));
const PY = '/usr/bin/python3';
const torchVersion = existsSync(PY) ? spawnSync(PY, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).stdout?.trim() || undefined : undefined;
const hasTorch = torchVersion !== undefined;
const torchEnv = { ...process.env, OPENBLAS_NUM_THREADS: a.threads, OMP_NUM_THREADS: a.threads };
const header = runHeader('npm run bench');

function engine(node, config) {
  const out = execFileSync(node, [join(root, 'dist', 'cli.js'), 'bench', '--json', '--configs', config, '--threads', a.threads, '--backend', a.backend], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}
function torch(args) {
  if (!hasTorch) return undefined;
  const out = execFileSync(PY, [join(root, 'bench', 'torch_bench.py'), '--json', '--threads', a.threads, ...args], { encoding: 'utf8', env: torchEnv });
  return out.trim().split('\n').map((l) => JSON.parse(l));
}

const sgemm = torch(['--sgemm', '--configs', 'lstm-1x16', '--steps', '1'])?.[0];

function table(node) {
  const rows = [];
  for (const config of a.configs.split(',')) {
    // alternate engine and peer so both see the same machine load
    const o = [], p = [];
    for (let r = 0; r < rounds; r++) {
      o.push(engine(node, config));
      const peer = torch(['--configs', config])?.[0];
      if (peer) p.push(peer);
    }
    const ours = { ...medianRow(o), maxRssMB: Math.max(...o.map((r) => r.maxRssMB)) }, peer = p.length ? medianRow(p) : undefined;
    // the ratio of each round, engine and peer measured back to back
    const trainRatios = p.map((q, r) => o[r].charsPerSec / q.charsPerSec), inferRatios = p.map((q, r) => q.inferenceMsPerChar / o[r].inferenceMsPerChar);
    rows.push({ config, rounds, ours, peer, trainRatio: peer ? median(trainRatios) : undefined, inferRatio: peer ? median(inferRatios) : undefined, trainRatios, inferRatios });
  }
  return rows;
}

function print(rows) {
  const f = (x, d = 0) => (x === undefined ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
  console.log(`training: batch 32, window 64, Adam, clip 5, ${a.threads} thread(s); ${rows[0]?.ours.kernels} on Node ${rows[0]?.ours.node}${hasTorch ? '' : '  (no PyTorch here: peer columns empty)'}`);
  console.log(`medians of ${rounds} round(s), engine and peer alternating; the ratio columns are the medians of the rounds' ratios`);
  console.log('config        chars/s   PyTorch  ratio  GFLOP/s  infer ms/char  PyTorch  ratio  weights read  int8 ms/char  int8 read  peak RSS');
  for (const r of rows) {
    console.log(`${r.config.padEnd(12)} ${f(r.ours.charsPerSec).padStart(8)} ${f(r.peer?.charsPerSec).padStart(9)} ${f(r.trainRatio, 2).padStart(6)}x ${f(r.ours.gflops, 1).padStart(7)} ${f(r.ours.inferenceMsPerChar, 4).padStart(14)} ${f(r.peer?.inferenceMsPerChar, 4).padStart(8)} ${f(r.inferRatio, 2).padStart(5)}x ${f(r.ours.weightReadMsPerChar, 4).padStart(13)} ${f(r.ours.int8InferenceMsPerChar, 4).padStart(13)} ${f(r.ours.int8WeightReadMsPerChar, 4).padStart(10)} ${f(r.ours.maxRssMB).padStart(6)} MB`);
  }
  for (const r of rows.filter((row) => TARGETS[row.config])) {
    const g = TARGETS[r.config];
    console.log(`target ${r.config}: training ratio >= ${g.trainRatio}${g.inferenceMsPerChar ? `, inference <= ${g.inferenceMsPerChar} ms/char` : ''}`);
    if (g.int8InferenceMsPerChar && r.ours.int8InferenceMsPerChar !== undefined) {
      console.log(`target ${r.config}: int8 inference <= ${g.int8InferenceMsPerChar} ms/char: int8 ${f(r.ours.int8InferenceMsPerChar, 4)} (${r.ours.int8Kernels}), float32 ${f(r.ours.inferenceMsPerChar, 4)}`);
    }
  }
  if (hasTorch) for (const r of rows) console.log(`${r.config}: training ratio per round ${r.trainRatios.map((x) => x.toFixed(2)).join(' ')}; inference ${r.inferRatios.map((x) => x.toFixed(2)).join(' ')}`);
}

const runtimes = [process.execPath, ...(existsSync(hostNode) ? [hostNode] : [])];
/** what each runtime measured; the first is the command line's Node, the second the extension host's */
const measured = runtimes.map((node, n) => ({ role: n === 0 ? 'command line' : 'extension host' }));
for (const [n, node] of runtimes.entries()) {
  const rows = table(node);
  Object.assign(measured[n], { node: rows[0]?.ours.node, kernels: rows[0]?.ours.kernels, training: rows });
  if (a.json) for (const r of rows) console.log(JSON.stringify(r));
  else {
    if (n > 0) console.log('\n== the same on the Node that runs the extension host in the tests (.vscode-test/node24)');
    print(rows);
  }
}
if (a.json) { if (sgemm) console.log(JSON.stringify(sgemm)); }
else {
  if (sgemm) console.log(`machine: OpenBLAS sgemm ${sgemm.M}x${sgemm.K}x${sgemm.N} = ${sgemm.gflops} GFLOP/s on ${a.threads} thread(s) (the practical peak the GFLOP/s column compares to)`);
  console.log('ratio > 1 means char-rnn is faster (inference ratio: PyTorch ms / char-rnn ms).');
  console.log('weights read: ms to read the weight matrices one inference step multiplies with the fastest wasm loop (the floor of a batch-1 step; bench/prime-floor.mjs shows the loop, not memory, limits it).');
}

// completion latency and the cold prime's read floor on both runtimes; the event-loop
// benchmark runs in code-server itself. Each: [script, runtime, where its --out file's fields go]
let eventLoop;
const extras = [
  ...runtimes.flatMap((node, n) => [['completion.mjs', node, (r) => Object.assign(measured[n], { completion: r.rows, completionModel: r.model, completionTargets: r.targets })],
    ['prime-floor.mjs', node, (r) => Object.assign(measured[n], { primeFloor: r.rows })]]),
  ['eventloop.mjs', process.execPath, (r) => { eventLoop = r; }],
];
const scratch = mkdtempSync(join(tmpdir(), 'char-rnn-bench-'));
try {
  for (const [i, [extra, node, keep]] of extras.entries()) {
    const p = join(root, 'bench', extra), out = join(scratch, `${i}.json`);
    console.log(`\n== bench/${extra}${node === process.execPath ? '' : ' on the extension host\'s Node (.vscode-test/node24)'}`);
    try {
      execFileSync(node, [p, ...(a.json ? ['--json'] : []), '--out', out], { stdio: 'inherit' });
      keep(JSON.parse(readFileSync(out, 'utf8')));
    } catch (e) {
      // what the others measured is kept; this one is missing from the results
      console.error(`bench/${extra} failed (${e.message.split('\n')[0]}): left out of the results`);
      process.exitCode = 1;
    }
  }
} finally { rmSync(scratch, { recursive: true, force: true }); }

saveRun('bench', { ...header, rounds, threads: Number(a.threads), torch: torchVersion, sgemm, targets: TARGETS, eventLoopTargets: EVENT_LOOP, runtimes: measured, eventLoop });
