import assert from 'node:assert/strict';
import { Completer, type SuggestSettings } from '../../src/core/complete/completer';
import { tsBackend } from '../../src/core/kernels/ts';
import { buildMixture, emptyMixture, mixSpecFor, runToEnd } from '../../src/core/mix/memory';
import { Net } from '../../src/core/net';
import { Rng } from '../../src/core/rng';
import { Vocab } from '../../src/core/vocab';
import { weightsOf } from '../../src/core/weights';

const SETTINGS: SuggestSettings = { temperature: 0, topP: 1, candidates: 1, maxChars: 40, multiline: false, maxLines: 1, primeChars: 4000, minConfidence: 0.3 };

/** Code of a repository that repeats itself as code does: a few names, a few statement shapes. */
function repository(n: number, seed: number): string {
  const rng = new Rng(seed), names = ['count', 'value', 'result', 'index', 'buffer', 'total'], fns = ['pushItem', 'readValue', 'writeBack', 'updateAll'];
  let s = '';
  while (s.length < n) {
    const a = names[rng.int(names.length)], b = names[rng.int(names.length)], f = fns[rng.int(fns.length)];
    s += rng.next() < 0.5 ? `  const ${a} = ${f}(${b}, options);\n` : `  ${a} += ${b}.length;\n`;
  }
  return s;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \n(){}[];:.,=+-*/<>!&|\'"_$';
const vocab = Vocab.build([ALPHABET], 256);

/** An LSTM with random weights: it has learned nothing, so what it writes is noise. */
function untrained(): { net: Net; completer: Completer } {
  const net = new Net({ cell: 'lstm', layers: 1, hidden: 32, vocabSize: vocab.size, batch: 1, seq: 64, backend: tsBackend });
  net.initParams(5);
  return { net, completer: new Completer(weightsOf(net, vocab), { backend: tsBackend }) };
}

const ask = (c: Completer, doc: string, before: string, o: Partial<SuggestSettings> = {}) =>
  c.complete({ doc, before, after: '', count: 1, settings: { ...SETTINGS, ...o } }) ?? assert.fail('cancelled');

describe('complete: the mixing predictor and the confidence gate', () => {
  const spec = mixSpecFor(8);
  const doc = `function main(options) {\n${repository(600, 9)}}\n`;

  it('an untrained model shows nothing at all; without the gate it writes noise', () => {
    const { completer } = untrained();
    completer.setMixture(emptyMixture(vocab, spec));
    // learn: false keeps the mixture as untrained as the network (it would learn the document's repetitions)
    const quiet = (before: string, o: Partial<SuggestSettings> = {}) =>
      completer.complete({ doc: 'u', before, after: '', count: 1, settings: { ...SETTINGS, ...o }, learn: false }) ?? assert.fail('cancelled');
    for (let p = 20; p < doc.length; p += 37) assert.deepEqual(quiet(doc.slice(0, p)), [], `at ${p}`);
    assert.ok(quiet(doc.slice(0, 200), { minConfidence: 0 }).length > 0, 'without the gate something is written');
  });

  it('with the memory of its repository, the same network suggests what the repository repeats', () => {
    const { net, completer } = untrained();
    const { mix } = runToEnd(buildMixture(net, vocab, [repository(20_000, 1)], [repository(20_000, 2)], { spec }));
    completer.setMixture(mix);
    let shown = 0, right = 0;
    for (let p = 60; p < doc.length; p += 13) {
      const s = ask(completer, 'r', doc.slice(0, p));
      if (s.length === 0) continue;
      shown++;
      if (doc.startsWith(s[0].text, p)) right++;
    }
    assert.ok(shown >= 10, `${shown} suggestions shown`);
    assert.ok(right / shown >= 0.6, `${right} of ${shown} right`);
  });

  it('completes an identifier defined earlier in the open document', () => {
    const { net, completer } = untrained();
    completer.setMixture(runToEnd(buildMixture(net, vocab, [repository(20_000, 3)], [repository(20_000, 4)], { spec })).mix);
    const text = 'function accumulateWeightedScores(list, weights) {\n  return list;\n}\n\nconst scores = accumulateWei';
    const [s] = ask(completer, 'id', text);
    assert.ok(s && s.text.length >= 5 && 'ghtedScores('.startsWith(s.text), `suggested ${JSON.stringify(s?.text)}`);
  });

  it('learns each character of a document once, after scoring it, however often it is read', () => {
    const { completer } = untrained();
    const mix = emptyMixture(vocab, spec);
    completer.setMixture(mix);
    ask(completer, 'once', doc.slice(0, 100));
    assert.equal(mix.match.pos, 100);
    ask(completer, 'once', doc.slice(0, 100));
    ask(completer, 'once', doc.slice(0, 60));
    assert.equal(mix.match.pos, 100, 'read again, learned once');
    ask(completer, 'once', doc.slice(0, 160));
    assert.equal(mix.match.pos, 160);
    // an edit at 150: the changed text is learned from there
    ask(completer, 'once', `${doc.slice(0, 150)}XYZ`);
    assert.equal(mix.match.pos, 163);
    // newer weights (training publishes them every few seconds): states go, what was learned stays learned
    completer.setParams(completer.model.params);
    ask(completer, 'once', `${doc.slice(0, 150)}XYZ`);
    assert.equal(mix.match.pos, 163);
    // a document it must not learn (a request says so): read, not learned
    completer.complete({ doc: 'secret', before: doc.slice(0, 80), after: '', count: 1, settings: SETTINGS, learn: false });
    assert.equal(mix.match.pos, 163);
  });
});
