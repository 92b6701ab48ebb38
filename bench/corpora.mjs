// The public corpora `npm run bench:quality` measures on: code nobody here wrote, fetched from
// the npm registry at fixed versions. Each package's sources are split by file into train/ and
// test/ (test/ when the SHA-1 of the file's path, relative to the source folder, is 0 mod 10),
// and baselines.json records what general-purpose compressors reach on test/ given train/: bits
// per test character of `xz -9e` and `zstd -19 --long=27` compressing train+test, minus train
// alone. A compressor that is not installed is left out of baselines.json.
//
//   node bench/corpora.mjs [DEST]   (default: QUALITY_CACHE; needs npm, tar, xz and zstd)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** package@version, the folder of its sources inside the tarball, their extension */
export const CORPORA = [
  { pkg: 'mobx@6.13.5', dir: 'src', ext: 'ts' },
  { pkg: 'svelte@4.2.19', dir: 'src', ext: 'js' },
  { pkg: 'eslint@8.57.0', dir: 'lib', ext: 'js' },
];
const COMPRESSORS = [['xz -9e', 'xz', ['-9e', '-c']], ['zstd -19 --long=27', 'zstd', ['-19', '--long=27', '-c']]];

/** the part a file goes to, by the SHA-1 of its path relative to the source folder */
export const partOf = (rel) => (BigInt(`0x${createHash('sha1').update(rel).digest('hex')}`) % 10n === 0n ? 'test' : 'train');

/** the files of a tree, folder by folder in path order, each folder's files in name order */
function walk(root) {
  const dirs = [], files = [];
  const visit = (d) => { dirs.push(d); for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) visit(join(d, e.name)); };
  visit(root);
  const order = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  for (const d of dirs.sort(order)) {
    files.push(...readdirSync(d, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort(order).map((f) => join(d, f)));
  }
  return files;
}

/** Splits the sources under `root` into out/train and out/test; returns the baselines. */
export function split(root, ext, out) {
  const parts = { train: [], test: [] };
  for (const p of walk(root)) {
    if (!p.endsWith(`.${ext}`) || p.endsWith('.d.ts')) continue;
    const rel = relative(root, p).split(sep).join('/'), part = partOf(rel), dst = join(out, part, rel);
    mkdirSync(dirname(dst), { recursive: true });
    copyFileSync(p, dst);
    parts[part].push(dst);
  }
  const read = (ps) => Buffer.concat(ps.map((p) => readFileSync(p)));
  const train = read(parts.train), test = read(parts.test);
  // characters are code points, invalid UTF-8 replaced
  const chars = (b) => [...new TextDecoder().decode(b)].length;
  const res = { trainChars: chars(train), testChars: chars(test), trainFiles: parts.train.length, testFiles: parts.test.length };
  for (const [label, cmd, args] of COMPRESSORS) {
    const size = (data) => execFileSync(cmd, args, { input: data, maxBuffer: 1 << 30 }).length;
    try {
      // bits per test character: what test/ costs once train/ is known
      res[label] = Number(((8 * (size(Buffer.concat([train, test])) - size(train))) / res.testChars).toFixed(3));
    } catch { /* not installed: no baseline */ }
  }
  return res;
}

/** Fetches and splits every corpus not yet in `dest`; returns dest. */
export function fetchCorpora(dest, log = () => {}) {
  for (const { pkg, dir, ext } of CORPORA) {
    const out = join(dest, pkg.slice(0, pkg.lastIndexOf('@')));
    if (existsSync(join(out, '.done'))) continue;
    log(`fetching ${pkg} into ${out} ...`);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const tgz = execFileSync('npm', ['pack', pkg], { cwd: out, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop();
    execFileSync('tar', ['xzf', tgz], { cwd: out });
    rmSync(join(out, tgz));
    const baselines = split(join(out, 'package', dir), ext, out);
    rmSync(join(out, 'package'), { recursive: true });
    writeFileSync(join(out, 'baselines.json'), JSON.stringify(baselines, null, 1));
    writeFileSync(join(out, '.done'), '');
  }
  return dest;
}

/** Where the corpora and the checkpoints trained on them are kept by default: outside this
 *  repository, whose .gitignore would otherwise hide them from `char-rnn train` (it honours the
 *  .gitignore files of the work tree a folder is in, as the editor does). */
export const QUALITY_CACHE = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'char-rnn-code', 'quality');

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(fetchCorpora(resolve(process.argv[2] ?? QUALITY_CACHE), (s) => process.stderr.write(`${s}\n`)));
}
