import assert from 'node:assert/strict';
import { evalText } from '../../src/core/complete/completeEval';
import { Completer } from '../../src/core/complete/completer';
import { acceptedLength, continuation, replay, summary, WordSuggester } from '../../src/core/complete/replay';
import { tsBackend } from '../../src/core/kernels/ts';
import { paramSpecs } from '../../src/core/params';
import { Vocab } from '../../src/core/vocab';

describe('complete-eval: keystroke accounting', () => {
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
    const st = replay(text, (p) => text.slice(p, p + 5));
    // accepts abcde, fghij, kl: three Tabs for twelve characters
    assert.deepEqual(st, { chars: 12, keystrokes: 3, offered: 3, accepted: 3, acceptedChars: 12 });
    assert.deepEqual(summary(st), { keystrokesSaved: 0.75, acceptanceRate: 1, meanAcceptedLength: 4 });
    const none = replay(text, () => 'zz');
    assert.deepEqual(none, { chars: 12, keystrokes: 12, offered: 12, accepted: 0, acceptedChars: 0 });
  });

  it('the word baseline offers the most frequent complete word extending the one being typed', () => {
    const text = 'foo foo foo';
    const words = new WordSuggester();
    const st = replay(text, (p) => { words.advance(text, p); return words.suggest(text, p); });
    // "foo " typed (4); then f + Tab, space, f + Tab: 9 keystrokes for 11 characters
    assert.deepEqual(st, { chars: 11, keystrokes: 9, offered: 2, accepted: 2, acceptedChars: 4 });
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
    const settings = { temperature: 0, topP: 1, candidates: 4, maxChars: 4, multiline: false, maxLines: 1, primeChars: 100 };
    const r = evalText(c, 'ten.txt', 'aaaaaaaaaa', settings, 1);
    // 0: "aaaa" accepted; 4: "aaaa" accepted; 8: "aaaa" against "aa" rejected, type a;
    // 9: the rest "aaa" still shown, rejected, type a. 4 keystrokes, 3 computed suggestions.
    assert.deepEqual(r.model, { chars: 10, keystrokes: 4, offered: 4, accepted: 2, acceptedChars: 8 });
    assert.equal(r.requests, 3);
    assert.deepEqual(r.baseline, { chars: 10, keystrokes: 10, offered: 0, accepted: 0, acceptedChars: 0 });
  });
});
