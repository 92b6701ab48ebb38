// Numbers in the training log, the status bar and the panel, written without Intl; and a run's
// budget in the log as the user set it.
import * as assert from 'node:assert/strict';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/core/config';
import { describeBudget, describeRun, formatInt } from '../../src/extension/training/describe';
import { resumeBudget } from '../../src/extension/model/summary';
import type { RunInfo } from '../../src/extension/training/protocol';

describe('formatInt', () => {
  it('writes integers as en-US does, rounding first', () => {
    for (const n of [0, 7, 999, 1000, 12345, 999999, 1000000, 1234567.4, 98765432.5, -1234567, -999]) {
      assert.equal(formatInt(n), Math.round(n).toLocaleString('en-US'), String(n));
    }
  });

  it('does not touch Intl, whose first use costs the extension host tens of milliseconds', () => {
    const toLocale = Number.prototype.toLocaleString, NumberFormat = Intl.NumberFormat;
    const refuse = () => { throw new Error('Intl was used'); };
    Number.prototype.toLocaleString = refuse;
    (Intl as { NumberFormat: unknown }).NumberFormat = refuse;
    try {
      assert.equal(formatInt(2468013), '2,468,013');
    } finally {
      Number.prototype.toLocaleString = toLocale;
      (Intl as { NumberFormat: unknown }).NumberFormat = NumberFormat;
    }
  });
});

describe('a run\'s budget in the log', () => {
  const run = (train: Partial<typeof DEFAULT_TRAIN>, startStep = 0, startElapsedMs = 0): RunInfo => ({
    model: DEFAULT_MODEL, train: { ...DEFAULT_TRAIN, ...train }, batch: 32, seq: 64, vocabSize: 90, paramCount: 1000,
    trainFiles: 3, trainChars: 5000, valFiles: [], startStep, startElapsedMs, resumed: startStep > 0, notes: [],
  });

  it('is the setting for a new run', () => {
    assert.equal(describeBudget(run({ steps: 0, minutes: 4 })), 'no step limit, 4 minutes');
    assert.equal(describeBudget(run({ steps: 5000, minutes: 0 })), '5,000 steps, no time limit');
    assert.match(describeRun(run({ steps: 0, minutes: 4 })), /budget: no step limit, 4 minutes/);
  });

  it('is what the setting adds for a resumed run whose budget was spent, not the total', () => {
    // a 4-minute run that took 4.05 minutes, resumed with the setting still at 4 minutes
    const budget = resumeBudget({ step: 900, elapsedMs: 243_000, budget: { steps: 0, minutes: 4 }, valFiles: [] }, { steps: 0, minutes: 4 });
    assert.equal(+budget.minutes.toFixed(2), 8.05);
    assert.equal(describeBudget(run(budget, 900, 243_000)), 'no step limit, 4 more minutes (8.05 in all)');
    assert.equal(describeBudget(run({ steps: 1500, minutes: 0 }, 900, 243_000)), '600 more steps (1,500 in all), no time limit');
  });
});
