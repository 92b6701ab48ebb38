import assert from 'node:assert/strict';
import { evalText } from '../../src/core/complete/completeEval';
import { Completer } from '../../src/core/complete/completer';
import { acceptedLength, continuation, nextWordLength, replay, summary, take, typedKind, WordSuggester } from '../../src/core/complete/replay';
import { tsBackend } from '../../src/core/kernels/ts';
import { paramSpecs } from '../../src/core/params';
import { Vocab } from '../../src/core/vocab';

describe('complete-eval: keystroke accounting', () => {
  it('Accept Word takes a word, or the punctuation before the next one, and the spaces after it, as VS Code does', () => {
    assert.equal(nextWordLength('getValue()'), 8);
    assert.equal(nextWordLength('(items, rate)'), 1);
    assert.equal(nextWordLength(', rate)'), 2, 'the comma and the space');
    assert.equal(nextWordLength('  return x'), 2);
    assert.equal(nextWordLength('x.y'), 1);
    assert.equal(nextWordLength('-1.5 + 2'), 4, 'a number');
    assert.equal(nextWordLength(''), 0);
  });

  it('strict: Tab takes a suggestion only whole; otherwise Accept Word takes the words that agree, when that saves keystrokes', () => {
    assert.deepEqual(take('foo(bar)', 'x foo(bar) y', 2, 'strict', true), { units: 8, keys: 1 });
    // "total" agrees, "(" agrees but saves nothing more, "items" does not: one press for five characters
    assert.deepEqual(take('total(items)', 'total(list)', 0, 'strict', true), { units: 5, keys: 1 });
    assert.deepEqual(take('total(items)', 'total(items, x)', 0, 'strict', true), { units: 11, keys: 3 }, 'total, (, items');
    // "a" then "." then "b": one character per press saves nothing
    assert.deepEqual(take('a.b.c', 'a.b.x', 0, 'strict', true), { units: 0, keys: 0 });
    assert.deepEqual(take('total(items)', 'total(list)', 0, 'strict', false), { units: 0, keys: 0 }, 'the word list takes it whole or not at all');
    assert.deepEqual(take('getValue', 'getValues', 0, 'strict', true), { units: 8, keys: 1 }, 'all of it agrees: Tab');
    assert.deepEqual(take('ab', 'ab', 0, 'strict', true), { units: 2, keys: 1 });
    assert.deepEqual(take('a', 'abc', 0, 'strict', true), { units: 0, keys: 0 }, 'one character saves nothing');
    assert.deepEqual(take('total(items)', 'total(list)', 0, 'loose', true), { units: 6, keys: 1 }, 'loose: one keystroke for the prefix');
  });

  it('strict: a suggestion typed through or taken word by word is one offer', () => {
    const text = 'return total(list);';
    // the model always suggests the rest of "return total(items);"
    const target = 'return total(items);';
    const st = replay(text, (p) => (text.slice(0, p) === target.slice(0, p) && p < target.length ? target.slice(p) : undefined), 'strict');
    // "return total" taken in 3 presses (return, space, total), then "(list);" typed (7)
    assert.deepEqual(st, { chars: 19, keystrokes: 10, offered: 1, accepted: 1, acceptedChars: 12, typed: { indentation: 0, lineBreaks: 0, identifiers: 4, other: 3 } });
  });

  it('accepts the whole suggestion, or its longest prefix that ends outside a word', () => {
    assert.equal(acceptedLength('foo(bar)', 'x foo(bar) y', 2), 8);
    assert.equal(acceptedLength('foo(bar)', 'foo(baz)', 0), 4, 'up to "foo("');
    assert.equal(acceptedLength('foobar', 'foobaz', 0), 0, 'inside a word: nothing');
    assert.equal(acceptedLength('a', 'abc', 0), 0, 'one character saves nothing');
    assert.equal(acceptedLength('ab', 'ab', 0), 2);
    assert.equal(acceptedLength('ab cd', 'ab', 0), 2, 'the text ends after "ab": a word boundary of the suggestion');
  });

  it('counts one keystroke per typed character and one per acceptance', () => {
    const text = 'abcdefghijkl';
    const st = replay(text, (p) => text.slice(p, p + 5), 'loose');
    // accepts abcde, fghij, kl: three Tabs for twelve characters
    assert.deepEqual(st, { chars: 12, keystrokes: 3, offered: 3, accepted: 3, acceptedChars: 12, typed: { indentation: 0, lineBreaks: 0, identifiers: 0, other: 0 } });
    assert.deepEqual(summary(st), { keystrokesSaved: 0.75, acceptanceRate: 1, meanAcceptedLength: 4 });
    const none = replay(text, () => 'zz', 'loose');
    assert.deepEqual(none, { chars: 12, keystrokes: 12, offered: 12, accepted: 0, acceptedChars: 0, typed: { indentation: 0, lineBreaks: 0, identifiers: 12, other: 0 } });
  });

  it('counts what is typed key by key by kind: indentation, line breaks, identifier characters, the rest', () => {
    const text = 'if (a) {\n  \tb = 1;\r\n}';
    const kinds = [...text].map((_, i) => ({ indentation: 'I', lineBreaks: 'L', identifiers: 'w', other: '.' })[typedKind(text, i)]).join('');
    assert.equal(kinds, 'ww..w...LIIIw...w.LL.');
    const st = replay(text, () => undefined);
    assert.deepEqual(st.typed, { indentation: 3, lineBreaks: 3, identifiers: 5, other: 10 });
  });

  it('the word baseline offers the most frequent complete word extending the one being typed', () => {
    const text = 'foo foo foo';
    const words = new WordSuggester();
    const st = replay(text, (p) => { words.advance(text, p); return words.suggest(text, p); });
    // "foo " typed (4); then f + Tab, space, f + Tab: 9 keystrokes for 11 characters
    assert.deepEqual(st, { chars: 11, keystrokes: 9, offered: 2, accepted: 2, acceptedChars: 4, typed: { indentation: 0, lineBreaks: 0, identifiers: 5, other: 2 } });
    const w = new WordSuggester(), t = 'get gets gets ge';
    w.advance(t, t.length);
    assert.equal(w.suggest(t, t.length), 'ts');
  });

  it('typing through a shown suggestion keeps its rest', () => {
    assert.equal(continuation({ before: 'ab', text: 'cdef' }, 'abcd'), 'ef');
    assert.equal(continuation({ before: 'ab', text: 'cdef' }, 'abcx'), undefined);
    assert.equal(continuation({ before: 'ab', text: 'cdef' }, 'abcdef'), undefined);
    assert.equal(continuation({ before: 'ab', text: 'cdef' }, 'Xbc'), undefined);
    assert.equal(continuation(undefined, 'abc'), undefined);
  });

  it('replays a text with a model that always suggests "aaaa"', () => {
    // zero weights, head bias: "a" most likely whatever came before; greedy, 4 characters
    const vocab = Vocab.fromJSON(['', '\n', 'a', 'b']);
    const specs = paramSpecs({ cell: 'lstm', layers: 1, hidden: 4, vocabSize: vocab.size }), last = specs[specs.length - 1];
    const params = new Float32Array(last.offset + last.size);
    params.set([-40, Math.log(0.1), Math.log(0.6), Math.log(0.3)], last.offset);
    const c = new Completer({ cell: 'lstm', layers: 1, hidden: 4, vocab: vocab.toJSON(), params }, { backend: tsBackend });
    const settings = { temperature: 0, topP: 1, candidates: 4, maxChars: 4, multiline: false, maxLines: 1, primeChars: 100, minConfidence: 0 };
    const r = evalText(c, 'ten.txt', 'aaaaaaaaaa', settings, 1, 'loose');
    // 0: "aaaa" accepted; 4: "aaaa" accepted; 8: "aaaa" against "aa" rejected, type a;
    // 9: the rest "aaa" still shown, rejected, type a. 4 keystrokes, 3 computed suggestions.
    assert.deepEqual(r.model, { chars: 10, keystrokes: 4, offered: 4, accepted: 2, acceptedChars: 8, typed: { indentation: 0, lineBreaks: 0, identifiers: 2, other: 0 } });
    assert.equal(r.requests, 3);
    assert.deepEqual(r.baseline, { chars: 10, keystrokes: 10, offered: 0, accepted: 0, acceptedChars: 0, typed: { indentation: 0, lineBreaks: 0, identifiers: 10, other: 0 } });
    // opened at 3: nothing offered before it, and only the 7 characters after it count
    // (3: "aaaa" accepted; 7: "aaaa" against "aaa" rejected, type a; 8, 9: its rest, rejected)
    const late = evalText(c, 'ten.txt', 'aaaaaaaaaa', settings, 1, 'loose', 3);
    assert.deepEqual(late.model, { chars: 7, keystrokes: 4, offered: 4, accepted: 1, acceptedChars: 4, typed: { indentation: 0, lineBreaks: 0, identifiers: 3, other: 0 } });
    assert.equal(late.requests, 2);
    assert.deepEqual(late.baseline, { chars: 7, keystrokes: 7, offered: 0, accepted: 0, acceptedChars: 0, typed: { indentation: 0, lineBreaks: 0, identifiers: 7, other: 0 } });
    // strict: the rest still shown at 8 and 9 is the suggestion offered at 7
    assert.deepEqual(evalText(c, 'ten.txt', 'aaaaaaaaaa', settings, 1, 'strict', 3).model, { chars: 7, keystrokes: 4, offered: 2, accepted: 1, acceptedChars: 4, typed: { indentation: 0, lineBreaks: 0, identifiers: 3, other: 0 } });
  });
});
