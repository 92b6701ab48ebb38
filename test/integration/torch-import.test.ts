// The road to PyTorch and back, in a real VS Code: the workspace exported with `char-rnn
// export-corpus`, trained by two gloo processes of python/char_rnn_torch, the checkpoint
// evaluated by the CLI, then imported with Import Model, evaluated on the same held-out file and
// sampled by the extension.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CMD } from '../../src/extension/ids';
import { jsonLines, runPython, torchMissing, torchrunArgs, type Ran } from '../torch-helpers';
import { extensionApi, extensionId } from './extension-helpers';

/** `node dist/cli.js args`, on the Node that runs this extension host */
function charRnn(repo: string, args: string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repo, 'dist', 'cli.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('a model trained with PyTorch\'s DistributedDataParallel', function () {
  this.timeout(300_000);
  const missing = torchMissing();
  if (missing) {
    if (process.env.CI) it('finds PyTorch, which .ci/run installs', () => assert.fail(missing));
    else it(`needs PyTorch: ${missing}`);
    return;
  }
  let scratch = '';
  before(() => { scratch = mkdtempSync(join(tmpdir(), 'char-rnn-torch-import-')); });
  after(async () => {
    await vscode.commands.executeCommand(CMD.deleteModel, { silent: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('is evaluated by the CLI, imported by Import Model, and evaluates and samples in the editor', async () => {
    const api = await extensionApi();
    const repo = vscode.extensions.getExtension(extensionId)!.extensionPath;
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const corpus = join(scratch, 'corpus'), model = join(scratch, 'model.safetensors');
    const exported = await charRnn(repo, ['export-corpus', folder, '--out', corpus, '--cell', 'gru', '--layers', '1', '--hidden', '32',
      '--seq', '16', '--batch', '4', '--steps', '6', '--eval-every', '3', '--val-frac', '0.2']);
    assert.equal(exported.code, 0, exported.err);
    const trained = await runPython(repo, await torchrunArgs(2, [corpus, '--out', model, '--json']));
    assert.equal(trained.code, 0, trained.err.slice(-2000));
    const lines = jsonLines(trained.out);
    assert.deepEqual(lines.filter((l) => l.kind === 'eval').map((l) => l.step), [3, 6]);
    assert.equal(lines.at(-1)!.processes, 2);

    const cli = await charRnn(repo, ['eval', '--ckpt', model, join(corpus, 'heldout'), '--network-only', '--json']);
    assert.equal(cli.code, 0, cli.err);
    const torchEval = await runPython(repo, ['-m', 'char_rnn_torch.evaluate', corpus, '--ckpt', model, '--json']);
    assert.equal(torchEval.code, 0, torchEval.err);
    const [c, p] = [JSON.parse(cli.out), JSON.parse(torchEval.out)];
    assert.equal(c.chars, p.chars);
    assert.ok(rel(c.bitsPerChar, p.bitsPerChar) < 1e-4, `char-rnn eval ${c.bitsPerChar} vs PyTorch ${p.bitsPerChar}`);

    const imported = await vscode.commands.executeCommand<{ imported: boolean; message: string }>(CMD.importModel, { uri: vscode.Uri.file(model), silent: true });
    assert.equal(imported.imported, true, imported.message);
    assert.match(imported.message, /GRU 1x32, vocabulary \d+, step 6/);
    assert.equal(api.services.model.hasModel, true);
    // the held-out files named in the checkpoint are the workspace's own paths
    const r = await vscode.commands.executeCommand<{ bitsPerChar: number; networkBitsPerChar: number; chars: number; heldOut: boolean }>(CMD.evaluate, { silent: true });
    assert.equal(r.heldOut, true);
    assert.equal(r.chars, p.chars);
    assert.ok(rel(r.networkBitsPerChar, p.bitsPerChar) < 1e-4, `extension ${r.networkBitsPerChar} vs PyTorch ${p.bitsPerChar}`);
    assert.ok(r.bitsPerChar > 0, `the mixture's figure ${r.bitsPerChar}`);
    const text = await vscode.commands.executeCommand<string>(CMD.sample, { prime: 'function ', temperature: 0.5, length: 20, silent: true });
    assert.ok(typeof text === 'string' && text.length > 0, `sample gave ${JSON.stringify(text)}`);
  });
});
