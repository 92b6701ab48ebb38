// The fixture folder in Restricted Mode, its .vscode/settings.json asking for a 4x1024 model,
// 1024-character windows, batch 512, a 24-hour budget, 100,000 characters of prime and
// 1,000-character suggestions; the user's own settings ask for 16 candidates and no time
// limit (scripts/test-integration.mjs). Every one of them is held to its default, a training
// run gets the default model, and a model larger than the defaults cannot be imported.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { encodeCheckpoint } from '../../../src/core/checkpoint';
import { DEFAULT_COMPLETION, DEFAULT_MODEL, DEFAULT_TRAIN } from '../../../src/core/config';
import { paramCount } from '../../../src/core/params';
import type { CharRnnApi } from '../../../src/extension/extension';
import { CMD } from '../../../src/extension/ids';
import type { RunInfo } from '../../../src/extension/training/protocol';
import type { RunOutcome } from '../../../src/extension/training/state';
import { extensionApi } from '../extension-helpers';

describe('Restricted Mode', function () {
  this.timeout(300_000);
  let api: CharRnnApi;
  const scratch = mkdtempSync(join(tmpdir(), 'char-rnn-restricted-'));

  before(async () => { api = await extensionApi(); });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('is the window the harness opened: a folder that is not trusted, whose settings VS Code does not apply', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const asked = JSON.parse(readFileSync(join(folder, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(asked['charRnn.model.hidden'], 1024);
    // the manifest's restrictedConfigurations at work: the folder's value is not there at all
    const inspected = vscode.workspace.getConfiguration('charRnn').inspect<number>('model.hidden');
    assert.equal(inspected?.workspaceValue, undefined);
    assert.equal(inspected?.workspaceFolderValue, undefined);
  });

  it('holds every resource setting to its default, whether the folder or the user set it', () => {
    const s = api.services.settings.current;
    assert.equal(api.services.settings.restricted, true);
    assert.deepEqual({ layers: s.model.layers, hidden: s.model.hidden }, { layers: DEFAULT_MODEL.layers, hidden: DEFAULT_MODEL.hidden });
    assert.deepEqual({ seq: s.train.seq, batch: s.train.batch, minutes: s.train.minutes }, { seq: DEFAULT_TRAIN.seq, batch: DEFAULT_TRAIN.batch, minutes: DEFAULT_TRAIN.minutes });
    assert.deepEqual(
      { primeChars: s.completions.primeChars, maxChars: s.completions.maxChars, candidates: s.completions.candidates },
      { primeChars: DEFAULT_COMPLETION.primeChars, maxChars: DEFAULT_COMPLETION.maxChars, candidates: DEFAULT_COMPLETION.candidates },
    );
  });

  it('trains the default model at most, for the default time at most', async () => {
    const runs: RunInfo[] = [];
    const sub = api.services.training.onDidStartRun((r) => runs.push(r));
    try {
      const outcome = await vscode.commands.executeCommand<RunOutcome>(CMD.train, { silent: true, steps: 2 });
      assert.equal(outcome.result, 'finished');
    } finally {
      sub.dispose();
    }
    const [run] = runs;
    assert.deepEqual({ layers: run.model.layers, hidden: run.model.hidden, minutes: run.train.minutes }, { layers: 2, hidden: 256, minutes: 10 });
    assert.ok(run.seq <= 64 && run.batch <= 32, `window ${run.seq}, batch ${run.batch}`);
  });

  it('refuses to import a model larger than the defaults, saying why and how to lift it', async () => {
    const params = new Float32Array(paramCount({ cell: 'lstm', layers: 1, hidden: 512, vocabSize: 3 }));
    const file = join(scratch, 'wide.safetensors');
    writeFileSync(file, encodeCheckpoint({ cell: 'lstm', layers: 1, hidden: 512, vocab: ['', 'a', 'b'], params }));
    const r = await vscode.commands.executeCommand<{ imported: boolean; message: string }>(CMD.importModel, { uri: file, silent: true });
    assert.deepEqual(r, {
      imported: false,
      message: 'Char-RNN did not import wide.safetensors: it has 512 hidden units per layer; in Restricted Mode (trust this folder to lift it) the most is 256 (charRnn.model.hidden). The current model is kept.',
    });
  });
});
