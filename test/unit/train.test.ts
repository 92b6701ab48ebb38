// Training behaviour: it learns, a resumed run continues exactly, budgets and splits hold.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/core/checkpoint';
import { getBackend } from '../../src/core/kernels';
import { Rng } from '../../src/core/rng';
import { generate } from '../../src/core/sample';
import type { CorpusFile } from '../../src/core/corpus';
import { splitFiles, Trainer } from '../../src/core/train';
import { netFromWeights } from '../../src/core/weights';
import { readCorpus } from '../../src/core/corpus';
import { backendNames } from './helpers';

const abc: CorpusFile[] = [{ path: 'abc.txt', text: 'abc'.repeat(300) }];

for (const name of backendNames()) {
  const backend = getBackend(name);
  describe(`training [${name}]`, () => {
    it('learns "abcabc...": loss below 0.05 nats per character, and greedy sampling continues the pattern', () => {
      const tr = new Trainer(abc, { backend, model: { cell: 'lstm', layers: 1, hidden: 16 }, train: { batch: 4, seq: 16, lr: 0.02, steps: 300, minutes: 0, valFrac: 0 } });
      let last = Infinity;
      while (!tr.done()) last = tr.trainStep().loss;
      assert.ok(last < 0.05, `final loss ${last}`);
      const { net, vocab } = netFromWeights(tr.toCheckpoint(), 1, 8, backend);
      assert.equal(generate(net, vocab, 'ab', 12, { temperature: 0, topK: 0, topP: 1 }, new Rng(1)), 'cabcabcabcab');
    });

    for (const cell of ['rnn', 'gru'] as const) {
      it(`a ${cell} learns the pattern too`, () => {
        const tr = new Trainer(abc, { backend, model: { cell, layers: 2, hidden: 16 }, train: { batch: 4, seq: 16, lr: 0.02, steps: 300, minutes: 0, valFrac: 0 } });
        let last = Infinity;
        while (!tr.done()) last = tr.trainStep().loss;
        assert.ok(last < 0.05, `final loss ${last}`);
      });
    }

    it('a run stopped and resumed from its checkpoint ends with exactly the same weights', () => {
      const text = 'function add(a, b) { return a + b; }\n'.repeat(20) + 'const x = add(1, 2);\n'.repeat(10);
      const files = [{ path: 'a.js', text }, { path: 'b.js', text: text.split('').reverse().join('') }];
      const opts = { backend, model: { cell: 'lstm' as const, layers: 2, hidden: 12, dropout: 0.1 }, train: { batch: 3, seq: 10, steps: 12, minutes: 0, valFrac: 0, optimizer: 'adam' as const } };
      const straight = new Trainer(files, opts);
      while (!straight.done()) straight.trainStep();
      const first = new Trainer(files, { ...opts, train: { ...opts.train, steps: 5 } });
      while (!first.done()) first.trainStep();
      // through the file format, as a real resume would
      const ck = decodeCheckpoint(encodeCheckpoint(first.toCheckpoint()));
      const resumed = new Trainer(files, { ...opts, resume: ck });
      assert.equal(resumed.step, 5);
      while (!resumed.done()) resumed.trainStep();
      assert.equal(resumed.step, 12);
      assert.deepEqual(Array.from(resumed.net.params), Array.from(straight.net.params));
    });

    it('every clipped step has a gradient norm above the threshold, and clipping scales it down', () => {
      const tr = new Trainer(abc, { backend, model: { cell: 'rnn', layers: 1, hidden: 16 }, train: { batch: 2, seq: 20, clip: 0.05, steps: 3, minutes: 0, valFrac: 0 } });
      const m = tr.trainStep();
      assert.ok(m.gradNorm > 0.05 && m.clipped);
      let s = 0;
      for (const g of tr.net.grads) s += g * g;
      assert.ok(Math.abs(Math.sqrt(s) - 0.05) < 1e-3);
    });
  });
}

describe('training on this repository\'s sources', () => {
  it('validation bits per character fall steadily on held-out files', async function () {
    this.timeout(120_000);
    const corpus = await readCorpus([join(__dirname, '..', '..', 'src', 'core')]);
    const tr = new Trainer(corpus.files, { model: { cell: 'lstm', layers: 1, hidden: 48 }, train: { batch: 16, seq: 32, lr: 5e-3, steps: 120, minutes: 0, valFrac: 0.2, seed: 3 }, evalMaxChars: 3000 });
    assert.ok(tr.valFiles.length >= 1);
    const vals = [tr.evaluate()!.valBitsPerChar];
    while (!tr.done()) { tr.trainStep(); if (tr.step % 40 === 0) vals.push(tr.evaluate()!.valBitsPerChar); }
    for (let i = 1; i < vals.length; i++) assert.ok(vals[i] < vals[i - 1], `validation went up: ${vals.map((v) => v.toFixed(3)).join(' -> ')}`);
    assert.ok(vals[vals.length - 1] < vals[0] - 1, `too little progress: ${vals.join(' -> ')}`);
  });
});

describe('splitFiles', () => {
  const files = Array.from({ length: 10 }, (_, i) => ({ path: `f${i}`, text: 'x' }));
  it('holds out whole files, the same ones for the same seed, never all of them', () => {
    const a = splitFiles(files, 0.2, 7), b = splitFiles(files, 0.2, 7);
    assert.equal(a.val.length, 2);
    assert.deepEqual(a.val.map((f) => f.path), b.val.map((f) => f.path));
    assert.equal(a.train.length + a.val.length, 10);
    assert.equal(splitFiles(files.slice(0, 1), 0.5, 1).val.length, 0);
    assert.equal(splitFiles(files.slice(0, 2), 0.9, 1).train.length, 1);
  });
});

describe('Trainer input checks', () => {
  it('refuses an empty corpus and invalid settings with clear messages', () => {
    assert.throws(() => new Trainer([]), /corpus is empty/);
    assert.throws(() => new Trainer(abc, { train: { batch: 0 } }), /batch must be at least 1/);
    assert.throws(() => new Trainer(abc, { model: { cell: 'transformer' as never } }), /cell must be one of/);
  });
  it('shrinks batch and window to fit a tiny corpus, and says so', () => {
    const tr = new Trainer([{ path: 'x', text: 'hello' }], { model: { hidden: 8, layers: 1 }, train: { batch: 32, seq: 64, valFrac: 0 } });
    assert.equal(tr.T, 4);
    assert.equal(tr.B, 1);
    assert.equal(tr.notes.length, 2);
    assert.ok(Number.isFinite(tr.trainStep().loss));
  });
});
