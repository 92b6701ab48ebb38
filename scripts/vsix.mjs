// The extension's package: `npm run package` (vsce) writes char-rnn-code-<version>.vsix; the
// tests build one with packageVsix() and read what it holds with listVsix().
//
//   node scripts/vsix.mjs [--out FILE]     builds the package (the build runs first, as
//                                          vsce's vscode:prepublish) and lists its files
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');

/** Runs vsce to write the package to `out`; rejects with vsce's output when it fails. */
export function packageVsix(out) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => { log += d; });
    child.stderr.on('data', (d) => { log += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`vsce package failed (exit ${code}):\n${log}`))));
  });
}

/**
 * The entries of a zip file (a .vsix is one), from its central directory: { name, size
 * (uncompressed bytes), read() (the entry's bytes) }. Stored and deflated entries only, which
 * is what vsce writes.
 */
export function listVsix(file) {
  const zip = readFileSync(file);
  // the end-of-central-directory record: signature 0x06054b50, within the last 64 KB + 22 bytes
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file (no end of central directory)`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = [];
  for (let k = 0; k < count; k++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: central directory entry ${k} is damaged`);
    const method = zip.readUInt16LE(at + 10);
    const packed = zip.readUInt32LE(at + 20), size = zip.readUInt32LE(at + 24);
    const nameLen = zip.readUInt16LE(at + 28), extraLen = zip.readUInt16LE(at + 30), commentLen = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLen);
    const read = () => {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const raw = zip.subarray(start, start + packed);
      if (method === 0) return raw;
      if (method === 8) return inflateRawSync(raw);
      throw new Error(`${file}: ${name} uses compression method ${method}`);
    };
    entries.push({ name, size, read });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const i = process.argv.indexOf('--out');
  const out = i > 0 ? process.argv[i + 1] : join(root, `${pkg.name}-${pkg.version}.vsix`);
  packageVsix(out).then(() => {
    const entries = listVsix(out);
    for (const e of entries) console.log(`${String(e.size).padStart(9)}  ${e.name}`);
    console.log(`${out}: ${entries.length} files, ${readFileSync(out).length} bytes`);
  }, (err) => {
    console.error(err.message);
    process.exitCode = 1;
  });
}
