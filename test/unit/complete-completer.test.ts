import assert from 'node:assert/strict';
import { Completer, type Suggestion, type SuggestSettings } from '../../src/core/complete/completer';
import { PRIME_TAIL } from '../../src/core/config';
import { commonPrefixLength, DocStates } from '../../src/core/complete/stateCache';
import { tsBackend } from '../../src/core/kernels/ts';
import { emptyMixture, mixSpecFor } from '../../src/core/mix/memory';
import { Net } from '../../src/core/net';
import { paramSpecs } from '../../src/core/params';
import { Vocab } from '../../src/core/vocab';
import { weightsOf, type ModelWeights } from '../../src/core/weights';

const SETTINGS: SuggestSettings = { temperature: 0, topP: 1, candidates: 4, maxChars: 20, multiline: false, maxLines: 4, primeChars: 2000, minConfidence: 0 };
const DOC = 'function add(a, b) {\n  return a + b;\n}\nconst x = add(1, 2);\n';

/** A small LSTM with random weights over the characters of DOC. */
function randomModel(seed = 7): ModelWeights {
  const vocab = Vocab.build([DOC], 64);
  const net = new Net({ cell: 'lstm', layers: 2, hidden: 16, vocabSize: vocab.size, batch: 1, seq: 1, backend: tsBackend });
  net.initParams(seed);
  // larger weights than PyTorch's init, so that an early character still shows in the final state
  for (let j = 0; j < net.nParams; j++) net.params[j] *= 6;
  return weightsOf(net, vocab);
}

/** A model whose output ignores its input: zero weights, head bias = log p. */
function fixedModel(chars: string[], probs: number[]): ModelWeights {
  const vocab = ['', ...chars];
  const specs = paramSpecs({ cell: 'lstm', layers: 1, hidden: 4, vocabSize: vocab.length }), last = specs[specs.length - 1];
  const params = new Float32Array(last.offset + last.size);
  params[last.offset] = -40;
  probs.forEach((p, i) => { params[last.offset + 1 + i] = Math.log(p); });
  return { cell: 'lstm', layers: 1, hidden: 4, vocab, params };
}

/** log p(ch) under fixedModel, from the float32 biases it actually holds */
function logp(chars: string[], probs: number[], ch: string): number {
  const b = [-40, ...probs.map((p) => Math.fround(Math.log(p)))];
  const lse = Math.log(b.reduce((s, x) => s + Math.exp(x), 0));
  return b[chars.indexOf(ch) + 1] - lse;
}

function ask(c: Completer, before: string, o: Partial<SuggestSettings> = {}, count = 1, after = ''): Suggestion[] {
  const r = c.complete({ doc: 'file:///a.ts', before, after, count, settings: { ...SETTINGS, ...o } });
  assert.ok(r, 'the request was not cancelled');
  return r;
}

const tipState = (c: Completer) => Array.from(c.cache.doc('file:///a.ts').tip!.state);
const maxDiff = (a: number[], b: number[]) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

describe('complete: state cache', () => {
  it('commonPrefixLength over long strings', () => {
    const a = 'x'.repeat(5000);
    assert.equal(commonPrefixLength(a, a + 'y'), 5000);
    for (const at of [0, 1, 1023, 1024, 1025, 3000, 4999]) {
      const b = a.slice(0, at) + 'z' + a.slice(at + 1);
      assert.equal(commonPrefixLength(a, b), at, `difference at ${at}`);
    }
  });

  it('drops the checkpoints after an edit, even one that keeps every length', () => {
    const d = new DocStates(8), s = new Float32Array(2);
    const text = 'ab\ncd\nef\n';
    d.sync(text);
    for (const o of [0, 3, 6, 9]) d.add(o, s);
    d.sync('ab\ncX\nef\n');
    assert.deepEqual(d.points.map((p) => p.offset), [0, 3]);
    assert.equal(d.nearest(9, 0)?.offset, 3);
    assert.equal(d.nearest(9, 4), undefined);
  });

  it('keeps the checkpoints after the cursor when the cursor only moves back', () => {
    const d = new DocStates(8), s = new Float32Array(2);
    d.sync('ab\ncd\nef\n');
    for (const o of [0, 3, 6, 9]) d.add(o, s);
    d.sync('ab\nc');
    assert.deepEqual(d.points.map((p) => p.offset), [0, 3, 6, 9]);
    assert.equal(d.nearest(4, 0)?.offset, 3);
    d.sync('ab\ncd\nef\ngh');
    assert.equal(d.nearest(11, 0)?.offset, 9);
  });

  it('when full, forgets the checkpoint farthest from the new one', () => {
    const d = new DocStates(3), s = new Float32Array(1);
    d.sync('x'.repeat(100));
    for (const o of [10, 20, 30, 90]) d.add(o, s);
    assert.deepEqual(d.points.map((p) => p.offset), [20, 30, 90]);
  });

  it('a cold prime runs the network over its last PRIME_TAIL characters; the mixture takes the rest', () => {
    const long = DOC.repeat(Math.ceil(3000 / DOC.length));
    const plain = new Completer(randomModel(), { backend: tsBackend });
    ask(plain, long);
    assert.equal(plain.fedChars, PRIME_TAIL + 1, 'the tail, then the character before the cursor');
    assert.equal(plain.absorbedChars, 0, 'no mixture: nothing absorbed');
    const mixed = new Completer(randomModel(), { backend: tsBackend });
    mixed.setMixture(emptyMixture(mixed.vocab, mixSpecFor(1)));
    ask(mixed, long);
    assert.equal(mixed.fedChars, PRIME_TAIL + 1);
    assert.equal(mixed.absorbedChars, SETTINGS.primeChars - PRIME_TAIL, 'the rest of the prime, to where the network starts');
    const counted = mixed.mixture!.saveState();
    ask(mixed, long + 'c');
    assert.equal(mixed.absorbedChars, 0, 'a warm request absorbs nothing');
    assert.notDeepEqual(Array.from(mixed.mixture!.saveState()), Array.from(counted), 'it learns what it reads');
  });

  it('a request reads only what was typed since the last one', () => {
    const c = new Completer(randomModel(), { backend: tsBackend });
    ask(c, DOC);
    assert.equal(c.fedChars, DOC.length + 1, 'cold: a newline before the document, then all of it');
    ask(c, DOC + 'c');
    assert.equal(c.fedChars, 1);
    ask(c, DOC + 'c');
    assert.equal(c.fedChars, 0, 'the same position again reads nothing');
    ask(c, DOC + 'co');
    assert.equal(c.fedChars, 1);
  });

  it('an edit anywhere before the cursor gives the state a fresh read of the text gives', () => {
    const warm = new Completer(randomModel(), { backend: tsBackend });
    ask(warm, DOC);
    const stale = tipState(warm);
    const edited = DOC.replace('return a + b', 'return a - b');
    ask(warm, edited);
    const lineStart = edited.indexOf('  return');
    assert.equal(warm.fedChars, edited.length - lineStart, 'read again from the start of the edited line');
    const fresh = new Completer(randomModel(), { backend: tsBackend });
    ask(fresh, edited);
    assert.ok(maxDiff(tipState(warm), tipState(fresh)) < 1e-5, 'warm and fresh states agree');
    assert.ok(maxDiff(stale, tipState(fresh)) > 1e-4, 'the edit did change the state');
    assert.deepEqual(ask(warm, edited + 'c'), ask(fresh, edited + 'c'));
  });

  it('warming reads up to the cursor, so the request there reads nothing more', () => {
    const c = new Completer(randomModel(), { backend: tsBackend });
    const g = c.warm('file:///a.ts', DOC, 2000);
    assert.equal(c.running, false, 'nothing runs before the generator is driven');
    let r = g.next();
    while (!r.done) r = g.next();
    assert.equal(r.value, true);
    assert.equal(c.fedChars, DOC.length + 1);
    const warmed = ask(c, DOC);
    assert.equal(c.fedChars, 0);
    assert.deepEqual(warmed, ask(new Completer(randomModel(), { backend: tsBackend }), DOC));
  });

  it('priming in small windows reaches the same state', () => {
    const big = new Completer(randomModel(), { backend: tsBackend });
    const small = new Completer(randomModel(), { backend: tsBackend, primeWindow: 3 });
    ask(big, DOC);
    ask(small, DOC);
    assert.equal(small.fedChars, big.fedChars);
    assert.ok(maxDiff(tipState(small), tipState(big)) < 1e-5);
  });

  it('a cold document reads at most primeChars characters', () => {
    const c = new Completer(randomModel(), { backend: tsBackend });
    const long = DOC.repeat(20);
    ask(c, long, { primeChars: 100 });
    assert.equal(c.fedChars, 101);
  });

  it('new weights make every saved state stale', () => {
    const c = new Completer(randomModel(), { backend: tsBackend });
    ask(c, DOC);
    c.setParams(randomModel(8).params);
    ask(c, DOC);
    assert.equal(c.fedChars, DOC.length + 1);
  });

  it('another precision reads the document again with the int8 nets, and keeps the mixture and what it learned', () => {
    const c = new Completer(randomModel(), { backend: tsBackend }), int8 = new Completer(randomModel(), { backend: tsBackend, precision: 'int8' });
    const tip = (x: Completer) => Array.from(x.cache.doc('file:///a.ts').tip!.probs);
    ask(c, DOC);
    const f32 = tip(c);
    const mix = emptyMixture(c.vocab, mixSpecFor(8));
    c.setMixture(mix);
    ask(c, DOC);
    const learned = c.cache.doc('file:///a.ts').learnedTo;
    assert.ok(learned > 0);
    c.setPrecision('int8');
    assert.equal(c.precision, 'int8');
    assert.equal(c.mixture, mix);
    assert.equal(c.cache.doc('file:///a.ts').learnedTo, learned);
    c.setMixture(undefined);
    ask(c, DOC);
    ask(int8, DOC);
    assert.equal(c.fedChars, DOC.length + 1);
    assert.deepEqual(tip(c), tip(int8));
    assert.ok(maxDiff(tip(c), f32) > 0, 'the int8 nets predict as the float32 ones, to the bit');
    c.setPrecision('f32');
    ask(c, DOC);
    assert.deepEqual(tip(c), f32);
  });
});

describe('complete: candidates', () => {
  const chars = ['\n', 'a', 'b', 'c'], probs = [0.1, 0.45, 0.25, 0.2];

  it('greedy gives one candidate; an explicit request branches on the first character', () => {
    const c = new Completer(fixedModel(chars, probs), { backend: tsBackend });
    assert.deepEqual(ask(c, 'x', { maxChars: 4 }).map((s) => s.text), ['aaaa']);
    const many = ask(c, 'x', { maxChars: 4, candidates: 3 }, 3);
    assert.deepEqual(many.map((s) => s.text), ['aaaa', 'baaa', 'caaa']);
    const lp = (ch: string) => logp(chars, probs, ch);
    assert.ok(Math.abs(many[1].score - (lp('b') + 3 * lp('a')) / 4) < 1e-6);
  });

  it('ranks sampled candidates by mean log-probability per character, the ending line break included', () => {
    const c = new Completer(fixedModel(chars, probs), { backend: tsBackend, seed: 3 });
    const out = ask(c, 'x', { temperature: 1, topP: 1, candidates: 12, maxChars: 6 }, 12);
    assert.ok(out.length >= 3, `expected several distinct candidates, got ${out.length}`);
    assert.equal(new Set(out.map((s) => s.text)).size, out.length, 'distinct');
    for (let i = 1; i < out.length; i++) assert.ok(out[i - 1].score >= out[i].score, 'best first');
    for (const s of out) {
      const lps = [...s.text].map((ch) => logp(chars, probs, ch));
      if (s.text.length < 6) lps.push(logp(chars, probs, '\n'));
      const want = lps.reduce((a, b) => a + b, 0) / lps.length;
      assert.ok(Math.abs(s.score - want) < 1e-6, `${JSON.stringify(s.text)}: score ${s.score}, expected ${want}`);
    }
    const best = ask(c, 'x', { temperature: 1, topP: 1, candidates: 12, maxChars: 6 }, 1);
    assert.equal(best.length, 1);
  });

  it('top-p keeps only the nucleus: at 0.4 only the most likely character is drawn', () => {
    const c = new Completer(fixedModel(chars, probs), { backend: tsBackend, seed: 5 });
    const out = ask(c, 'x', { temperature: 1, topP: 0.4, candidates: 8, maxChars: 5 }, 8);
    assert.deepEqual(out.map((s) => s.text), ['aaaaa']);
  });

  it('offers nothing mid-line before other text, and never repeats the closer right of the cursor', () => {
    const c = new Completer(fixedModel(['\n', ')', 'a'], [0.05, 0.3, 0.65]), { backend: tsBackend });
    assert.deepEqual(ask(c, 'f(', {}, 1, 'x)'), []);
    assert.deepEqual(ask(c, 'f(', { maxChars: 3 }, 1, ')').map((s) => s.text), ['aaa']);
    const closing = new Completer(fixedModel(['\n', ')', 'a'], [0.05, 0.65, 0.3]), { backend: tsBackend });
    assert.deepEqual(ask(closing, 'f(a', { maxChars: 3 }, 1, '').map((s) => s.text), [')))']);
    assert.deepEqual(ask(closing, 'f(a', { maxChars: 3 }, 1, ')'), [], 'a suggestion that only repeats the closer is dropped');
  });

  it('a cancelled request returns undefined and leaves the completer free', () => {
    const c = new Completer(randomModel(), { backend: tsBackend });
    let checks = 0;
    const r = c.complete({ doc: 'd', before: DOC, after: '', count: 1, settings: SETTINGS, isCancelled: () => ++checks > 3 });
    assert.equal(r, undefined);
    assert.equal(c.running, false);
    assert.ok(Array.isArray(ask(c, DOC)));
  });

  it('candidates that drew the same characters share a row, and each keeps its own state after they part', () => {
    // letters only, so no suggestion is trimmed: its text is exactly the characters drawn
    const text = 'abcabd\nbcda\nacbd\n', vocab = Vocab.build([text], 64);
    const net = new Net({ cell: 'lstm', layers: 2, hidden: 16, vocabSize: vocab.size, batch: 1, seq: 1, backend: tsBackend });
    net.initParams(11);
    for (let j = 0; j < net.nParams; j++) net.params[j] *= 6;
    const model = weightsOf(net, vocab);
    net.repack();
    // the reference: one stream fed '\n' + before, then the suggestion, ln p of each character
    const logps = (before: string, suggestion: string) => {
      net.resetState();
      let p: number[] = [];
      const feed = (ch: string) => {
        net.inputs[0] = vocab.index(ch);
        net.forward(1, false);
        net.predict(0, 1);
        net.carryState(1);
        p = Array.from(net.logits.subarray(0, vocab.size));
      };
      for (const ch of '\n' + before) feed(ch);
      const out: number[] = [];
      for (const ch of suggestion + '\n') {
        out.push(Math.log(p[vocab.index(ch)]));
        feed(ch);
      }
      return out;
    };
    const c = new Completer(model, { backend: tsBackend, seed: 2 });
    const before = 'abca', settings = { ...SETTINGS, candidates: 8, maxChars: 6 };
    c.complete({ doc: 'warm-up', before, after: '', count: 8, settings: { ...settings, temperature: 1 } });
    const gen = (c as unknown as { gen: Net }).gen, rows: number[] = [], forward = gen.forward.bind(gen);
    gen.forward = (T, train) => { rows.push(gen.rows); forward(T, train); };
    for (const temperature of [0.3, 1.5]) {
      rows.length = 0;
      const out = c.complete({ doc: `t${temperature}`, before, after: '', count: 8, settings: { ...settings, temperature } })!;
      assert.ok(out.length >= 2, `${out.length} suggestions at temperature ${temperature}`);
      // step j feeds each distinct prefix of j characters still going: one that stopped at a
      // line break after it, or reached maxChars past it
      const want: number[] = [];
      for (let j = 1; ; j++) {
        const live = new Set(out.filter((s) => j < s.text.length || (j === s.text.length && j < 6)).map((s) => s.text.slice(0, j)));
        if (!live.size) break;
        want.push(live.size);
      }
      assert.deepEqual(rows, want, `rows per step at temperature ${temperature}`);
      for (const s of out) {
        const lp = logps(before, s.text), k = s.text.length;
        const kept = lp.slice(0, k).reduce((t, x) => t + x, 0);
        // the line break that ended it counts; a suggestion cut at maxChars has none
        const want = k < 6 ? (kept + lp[k]) / (k + 1) : kept / k;
        assert.ok(Math.abs(s.score - want) < 1e-9, `${JSON.stringify(s.text)} at ${temperature}: score ${s.score}, teacher-forced ${want}`);
      }
    }
  });

  it('refuses to interleave two requests', () => {
    const c = new Completer(randomModel(), { backend: tsBackend });
    const g = c.run({ doc: 'd', before: DOC, after: '', count: 1, settings: SETTINGS });
    g.next();
    assert.throws(() => ask(c, DOC), /one at a time/);
    g.return(undefined);
    assert.equal(c.running, false);
  });
});
