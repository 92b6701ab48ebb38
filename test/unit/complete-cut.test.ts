import assert from 'node:assert/strict';
import { SuggestionCut } from '../../src/core/complete/cut';
import { take } from '../../src/core/complete/replay';
import { Rng } from '../../src/core/rng';

/** cum[m] = ln P(first m characters right), from the probability of each character given the ones before. */
function cumOf(probs: number[]): Float64Array {
  const cum = new Float64Array(probs.length + 1);
  probs.forEach((q, m) => { cum[m + 1] = cum[m] + Math.log(q); });
  return cum;
}

/** probs: one per character of text, `sure` everywhere but at the given characters. */
function probsOf(text: string, sure: number, at: Record<number, number>): number[] {
  return [...text].map((_, m) => at[m] ?? sure);
}

const cutOf = (text: string, probs: number[]) => new SuggestionCut().first(text, cumOf(probs), 0, [...text].length);

/**
 * What a way of cutting `text` into pieces saves in expectation, the user's text agreeing with
 * it up to a first wrong character at m (P(m) from the probabilities), counted by replay.ts's
 * own take(): each piece is shown in turn, Tab takes it when all of it is right, otherwise
 * Accept Word takes what it can and the user types on.
 */
function expected(text: string, cum: Float64Array, pieces: number[]): number {
  const K = text.length;
  let total = 0;
  for (let m = 0; m <= K; m++) {
    const pm = Math.exp(cum[m]) - (m < K ? Math.exp(cum[m + 1]) : 0);
    const truth = text.slice(0, m) + (m < K ? '\u0001' : '');
    let pos = 0, saved = 0;
    for (const end of pieces) {
      const piece = text.slice(pos, end), t = take(piece, truth, pos, 'strict', true);
      saved += t.units - t.keys;
      if (t.units < piece.length) break;
      pos = end;
    }
    total += pm * saved;
  }
  return total;
}

/** Every way of cutting text into pieces of at least 2 characters, from its start, ending anywhere. */
function* segmentations(K: number, from = 0): Generator<number[]> {
  for (let end = from + 2; end <= K; end++) {
    yield [end];
    for (const rest of segmentations(K, end)) yield [end, ...rest];
  }
}

describe('complete: where a suggestion ends (expected keystrokes saved)', () => {
  it('keeps a candidate it is sure of whole', () => {
    const text = 'this.items.push(value);';
    assert.equal(cutOf(text, probsOf(text, 1, {})), text.length);
    assert.equal(cutOf(text, probsOf(text, 0.99, {})), text.length);
  });

  it('ends before an unsure tail that Accept Word could only take word by word', () => {
    // sure of `this.items`, unsure of what follows it: Tab takes the 10 characters whole, where
    // Accept Word would need three keys (this . items) when the rest is wrong
    const text = 'this.items.push(x);';
    assert.equal(cutOf(text, probsOf(text, 0.99, { 10: 0.3 })), 10);
    // unsure inside an identifier, where Accept Word cannot stop at all
    const id = 'createDecoratorAnnotation';
    assert.equal(cutOf(id, probsOf(id, 0.99, { 6: 0.35 })), 6);
  });

  it('does not cut where Accept Word takes the sure part in one keystroke anyway', () => {
    // `items` is one Accept Word; a cut there would cost a Tab more when `.length` is right
    const text = 'items.length';
    assert.equal(cutOf(text, probsOf(text, 1, { 5: 0.3 })), text.length);
    // but `const ` is two (the word, then the space)
    const decl = 'const value = 1;';
    assert.equal(cutOf(decl, probsOf(decl, 1, { 6: 0.3 })), 6);
  });

  it('never shows white space alone: the first piece reaches the code after an indentation', () => {
    const text = '        return x;';
    const cut = cutOf(text, probsOf(text, 1, { 8: 0.2 }));
    assert.ok(cut > 8, `cut at ${cut}`);
    assert.equal(cutOf('    ', [1, 1, 1, 1]), 0);
  });

  it('shows nothing of fewer than 2 characters', () => {
    assert.equal(cutOf('a', [1]), 0);
    assert.equal(cutOf('', []), 0);
  });

  it('counts characters, not UTF-16 units: an emoji is one', () => {
    // unsure of the fourth character, inside the word: the first three are shown (4 UTF-16 units)
    const text = 'a😀bcd.efgh';
    const cum = cumOf(probsOf(text, 0.99, { 3: 0.3 }));
    assert.equal(new SuggestionCut().first(text, cum, 0, 10), 3);
  });

  it('reads the candidate at an offset of the log-probabilities, with buffers grown as needed', () => {
    const c = new SuggestionCut(), short = 'ab.cd', long = 'x'.repeat(50) + '.y';
    const cum = new Float64Array(100);
    cum.set(cumOf(probsOf(long, 1, {})), 40);
    assert.equal(c.first(short, cumOf(probsOf(short, 1, {})), 0, 5), 5);
    assert.equal(c.first(long, cum, 40, long.length), long.length);
  });

  it('is the first piece of the best way to cut the candidate, as replay.ts counts keystrokes (brute force)', () => {
    const rng = new Rng(7), alphabet = 'ab_c.( ,=';
    const cut = new SuggestionCut();
    for (let trial = 0; trial < 150; trial++) {
      const K = 2 + rng.int(8);
      let text = '';
      for (let k = 0; k < K; k++) text += alphabet[rng.int(alphabet.length)];
      const probs = [...text].map(() => (rng.next() < 0.3 ? 0.05 + 0.6 * rng.next() : 0.9 + 0.1 * rng.next()));
      const cum = cumOf(probs);
      const firstText = text.search(/\S/);
      let best = 0;
      const bestFrom = new Map<number, number>();
      for (const s of segmentations(K)) {
        if (firstText < 0 || s[0] <= firstText) continue;
        const v = expected(text, cum, s);
        best = Math.max(best, v);
        bestFrom.set(s[0], Math.max(bestFrom.get(s[0]) ?? 0, v));
      }
      const j = cut.first(text, cum, 0, K);
      const where = `${JSON.stringify(text)} ${probs.map((q) => q.toFixed(2)).join(' ')}`;
      assert.ok(Math.abs(cut.value - best) < 1e-9, `value ${cut.value} against ${best}: ${where}`);
      if (best > 0) assert.ok(Math.abs((bestFrom.get(j) ?? -1) - best) < 1e-9, `first piece ${j}: ${where}`);
      else assert.equal(j, 0, where);
    }
  });
});
