// Throughput of the secret screening (src/core/secrets) that every file goes through before
// training, and that the editor may run on every document: on source trees, and on inputs built
// to make backtracking patterns blow up. Target: at least 10 million characters per second on
// source (reading the files is slower than that), and every hostile input within 10x of that.
// Run: npx tsx bench/secrets.ts [dir ...]   (default: /work/corpora/eslint/train if present, else src/)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { screen } from '../src/core/secrets';

const TARGET = 10e6;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e), st = statSync(p);
    return st.isDirectory() ? (e === 'node_modules' || e === '.git' ? [] : files(p)) : st.isFile() && st.size < 1e6 ? [p] : [];
  });
}

/** The best of `rounds` passes over the texts, in characters per second (the machine is shared). */
function rate(texts: [string, string][], rounds = 5): { perSec: number; findings: number } {
  let best = Infinity, findings = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    findings = 0;
    for (const [path, text] of texts) findings += screen(text, path).findings.length;
    best = Math.min(best, performance.now() - t0);
  }
  const chars = texts.reduce((n, [, t]) => n + t.length, 0);
  return { perSec: chars / (best / 1000), findings };
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) dirs.push(existsSync('/work/corpora/eslint/train') ? '/work/corpora/eslint/train' : join(__dirname, '..', 'src'));
const fmt = (x: number) => `${(x / 1e6).toFixed(1)} M chars/s`;
for (const dir of dirs) {
  const texts = files(dir).map((f) => [f, readFileSync(f, 'utf8')] as [string, string]);
  const r = rate(texts);
  const chars = texts.reduce((n, [, t]) => n + t.length, 0);
  console.log(`${dir}: ${texts.length} files, ${(chars / 1e6).toFixed(2)} M chars: ${fmt(r.perSec)} (target ${fmt(TARGET)}), ${r.findings} findings`);
}
const MB = 1 << 20, rep = (u: string) => u.repeat(Math.ceil(MB / u.length));
const hostile: [string, string][] = [
  ['eyJ...', rep('eyJaaaaaaaaaa.')], ['password = "a', rep('password = "a')], ['token:', rep('token:')],
  ['BEGIN PRIVATE KEY, no END', rep('-----BEGIN PRIVATE KEY-----')], ['x://user:', rep(`x://${'a'.repeat(99)}:`)], ['Bearer', rep('Bearer ')],
];
let worst = Infinity;
for (const [name, text] of hostile) {
  const r = rate([['hostile.env', text]], 3);
  worst = Math.min(worst, r.perSec);
  console.log(`hostile 1 MB of ${JSON.stringify(name)}: ${fmt(r.perSec)}`);
}
console.log(`slowest hostile input: ${fmt(worst)} (target ${fmt(TARGET / 10)})`);
