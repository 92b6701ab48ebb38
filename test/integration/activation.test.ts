// The harness itself: the suite runs inside a real VS Code, next to the extension under
// development, with a writable copy of the fixture workspace open.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import pkg from '../../package.json';

const extensionId = `${pkg.publisher}.${pkg.name}`;

describe('the integration harness', () => {
  it('runs inside a VS Code extension host', () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    assert.equal(typeof vscode.commands.executeCommand, 'function');
  });

  it('loads the extension under development by its id', async () => {
    assert.ok(vscode.extensions.all.some((e) => e.id === extensionId), `${extensionId} is not among the installed extensions`);
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('opens the fixture workspace, and tests may write into it', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open');
    const sources = await vscode.workspace.findFiles('**/*.{ts,js,py}');
    assert.ok(sources.length >= 3, `expected the fixture's source files, found ${sources.length}`);
    const scratch = vscode.Uri.joinPath(folder.uri, 'scratch.txt');
    await vscode.workspace.fs.writeFile(scratch, new TextEncoder().encode('written by a test'));
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(scratch)), 'written by a test');
    await vscode.workspace.fs.delete(scratch);
  });
});
