// An empty workspace (no file matches the include globs, or every match is skipped) ends with a
// clear message and loses nothing: no run starts, the state returns to idle, and a model already
// on disk stays as it was.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CharRnnApi } from '../../src/extension/extension';
import { CMD } from '../../src/extension/ids';
import { settingKey } from '../../src/extension/settingsSchema';
import type { RunOutcome } from '../../src/extension/training/state';
import { extensionApi, lastMessage, setSettings } from './extension-helpers';

describe('training on a workspace with nothing to read', function () {
  this.timeout(120_000);
  let api: CharRnnApi;
  const include = settingKey('corpus', 'include');

  before(async () => { api = await extensionApi(); });
  after(async () => { await setSettings({ [include]: undefined }, true); });

  async function modelBytes(): Promise<Uint8Array | undefined> {
    try { return await vscode.workspace.fs.readFile(api.services.model.file); } catch { return undefined; }
  }

  it('says no files were found, starts no run and leaves the saved model untouched', async () => {
    const before = await modelBytes();
    await setSettings({ [include]: ['**/*.no-such-extension'] });
    const outcome = await vscode.commands.executeCommand<RunOutcome>(CMD.train, { silent: true });
    assert.equal(outcome.result, 'no-files');
    assert.match(lastMessage(api, 'warning') ?? '', /found no files to train on/);
    assert.equal(api.services.training.state.kind, 'idle');
    assert.equal(api.services.training.busy, false);
    assert.deepEqual(await modelBytes(), before);
  });
});
