// The extension in a real VS Code: its commands exist, activation reads no model, a corrupt
// checkpoint on disk is reported when first needed and breaks nothing, a sample opens in the
// code's language, and the model moves in and out through Export, Import and Delete.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { decodeCheckpoint } from '../../src/core/checkpoint';
import { CMD } from '../../src/extension/ids';
import { COMMANDS } from '../../src/extension/manifest';
import type { CharRnnApi } from '../../src/extension/extension';
import { extensionApi, lastMessage, setSettings, SMALL_SETTINGS } from './extension-helpers';

describe('the Char-RNN extension', function () {
  this.timeout(180_000);
  let api: CharRnnApi;
  let scratch: vscode.Uri;

  before(async () => {
    api = await extensionApi();
    await setSettings(SMALL_SETTINGS);
    scratch = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.scratch-models');
    await vscode.workspace.fs.createDirectory(scratch);
  });

  after(async () => {
    await setSettings(SMALL_SETTINGS, true);
    await vscode.workspace.fs.delete(scratch, { recursive: true });
  });

  it('registers every command of its manifest', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const c of COMMANDS) assert.ok(all.has(c.command), `${c.command} (${c.title}) is not registered`);
  });

  it('shows its state in the status bar', () => {
    assert.match(api.statusBar.text, /Char-RNN/);
  });

  it('reports a corrupt checkpoint when first needed, and keeps working', async () => {
    await vscode.commands.executeCommand(CMD.deleteModel, { silent: true });
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(api.services.model.file, '..'));
    await vscode.workspace.fs.writeFile(api.services.model.file, new TextEncoder().encode('this is not a safetensors file'));
    // what activation does with it (the status bar, the first-run walkthrough): a stat, not a read
    const errors = api.services.notifier.recent.filter((m) => m.level === 'error').length;
    assert.equal(await api.services.model.probe(), true);
    assert.equal(api.statusBar.text, '$(check) Char-RNN');
    assert.equal(api.services.model.summary, undefined, 'the probe loaded the model');
    assert.equal(api.services.notifier.recent.filter((m) => m.level === 'error').length, errors, 'the probe read the file');
    const text = await vscode.commands.executeCommand<string | undefined>(CMD.sample, { prime: 'x', temperature: 1, silent: true });
    assert.equal(text, undefined);
    assert.match(lastMessage(api, 'error') ?? '', /the saved model cannot be used \(model\.safetensors: .+\)/);
    // the corrupt file is left for the user to inspect, and a new model replaces it
    const outcome = await vscode.commands.executeCommand<{ result: string }>(CMD.train, { silent: true, steps: 10 });
    assert.equal(outcome.result, 'finished');
    assert.ok(await vscode.commands.executeCommand<string>(CMD.sample, { prime: 'function ', temperature: 0.5, length: 20, silent: true }));
  });

  it('opens a sample in the language of the file being edited, else in the workspace\'s', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'scripts', 'stats.py')));
    const opened = async (prime: string) => {
      await vscode.commands.executeCommand(CMD.sample, { prime, temperature: 0.5, length: 20 });
      const doc = vscode.window.activeTextEditor!.document;
      assert.ok(doc.isUntitled && doc.getText().startsWith(prime), `the active editor shows ${doc.uri.toString()}`);
      const language = doc.languageId;
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      return language;
    };
    assert.equal(await opened('def '), 'python');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // no editor: the language of most of the workspace's files (the fixture: TypeScript and JavaScript, two each)
    assert.match(await opened('function '), /^(typescript|javascript)$/);
  });

  it('exports the model, refuses a corrupt import keeping the current model, imports a valid one, and deletes it', async () => {
    const exported = vscode.Uri.joinPath(scratch, 'exported.safetensors');
    await vscode.commands.executeCommand(CMD.exportModel, { uri: exported, silent: true, memory: 'include' });
    const saved = await vscode.workspace.fs.readFile(api.services.model.file);
    assert.deepEqual(await vscode.workspace.fs.readFile(exported), saved);
    // the repository's text goes only when asked for: by default the weights alone
    assert.ok(decodeCheckpoint(saved).mix, 'the saved model remembers the repository');
    const weightsOnly = vscode.Uri.joinPath(scratch, 'weights-only.safetensors');
    await vscode.commands.executeCommand(CMD.exportModel, { uri: weightsOnly, silent: true });
    const light = decodeCheckpoint(await vscode.workspace.fs.readFile(weightsOnly));
    assert.equal(light.mix, undefined);
    assert.deepEqual(light.params, decodeCheckpoint(saved).params);

    const corrupt = vscode.Uri.joinPath(scratch, 'corrupt.safetensors');
    await vscode.workspace.fs.writeFile(corrupt, saved.slice(0, saved.length - 100));
    const refused = await vscode.commands.executeCommand<{ imported: boolean; message: string }>(CMD.importModel, { uri: corrupt, silent: true });
    assert.equal(refused.imported, false);
    assert.match(refused.message, /did not import corrupt\.safetensors: .+\. The current model is kept\./);
    assert.deepEqual(await vscode.workspace.fs.readFile(api.services.model.file), saved);

    const imported = await vscode.commands.executeCommand<{ imported: boolean; message: string }>(CMD.importModel, { uri: exported, silent: true });
    assert.equal(imported.imported, true, imported.message);
    assert.match(imported.message, /LSTM 1x32/);

    assert.equal(await vscode.commands.executeCommand(CMD.deleteModel, { silent: true }), true);
    assert.equal(api.services.model.hasModel, false);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(api.services.model.file)));
    assert.equal(api.statusBar.text, '$(play) Char-RNN: Train');
  });
});
