import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  decodeSource, describeSkip, IgnoreRules, readCorpus, skipByPath, type SkipReason,
} from '../../src/core/corpus';
import { readRegularFile } from '../../src/core/safeRead';
import { fakeSecrets, plantedConfig, plantedKeyFile, secretStrings } from './secretFixtures';

/** Creates files (string or bytes) under a fresh temporary directory. */
async function tree(files: Record<string, string | Uint8Array>): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'corpus-'));
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), content);
  }
  return root;
}

const bytes = (s: string) => new TextEncoder().encode(s);
const byPath = <T extends { path: string }>(xs: T[]) => [...xs].sort((a, b) => (a.path < b.path ? -1 : 1));

describe('corpus', () => {
  const roots: string[] = [];
  after(async () => { for (const r of roots) await fs.rm(r, { recursive: true, force: true }); });
  const make = async (files: Record<string, string | Uint8Array>) => {
    const r = await tree(files);
    roots.push(r);
    return r;
  };

  it('keeps source files and skips each kind of unwanted file with its reason', async () => {
    const root = await make({
      'a.ts': 'export const a = 1;\n',
      'README.md': '# title\n\ntext\n',
      'blob.c': new Uint8Array([105, 110, 116, 0, 1, 2, 10]),
      'latin1.py': new Uint8Array([0x23, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0a]), // "# caf\xe9" in Latin-1
      'min.js': 'var a=1;'.repeat(640),
      'wide.js': ('x'.repeat(500) + '\n').repeat(10),
      'big.ts': 'let x = 1;\n'.repeat(200_000),
      'empty.ts': '',
      'blank.py': '\n  \n',
      'package-lock.json': '{"lockfileVersion": 3}\n',
      '.env': 'TOKEN=abc\n',
      'id_rsa': '-----BEGIN OPENSSH PRIVATE KEY-----\n',
      'config/credentials.json': '{"key": "abc"}\n',
      'notes.txt': 'not a source extension\n',
      '.gitignore': 'dist/\n*.gen.ts\n',
      'dist/out.js': 'compiled();\n',
      'x.gen.ts': 'generated();\n',
      'sub/.gitignore': 'local.ts\n!keep.gen.ts\n',
      'sub/local.ts': 'mine();\n',
      'sub/keep.gen.ts': 'kept();\n',
      'sub/b.ts': 'b();\n',
      'other/local.ts': 'theirs();\n',
      'node_modules/pkg/index.js': 'module.exports = 1;\n',
      '.git/HEAD': 'ref: refs/heads/main\n',
    });
    const { files, skipped } = await readCorpus([root]);
    assert.deepEqual(files.map((f) => f.path), ['README.md', 'a.ts', 'other/local.ts', 'sub/b.ts', 'sub/keep.gen.ts']);
    assert.equal(files[1].text, 'export const a = 1;\n');
    const expected: [string, SkipReason][] = [
      ['.env', 'secret'], ['.git/', 'ignored'], ['big.ts', 'too-large'], ['blank.py', 'empty'],
      ['blob.c', 'binary'], ['config/credentials.json', 'secret'], ['dist/', 'ignored'], ['empty.ts', 'empty'],
      ['id_rsa', 'secret'], ['latin1.py', 'invalid-utf8'], ['min.js', 'minified'], ['node_modules/', 'ignored'],
      ['package-lock.json', 'lock-file'], ['sub/local.ts', 'ignored'], ['wide.js', 'minified'], ['x.gen.ts', 'ignored'],
    ];
    assert.deepEqual(byPath(skipped).map((s) => [s.path, s.reason]), expected);
  });

  it('honours the .gitignore files of the enclosing git work tree when walking a subdirectory', async () => {
    const repo = await make({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': '*.skip.ts\nsrc/gen/\n',
      'src/a.ts': 'a();\n',
      'src/b.skip.ts': 'b();\n',
      'src/gen/c.ts': 'c();\n',
    });
    const { files, skipped } = await readCorpus([path.join(repo, 'src')]);
    assert.deepEqual(files.map((f) => f.path), ['a.ts']);
    assert.deepEqual(byPath(skipped), [{ path: 'b.skip.ts', reason: 'ignored' }, { path: 'gen/', reason: 'ignored' }]);
  });

  it('orders files by path whatever the creation order, and applies include patterns', async () => {
    const root = await make({ 'z.py': 'z = 1\n', 'b/a.py': 'a = 1\n', 'a.ts': 'a;\n', 'b-c.py': 'c = 1\n' });
    const all = await readCorpus([root]);
    assert.deepEqual(all.files.map((f) => f.path), ['a.ts', 'b-c.py', 'b/a.py', 'z.py']);
    const py = await readCorpus([root], { include: ['*.py'] });
    assert.deepEqual(py.files.map((f) => f.path), ['b-c.py', 'b/a.py', 'z.py']);
    const nested = await readCorpus([root], { include: ['b/**/*.py', '.ts'] });
    assert.deepEqual(nested.files.map((f) => f.path), ['a.ts', 'b/a.py']);
    const excluded = await readCorpus([root], { exclude: ['b/**', 'a.*'] });
    assert.deepEqual(excluded.files.map((f) => f.path), ['b-c.py', 'z.py']);
    assert.deepEqual(byPath(excluded.skipped), [{ path: 'a.ts', reason: 'excluded' }, { path: 'b/a.py', reason: 'excluded' }]);
  });

  it('stops adding files once the corpus size limit is reached', async () => {
    const line = 'x = 1\n'.repeat(10); // 60 bytes
    const root = await make({ 'a.py': line, 'b.py': line, 'c.py': line, 'd.py': 'y\n' });
    const { files, skipped } = await readCorpus([root], { maxCorpusBytes: 150 });
    assert.deepEqual(files.map((f) => f.path), ['a.py', 'b.py']);
    assert.deepEqual(skipped, [{ path: 'c.py', reason: 'corpus-limit' }, { path: 'd.py', reason: 'corpus-limit' }]);
  });

  it('takes a file given by name whatever its extension, but never a secret one', async () => {
    const root = await make({ 'notes.txt': 'hello\n', '.env': 'A=1\n', 'tool': '#!/bin/sh\necho hi\n' });
    const given = [path.join(root, 'notes.txt'), path.join(root, '.env'), path.join(root, 'tool'), path.join(root, 'notes.txt')];
    const { files, skipped } = await readCorpus(given);
    assert.deepEqual(files, [{ path: given[0], text: 'hello\n' }, { path: given[2], text: '#!/bin/sh\necho hi\n' }]);
    assert.deepEqual(skipped, [{ path: given[1], reason: 'secret' }]);
  });

  it('follows a symbolic link to a file inside the folder, never to one outside it, and reads no FIFO or device', async function () {
    if (process.platform === 'win32') this.skip(); // no FIFOs, and links need privileges there
    const outside = await make({ 'id_rsa': 'ssh key\n', 'notes.md': '# notes\n' });
    const root = await make({ 'a.ts': 'a();\n', 'docs/real.md': '# real\n' });
    await fs.symlink(path.join(outside, 'notes.md'), path.join(root, 'notes.md'));
    await fs.symlink(path.join(outside, 'id_rsa'), path.join(root, 'key.md'));
    await fs.symlink(path.join(root, 'docs', 'real.md'), path.join(root, 'alias.md'));
    execFileSync('mkfifo', [path.join(root, 'pipe.ts')]);
    const { files, skipped } = await readCorpus([root]);
    assert.deepEqual(files.map((f) => f.path), ['a.ts', 'alias.md', 'docs/real.md']);
    assert.deepEqual(byPath(skipped), [
      { path: 'key.md', reason: 'outside' }, { path: 'notes.md', reason: 'outside' }, { path: 'pipe.ts', reason: 'not-regular' },
    ]);
    // named on the command line: a FIFO is refused at once, a link is judged by its target's name too
    const named = await readCorpus([path.join(root, 'pipe.ts'), path.join(root, 'key.md'), path.join(root, 'notes.md')]);
    assert.deepEqual(named.skipped.map((s) => s.reason), ['not-regular', 'secret']);
    assert.deepEqual(named.files.map((f) => f.text), ['# notes\n']);
  });

  it('redacts credentials in source files and skips files that are mostly credentials, saying which and where', async () => {
    const s = fakeSecrets(3), code = 'export const x = 1;\n'.repeat(60);
    const root = await make({ 'src/config.ts': plantedConfig(s) + code, 'src/key.ts': plantedKeyFile(s), 'src/plain.ts': code });
    const { files, skipped, redacted } = await readCorpus([root]);
    assert.deepEqual(files.map((f) => f.path), ['src/config.ts', 'src/plain.ts']);
    assert.deepEqual(skipped, [{ path: 'src/key.ts', reason: 'holds-secret', detail: 'a private key (line 3)' }]);
    assert.deepEqual(redacted.map((r) => [r.path, r.findings.length]), [['src/config.ts', 10]]);
    for (const secret of secretStrings(s)) assert.ok(!files[0].text.includes(secret));
    assert.equal(files[0].text.length, (plantedConfig(s) + code).length);
  });

  it('refuses a path that does not exist, naming it', async () => {
    const missing = path.join(os.tmpdir(), 'no-such-corpus-dir-x');
    await assert.rejects(readCorpus([missing]), new RegExp(`no such file or directory: ${missing.replace(/[\\.]/g, '\\$&')}`));
  });

  it('refuses nonsensical limits', async () => {
    await assert.rejects(readCorpus([os.tmpdir()], { maxFileBytes: 0 }), /maxFileBytes must be a positive number/);
  });
});

describe('decodeSource', () => {
  it('decodes UTF-8 text and drops a byte-order mark', () => {
    assert.deepEqual(decodeSource(bytes('\uFEFFconst é = "🚀";\n')), { text: 'const é = "🚀";\n' });
  });

  it('looks for NUL bytes only in the first 8 KB', () => {
    const late = new Uint8Array(9000).fill(10);
    late[8500] = 0;
    assert.ok('text' in decodeSource(late));
    late[8000] = 0;
    assert.deepEqual(decodeSource(late), { skip: 'binary' });
  });

  it('applies the line-length limits at their boundaries', () => {
    const lines = (n: number, len: number) => bytes(('y'.repeat(len) + '\n').repeat(n));
    // defaults: a line of 1000 is fine, 1001 is not; a mean line of 300 characters is fine
    assert.ok('text' in decodeSource(lines(1, 1000), { maxAvgLineLength: 2000 }));
    assert.deepEqual(decodeSource(lines(1, 1001), { maxAvgLineLength: 2000 }), { skip: 'minified' });
    assert.ok('text' in decodeSource(lines(5, 299)));
    assert.deepEqual(decodeSource(lines(5, 300)), { skip: 'minified' });
    assert.ok('text' in decodeSource(lines(1, 60), { maxLineLength: 60, maxAvgLineLength: 61 }));
    assert.deepEqual(decodeSource(lines(3, 60), { maxLineLength: 60, maxAvgLineLength: 60 }), { skip: 'minified' });
  });

  it('refuses bytes over the file size limit', () => {
    assert.deepEqual(decodeSource(bytes('abc\n'), { maxFileBytes: 3 }), { skip: 'too-large' });
  });
});

describe('skip rules', () => {
  it('recognises lock files and secret-bearing files by path', () => {
    const cases: [string, SkipReason | undefined][] = [
      ['yarn.lock', 'lock-file'], ['deep/Cargo.lock', 'lock-file'], ['go.sum', 'lock-file'], ['x/flake.lock', 'lock-file'],
      ['.env.production', 'secret'], ['server.key', 'secret'], ['certs/site.pem', 'secret'], ['id_ed25519.pub', 'secret'],
      ['.npmrc', 'secret'], ['secrets.yaml', 'secret'], ['home/.ssh/config', 'secret'], ['a\\node_modules\\b.js', 'ignored'],
      ['src/env.ts', undefined], ['src/keys.ts', undefined], ['lockfile.ts', undefined], ['environment.md', undefined],
    ];
    for (const [p, want] of cases) assert.equal(skipByPath(p), want, p);
  });

  it('describes every reason in words', () => {
    const reasons: SkipReason[] = [
      'binary', 'invalid-utf8', 'minified', 'too-large', 'lock-file', 'secret', 'holds-secret', 'not-regular', 'outside',
      'empty', 'ignored', 'excluded', 'corpus-limit', 'unreadable',
    ];
    const texts = reasons.map(describeSkip);
    assert.equal(new Set(texts).size, reasons.length);
  });

  it('lets the deepest .gitignore decide, and never re-includes below an ignored directory', () => {
    const rules = new IgnoreRules();
    rules.add('', 'build/\n*.log\n');
    rules.add('app', '!keep.log\n');
    rules.add('build', '!*.js\n');
    assert.equal(rules.ignoresFile('a.log'), true);
    assert.equal(rules.ignoresFile('app/keep.log'), false);
    assert.equal(rules.ignoresFile('app/other.log'), true);
    assert.equal(rules.ignoresFile('build/x.js'), true);
    assert.equal(rules.ignoresFile('src/x.ts'), false);
  });
});

describe('readRegularFile', () => {
  it('reads a regular file, and refuses a missing one, a directory, a device and one over the limit', async function () {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'read-'));
    try {
      await fs.writeFile(path.join(dir, 'a.txt'), 'hello');
      assert.deepEqual(await readRegularFile(path.join(dir, 'a.txt'), 5), { bytes: bytes('hello') });
      assert.deepEqual(await readRegularFile(path.join(dir, 'a.txt'), 4), { refused: 'too-large', detail: '5 bytes, the limit is 4 bytes' });
      assert.deepEqual(await readRegularFile(path.join(dir, 'b.txt'), 5), { refused: 'missing' });
      assert.deepEqual(await readRegularFile(dir, 5), { refused: 'directory' });
      if (process.platform !== 'win32') assert.deepEqual(await readRegularFile('/dev/zero', 1 << 20), { refused: 'not-regular' });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
