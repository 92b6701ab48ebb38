// The corpus as the extension reads it from a real workspace: the include globs minus
// .gitignore, files.exclude, the exclude setting and the engine's skip rules, each skipped
// file with its reason; and the log lists the files once while they stay the same.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_CORPUS } from '../../src/core/config';
import { gatherCorpus, readWorkspaceCorpus } from '../../src/extension/workspaceCorpus';
import { fakeSecrets, plantedConfig, plantedKeyFile, secretStrings } from '../unit/secretFixtures';

describe('the workspace corpus', function () {
  this.timeout(60_000);
  const created: vscode.Uri[] = [];
  let root: vscode.Uri;

  async function write(rel: string, text: string): Promise<void> {
    const uri = vscode.Uri.joinPath(root, rel);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    created.push(uri);
  }

  before(async () => {
    root = vscode.workspace.workspaceFolders![0].uri;
    await write('.gitignore', 'generated/\n*.log.js\n');
    await write('generated/out.ts', 'export const generated = 1;\n');
    await write('debug.log.js', 'console.log(1);\n');
    await write('node_modules/pkg/index.js', 'module.exports = 1;\n');
    await write('secrets.json', '{ "token": "x" }\n');
    await write('package-lock.json', '{}\n');
    await write('bundle.min.js', `var a=${'1+'.repeat(1200)}1;\n`);
    await write('big.ts', `${'// a long file\n'.repeat(400)}`);
    await write('skipme/a.ts', 'export const a = 1;\n');
    await write('hidden/h.ts', 'export const h = 1;\n');
    await vscode.workspace.getConfiguration('files').update('exclude', { '**/hidden': true }, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('files').update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    for (const dir of ['generated', 'node_modules', 'skipme', 'hidden']) await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, dir), { recursive: true });
    for (const uri of created.filter((u) => !/\/(generated|node_modules|skipme|hidden)\//.test(u.path))) await vscode.workspace.fs.delete(uri);
  });

  it('keeps the sources and says why it skipped each other file', async () => {
    const cfg = { ...DEFAULT_CORPUS, exclude: ['skipme/**'], maxFileBytes: 4000 };
    const seen: [number, number][] = [];
    const corpus = await readWorkspaceCorpus(cfg, new vscode.CancellationTokenSource().token, (done, total) => seen.push([done, total]));
    const used = corpus.files.map((f) => f.path);
    for (const p of ['src/strings.ts', 'src/queue.js', 'scripts/stats.py', 'README.md']) assert.ok(used.includes(p), `${p} is not in the corpus: ${used.join(', ')}`);
    const why = Object.fromEntries(corpus.skipped.map((s) => [s.path, s.reason]));
    assert.match(why['generated/out.ts'] ?? '', /gitignore/);
    assert.match(why['debug.log.js'] ?? '', /gitignore/);
    assert.match(why['secrets.json'] ?? '', /secret/);
    assert.match(why['package-lock.json'] ?? '', /lock file/);
    assert.match(why['bundle.min.js'] ?? '', /minified/);
    assert.match(why['big.ts'] ?? '', /file size limit/);
    assert.match(why['skipme/a.ts'] ?? '', /exclude pattern \(charRnn\.training\.exclude\)/);
    // node_modules and files.exclude are left out before anything is read, so they are not listed
    for (const p of ['node_modules/pkg/index.js', 'hidden/h.ts']) assert.ok(!used.includes(p) && !(p in why), `${p} was found`);
    assert.equal(corpus.bytes, corpus.files.reduce((n, f) => n + new TextEncoder().encode(f.text).length, 0));
    const [done, total] = seen.at(-1)!;
    assert.equal(done, total);
    assert.ok(total >= used.length + 2, 'the progress did not count the files read');
  });

  it('redacts credentials, skips files that are mostly key, and reads no link leaving the folder and no FIFO', async function () {
    if (process.platform === 'win32') this.skip();
    const secrets = fakeSecrets(11), code = 'export const x = 1;\n'.repeat(60);
    writeFileSync(join(root.fsPath, 'src', 'config.ts'), plantedConfig(secrets) + code);
    writeFileSync(join(root.fsPath, 'src', 'sign.ts'), plantedKeyFile(secrets));
    const outside = mkdtempSync(join(tmpdir(), 'char-rnn-outside-'));
    writeFileSync(join(outside, 'id_rsa'), `-----BEGIN OPENSSH PRIVATE KEY-----\n${secrets.privateKeyBody}\n`);
    symlinkSync(join(outside, 'id_rsa'), join(root.fsPath, 'notes.md'));
    execFileSync('mkfifo', [join(root.fsPath, 'pipe.ts')]);
    try {
      const corpus = await readWorkspaceCorpus(DEFAULT_CORPUS, new vscode.CancellationTokenSource().token);
      const why = Object.fromEntries(corpus.skipped.map((s) => [s.path, s.reason]));
      assert.equal(why['notes.md'], 'a symbolic link to a file outside the folder');
      // the file search may not list a FIFO at all; if it does, it is refused, never read or waited on
      assert.ok(why['pipe.ts'] === undefined || why['pipe.ts'] === 'not a regular file (a device, pipe or socket)', why['pipe.ts']);
      assert.ok(!corpus.files.some((f) => f.path === 'pipe.ts'));
      assert.equal(why['src/sign.ts'], 'holds credentials: a private key (line 3)');
      assert.deepEqual(corpus.redacted.map((r) => [r.path, r.findings.length]), [['src/config.ts', 10]]);
      const all = corpus.files.map((f) => f.text).join('\n');
      for (const secret of secretStrings(secrets)) assert.ok(!all.includes(secret), `${secret.slice(0, 6)}... was read`);
    } finally {
      for (const f of ['notes.md', 'pipe.ts', 'src/config.ts', 'src/sign.ts']) rmSync(join(root.fsPath, f), { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('stops at the corpus size limit, and when cancelled', async () => {
    const limited = await readWorkspaceCorpus({ ...DEFAULT_CORPUS, maxCorpusBytes: 5000 }, new vscode.CancellationTokenSource().token);
    assert.ok(limited.bytes <= 5000);
    assert.ok(limited.skipped.some((s) => /corpus size limit/.test(s.reason)));
    const source = new vscode.CancellationTokenSource();
    source.cancel();
    const cancelled = await readWorkspaceCorpus(DEFAULT_CORPUS, source.token);
    assert.equal(cancelled.cancelled, true);
  });

  it('logs the files used and skipped once, and a second read of the same files in one line', async () => {
    const lines: string[] = [];
    const log = { info: (line: string) => lines.push(line) } as unknown as vscode.LogOutputChannel;
    const cfg = { ...DEFAULT_CORPUS, exclude: ['skipme/**'] };
    await gatherCorpus(cfg, log, { silent: true });
    const first = lines.splice(0);
    assert.ok(first.some((l) => l.startsWith('  using src/strings.ts (')), first.join('\n'));
    assert.ok(first.some((l) => l.startsWith('  skipped skipme/a.ts:')));
    await gatherCorpus(cfg, log, { silent: true });
    assert.ok(!lines.some((l) => /^ {2}(using|skipped) /.test(l)), lines.join('\n'));
    assert.ok(lines.includes('  the same files as last time (listed above)'), lines.join('\n'));
    assert.match(lines.at(-1)!, /^\d+ files \(\d+ bytes\) used, \d+ skipped$/);
    // a file more: the whole list again
    await write('extra.ts', 'export const extra = 1;\n');
    await gatherCorpus(cfg, log, { silent: true });
    assert.ok(lines.some((l) => l.startsWith('  using extra.ts')), lines.join('\n'));
  });
});
