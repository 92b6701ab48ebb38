// The extension host's event-loop delay while a model trains in the worker thread: runs the
// integration benchmark (test/integration/training-eventloop.test.ts) in a real VS Code
// (code-server, see scripts/test-integration.mjs) and prints its percentiles.
//
//   node bench/eventloop.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'test-results', 'eventloop.json');
rmSync(out, { force: true });
const r = spawnSync(process.execPath, [join(root, 'scripts', 'test-integration.mjs'), '--grep', 'event-loop benchmark'], { stdio: 'inherit' });
if (!existsSync(out)) {
  console.error('the benchmark wrote no result');
  process.exit(r.status || 1);
}
const { measuredMs, vscode, results } = JSON.parse(readFileSync(out, 'utf8'));
console.log(`\nextension host event-loop delay (VS Code ${vscode}, ${measuredMs / 1000} s per scenario; delay beyond a 10 ms timer, in ms)`);
console.log('scenario'.padEnd(72), 'p50'.padStart(7), 'p90'.padStart(7), 'p99'.padStart(7), 'max'.padStart(7), 'steps'.padStart(7));
for (const [name, d] of Object.entries(results)) {
  console.log(name.padEnd(72), ...[d.p50, d.p90, d.p99, d.max].map((v) => v.toFixed(2).padStart(7)), String(d.stepsDuringMeasurement).padStart(7));
}
process.exit(r.status ?? 0);
