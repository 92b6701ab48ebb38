// The extension host's event-loop delay while a model trains in the worker thread, and while
// inline completions run meanwhile (made in the completion worker, asked for by the host): runs the integration benchmark
// (test/integration/training-eventloop.test.ts) in a real VS Code (code-server, see
// scripts/test-integration.mjs) and prints its percentiles beside the target (bench/targets.mjs:
// p99 at most 10 ms while training and completing).
//
//   node bench/eventloop.mjs [--out FILE (the results as JSON)]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EVENT_LOOP } from './targets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: a } = parseArgs({ options: { out: { type: 'string' }, json: { type: 'boolean' } } });
const out = join(root, 'test-results', 'eventloop.json');
rmSync(out, { force: true });
const r = spawnSync(process.execPath, [join(root, 'scripts', 'test-integration.mjs'), '--grep', 'event-loop benchmark'], { stdio: 'inherit' });
if (!existsSync(out)) {
  console.error('the benchmark wrote no result');
  process.exit(r.status || 1);
}
if (a.out) copyFileSync(out, a.out);
const { measuredMs, vscode, results } = JSON.parse(readFileSync(out, 'utf8'));
console.log(`\nextension host event-loop delay (VS Code ${vscode}, ${measuredMs / 1000} s per scenario; delay beyond a 10 ms timer, in ms),`);
console.log('and the time the host spent handling training messages (listeners included) meanwhile');
console.log('and how long tasks of the machine waited for a core (cpu stall) and for memory (memory stall) meanwhile, in ms');
console.log('scenario'.padEnd(70), ...['p50', 'p90', 'p99', 'max', 'steps', 'msgs', 'busy ms', 'cpu st.', 'mem st.'].map((h) => h.padStart(8)));
for (const [name, d] of Object.entries(results)) {
  const h = d.handling, st = d.stalls;
  console.log(name.padEnd(70), ...[d.p50, d.p90, d.p99, d.max].map((v) => v.toFixed(2).padStart(8)),
    ...[d.stepsDuringMeasurement, h.messages].map((v) => String(v).padStart(8)), h.busyMs.toFixed(1).padStart(8),
    ...[st?.cpuMs, st?.memoryMs].map((v) => (v === undefined ? '-' : v.toFixed(0)).padStart(8)));
}
const worst = Object.values(results).at(-1).handling.maxMs;
console.log(`longest handling of one message, by type, in ms: ${Object.entries(worst).map(([t, v]) => `${t} ${v.toFixed(1)}`).join(', ')}`);
for (const [name, d] of Object.entries(results)) {
  const c = d.completing;
  if (!c) continue;
  console.log(`${name}: ${c.requests} completion requests (${c.suggestions} with a suggestion, ${c.cold} cold documents), ${c.precision} weights, longest slice of work in the completion worker ${c.longestSliceMs.toFixed(1)} ms`);
  console.log(`target: p99 at most ${EVENT_LOOP.p99AtMostMs} ms while training and completing: ${d.p99.toFixed(2)} ms`);
}
process.exit(r.status ?? 0);
