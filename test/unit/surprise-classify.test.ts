// "Which codebase wrote this?": chunking, the ranking by bits per character, the confusion
// matrix, the hidden-state classifier (logistic regression, cross-validated by file), and the
// typo benchmark's injection and recall.
import assert from 'node:assert/strict';
import { chunkOffsets, spread, unitsOf } from '../../src/core/surprise/chunks';
import { accuracy, byLabel, confusion, crossValidate, filesPerLabel, rank } from '../../src/core/surprise/classify';
import { fitSoftmax, predictSoftmax } from '../../src/core/surprise/regression';
import { injectEdits, recallOf } from '../../src/core/surprise/typos';
import { Rng } from '../../src/core/rng';

describe('classify: chunks', () => {
  it('cuts a text into pieces of n characters, an emoji counting as one, and leaves out a shorter tail', () => {
    assert.deepEqual(chunkOffsets('abcdefgh', 3), [[0, 3], [3, 6]]);
    assert.deepEqual(chunkOffsets('a🙂bc', 2), [[0, 3], [3, 5]]);
    assert.deepEqual(chunkOffsets('ab', 3), []);
    assert.throws(() => chunkOffsets('abc', 0), /at least 1/);
    assert.throws(() => chunkOffsets('abc', 2.5), /whole number/);
  });

  it('makes units of whole files or of their chunks, each knowing its file and place', () => {
    const files = [{ path: 'a.js', text: 'x'.repeat(7) }, { path: 'b.js', text: 'yyyy' }];
    assert.deepEqual(unitsOf(files).map((u) => [u.file, u.start, u.end]), [['a.js', 0, 7], ['b.js', 0, 4]]);
    const units = unitsOf(files, 3);
    assert.deepEqual(units.map((u) => [u.file, u.start, u.end, u.text]), [['a.js', 0, 3, 'xxx'], ['a.js', 3, 6, 'xxx'], ['b.js', 0, 3, 'yyy']]);
  });

  it('spreads a sample evenly over a list', () => {
    assert.deepEqual(spread([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4), [0, 2, 5, 7]);
    assert.deepEqual(spread([1, 2], 5), [1, 2]);
  });
});

describe('classify: ranking and the confusion matrix', () => {
  it('ranks models by bits per character and gives the margin between the first two', () => {
    assert.deepEqual(rank([2.5, 1.75, 3]), { order: [1, 0, 2], margin: 0.75 });
    assert.equal(rank([1.2]).margin, Infinity);
  });

  it('counts truth against prediction, skipping units without a prediction', () => {
    const m = confusion(3, [0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, -1]);
    assert.deepEqual(m, [[1, 1, 0], [0, 2, 0], [1, 0, 1]]);
    assert.equal(accuracy(m), 4 / 6);
    assert.deepEqual(byLabel(['a', 'b', 'c'], m), { a: { a: 1, b: 1, c: 0 }, b: { a: 0, b: 2, c: 0 }, c: { a: 1, b: 0, c: 1 } });
    assert.ok(Number.isNaN(accuracy(confusion(2, [], []))));
  });
});

/** n rows of d features: the class's centre plus noise */
function blobs(n: number, d: number, seed: number, centre: (k: number, j: number) => number) {
  const rng = new Rng(seed), X = new Float32Array(n * d), y: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 2;
    y.push(k);
    for (let j = 0; j < d; j++) X[i * d + j] = centre(k, j) + rng.uniform(-1, 1);
  }
  return { X, y };
}

describe('classify: the hidden-state classifier', () => {
  it('logistic regression separates two classes it was fitted on, and generalises to new rows', () => {
    const d = 20, centre = (k: number, j: number) => (j < 3 ? (k ? 0.8 : -0.8) : 5 * j);
    const fit = blobs(200, d, 1, centre), test = blobs(100, d, 2, centre);
    const m = fitSoftmax(fit.X, fit.y, 2, d);
    const right = test.y.filter((k, i) => predictSoftmax(m, test.X, i * d) === k).length;
    assert.ok(right >= 95, `${right} of 100`);
    assert.throws(() => fitSoftmax(new Float32Array(5), [0, 1], 2, 3), /2 rows of 3 features/);
  });

  it('cross-validates by file: a file is never predicted by a classifier fitted on its own units', () => {
    // the first feature says the label, except in file 'odd', whose units say the other label
    // and carry a mark of their own: a classifier fitted on them learns the mark; held out, they
    // are read by the first feature, as the other class
    const d = 3, files: string[] = [], y: number[] = [], rows: number[][] = [];
    for (let f = 0; f < 6; f++) {
      for (let u = 0; u < 10; u++) {
        const label = f % 2, odd = f === 2, sign = (label ? 1 : -1) * (odd ? -1 : 1);
        files.push(odd ? 'odd' : `f${f}`); y.push(label); rows.push([sign * 2 + (u % 3) * 0.1, (u % 5) * 0.1, odd ? 3 : 0]);
      }
    }
    const X = Float32Array.from(rows.flat()), oddRow = files.indexOf('odd');
    assert.equal(predictSoftmax(fitSoftmax(X, y, 2, d), X, oddRow * d), y[oddRow], 'fitted on its own units, it knows them');
    assert.equal(filesPerLabel(y, files, 2), 3);
    const p = crossValidate(X, d, y, files, 2, 3);
    files.forEach((f, i) => assert.equal(p[i], f === 'odd' ? 1 - y[i] : y[i], `${f} unit ${i}`));
  });
});

describe('typos: injection and recall', () => {
  const texts = Array.from({ length: 3 }, (_, i) => Array.from({ length: 60 }, (__, k) => `const value${i}_${k} = compute(${k});\n`).join(''));

  it('puts the asked number of edits past the first characters, apart, each as it says', () => {
    const { texts: out, edits } = injectEdits(texts, 40, { seed: 4, skip: 200, spacing: 8 });
    assert.equal(edits.length, 40);
    assert.deepEqual(new Set(edits.map((e) => e.kind)), new Set(['substitute', 'delete', 'insert', 'transpose']));
    for (const [i, t] of out.entries()) {
      const own = edits.filter((e) => e.text === i).sort((a, b) => a.at - b.at);
      own.forEach((e, k) => { if (k > 0) assert.ok(e.at - own[k - 1].at >= 8 - 1, 'apart'); });
      // undoing the edits from the last one back gives the text again
      let s = t;
      for (const e of [...own].reverse()) {
        assert.ok(e.at >= 199, `edit at ${e.at}`);
        assert.equal(s.slice(e.at, e.at + e.after.length), e.after, `${e.kind} at ${e.at}`);
        s = s.slice(0, e.at) + e.before + s.slice(e.at + e.after.length);
      }
      assert.equal(s, texts[i]);
    }
    assert.deepEqual(injectEdits(texts, 40, { seed: 4 }), injectEdits(texts, 40, { seed: 4 }), 'the same seed, the same edits');
    assert.throws(() => injectEdits(['short'], 1), /no text is longer/);
  });

  it('finds an edit when one of the top 1% of characters lies within two of it', () => {
    const bits = [new Float32Array(300), new Float32Array(100)];
    bits[0][50] = 9; bits[0][200] = 8; bits[1][10] = 7; bits[1][90] = 6;
    const edits = [
      { text: 0, kind: 'substitute' as const, at: 52, before: 'a', after: 'b' },
      { text: 0, kind: 'delete' as const, at: 203, before: 'a', after: '' },
      { text: 1, kind: 'transpose' as const, at: 7, before: 'ab', after: 'ba' },
      { text: 1, kind: 'insert' as const, at: 92, before: '', after: 'x' },
    ];
    // 1% of 400 characters: the 4 most surprising
    const r = recallOf(bits, edits, 0.01, 2);
    assert.equal(r.flagged, 4);
    assert.equal(r.threshold, 6);
    assert.deepEqual(r.hits, [true, false, true, true]);
    assert.equal(r.recall, 0.75);
    // 0.5%: the two most surprising only
    assert.deepEqual(recallOf(bits, edits, 0.005, 2).hits, [true, false, false, false]);
  });
});
