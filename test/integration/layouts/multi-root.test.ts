// A workspace of two folders (a .code-workspace naming them alpha and beta, each a copy of the
// fixture): the corpus reads the sources of both, each path named by its folder as the explorer
// names it, and a run trains on all of them and saves its model.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_CORPUS } from '../../../src/core/config';
import type { CharRnnApi } from '../../../src/extension/extension';
import { CMD } from '../../../src/extension/ids';
import type { RunInfo } from '../../../src/extension/training/protocol';
import type { RunOutcome } from '../../../src/extension/training/state';
import { readWorkspaceCorpus } from '../../../src/extension/workspaceCorpus';
import { extensionApi, setSettings, SMALL_SETTINGS } from '../extension-helpers';

describe('a workspace of two folders', function () {
  this.timeout(180_000);
  let api: CharRnnApi;

  before(async () => {
    api = await extensionApi();
    await setSettings(SMALL_SETTINGS);
  });
  after(async () => {
    await vscode.commands.executeCommand(CMD.stop, { silent: true });
    await setSettings(SMALL_SETTINGS, true);
  });

  it('is the window the harness opened: alpha and beta from a workspace file', () => {
    assert.deepEqual(vscode.workspace.workspaceFolders?.map((f) => f.name), ['alpha', 'beta']);
    assert.match(vscode.workspace.workspaceFile?.path ?? '', /\.code-workspace$/);
  });

  it('reads the sources of both folders, each path under its folder\'s name', async () => {
    const corpus = await readWorkspaceCorpus(DEFAULT_CORPUS, new vscode.CancellationTokenSource().token);
    const paths = corpus.files.map((f) => f.path);
    // the folders are copies of one fixture: the same relative paths under each name
    const alpha = paths.filter((p) => p.startsWith('alpha/')).map((p) => p.slice('alpha/'.length));
    const beta = paths.filter((p) => p.startsWith('beta/')).map((p) => p.slice('beta/'.length));
    assert.ok(alpha.includes('src/strings.ts') && alpha.includes('README.md'), alpha.join(', '));
    assert.deepEqual(beta, alpha);
    assert.equal(alpha.length + beta.length, paths.length, `a path outside both folders: ${paths.join(', ')}`);
  });

  it('trains on the files of both folders and saves the model', async () => {
    const runs: RunInfo[] = [];
    const sub = api.services.training.onDidStartRun((r) => runs.push(r));
    try {
      const outcome = await vscode.commands.executeCommand<RunOutcome>(CMD.train, { silent: true, steps: 20 });
      assert.deepEqual({ result: outcome.result, step: 'step' in outcome ? outcome.step : -1 }, { result: 'finished', step: 20 });
    } finally { sub.dispose(); }
    const sources = (await vscode.workspace.findFiles('**/*.{ts,js,py,md,json}')).length;
    assert.equal(runs.length, 1);
    assert.equal(runs[0].trainFiles + runs[0].valFiles.length, sources);
    assert.ok(runs[0].valFiles.every((p) => /^(alpha|beta)\//.test(p)), runs[0].valFiles.join(', '));
    assert.equal(api.services.model.hasModel, true);
    assert.ok((await vscode.workspace.fs.stat(api.services.model.file)).size > 0);
  });
});
