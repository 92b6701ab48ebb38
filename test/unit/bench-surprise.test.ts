// bench/surprise.mjs end to end on two tiny corpora, so `npm run bench:surprise` does not break
// unnoticed; its figures are read from its output, never asserted as targets.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/core/rng';
import { tempDir } from './helpers';

const root = join(__dirname, '..', '..');

describe('bench/surprise.mjs', () => {
  const dir = tempDir();

  it('trains a model per corpus, classifies chunks by both classifiers and measures typo recall', function () {
    this.timeout(300_000);
    const rng = new Rng(1), line = (style: string) => {
      const a = ['total', 'count', 'items'][rng.int(3)];
      return style === 'a' ? `export const ${a} = list.map((x) => x + ${rng.int(9)});\n` : `def ${a}_of(x):\n    return x * ${rng.int(9)}\n`;
    };
    for (const style of ['a', 'b']) {
      for (const part of ['train', 'test']) {
        mkdirSync(join(dir(), 'data', style, part), { recursive: true });
        for (let f = 0; f < 3; f++) writeFileSync(join(dir(), 'data', style, part, `f${f}.js`), Array.from({ length: 40 }, () => line(style)).join(''));
      }
    }
    const out = join(dir(), 'result.json');
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'surprise.mjs'), '--corpora', 'a,b', '--data', join(dir(), 'data'), '--cache', join(dir(), 'cache'),
      '--steps', '3', '--threads', '1', '--chunks', '300', '--edits', '6', '--fit-max', '10', '--json', '--out', out], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const r = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(r.command, 'npm run bench:surprise');
    assert.equal(r.steps, 3);
    assert.deepEqual(Object.keys(r.models), ['a', 'b']);
    assert.equal(r.models.a.steps, 3);
    const [c] = r.classification;
    assert.equal(c.chunk, 300);
    assert.ok(c.chunks > 0 && c.likelihood >= 0 && c.likelihood <= 1 && c.hidden >= 0 && c.hidden <= 1, JSON.stringify(c));
    assert.match(c.hiddenFit, /fitted on 20 units of the --fit folders/);
    assert.deepEqual(r.typos.map((t: { corpus: string }) => t.corpus), ['a', 'b']);
    for (const t of r.typos) {
      assert.equal(t.edits, 6);
      assert.equal(Object.values(t.byKind as Record<string, { edits: number }>).reduce((n, k) => n + k.edits, 0), 6);
      assert.ok(t.recall >= 0 && t.recall <= 1 && t.flagged === Math.ceil(t.chars / 100), JSON.stringify(t));
    }
  });

  it('refuses a corpus it does not have and cannot fetch, before training anything', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'surprise.mjs'), '--corpora', 'svelte,nope', '--data', join(dir(), 'none'), '--cache', join(dir(), 'no-cache')],
      { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^bench:surprise: no corpus named nope in .*none \(the corpora it can fetch are mobx, svelte, eslint\)\n$/);
    assert.equal(existsSync(join(dir(), 'no-cache')), false);
  });
});
