// A benchmark, not a test of speed: the extension host's event-loop delay while a model trains
// in the worker, for the default model (2x256 LSTM, batch 32, window 64); for the same while
// inline completions run (the provider, whose worker makes the suggestions, asked again as soon
// as it answers and the debounce has passed, a character further each time, a new document every
// 40th request, which it primes cold; measured from the first answer on, once the completion
// worker has started); and for a small model that sends metrics at the full rate. The figures go
// to test-results/eventloop.json (printed by bench/eventloop.mjs); the test only checks that
// training (and completing) ran while the delay was measured, and runs only when the suite is
// filtered to it (node scripts/test-integration.mjs --grep event-loop).
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_MODEL, DEFAULT_TRAIN, type ModelConfig, type Precision, type TrainConfig } from '../../src/core/config';
import { CharRnnInlineProvider } from '../../src/extension/completion/provider';
import type { DelaySummary, Handling, Stalls } from '../../src/extension/commands/eventLoop';
import type { CharRnnApi } from '../../src/extension/extension';
import { CMD } from '../../src/extension/ids';
import { completionWorkerScript, extensionApi, extensionId, waitFor } from './extension-helpers';

const MEASURE_MS = 10_000;
const SETTLE_MS = 15_000;

const defaultModel = `default model (${DEFAULT_MODEL.cell} ${DEFAULT_MODEL.layers}x${DEFAULT_MODEL.hidden}, batch ${DEFAULT_TRAIN.batch}, window ${DEFAULT_TRAIN.seq})`;
const scenarios: { name: string; model: Partial<ModelConfig>; train: Partial<TrainConfig>; completing?: Precision }[] = [
  { name: defaultModel, model: DEFAULT_MODEL, train: DEFAULT_TRAIN },
  ...(['f32', 'int8'] as const).map((p) => ({ name: `${defaultModel}, completions running (${p} weights)`, model: DEFAULT_MODEL, train: DEFAULT_TRAIN, completing: p })),
  { name: 'small model (lstm 1x32, batch 4, window 16): metrics at the full rate', model: { cell: 'lstm', layers: 1, hidden: 32 }, train: { batch: 4, seq: 16, evalEvery: 200 } },
];

const kindOf = (api: CharRnnApi): string => api.services.training.state.kind;

interface Completing { requests: number; suggestions: number; cold: number; longestSliceMs: number; precision: string }

/** Asks a provider like the extension's (its settings but the precision, its model store) for
 *  inline completions one after another while `going`, the cursor a character further each time
 *  through a JavaScript document of some 6,000 characters, a new document every 40th request.
 *  The confidence gate is off: a model this young is sure of nothing, and every suggestion is
 *  written to its end (the most work a request can be). `ready` resolves once the first request
 *  has been answered: the completion worker started (once a window), the model sent to it. */
function completeWhile(api: CharRnnApi, precision: Precision, going: () => boolean): { ready: Promise<void>; done: Promise<Completing> } {
  let started!: () => void;
  const ready = new Promise<void>((resolve) => { started = resolve; });
  const done = (async () => {
    const provider = new CharRnnInlineProvider(() => ({ ...api.services.settings.current.completions, precision, minConfidence: 0 }), api.services.model, completionWorkerScript());
    const uris = await vscode.workspace.findFiles('**/*.{js,ts}');
    const source = (await Promise.all(uris.map(async (u) => new TextDecoder().decode(await vscode.workspace.fs.readFile(u))))).join('\n');
    const content = source.repeat(Math.ceil(6000 / source.length));
    const ctx = { triggerKind: vscode.InlineCompletionTriggerKind.Automatic, selectedCompletionInfo: undefined };
    const r: Completing = { requests: 0, suggestions: 0, cold: 0, longestSliceMs: 0, precision };
    let doc: vscode.TextDocument | undefined;
    try {
      do {
        if (r.requests % 40 === 0) { doc = await vscode.workspace.openTextDocument({ language: 'javascript', content }); r.cold++; }
        const at = doc!.positionAt(3000 + (r.requests % 40) * 7);
        const items = await provider.provideInlineCompletionItems(doc!, at, ctx, new vscode.CancellationTokenSource().token);
        r.requests++;
        if (items?.length) r.suggestions++;
        started();
      } while (going());
      r.longestSliceMs = (await provider.worker.status())?.longestSliceMs ?? 0;
    } finally { provider.dispose(); started(); }
    return r;
  })();
  return { ready, done };
}
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
    type Measured = DelaySummary & { handling: Handling; stalls?: Stalls };
    const results: Record<string, Measured & { stepsDuringMeasurement: number; completing?: Completing }> = {};
    // let the workbench's own startup work (other extensions activating) pass first
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    for (const s of scenarios) {
      const run = vscode.commands.executeCommand(CMD.train, { silent: true, model: s.model, train: { ...s.train, steps: 0, minutes: 10 } });
      await waitFor('the first training step', () => stepOf(api) >= 1, 300_000);
      if (s.completing) await waitFor('weights published by the training', () => api.services.model.peekWeights(), 300_000);
      let measuring = true;
      const completing = s.completing ? completeWhile(api, s.completing, () => measuring) : undefined;
      await completing?.ready;
      const before = stepOf(api);
      const delay = await vscode.commands.executeCommand<Measured>(CMD.measureEventLoop, { ms: MEASURE_MS });
      const after = stepOf(api);
      measuring = false;
      const served = await completing?.done;
      if (served) assert.ok(served.suggestions > 0, `no suggestion in ${served.requests} requests`);
      assert.equal(kindOf(api), 'training', 'training ended during the measurement');
      await vscode.commands.executeCommand(CMD.stop, { silent: true });
      await run;
      assert.ok(delay.samples > 0, 'the histogram recorded nothing');
      assert.equal(kindOf(api), 'finished');
      results[s.name] = { ...delay, stepsDuringMeasurement: after - before, ...(served ? { completing: served } : {}) };
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
