// The benchmark scripts that have no other test run end to end on a small problem here, so
// `npm run bench` does not break unnoticed; what they measure is read from their output, never
// asserted as a time.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const bench = join(__dirname, '..', '..', 'bench');

describe('bench scripts', () => {
  it('prime-floor reads the recurrent matrices on one thread and on two, as many bytes from L2, and their int8 copies', () => {
    const out = execFileSync(process.execPath, [join(bench, 'prime-floor.mjs'), '--steps', '20', '--rounds', '1', '--json'], { encoding: 'utf8' });
    const rows = out.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((r) => [r.threads, r.from]), [[1, 'matrices'], [2, 'matrices'], [1, 'L2'], [1, 'int8 matrices'], [2, 'int8 matrices']]);
    for (const r of rows) {
      assert.equal(r.steps, 20);
      // float32, or a byte per weight with a float32 scale and an int32 sum per row
      assert.equal(r.bytesPerStep, r.from.startsWith('int8') ? 2 * (1024 * 256 + 8 * 1024) : 2 * 4 * 1024 * 256);
      assert.ok(r.medianMs > 0 && r.gbPerSec > 0, JSON.stringify(r));
    }
  });

  it('quality refuses a corpus it does not know, naming the ones it does, before fetching or training anything', () => {
    const r = spawnSync(process.execPath, [join(bench, 'quality.mjs'), '--corpora', 'mobx,nope', '--cache', join(bench, '..', 'no-such-cache')], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'bench:quality: no corpus named nope (the corpora are mobx, svelte, eslint)\n');
    assert.equal(existsSync(join(bench, '..', 'no-such-cache')), false);
  });

  it('secrets screens a source tree and the hostile inputs, and prints each rate beside its target', function () {
    this.timeout(60_000);
    const src = join(bench, '..', 'src');
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(bench, 'secrets.ts'), src], { encoding: 'utf8' });
    assert.match(out, /src: \d+ files, [\d.]+ M chars: [\d.]+ M chars\/s \(target 10\.0 M chars\/s\), 0 findings\n/);
    assert.equal(out.match(/^hostile 1 MB of /gm)?.length, 6);
    assert.match(out, /slowest hostile input: [\d.]+ M chars\/s \(target 1\.0 M chars\/s\)\n$/);
  });

  it('kernels-ab compiles the kernels of a commit and compares every case with this tree\'s, output and time', function () {
    this.timeout(120_000);
    const out = execFileSync(process.execPath, [join(bench, 'kernels-ab.mjs'), '--base', 'HEAD', '--rounds', '1', '--json'], { encoding: 'utf8' });
    const rows = out.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(rows.length >= 5 && rows.some((r) => r.name.startsWith('batch-1 product')), out);
    // against HEAD, unless assembly/ has changes not committed, the outputs are the same bits
    const clean = spawnSync('git', ['diff', '--quiet', 'HEAD', '--', 'assembly/'], { cwd: join(bench, '..') }).status === 0;
    for (const r of rows) {
      assert.ok(r.baseUs > 0 && r.treeUs > 0 && Number.isFinite(r.ratio), JSON.stringify(r));
      if (clean) assert.equal(r.sameBits, true, r.name);
    }
  });
});
