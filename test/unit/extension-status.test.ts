// The status bar's text and tooltip for each state of training and of the model.
import * as assert from 'node:assert/strict';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/core/config';
import type { EvalMetrics, StepMetrics } from '../../src/core/metrics';
import { CMD } from '../../src/extension/ids';
import { statusView } from '../../src/extension/statusView';
import type { RunInfo } from '../../src/extension/training/protocol';

const step = (n: number, bitsPerChar: number): StepMetrics => ({
  kind: 'step', step: n, epoch: 2, loss: bitsPerChar * Math.LN2, bitsPerChar, smoothLoss: 2.5 * Math.LN2, gradNorm: 1.5, clipped: false,
  lr: 2e-3, charsPerSec: 12345, charsSeen: n * 100, elapsedMs: 75_000, dhNorms: [],
});
const evaluation: EvalMetrics = { kind: 'eval', step: 1200, charsSeen: 120000, valBitsPerChar: 2.345, valPerplexity: 5.08, valChars: 5000 };
const run: RunInfo = {
  model: { ...DEFAULT_MODEL, cell: 'gru', layers: 1, hidden: 64 }, train: DEFAULT_TRAIN, batch: 4, seq: 16, vocabSize: 80, paramCount: 1000,
  trainFiles: 7, trainChars: 9000, valFiles: ['a.ts'], startStep: 0, startElapsedMs: 0, resumed: false, notes: [],
};

describe('status bar view', () => {
  it('says there is no model yet, and trains one when clicked', () => {
    const v = statusView({ kind: 'idle' }, { hasModel: false });
    assert.equal(v.phase, 'idle');
    assert.equal(v.text, '$(play) Char-RNN: Train');
    assert.equal(v.command, CMD.train);
    assert.match(v.tooltip, /no model yet\*\*\n\nClick to train one/);
    assert.equal(statusView({ kind: 'idle' }, { hasModel: true }).command, CMD.showPanel);
    assert.equal(statusView({ kind: 'reading', done: 0, total: 0 }, { hasModel: false }).command, CMD.showPanel);
  });

  it('says what to expect of the model, from its held-out bits/char', () => {
    const summary = (valBitsPerChar: number) => ({ cell: 'lstm', layers: 2, hidden: 128, vocabSize: 90, step: 4321, valBitsPerChar, resumable: true });
    assert.match(statusView({ kind: 'idle' }, { hasModel: true, summary: summary(3.4) }).tooltip, /not ready: suggestions are mostly noise/);
    assert.match(statusView({ kind: 'idle' }, { hasModel: true, summary: summary(1.8) }).tooltip, /ready to suggest/);
    assert.match(statusView({ kind: 'finished', reason: 'budget', step: 9, lastEval: { ...evaluation, valBitsPerChar: 2.4 } }, { hasModel: true }).tooltip, /rough suggestions/);
  });

  it('is ready when a model is saved, with its details once known', () => {
    const unknown = statusView({ kind: 'idle' }, { hasModel: true });
    assert.equal(unknown.phase, 'ready');
    assert.match(unknown.tooltip, /details load on first use/);
    const known = statusView({ kind: 'idle' }, { hasModel: true, summary: { cell: 'lstm', layers: 2, hidden: 128, vocabSize: 90, step: 4321, valBitsPerChar: 1.875, resumable: true } });
    assert.match(known.tooltip, /LSTM 2x128/);
    assert.match(known.tooltip, /step 4,321/);
    assert.match(known.tooltip, /1\.875 bits\/char/);
  });

  it('counts the files while reading', () => {
    const v = statusView({ kind: 'reading', done: 12, total: 40 }, { hasModel: false });
    assert.equal(v.phase, 'reading');
    assert.match(v.text, /reading 12\/40/);
  });

  it('shows the step and the loss in bits per character while training, details in the tooltip', () => {
    const v = statusView({ kind: 'training', stopping: false, run, last: step(1234, 2.5678), lastEval: evaluation, savedStep: 1000 }, { hasModel: true });
    assert.equal(v.phase, 'training');
    assert.match(v.text, /1,234/);
    assert.match(v.text, /2\.568 bits\/char/);
    assert.match(v.tooltip, /GRU 1x64 on 7 files/);
    assert.match(v.tooltip, /validation \| 2\.345 bits\/char at step 1,200/);
    assert.match(v.tooltip, /checkpoint \| step 1,000/);
    assert.match(v.tooltip, /1 min 15 s, about 9 min left/);
    assert.match(v.tooltip, /2\.345 bits\/char\*\* on held-out files: rough suggestions.*improve as training goes on/);
  });

  it('says when it is stopping, and when it is paused', () => {
    assert.equal(statusView({ kind: 'training', stopping: true, run }, { hasModel: true }).phase, 'stopping');
    const paused = statusView({ kind: 'finished', reason: 'stopped', step: 77, lastEval: evaluation }, { hasModel: true });
    assert.equal(paused.phase, 'paused');
    assert.match(paused.text, /paused at 77/);
    assert.match(paused.tooltip, /Resume Training/);
    assert.equal(statusView({ kind: 'finished', reason: 'budget', step: 77 }, { hasModel: true }).phase, 'ready');
  });

  it('falls back to idle when the finished run\'s model was deleted', () => {
    assert.equal(statusView({ kind: 'finished', reason: 'budget', step: 77 }, { hasModel: false }).phase, 'idle');
  });

  it('shows an error with the reason and the intact checkpoint, escaped for Markdown', () => {
    const v = statusView({ kind: 'failed', message: 'the worker ran out of memory [heap]', savedStep: 300 }, { hasModel: true });
    assert.equal(v.phase, 'error');
    assert.match(v.tooltip, /ran out of memory \\\[heap\\\]/);
    assert.match(v.tooltip, /step 300\) is intact/);
  });
});
