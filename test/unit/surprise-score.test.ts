// Surprise: the per-character bits of a text under a model and its memory, the spans they make,
// and a typo put into a file of the repository standing out among them.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateTexts } from '../../src/core/evaluate';
import { hiddenStates } from '../../src/core/inspect/hidden';
import { tsBackend } from '../../src/core/kernels/ts';
import { restoreMixture, runToEnd } from '../../src/core/mix/memory';
import { LineIndex, surpriseSpans } from '../../src/core/surprise/spans';
import { Scorer, bitsPerChar } from '../../src/core/surprise/score';
import { Trainer } from '../../src/core/train';
import { Vocab } from '../../src/core/vocab';
import { tensor, weightsOf, type ModelWeights } from '../../src/core/weights';
import type { StoredMix } from '../../src/core/checkpoint';

const WS = join(__dirname, '..', 'fixtures', 'workspace', 'src');
const FILES = readdirSync(WS).sort().map((f) => ({ path: f, text: readFileSync(join(WS, f), 'utf8') }));
const file = (name: string) => FILES.find((f) => f.path === name)!.text;

/** A small LSTM trained on the fixture workspace's sources, and its memory of them. */
function fixtureModel(steps: number): { weights: ModelWeights; memory: StoredMix } {
  const tr = new Trainer(FILES, { model: { cell: 'lstm', layers: 1, hidden: 48 }, train: { steps, minutes: 0, batch: 8, seq: 32, lr: 1e-2, valFrac: 0, evalEvery: 1e9, seed: 3, memoryMb: 8 } });
  while (!tr.done()) tr.trainStep();
  const memory = runToEnd(tr.buildMixture());
  const weights = weightsOf(tr.net, tr.vocab);
  tr.dispose();
  return { weights, memory };
}

describe('surprise: scoring a text', () => {
  let model: { weights: ModelWeights; memory: StoredMix };
  let scorer: Scorer, netOnly: Scorer;
  before(function () {
    this.timeout(120_000);
    model = fixtureModel(150);
    scorer = new Scorer(model.weights, runToEnd(restoreMixture(model.memory, Vocab.fromJSON(model.weights.vocab))));
    netOnly = new Scorer(model.weights, undefined, tsBackend);
  });
  after(() => { scorer.dispose(); netOnly.dispose(); });

  it('gives one value per UTF-16 unit, the first character\'s from the zero state', () => {
    const text = 'const v = 1; // 🙂 ok\n';
    const s = runToEnd(netOnly.score(text));
    assert.equal(s.bits.length, text.length);
    assert.equal(s.chars, Vocab.count(text));
    // the network's zero state: h = 0, so p = softmax(head.bias)
    const b = Array.from(tensor(model.weights, 'head.bias')), max = Math.max(...b);
    const z = b.reduce((n, x) => n + Math.exp(x - max), 0), c0 = netOnly.vocab.index('c');
    assert.ok(Math.abs(s.bits[0] - -Math.log2(Math.exp(b[c0] - max) / z)) < 1e-4, `${s.bits[0]}`);
    // the emoji, two units, one character: its bits on the first unit, 0 on the second
    const e = text.indexOf('🙂');
    assert.ok(s.bits[e] > 0);
    assert.equal(s.bits[e + 1], 0);
    assert.ok(Math.abs(s.totalBits - s.bits.reduce((a, x) => a + x, 0)) < 1e-3);
  });

  it('the network alone gives eval\'s figure for characters 2..n', () => {
    const text = file('stack.js'), s = runToEnd(netOnly.score(text));
    const ev = evaluateTexts(model.weights, [text], tsBackend);
    assert.ok(Math.abs((s.totalBits - s.bits[0]) - ev.nats / Math.LN2) < 1e-3 * ev.nats, `${s.totalBits - s.bits[0]} vs ${ev.nats / Math.LN2}`);
  });

  it('learns as it reads but leaves the memory as it was: the same text scores the same twice, and a prefix as the whole begins', () => {
    const text = file('vector.ts'), a = runToEnd(scorer.score(text)), b = runToEnd(scorer.score(text));
    assert.deepEqual(Array.from(b.bits), Array.from(a.bits));
    const prefix = runToEnd(scorer.score(text.slice(0, 200)));
    assert.deepEqual(Array.from(prefix.bits), Array.from(a.bits.subarray(0, 200)));
    // a name the model never saw costs less the second time it is written
    const novel = 'const zorbleQuank = 1;\nreturn zorbleQuank;\n', s = runToEnd(scorer.score(novel));
    const sum = (from: number) => s.bits.subarray(from + 1, from + 'zorbleQuank'.length).reduce((x, y) => x + y, 0);
    assert.ok(sum(novel.lastIndexOf('zorble')) < sum(novel.indexOf('zorble')) / 2, `${sum(novel.lastIndexOf('zorble'))} vs ${sum(novel.indexOf('zorble'))}`);
  });

  it('lists what it expected where a character is flagged: other characters, most likely first, with the mass left', () => {
    const text = file('queue.js').replace('this.items.push', 'this.itxms.push'), s = runToEnd(scorer.score(text, { flagAbove: 4 }));
    assert.ok(s.flagged.length > 0);
    for (const f of s.flagged) {
      assert.ok(s.bits[f.offset] >= 4 && f.bits === s.bits[f.offset]);
      const actual = text.slice(f.offset, f.offset + f.length);
      assert.ok(f.expected.length === 3 && f.expected.every((e) => e.char !== actual));
      assert.ok(f.expected.every((e, i) => i === 0 || e.p <= f.expected[i - 1].p));
      assert.ok(2 ** -f.bits + f.expected.reduce((n, e) => n + e.p, 0) <= 1 + 1e-6);
    }
    // no flags unless asked, and the bits are the same either way
    const plain = runToEnd(scorer.score(text));
    assert.equal(plain.flagged.length, 0);
    assert.deepEqual(Array.from(plain.bits), Array.from(s.bits));
  });

  it('a typo put into a file of the repository is among its most surprising characters', () => {
    const original = file('queue.js'), at = original.indexOf('this.items.push') + 'this.it'.length;
    const text = original.slice(0, at) + 'me' + original.slice(at + 2);
    const s = runToEnd(scorer.score(text));
    const ranked = Array.from(s.bits.keys()).sort((a, b) => s.bits[b] - s.bits[a]);
    // the top 1% of the file's characters (at least 3)
    const top = ranked.slice(0, Math.max(3, Math.ceil(text.length / 100)));
    assert.ok(top.some((i) => Math.abs(i - at) <= 2), `typo at ${at}; top ${top.map((i) => `${i}:${s.bits[i].toFixed(1)}`).join(' ')}`);
    assert.ok(bitsPerChar(s) > 0);
  });

  it('features are the mean and the last of the top layer\'s hidden states', () => {
    const text = file('strings.ts').slice(0, 150), f = runToEnd(netOnly.features(text));
    const { h, H } = hiddenStates(model.weights, text), n = Vocab.count(text);
    for (let j = 0; j < H; j++) {
      let mean = 0;
      for (let t = 0; t < n; t++) mean += h[t * H + j] / n;
      assert.ok(Math.abs(f[j] - mean) < 1e-5, `mean ${j}`);
      assert.ok(Math.abs(f[H + j] - h[(n - 1) * H + j]) < 1e-5, `last ${j}`);
    }
  });
});

describe('surprise: spans and places', () => {
  it('joins characters over the threshold across gaps of at most two, the most surprising span first', () => {
    const bits = Float32Array.from([0, 5, 0, 0, 6, 0, 0, 0, 9, 1, 0, 7, 7]);
    const spans = surpriseSpans(bits, 5);
    assert.deepEqual(spans.map((s) => [s.start, s.end, s.peak]), [[8, 13, 8], [1, 5, 4]]);
    assert.equal(spans[0].peakBits, 9);
    assert.ok(Math.abs(spans[0].meanBits - 23 / 3) < 1e-6);
    assert.deepEqual(surpriseSpans(bits, 10), []);
  });

  it('counts lines and columns from 1, columns in UTF-16 units', () => {
    const idx = new LineIndex('ab\ncd\n\n🙂x');
    assert.deepEqual(idx.at(0), { line: 1, column: 1 });
    assert.deepEqual(idx.at(4), { line: 2, column: 2 });
    assert.deepEqual(idx.at(6), { line: 3, column: 1 });
    assert.deepEqual(idx.at(9), { line: 4, column: 3 });
  });
});
