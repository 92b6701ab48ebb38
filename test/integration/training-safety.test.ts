// What the editor says when training goes wrong or a file is hostile: a rolled-back step and a
// run that keeps diverging are reported, the saved model survives both; an imported model
// larger than the settings allow and a saved run whose training state is broken are refused
// with the reason, and nothing runs.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/core/checkpoint';
import { paramCount } from '../../src/core/params';
import type { CharRnnApi } from '../../src/extension/extension';
import { CMD } from '../../src/extension/ids';
import type { RunOutcome } from '../../src/extension/training/state';
import { extensionApi, lastMessage, setSettings, SMALL_SETTINGS } from './extension-helpers';

describe('training safety in the editor', function () {
  this.timeout(300_000);
  let api: CharRnnApi;
  const scratch = mkdtempSync(join(tmpdir(), 'char-rnn-safety-'));

  before(async () => {
    api = await extensionApi();
    await setSettings(SMALL_SETTINGS);
  });

  after(async () => {
    await setSettings(SMALL_SETTINGS, true);
    rmSync(scratch, { recursive: true, force: true });
  });

  const saved = async () => vscode.workspace.fs.readFile(api.services.model.file);
  const warnings = () => api.services.notifier.recent.filter((m) => m.level === 'warning').map((m) => m.text);

  it('says so when a step diverged and was rolled back, and trains on to its budget', async () => {
    const outcome = await vscode.commands.executeCommand<RunOutcome>(CMD.train, { silent: true, fault: { kind: 'nan', atStep: 5 } });
    assert.equal(outcome.result, 'finished');
    assert.ok(warnings().some((w) => /^Char-RNN: training diverged at step 6 \(the loss was NaN\); it went back to the last good weights and goes on\. A lower learning rate \(charRnn\.training\.learningRate\) may help\.$/.test(w)), warnings().join('\n'));
  });

  it('stops a run that keeps diverging with the reason, and saves its last good weights', async () => {
    const outcome = await vscode.commands.executeCommand<RunOutcome>(CMD.train, { silent: true, fault: { kind: 'diverge', atStep: 50 } });
    assert.equal(outcome.result, 'failed');
    assert.match(lastMessage(api, 'error') ?? '', /^Char-RNN: training diverged: 5 steps within 100 had a loss or gradient that was not finite .*; the last good weights \(step 49\) were saved\.$/);
    const ck = decodeCheckpoint(await saved());
    assert.ok(ck.params.every(Number.isFinite));
    assert.match(api.statusBar.text, /error/);
  });

  it('refuses to import a model larger than the settings allow, and keeps the current one', async () => {
    const before = await saved();
    const params = new Float32Array(paramCount({ cell: 'rnn', layers: 1, hidden: 1100, vocabSize: 3 }));
    const file = join(scratch, 'huge.safetensors');
    writeFileSync(file, encodeCheckpoint({ cell: 'rnn', layers: 1, hidden: 1100, vocab: ['', 'a', 'b'], params }));
    const r = await vscode.commands.executeCommand<{ imported: boolean; message: string }>(CMD.importModel, { uri: file, silent: true });
    assert.deepEqual(r, { imported: false, message: 'Char-RNN did not import huge.safetensors: it has 1100 hidden units per layer; in these settings the most is 1024 (charRnn.model.hidden). The current model is kept.' });
    assert.deepEqual(await saved(), before);
  });

  it('refuses to import a FIFO at once, never waiting for a writer', async function () {
    if (process.platform === 'win32') this.skip();
    const fifo = join(scratch, 'pipe.safetensors');
    execFileSync('mkfifo', [fifo]);
    const r = await vscode.commands.executeCommand<{ imported: boolean; message: string }>(CMD.importModel, { uri: fifo, silent: true });
    assert.deepEqual(r, { imported: false, message: 'Char-RNN did not import pipe.safetensors: cannot read it: not a regular file (a device, pipe or socket). The current model is kept.' });
  });

  it('refuses to resume a saved run whose training state is broken, in words, and starts nothing', async () => {
    const ck = decodeCheckpoint(await saved());
    const run = JSON.parse(ck.meta!.train);
    const file = join(scratch, 'broken.safetensors');
    writeFileSync(file, encodeCheckpoint({ ...ck, meta: { ...ck.meta, train: JSON.stringify({ ...run, step: 'twelve' }) } }));
    const imported = await vscode.commands.executeCommand<{ imported: boolean }>(CMD.importModel, { uri: file, silent: true });
    assert.equal(imported.imported, true);
    const outcome = await vscode.commands.executeCommand<RunOutcome>(CMD.resume, { silent: true });
    assert.equal(outcome.result, 'failed');
    assert.equal(lastMessage(api, 'error'), 'Char-RNN cannot resume the saved model: the training state is invalid: step is "twelve", expected a whole number of at least 0. Train Model on Workspace starts a new run.');
    assert.equal(api.services.training.busy, false);
  });
});
