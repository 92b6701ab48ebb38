// Restricted Mode's bounds, in plain Node: every resource setting held to its default, the
// manifest's restricted list naming each, and imports larger than the bounds refused.
import * as assert from 'node:assert/strict';
import { COMPLETION_PARAMS, DEFAULT_COMPLETION, DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/core/config';
import { Trainer } from '../../src/core/train';
import { CAPABILITIES } from '../../src/extension/manifest';
import { boundSettings, RESTRICTED_SETTINGS, tooLarge } from '../../src/extension/restricted';
import { readSettings } from '../../src/extension/settingsSchema';

describe('Restricted Mode', () => {
  it('holds every resource setting a workspace could raise to its default, and says which', () => {
    const hostile: Record<string, unknown> = {
      'charRnn.model.layers': 4, 'charRnn.model.hidden': 1024, 'charRnn.training.window': 1024, 'charRnn.training.batch': 512,
      'charRnn.training.minutes': 0, 'charRnn.training.maxVocab': 65536, 'charRnn.training.threads': 64,
      'charRnn.training.maxCorpusBytes': 1e9, 'charRnn.completions.primeChars': 100000, 'charRnn.completions.maxChars': 1000,
      'charRnn.completions.maxLines': 50, 'charRnn.completions.candidates': 16, 'charRnn.completions.debounceMs': 0,
      'charRnn.training.learningRate': 0.01, 'charRnn.model.hidden.x': 1,
    };
    const { settings: raw } = readSettings((k) => hostile[k]);
    const { settings, limited } = boundSettings(raw);
    assert.deepEqual(settings.model, { ...DEFAULT_MODEL });
    assert.deepEqual({ ...settings.train, lr: DEFAULT_TRAIN.lr }, { ...DEFAULT_TRAIN });
    assert.equal(settings.train.lr, 0.01, 'a setting that costs nothing more stays');
    assert.deepEqual(settings.completions, { ...DEFAULT_COMPLETION });
    assert.equal(limited.length, 13);
    assert.ok(limited.includes('charRnn.training.minutes 0 is held to 10'));
    assert.ok(limited.includes('charRnn.completions.debounceMs 0 is held to 75'));
    assert.ok(limited.includes('charRnn.completions.primeChars 100000 is held to 2000'));
    // smaller values cost less and stay
    const { settings: small } = boundSettings(readSettings((k) => ({ 'charRnn.model.hidden': 64, 'charRnn.training.minutes': 2 } as Record<string, unknown>)[k]).settings);
    assert.equal(small.model.hidden, 64);
    assert.equal(small.train.minutes, 2);
    assert.equal(COMPLETION_PARAMS.debounceMs.default, 75);
  });

  it('lists every bounded setting, and the file globs, in the manifest\'s restricted configurations', () => {
    assert.deepEqual(CAPABILITIES.untrustedWorkspaces.restrictedConfigurations, RESTRICTED_SETTINGS);
    for (const k of ['charRnn.training.include', 'charRnn.model.hidden', 'charRnn.training.window', 'charRnn.training.minutes', 'charRnn.completions.primeChars', 'charRnn.completions.maxChars']) {
      assert.ok(RESTRICTED_SETTINGS.includes(k), k);
    }
  });

  it('refuses a model larger than the settings allow, with the reason, and bounds a resumable run too', () => {
    const files = [{ path: 'a.ts', text: 'export const a = 1;\n'.repeat(100) }];
    const ck = (model: object, train: object = {}) => {
      const tr = new Trainer(files, { model: { cell: 'rnn', layers: 1, hidden: 8, ...model }, train: { steps: 1, valFrac: 0, batch: 2, seq: 8, ...train } });
      tr.trainStep();
      const c = tr.toCheckpoint();
      tr.dispose();
      return c;
    };
    assert.equal(tooLarge(ck({}), true), undefined);
    assert.equal(tooLarge(ck({ hidden: 512 }), true), 'it has 512 hidden units per layer; in Restricted Mode (trust this folder to lift it) the most is 256 (charRnn.model.hidden)');
    assert.equal(tooLarge(ck({ hidden: 512 }), false), undefined);
    assert.equal(tooLarge(ck({ layers: 3 }), true), 'it has 3 layers; in Restricted Mode (trust this folder to lift it) the most is 2 (charRnn.model.layers)');
    assert.match(tooLarge(ck({}, { seq: 100 }), true) ?? '', /^it has 100 characters per window in its saved run; in Restricted Mode .* the most is 64 \(charRnn\.training\.window\)$/);
    const wide = ck({});
    wide.vocab = Array.from({ length: 300 }, (_, i) => (i === 0 ? '' : String.fromCodePoint(0x100 + i)));
    assert.match(tooLarge(wide, true) ?? '', /^it has 300 vocabulary symbols; .* the most is 256 \(charRnn\.training\.maxVocab\)$/);
  });
});
