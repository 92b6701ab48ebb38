// Training through the commands in a real VS Code, on the fixture workspace: metrics stream,
// a checkpoint is written; stop and resume at any moment; a worker that runs out of memory is
// reported and leaves the last checkpoint intact; sampling and evaluation use the model.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { decodeCheckpoint } from '../../src/core/checkpoint';
import type { EvalMetrics, StepMetrics } from '../../src/core/metrics';
import type { CharRnnApi } from '../../src/extension/extension';
import { CMD } from '../../src/extension/ids';
import { readSavedRun } from '../../src/extension/model/summary';
import type { RunInfo } from '../../src/extension/training/protocol';
import type { RunOutcome } from '../../src/extension/training/state';
import { extensionApi, lastMessage, setSettings, SMALL_SETTINGS, waitFor } from './extension-helpers';

const stepOf = (api: CharRnnApi) => {
  const s = api.services.training.state;
  return s.kind === 'training' ? s.last?.step ?? 0 : 0;
};

describe('training on the workspace', function () {
  this.timeout(300_000);
  let api: CharRnnApi;
  const batches: (StepMetrics | EvalMetrics)[][] = [];
  const runs: RunInfo[] = [];
  const subs: vscode.Disposable[] = [];

  before(async () => {
    api = await extensionApi();
    await setSettings(SMALL_SETTINGS);
    subs.push(api.services.training.onDidMetrics((b) => batches.push([...b])), api.services.training.onDidStartRun((r) => runs.push(r)));
  });

  after(async () => {
    await vscode.commands.executeCommand(CMD.stop, { silent: true });
    subs.forEach((s) => s.dispose());
    await setSettings(SMALL_SETTINGS, true);
  });

  async function savedStep(): Promise<number | undefined> {
    return readSavedRun(decodeCheckpoint(await vscode.workspace.fs.readFile(api.services.model.file)))?.step;
  }

  it('trains a small model through the command: metrics stream in batches and a checkpoint is written', async () => {
    batches.length = 0;
    const outcome = await vscode.commands.executeCommand<RunOutcome>(CMD.train, { silent: true });
    assert.deepEqual({ result: outcome.result, step: 'step' in outcome ? outcome.step : -1 }, { result: 'finished', step: 60 });
    const run = runs.at(-1)!;
    // the settings reached the trainer, and every fixture source file is in the corpus
    assert.deepEqual({ cell: run.model.cell, layers: run.model.layers, hidden: run.model.hidden, seq: run.seq, batch: run.batch }, { cell: 'lstm', layers: 1, hidden: 32, seq: 16, batch: 4 });
    const sources = await vscode.workspace.findFiles('**/*.{ts,js,py,md,json}');
    assert.equal(run.trainFiles + run.valFiles.length, sources.length);
    const items = batches.flat();
    assert.deepEqual(items.filter((m) => m.kind === 'step').map((m) => m.step), Array.from({ length: 60 }, (_, i) => i + 1));
    assert.deepEqual(items.filter((m) => m.kind === 'eval').map((m) => m.step), [20, 40, 60]);
    assert.ok(batches.length < 60, `${batches.length} metrics messages for 60 steps: they are not batched`);
    assert.equal(await savedStep(), 60);
    assert.equal(api.services.model.hasModel, true);
    assert.doesNotMatch(api.statusBar.text, /spin/);
  });

  it('stops at any moment, and resumes from the checkpoint it wrote', async () => {
    const first = vscode.commands.executeCommand<RunOutcome>(CMD.train, { silent: true, steps: 1_000_000 });
    await waitFor('training steps', () => stepOf(api) >= 10);
    assert.match(api.statusBar.text, /sync~spin\) Char-RNN [\d,]+ · [\d.]+ bits\/char/);
    const stopped = await vscode.commands.executeCommand<RunOutcome>(CMD.stop, { silent: true });
    assert.equal((await first).result, 'stopped');
    assert.ok(stopped && 'step' in stopped && stopped.step >= 10);
    assert.equal(await savedStep(), stopped.step);
    assert.match(api.statusBar.text, /paused at/);

    const resumed = vscode.commands.executeCommand<RunOutcome>(CMD.resume, { silent: true });
    await waitFor('the resumed run', () => stepOf(api) >= stopped.step + 5);
    assert.deepEqual({ resumed: runs.at(-1)!.resumed, startStep: runs.at(-1)!.startStep }, { resumed: true, startStep: stopped.step });
    await vscode.commands.executeCommand(CMD.stop, { silent: true });
    const end = await resumed;
    assert.ok(end.result === 'stopped' && end.step > stopped.step);
  });

  it('reports a worker that ran out of memory, and the last checkpoint is intact', async () => {
    const outcome = await vscode.commands.executeCommand<RunOutcome>(CMD.train, {
      silent: true, steps: 1_000_000, heapMb: 64, timing: { checkpointMs: 0, sliceMs: 0 }, fault: { kind: 'oom', atStep: 30 },
    });
    assert.equal(outcome.result, 'failed');
    assert.ok(outcome.result === 'failed' && outcome.savedStep !== undefined);
    assert.match(lastMessage(api, 'error') ?? '', new RegExp(`Training stopped: the worker ran out of memory; the last checkpoint \\(step ${outcome.savedStep}\\) is intact`));
    const step = await savedStep();
    assert.equal(step, outcome.savedStep);
    assert.ok(step! > 0 && step! <= 30);
    assert.match(api.statusBar.text, /error/);
    // the extension is still fine: the model samples, and training starts again
    assert.ok(await vscode.commands.executeCommand<string>(CMD.sample, { prime: 'return ', temperature: 1, length: 10, silent: true }));
  });

  it('samples text and evaluates on the held-out files', async () => {
    const outcome = await vscode.commands.executeCommand<RunOutcome>(CMD.train, { silent: true });
    assert.equal(outcome.result, 'finished');
    const text = await vscode.commands.executeCommand<string>(CMD.sample, { prime: 'function ', temperature: 0.5, length: 100, seed: 1, silent: true });
    assert.equal([...text].length, 100);
    const r = await vscode.commands.executeCommand<{ bitsPerChar: number; perplexity: number; files: number; heldOut: boolean }>(CMD.evaluate, { silent: true });
    assert.equal(r.heldOut, true);
    assert.equal(r.files, runs.at(-1)!.valFiles.length);
    assert.ok(r.bitsPerChar > 0 && r.bitsPerChar < 8, `${r.bitsPerChar} bits/char`);
    assert.match(lastMessage(api, 'info') ?? '', /bits\/char \(perplexity [\d.]+\) on \d+ held-out files?, .*; the network alone: [\d.]+ bits\/char\./);
    // the memory saved with the model holds the training files, never the held-out ones: the figure is held out
    const ck = decodeCheckpoint(await vscode.workspace.fs.readFile(api.services.model.file));
    assert.ok(ck.mix && ck.mix.text.length > 0, 'the checkpoint carries the memory of the corpus');
    const memory = new TextDecoder().decode(ck.mix.text);
    for (const path of runs.at(-1)!.valFiles) {
      // a single-folder workspace names its files relative to the folder
      const held = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, path)));
      assert.ok(!memory.includes(held.slice(0, 200)), `${path} is not in the memory`);
    }
  });
});
