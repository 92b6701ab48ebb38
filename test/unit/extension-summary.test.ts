// What the extension reads from a checkpoint: the saved run, its summary and the budget of a
// resumed run.
import * as assert from 'node:assert/strict';
import type { Checkpoint } from '../../src/core/checkpoint';
import { paramCount } from '../../src/core/params';
import { readSavedRun, resumeBudget, summarize, type SavedRun } from '../../src/extension/model/summary';
import { EVAL_META_KEY } from '../../src/extension/training/protocol';

function checkpoint(meta?: Record<string, string>): Checkpoint {
  const params = new Float32Array(paramCount({ cell: 'rnn', layers: 1, hidden: 4, vocabSize: 3 }));
  return { cell: 'rnn', layers: 1, hidden: 4, vocab: ['', 'a', 'b'], params, meta };
}

const run = (over: Partial<SavedRun> & { budget?: SavedRun['budget'] } = {}): SavedRun => ({ step: 100, elapsedMs: 60_000, budget: { steps: 0, minutes: 0 }, valFiles: [], ...over });

describe('checkpoint summary', () => {
  it('reads the step, the budget and the held-out files of the trainer\'s state', () => {
    const ck = checkpoint({ train: JSON.stringify({ step: 42, elapsedMs: 1234, train: { steps: 100, minutes: 10 }, valFiles: ['a.ts', 7] }) });
    assert.deepEqual(readSavedRun(ck), { step: 42, elapsedMs: 1234, budget: { steps: 100, minutes: 10 }, valFiles: ['a.ts'] });
  });

  it('has no saved run without the trainer\'s state, or with state that is not JSON', () => {
    assert.equal(readSavedRun(checkpoint()), undefined);
    assert.equal(readSavedRun(checkpoint({ train: '{not json' })), undefined);
    assert.equal(summarize(checkpoint()).resumable, false);
  });

  it('summarizes the model and its last evaluation, ignoring a foreign value under the key', () => {
    const ck = checkpoint({ train: JSON.stringify({ step: 9 }), [EVAL_META_KEY]: JSON.stringify({ valBitsPerChar: 2.5 }) });
    assert.deepEqual(summarize(ck), { cell: 'rnn', layers: 1, hidden: 4, vocabSize: 3, step: 9, valBitsPerChar: 2.5, resumable: true });
    assert.equal(summarize(checkpoint({ [EVAL_META_KEY]: '[[' })).valBitsPerChar, undefined);
  });
});

describe('resumed budget', () => {
  const more = { steps: 50, minutes: 5 };

  it('continues to the original budget when the run was stopped before it', () => {
    assert.deepEqual(resumeBudget(run({ budget: { steps: 1000, minutes: 0 } }), more), { steps: 1000, minutes: 0 });
    assert.deepEqual(resumeBudget(run({ budget: { steps: 0, minutes: 30 } }), more), { steps: 0, minutes: 30 });
  });

  it('gives a spent run the settings\' budget again, on top of where it is', () => {
    const spent = run({ step: 100, elapsedMs: 120_000, budget: { steps: 100, minutes: 0 } });
    assert.deepEqual(resumeBudget(spent, more), { steps: 150, minutes: 7 });
    const timedOut = run({ step: 70, elapsedMs: 600_000, budget: { steps: 0, minutes: 10 } });
    assert.deepEqual(resumeBudget(timedOut, { steps: 0, minutes: 10 }), { steps: 0, minutes: 20 });
  });

  it('never asks for more than the schema allows', () => {
    const long = run({ step: 10, elapsedMs: 24 * 60 * 60_000, budget: { steps: 0, minutes: 24 * 60 } });
    assert.equal(resumeBudget(long, { steps: 0, minutes: 10 }).minutes, 24 * 60);
  });
});
