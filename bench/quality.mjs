// `npm run bench:quality`: what the model and its suggestions are worth on code nobody here
// wrote. For each corpus that bench/corpora.mjs fetches (mobx, svelte, eslint: sources split by
// file into train/ and test/, with what xz -9e and zstd -19 reach on test/ given train/), it trains with `char-rnn train` at the default settings for --minutes, then measures
// on the held-out files, with the same commands a user runs:
//   - bits per character (`char-rnn eval --json`): the mixture's and the network's alone, beside
//     the compressors' (target: the mixture at most 0.92 x xz -9e);
//   - keystrokes saved (`char-rnn complete-eval --json`, strict accounting, default completion
//     settings) beside VS Code's word-based suggestions (target: at least 2.5 x the word
//     baseline's, and at least 40% of shown suggestions accepted).
// Results go to docs/results/quality/ (bench/results.mjs: the rows, the machine, the date) and
// docs/quality.md is rendered again from them; `--json` prints them.
// Flags: --corpora mobx,svelte,eslint  --minutes 5  --first N (characters replayed per test file;
//        0 = all)  --cache DIR (corpora and checkpoints; fetched there when missing)
//        --reuse (keep checkpoints already trained)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { qualityTable } from '../scripts/render-docs.mjs';
import { CORPORA, fetchCorpora, QUALITY_CACHE } from './corpora.mjs';
import { runHeader, saveRun } from './results.mjs';
import { QUALITY as TARGET } from './targets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: a } = parseArgs({ options: {
  corpora: { type: 'string', default: 'mobx,svelte,eslint' }, minutes: { type: 'string', default: '5' },
  first: { type: 'string', default: '4000' }, cache: { type: 'string', default: QUALITY_CACHE },
  reuse: { type: 'boolean', default: false }, json: { type: 'boolean', default: false },
} });
const cache = resolve(a.cache);
const header = runHeader('npm run bench:quality');
const cli = (args) => execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'] });
const lastJson = (out) => JSON.parse(out.trim().split('\n').pop());
const say = (s) => { if (!a.json) process.stderr.write(`${s}\n`); };

const names = a.corpora.split(',');
const known = CORPORA.map((c) => c.pkg.slice(0, c.pkg.lastIndexOf('@')));
const unknown = names.filter((n) => !known.includes(n));
if (unknown.length) {
  console.error(`bench:quality: no corpus named ${unknown.join(', ')} (the corpora are ${known.join(', ')})`);
  process.exit(2);
}
mkdirSync(cache, { recursive: true });
if (!names.every((n) => existsSync(join(cache, n, '.done')))) fetchCorpora(cache, say);

const rows = [];
for (const name of names) {
  const dir = join(cache, name), ck = join(cache, `${name}.safetensors`);
  const base = JSON.parse(readFileSync(join(dir, 'baselines.json'), 'utf8'));
  let trained;
  if (!(a.reuse && existsSync(ck))) {
    say(`${name}: training ${a.minutes} minutes on ${base.trainChars.toLocaleString('en-US')} characters ...`);
    trained = lastJson(cli(['train', join(dir, 'train'), '--minutes', a.minutes, '--out', ck, '--json']));
  }
  say(`${name}: bits per character on test/ ...`);
  const ev = lastJson(cli(['eval', '--ckpt', ck, join(dir, 'test'), '--json']));
  say(`${name}: replaying test/ as typed ...`);
  const ce = lastJson(cli(['complete-eval', '--ckpt', ck, join(dir, 'test'), '--json', ...(Number(a.first) > 0 ? ['--first', a.first] : [])]));
  rows.push({
    corpus: name, trainChars: base.trainChars, testChars: base.testChars, steps: trained?.steps, charsSeen: trained?.charsSeen,
    xz: base['xz -9e'], zstd: base['zstd -19 --long=27'], mixture: ev.bitsPerChar, network: ev.lstmBitsPerChar,
    replayedChars: ce.chars, msPerRequest: ce.msPerRequest,
    saved: ce.model.keystrokesSaved, acceptance: ce.model.acceptanceRate, baselineSaved: ce.baseline.keystrokesSaved,
    baselineAcceptance: ce.baseline.acceptanceRate,
  });
}

const result = { ...header, node: process.version, minutes: Number(a.minutes), first: Number(a.first), targets: TARGET, rows };
saveRun('quality', result);
if (a.json) { process.stdout.write(`${JSON.stringify(result)}\n`); process.exit(0); }

console.log(`\n${result.cpu}, ${result.cores} cores, Node ${result.node}; ${a.minutes}-minute training at the default settings; replays of the first ${a.first} characters of each test file\n`);
console.log(qualityTable(result).join('\n'));
console.log('\n(bits per character of the held-out files; keystrokes saved with strict accounting: Tab takes a suggestion whole, Accept Word a word at a time)');
