// The benchmark scripts that have no other test run end to end on a small problem here, so
// `npm run bench` does not break unnoticed; what they measure is read from their output, never
// asserted as a time.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const bench = join(__dirname, '..', '..', 'bench');

describe('bench scripts', () => {
  it('prime-floor reads the recurrent matrices on one thread and on two, and as many bytes from L2', () => {
    const out = execFileSync(process.execPath, [join(bench, 'prime-floor.mjs'), '--steps', '20', '--rounds', '1', '--json'], { encoding: 'utf8' });
    const rows = out.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((r) => [r.threads, r.from]), [[1, 'matrices'], [2, 'matrices'], [1, 'L2']]);
    for (const r of rows) {
      assert.equal(r.steps, 20);
      assert.equal(r.bytesPerStep, 2 * 4 * 1024 * 256);
      assert.ok(r.medianMs > 0 && r.gbPerSec > 0, JSON.stringify(r));
    }
  });
});
