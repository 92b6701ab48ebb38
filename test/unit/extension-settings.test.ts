// Reading the settings into one typed object: names, defaults, and what a bad value becomes.
import * as assert from 'node:assert/strict';
import { DEFAULT_COMPLETION, DEFAULT_CORPUS, DEFAULT_MODEL, DEFAULT_SURPRISE, DEFAULT_TRAIN } from '../../src/core/config';
import { allSettings, readSettings, settingKey } from '../../src/extension/settingsSchema';

describe('extension settings', () => {
  it('are the config defaults when nothing is set', () => {
    const { settings, problems } = readSettings(() => undefined);
    assert.deepEqual(settings, { model: DEFAULT_MODEL, train: DEFAULT_TRAIN, corpus: DEFAULT_CORPUS, completions: DEFAULT_COMPLETION, surprise: DEFAULT_SURPRISE });
    assert.deepEqual(problems, []);
  });

  it('name the BPTT window and the learning rate for people, the rest as in config.ts', () => {
    assert.equal(settingKey('train', 'seq'), 'charRnn.training.window');
    assert.equal(settingKey('train', 'lr'), 'charRnn.training.learningRate');
    assert.equal(settingKey('train', 'batch'), 'charRnn.training.batch');
    assert.equal(settingKey('corpus', 'include'), 'charRnn.training.include');
    assert.equal(settingKey('model', 'hidden'), 'charRnn.model.hidden');
    assert.equal(settingKey('completions', 'temperature'), 'charRnn.completions.temperature');
    const keys = allSettings().map((s) => s.key);
    assert.equal(new Set(keys).size, keys.length, 'two fields share a setting key');
  });

  it('take the values the user set, by their setting names', () => {
    const user: Record<string, unknown> = { 'charRnn.training.window': 16, 'charRnn.model.cell': 'gru', 'charRnn.training.exclude': ['**/gen/**'] };
    const { settings, problems } = readSettings((k) => user[k]);
    assert.equal(settings.train.seq, 16);
    assert.equal(settings.model.cell, 'gru');
    assert.deepEqual(settings.corpus.exclude, ['**/gen/**']);
    assert.deepEqual(problems, []);
  });

  it('fall back to the default for a value out of bounds or of the wrong type, and say so', () => {
    const user: Record<string, unknown> = { 'charRnn.model.hidden': 4, 'charRnn.training.optimizer': 'lbfgs', 'charRnn.training.batch': 2.5, 'charRnn.completions.enabled': 'yes' };
    const { settings, problems } = readSettings((k) => user[k]);
    assert.equal(settings.model.hidden, DEFAULT_MODEL.hidden);
    assert.equal(settings.train.optimizer, DEFAULT_TRAIN.optimizer);
    assert.equal(settings.train.batch, DEFAULT_TRAIN.batch);
    assert.equal(settings.completions.enabled, DEFAULT_COMPLETION.enabled);
    assert.equal(problems.length, 4);
    assert.match(problems.join('\n'), /charRnn\.model\.hidden must be at least 8; using the default 256/);
    assert.match(problems.join('\n'), /charRnn\.training\.optimizer must be one of/);
  });

  it('hand out copies of list defaults, so a caller cannot change the schema', () => {
    const { settings } = readSettings(() => undefined);
    settings.corpus.include.push('**/*.txt');
    assert.deepEqual(readSettings(() => undefined).settings.corpus.include, DEFAULT_CORPUS.include);
  });
});
