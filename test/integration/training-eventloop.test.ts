// A benchmark, not a test of speed: the extension host's event-loop delay while a model trains
// in the worker, for the default model (2x256 LSTM, batch 32, window 64) and for a small model
// that sends metrics at the full rate. The figures go to test-results/eventloop.json (printed by
// bench/eventloop.mjs); the test only checks that training ran while the delay was measured,
// and runs only when the suite is filtered to it (node scripts/test-integration.mjs --grep event-loop).
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_MODEL, DEFAULT_TRAIN, type ModelConfig, type TrainConfig } from '../../src/core/config';
import type { DelaySummary, Handling } from '../../src/extension/commands/eventLoop';
import type { CharRnnApi } from '../../src/extension/extension';
import { CMD } from '../../src/extension/ids';
import { extensionApi, extensionId, waitFor } from './extension-helpers';

const MEASURE_MS = 10_000;
const SETTLE_MS = 15_000;

const scenarios: { name: string; model: Partial<ModelConfig>; train: Partial<TrainConfig> }[] = [
  { name: `default model (${DEFAULT_MODEL.cell} ${DEFAULT_MODEL.layers}x${DEFAULT_MODEL.hidden}, batch ${DEFAULT_TRAIN.batch}, window ${DEFAULT_TRAIN.seq})`, model: DEFAULT_MODEL, train: DEFAULT_TRAIN },
  { name: 'small model (lstm 1x32, batch 4, window 16): metrics at the full rate', model: { cell: 'lstm', layers: 1, hidden: 32 }, train: { batch: 4, seq: 16, evalEvery: 200 } },
];

const kindOf = (api: CharRnnApi): string => api.services.training.state.kind;
const stepOf = (api: CharRnnApi) => {
  const s = api.services.training.state;
  return s.kind === 'training' ? s.last?.step ?? 0 : 0;
};

describe('event-loop benchmark', function () {
  this.timeout(600_000);

  it('measures the extension host event-loop delay while a model trains', async function () {
    // a minute of training that asserts nothing about speed: only when asked for by name
    if (!/event-loop/.test(process.env.CHAR_RNN_TEST_GREP ?? '')) this.skip();
    const api = await extensionApi();
    type Measured = DelaySummary & { handling: Handling };
    const results: Record<string, Measured & { stepsDuringMeasurement: number }> = {};
    // let the workbench's own startup work (other extensions activating) pass first
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    for (const s of scenarios) {
      const run = vscode.commands.executeCommand(CMD.train, { silent: true, model: s.model, train: { ...s.train, steps: 0, minutes: 10 } });
      await waitFor('the first training step', () => stepOf(api) >= 1, 300_000);
      const before = stepOf(api);
      const delay = await vscode.commands.executeCommand<Measured>(CMD.measureEventLoop, { ms: MEASURE_MS });
      const after = stepOf(api);
      assert.equal(kindOf(api), 'training', 'training ended during the measurement');
      await vscode.commands.executeCommand(CMD.stop, { silent: true });
      await run;
      assert.ok(delay.samples > 0, 'the histogram recorded nothing');
      assert.equal(kindOf(api), 'finished');
      results[s.name] = { ...delay, stepsDuringMeasurement: after - before };
    }
    // the same host with nothing training, for comparison (after the runs: startup work is over)
    const idle = await vscode.commands.executeCommand<Measured>(CMD.measureEventLoop, { ms: MEASURE_MS });
    results['no training'] = { ...idle, stepsDuringMeasurement: 0 };
    const dir = join(vscode.extensions.getExtension(extensionId)!.extensionPath, 'test-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'eventloop.json'), JSON.stringify({ measuredMs: MEASURE_MS, vscode: vscode.version, results }, null, 2));
    await vscode.commands.executeCommand(CMD.deleteModel, { silent: true });
  });
});
