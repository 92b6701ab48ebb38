// A window with no folder open: the extension activates all the same, and each command that
// needs the workspace's files says so (with the action that opens a folder) instead of failing;
// nothing starts and nothing is written.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CharRnnApi } from '../../../src/extension/extension';
import { CMD } from '../../../src/extension/ids';
import type { RunOutcome } from '../../../src/extension/training/state';
import { PANEL_STATE_COMMAND, type PanelState } from '../../../src/extension/panel';
import { extensionApi, lastMessage, waitFor } from '../extension-helpers';

describe('a window with no folder', function () {
  this.timeout(60_000);
  let api: CharRnnApi;

  before(async () => { api = await extensionApi(); });

  it('is the window the harness opened: no folder, no workspace file', () => {
    assert.equal(vscode.workspace.workspaceFolders, undefined);
    assert.equal(vscode.workspace.workspaceFile, undefined);
  });

  it('Train asks for a folder and starts no run', async () => {
    const outcome = await vscode.commands.executeCommand<RunOutcome>(CMD.train, { silent: true, steps: 5 });
    assert.equal(outcome.result, 'no-folder');
    assert.match(lastMessage(api, 'info') ?? '', /open a folder first/);
    assert.equal(api.services.training.state.kind, 'idle');
    assert.equal(api.services.training.busy, false);
  });

  it('Evaluate asks for a folder', async () => {
    const result = await vscode.commands.executeCommand(CMD.evaluate, { silent: true });
    assert.equal(result, undefined);
    assert.match(lastMessage(api, 'info') ?? '', /evaluates on the files of the open folder: open a folder first/);
  });

  it('opens the panel, which loads and lists no run', async () => {
    await vscode.commands.executeCommand(CMD.showPanel);
    const s = await waitFor('the panel to load', async () => {
      const st = await vscode.commands.executeCommand<PanelState | undefined>(PANEL_STATE_COMMAND);
      return st && st.readyCount >= 1 ? st : undefined;
    });
    assert.equal(s.visible, true);
    assert.equal(s.runs, 0);
    assert.equal(s.lastDraw?.cspViolations ?? 0, 0);
    assert.equal(api.services.model.hasModel, false);
  });
});
