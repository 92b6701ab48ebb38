// Show Surprise's parts that need no VS Code: heat levels and runs, flags moved along by edits,
// the hover's words, and the surprise worker driven through its client in plain Node (scores that
// match the scorer's, a newer request replacing the running one, a ranking of models).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeCheckpoint } from '../../src/core/checkpoint';
import { restoreMixture, runToEnd } from '../../src/core/mix/memory';
import { Scorer, type Flagged } from '../../src/core/surprise/score';
import { Trainer } from '../../src/core/train';
import { Vocab } from '../../src/core/vocab';
import { weightsOf } from '../../src/core/weights';
import { rankModels, SurpriseWorker } from '../../src/extension/surprise/client';
import { flagAt, heatRanges, hoverMarkdown, levelOf, LEVEL_BITS, shiftFlags, showChar } from '../../src/extension/surprise/view';
import { CancelledError } from '../../src/extension/training/workerClient';
import { tsWorkerScript } from './helpers';

const flag = (offset: number, bits: number, length = 1): Flagged => ({ offset, length, bits, expected: [] });

describe('surprise view: what is drawn', () => {
  it('puts characters on a heat level every LEVEL_BITS bits above the threshold', () => {
    assert.equal(levelOf(5.9, 6), 0);
    assert.equal(levelOf(6, 6), 1);
    assert.equal(levelOf(6 + LEVEL_BITS, 6), 2);
    assert.equal(levelOf(100, 6), 3);
    assert.equal(levelOf(NaN, 6), 0);
  });

  it('joins adjacent flagged characters of one level into one range, per level', () => {
    const flags = [flag(3, 7), flag(4, 7.5), flag(5, 12), flag(7, 7), flag(9, 20, 2), flag(11, 21)];
    assert.deepEqual(heatRanges(flags, 6), [[[3, 5], [7, 8]], [[5, 6]], [[9, 12]]]);
    assert.deepEqual(heatRanges(flags, 30), [[], [], []]);
  });

  it('moves flags after an edit along, and drops the flags of replaced characters', () => {
    const flags = [flag(2, 9), flag(5, 9), flag(8, 9, 2), flag(12, 9)];
    // typing 3 characters at 5: the flag at 5 moves with its character
    assert.deepEqual(shiftFlags(flags, [{ offset: 5, removed: 0, inserted: 3 }]).map((f) => f.offset), [2, 8, 11, 15]);
    // replacing [4, 9) by one character: the flags at 5 and 8 (a two-unit character) go
    assert.deepEqual(shiftFlags(flags, [{ offset: 4, removed: 5, inserted: 1 }]).map((f) => f.offset), [2, 8]);
    // deleting the character before a flag
    assert.deepEqual(shiftFlags(flags, [{ offset: 1, removed: 1, inserted: 0 }]).map((f) => f.offset), [1, 4, 7, 11]);
    // two changes of one event (several cursors), both in the offsets before it
    assert.deepEqual(shiftFlags(flags, [{ offset: 0, removed: 0, inserted: 2 }, { offset: 10, removed: 0, inserted: 1 }]).map((f) => f.offset), [4, 7, 10, 15]);
  });

  it('finds the flag under an offset, a two-unit character on either unit', () => {
    const flags = [flag(2, 9), flag(5, 9, 2), flag(9, 9)];
    assert.equal(flagAt(flags, 2)?.offset, 2);
    assert.equal(flagAt(flags, 6)?.offset, 5);
    assert.equal(flagAt(flags, 7), undefined);
    assert.equal(flagAt([], 0), undefined);
  });

  it('says in the hover what the model gave the character and what it expected', () => {
    const f: Flagged = { offset: 0, length: 1, bits: 10, expected: [{ char: 'e', p: 0.9 }, { char: ' ', p: 0.05 }, { char: '`', p: 0.00001 }] };
    assert.equal(hoverMarkdown(f, 'm'), '**Char-RNN: 10.0 bits of surprise.** The model gave `m` 0.1%; it expected `e` 90.0%, a space 5.0%, `` ` `` 0.001%.');
    assert.equal(showChar('\n'), 'a line break');
  });
});

describe('surprise worker', function () {
  this.timeout(120_000);
  const root = join(__dirname, '..', '..'), fixture = join(root, 'test', 'fixtures', 'workspace', 'src');
  const files = readdirSync(fixture).sort().map((f) => ({ path: f, text: readFileSync(join(fixture, f), 'utf8') }));
  let dir: string, script: string;
  const model = (seed: number, only?: string) => {
    const tr = new Trainer(only ? files.filter((f) => f.path === only) : files, { model: { cell: 'lstm', layers: 1, hidden: 32 }, train: { steps: 60, minutes: 0, batch: 4, seq: 32, lr: 1e-2, valFrac: 0, evalEvery: 1e9, seed, memoryMb: 8 } });
    while (!tr.done()) tr.trainStep();
    const mix = runToEnd(tr.buildMixture()), weights = weightsOf(tr.net, tr.vocab);
    tr.dispose();
    return { weights, mix };
  };
  let a: ReturnType<typeof model>;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'char-rnn-surprise-'));
    script = tsWorkerScript(dir, 'extension/surprise/worker.ts');
    a = model(3);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('scores as the scorer does, with the memory; a newer request replaces the running one; stop ends it', async () => {
    const worker = new SurpriseWorker(script);
    try {
      worker.use(a.weights, a.mix, 8);
      const text = files[0].text.repeat(4);
      const first = worker.score(text, 5), second = worker.score(files[1].text, 5);
      assert.equal(await first, undefined, 'the first request was replaced');
      const got = await second;
      const scorer = new Scorer(a.weights, runToEnd(restoreMixture(a.mix, Vocab.fromJSON(a.weights.vocab))));
      const want = runToEnd(scorer.score(files[1].text, { flagAbove: 5 }));
      scorer.dispose();
      assert.deepEqual(Array.from(got!.bits), Array.from(want.bits));
      assert.deepEqual(got!.flagged, want.flagged);
      // a cancelled request resolves undefined; the worker goes on serving
      const cancelled = worker.score(text, 5, (cancel) => cancel());
      assert.equal(await cancelled, undefined);
      assert.ok(await worker.score('x', 5));
      assert.ok(worker.running);
    } finally {
      await worker.stop();
    }
    assert.equal(worker.running, false);
  });

  it('ranks models by bits per character, says why a model cannot score, and can be cancelled', async () => {
    const b = model(5, 'strings.ts'), text = files.find((f) => f.path === 'queue.js')!.text;
    const rows = await rankModels(script, text, [
      { label: 'strings', bytes: encodeCheckpoint({ ...b.weights, mix: b.mix }) },
      { label: 'broken', bytes: new Uint8Array([1, 2, 3]) },
      { label: 'all', weights: a.weights, mix: a.mix },
    ], 8);
    assert.deepEqual(rows.map((r) => r.label), ['all', 'strings', 'broken']);
    assert.ok(rows[0].bitsPerChar! < rows[1].bitsPerChar!);
    assert.match(rows[2].error!, /broken/);
    await assert.rejects(rankModels(script, text.repeat(50), [{ label: 'all', weights: a.weights, mix: a.mix }], 8, undefined, (cancel) => setTimeout(cancel, 100)), CancelledError);
  });
});
