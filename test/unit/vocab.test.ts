import assert from 'node:assert/strict';
import { Vocab } from '../../src/core/vocab';

describe('Vocab', () => {
  it('puts the unknown symbol first, then characters by code point', () => {
    const v = Vocab.build(['cab', 'ba'], 10);
    assert.deepEqual(v.toJSON(), ['', 'a', 'b', 'c']);
    assert.equal(v.size, 4);
    assert.equal(v.unk, 0);
    assert.equal(v.index('a'), 1);
    assert.equal(v.char(3), 'c');
  });

  it('keeps the maxVocab-1 most frequent characters, ties broken by code point', () => {
    // counts: x 3, a 2, b 2, z 1 → with 3 classes keep x and a (a beats b on code point)
    const v = Vocab.build(['xxx', 'abab', 'z'], 3);
    assert.deepEqual(v.toJSON(), ['', 'a', 'x']);
    assert.equal(v.index('b'), 0);
    assert.equal(v.index('z'), 0);
  });

  it('treats an astral code point (emoji) as one character', () => {
    const text = 'a😀b😀';
    const v = Vocab.build([text], 10);
    assert.deepEqual(v.toJSON(), ['', 'a', 'b', '😀']);
    assert.equal(Vocab.count(text), 4);
    assert.deepEqual([...v.encode(text)], [1, 3, 2, 3]);
    assert.equal(v.decode(v.encode(text)), text);
  });

  it('maps unseen characters to the unknown class and never throws while encoding', () => {
    const v = Vocab.build(['hello'], 256);
    const ids = v.encode('hé\u0000🙂\uD800l');
    assert.deepEqual([...ids], [v.index('h'), 0, 0, 0, 0, v.index('l')]);
    assert.equal(v.decode(ids), 'hl');
    assert.equal(v.decode(ids, Vocab.UNKNOWN_DISPLAY), 'h\uFFFD\uFFFD\uFFFD\uFFFDl');
    assert.equal(v.index(''), 0);
    assert.equal(v.encode('').length, 0);
  });

  it('handles lone surrogates as one code point each, like for..of', () => {
    const text = 'a\uD800b\uDC00';
    const v = Vocab.build([text], 10);
    assert.equal(v.size, 1 + [...text].length);
    assert.equal(v.decode(v.encode(text)), text);
    assert.deepEqual(Vocab.fromJSON(v.toJSON()).toJSON(), v.toJSON());
  });

  it('encodeInto writes at an offset without touching the rest', () => {
    const v = Vocab.build(['abc'], 10);
    const out = new Int32Array(6).fill(-1);
    assert.equal(v.encodeInto('cab', out, 2), 3);
    assert.deepEqual([...out], [-1, -1, 3, 1, 2, -1]);
    assert.throws(() => v.encodeInto('abc', out, 4), RangeError);
    const compact = new Uint16Array(4);
    assert.equal(v.encodeInto('ba', compact, 1), 2);
    assert.deepEqual([...compact], [0, 2, 1, 0]);
  });

  it('round-trips through JSON', () => {
    const v = Vocab.build(['function f() { return 42; } // ünïcødé 🚀'], 256);
    const w = Vocab.fromJSON(JSON.parse(JSON.stringify(v.toJSON())));
    assert.deepEqual(w.toJSON(), v.toJSON());
    const probe = 'return ünïcødé 🚀 ~';
    assert.deepEqual([...w.encode(probe)], [...v.encode(probe)]);
  });

  it('refuses malformed serialized vocabularies with a clear message', () => {
    assert.throws(() => Vocab.fromJSON('abc'), /must be an array/);
    assert.throws(() => Vocab.fromJSON([]), /entry 0 must be ""/);
    assert.throws(() => Vocab.fromJSON(['a', 'b']), /entry 0 must be ""/);
    assert.throws(() => Vocab.fromJSON(['', 'ab']), /entry 1 .* exactly one character/);
    assert.throws(() => Vocab.fromJSON(['', 'a', '']), /entry 2 .* exactly one character/);
    assert.throws(() => Vocab.fromJSON(['', 'a', 'a']), /entry 2 .* duplicate/);
    assert.throws(() => Vocab.fromJSON(['', 7]), /entry 1 is not a string/);
  });

  it('refuses out-of-range class indices when decoding', () => {
    const v = Vocab.build(['ab'], 10);
    assert.throws(() => v.char(3), /outside the vocabulary/);
    assert.throws(() => v.decode([1, -1]), /outside the vocabulary/);
  });

  it('refuses a nonsensical maxVocab', () => {
    assert.throws(() => Vocab.build(['a'], 0), /maxVocab/);
    assert.throws(() => Vocab.build(['a'], 2.5), /maxVocab/);
  });
});
