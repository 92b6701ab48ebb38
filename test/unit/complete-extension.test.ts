import assert from 'node:assert/strict';
import { Completer } from '../../src/core/complete/completer';
import { tsBackend } from '../../src/core/kernels/ts';
import { Net } from '../../src/core/net';
import { weightsOf } from '../../src/core/weights';
import { Vocab } from '../../src/core/vocab';
import { documentFilters, languageEnabled, toggleLanguage } from '../../src/extension/completion/languages';
import { SlicedRunner } from '../../src/extension/completion/runner';
import { completionView } from '../../src/extension/completion/view';

describe('completion provider: languages', () => {
  it('"*" is every language, "!id" leaves one out', () => {
    assert.equal(languageEnabled(['*'], 'python'), true);
    assert.equal(languageEnabled(['*', '!markdown'], 'markdown'), false);
    assert.equal(languageEnabled(['*', '!markdown'], 'python'), true);
    assert.equal(languageEnabled(['typescript'], 'python'), false);
    assert.equal(languageEnabled([], 'python'), false);
  });

  it('toggling a language twice gives the list back', () => {
    for (const start of [['*'], ['typescript', 'python'], ['*', '!go'], []]) {
      for (const id of ['python', 'go', 'rust']) {
        const once = toggleLanguage(start, id);
        assert.notEqual(languageEnabled(once, id), languageEnabled(start, id), `${JSON.stringify(start)} ${id}`);
        assert.deepEqual(new Set(toggleLanguage(once, id)), new Set(start));
      }
    }
  });

  it('registers for every document with "*", else per language', () => {
    assert.deepEqual(documentFilters(['*', '!markdown']), [{ pattern: '**' }]);
    assert.deepEqual(documentFilters(['typescript', '!x', 'python']), [{ language: 'typescript' }, { language: 'python' }]);
  });
});

describe('completion provider: status bar', () => {
  const base = { enabled: true, languageId: 'typescript', languageOn: true, hasModel: true, training: false };
  it('says on or off, and why', () => {
    assert.match(completionView(base).text, /RNN on/);
    assert.match(completionView({ ...base, enabled: false }).text, /off/);
    const lang = completionView({ ...base, languageOn: false });
    assert.equal(lang.on, false);
    assert.match(lang.tooltip, /off for typescript/);
    assert.match(completionView({ ...base, hasModel: false }).tooltip, /waiting for a model/);
    assert.match(completionView({ ...base, training: true }).tooltip, /running training/);
    assert.match(completionView(base).tooltip, /Shift\+Tab its first line, Alt\+\\\\ asks for one/);
  });

  it('says whether the model is ready to suggest, from its held-out bits/char', () => {
    const at = (valBitsPerChar: number | undefined, training = false) => completionView({ ...base, training, valBitsPerChar });
    assert.equal(at(undefined, true).text, '$(sparkle) RNN learning');
    assert.match(at(undefined, true).tooltip, /Not measured yet.*expect noise/);
    assert.equal(at(4.1, true).text, '$(sparkle) RNN not ready');
    assert.match(at(4.1, true).tooltip, /\*\*4\.100 bits\/char\*\* on held-out files: not ready: .*mostly noise/);
    assert.equal(at(2.5).text, '$(sparkle) RNN rough');
    assert.match(at(2.5).tooltip, /rough suggestions.*Train longer/);
    assert.equal(at(1.7).text, '$(sparkle) RNN on');
    assert.match(at(1.7).tooltip, /1\.700 bits\/char\*\* on held-out files: ready to suggest/);
    // a saved model not loaded yet: on, and its figure comes with the model
    assert.equal(at(undefined).text, '$(sparkle) RNN on');
    assert.match(at(undefined).tooltip, /shows once the model is loaded/);
    // every suggestion is still offered: readiness informs, it does not switch them off
    for (const v of [undefined, 4.1, 2.5, 1.7]) assert.equal(at(v).on, true);
  });

  it('says when suggestions are snoozed, and until when', () => {
    const until = new Date(2026, 0, 1, 14, 5).getTime();
    const v = completionView({ ...base, snoozedUntil: until });
    assert.equal(v.on, false);
    assert.equal(v.text, '$(clock) RNN snoozed');
    assert.match(v.tooltip, /snoozed until 14:05/);
  });
});

describe('completion provider: sliced runner', () => {
  const vocab = Vocab.build(['abc def\n'], 16);
  const net = new Net({ cell: 'lstm', layers: 1, hidden: 8, vocabSize: vocab.size, batch: 1, seq: 1, backend: tsBackend });
  net.initParams(1);
  const model = weightsOf(net, vocab);
  const settings = { temperature: 0.5, topP: 0.9, candidates: 3, maxChars: 30, multiline: false, maxLines: 1, primeChars: 100, minConfidence: 0 };

  it('gives the event loop a turn between slices and returns what the request returns', async () => {
    const c = new Completer(model, { backend: tsBackend, seed: 2 });
    const sync = new Completer(model, { backend: tsBackend, seed: 2 });
    const runner = new SlicedRunner(0);
    // an immediate that re-queues itself runs once per event-loop turn: a timer would need 1 ms,
    // more than this small model's whole request can take
    let turns = 0, ticker: NodeJS.Immediate | undefined;
    const tick = () => { turns++; ticker = setImmediate(tick); };
    ticker = setImmediate(tick);
    const req = { doc: 'd', before: 'abc def abc '.repeat(20), after: '', count: 3, settings };
    const got = await runner.run(() => c.run(req));
    clearImmediate(ticker);
    assert.deepEqual(got, sync.complete(req));
    assert.ok(turns > 0, 'the event loop turned while the request was in progress');
    assert.equal(runner.busy, false);
  });

  it('runs requests one at a time, and a cancelled one ends without leaving work behind', async () => {
    const c = new Completer(model, { backend: tsBackend });
    const runner = new SlicedRunner(0);
    let cancelled = false;
    const first = runner.run(() => c.run({ doc: 'd', before: 'abc '.repeat(30), after: '', count: 1, settings, isCancelled: () => cancelled }));
    const second = runner.run(() => c.run({ doc: 'e', before: 'def ', after: '', count: 1, settings }));
    const skipped = runner.run(() => undefined);
    cancelled = true;
    assert.equal(await first, undefined);
    assert.ok(Array.isArray(await second));
    assert.equal(await skipped, undefined);
    await runner.idle();
    assert.equal(runner.busy, false);
    assert.equal(c.running, false);
  });
});
