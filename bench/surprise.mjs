// `npm run bench:surprise`: what the model knows about a codebase, on two of the corpora that
// bench/corpora.mjs fetches (svelte and eslint by default: sources split by file into train/ and
// test/). It trains a model on each corpus's train/ for --minutes with `char-rnn
// train` at the default settings, then, with the commands a user runs:
//   - which codebase wrote it: `char-rnn classify --json` on both corpora's test/ files cut into
//     chunks (500 and 100 characters), by likelihood (target: at least 95% of the 500-character
//     chunks) and by the hidden-state classifier fitted on chunks of train/ (beside it);
//   - typos: 200 random single-character edits (substitution, deletion, insertion,
//     transposition of neighbours) put into each corpus's test/ files, never in the first 200
//     characters of a file (src/core/surprise/typos.ts); `char-rnn surprise --json` scores the
//     edited files with that corpus's model, and an edit is found when one of the top 1% most
//     surprising characters of all its test files lies within 2 characters of it (target: at
//     least 70% recall).
// Results go to docs/results/surprise/ (bench/results.mjs), which renders docs/surprise.md, or to
// --out F; `--json` prints them. Run with tsx (npm run does).
// Flags: --corpora svelte,eslint  --minutes 5  --chunks 500,100  --edits 200  --seed 1
//        --fit-max 400 (training chunks per corpus for the hidden-state classifier)
//        --threads N (training's; all cores when absent, as the CLI's)
//        --data DIR (the corpora; default --cache, fetched there when missing)  --cache DIR
//        --reuse (keep checkpoints already trained)  --steps N (train N steps instead: tests)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCheckpoint } from '../src/core/checkpoint.ts';
import { median } from '../src/core/metrics.ts';
import { readCorpus } from '../src/core/corpus.ts';
import { injectEdits, recallOf } from '../src/core/surprise/typos.ts';
import { surpriseTables } from '../scripts/render-docs.mjs';
import { CORPORA, fetchCorpora, QUALITY_CACHE } from './corpora.mjs';
import { runHeader, saveRun } from './results.mjs';
import { SURPRISE as TARGET } from './targets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: a } = parseArgs({ options: {
  corpora: { type: 'string', default: 'svelte,eslint' }, minutes: { type: 'string', default: '5' }, steps: { type: 'string' },
  chunks: { type: 'string', default: '500,100' }, edits: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' },
  'fit-max': { type: 'string', default: '400' }, data: { type: 'string' }, cache: { type: 'string', default: QUALITY_CACHE },
  reuse: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, out: { type: 'string' }, threads: { type: 'string' },
} });
const cache = resolve(a.cache), data = resolve(a.data ?? a.cache);
const header = runHeader('npm run bench:surprise');
const cli = (args) => execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'inherit'] });
const lastJson = (out) => JSON.parse(out.trim().split('\n').pop());
const say = (s) => { if (!a.json) process.stderr.write(`${s}\n`); };

const names = a.corpora.split(',');
if (names.length !== 2) {
  console.error(`bench:surprise: --corpora names two corpora, got ${names.length}`);
  process.exit(2);
}
if (!names.every((n) => existsSync(join(data, n, 'train')) && existsSync(join(data, n, 'test')))) {
  const known = CORPORA.map((c) => c.pkg.slice(0, c.pkg.lastIndexOf('@')));
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) {
    console.error(`bench:surprise: no corpus named ${unknown.join(', ')} in ${data} (the corpora it can fetch are ${known.join(', ')})`);
    process.exit(2);
  }
  fetchCorpora(data, say);
}
mkdirSync(cache, { recursive: true });

// one model per corpus
const models = {};
for (const name of names) {
  const ck = join(cache, `${name}.safetensors`);
  let trained;
  if (!(a.reuse && existsSync(ck))) {
    say(`${name}: training ${a.steps ? `${a.steps} steps` : `${a.minutes} minutes`} ...`);
    trained = lastJson(cli(['train', join(data, name, 'train'), ...(a.steps ? ['--steps', a.steps] : ['--minutes', a.minutes]),
      ...(a.threads ? ['--threads', a.threads] : []), '--out', ck, '--json']));
  }
  // a reused checkpoint says how far it trained (its held-out figure is not stored)
  const saved = trained ? undefined : JSON.parse((await loadCheckpoint(ck)).meta?.train ?? '{}');
  models[name] = { ck, steps: trained?.steps ?? saved.step, charsSeen: trained?.charsSeen ?? saved.charsSeen, valBitsPerChar: trained?.valBitsPerChar ?? null };
}

// which codebase wrote it
const classification = [];
for (const chunk of a.chunks.split(',').filter(Boolean).map(Number)) {
  say(`classifying the test files of ${names.join(' and ')} in chunks of ${chunk} characters ...`);
  const j = JSON.parse(cli(['classify', ...names.flatMap((n) => ['--model', models[n].ck]), ...names.flatMap((n) => ['--label', `${n}=${join(data, n, 'test')}`]),
    ...names.flatMap((n) => ['--fit', `${n}=${join(data, n, 'train')}`]), '--fit-max', a['fit-max'], '--chunk', String(chunk), '--json']));
  classification.push({ chunk, chunks: j.units.length, likelihood: j.accuracy.likelihood, hidden: j.accuracy.hidden, confusion: j.confusion,
    hiddenConfusion: j.hiddenConfusion, hiddenFit: j.hiddenFit, medianMargin: median(j.units.map((u) => u.margin)) });
}

// typos
const typos = [];
for (const name of names) {
  const corpus = await readCorpus([join(data, name, 'test')]);
  const { texts, edits } = injectEdits(corpus.files.map((f) => f.text), Number(a.edits), { seed: Number(a.seed), skip: 200 });
  const dir = mkdtempSync(join(tmpdir(), `surprise-typos-${name}-`));
  try {
    const paths = corpus.files.map((_, i) => join(dir, `${i}.txt`));
    texts.forEach((t, i) => writeFileSync(paths[i], t));
    say(`${name}: scoring ${texts.length} test files with ${edits.length} edits ...`);
    const lines = cli(['surprise', '--ckpt', models[name].ck, '--json', ...paths]).trim().split('\n').map((l) => JSON.parse(l));
    const byFile = new Map(lines.map((r) => [r.file, Float32Array.from(r.bits)]));
    const bits = paths.map((p) => byFile.get(p));
    if (bits.some((b, i) => !b || b.length !== texts[i].length)) throw new Error(`${name}: surprise did not score every edited file`);
    const r = recallOf(bits, edits, 0.01, 2);
    const byKind = Object.fromEntries(['substitute', 'delete', 'insert', 'transpose'].map((k) => {
      const own = edits.map((e, i) => [e, r.hits[i]]).filter(([e]) => e.kind === k);
      return [k, { edits: own.length, found: own.filter(([, h]) => h).length }];
    }));
    typos.push({ corpus: name, files: texts.length, chars: texts.reduce((n, t) => n + t.length, 0), edits: edits.length,
      recall: r.recall, found: r.found, flagged: r.flagged, thresholdBits: r.threshold, byKind });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const result = {
  ...header, node: process.version, loadAverage: Number(loadavg()[0].toFixed(1)), threads: a.threads ? Number(a.threads) : null,
  minutes: a.steps ? null : Number(a.minutes), steps: a.steps ? Number(a.steps) : null, targets: TARGET, models, classification, typos,
};
if (a.out) {
  mkdirSync(dirname(resolve(a.out)), { recursive: true });
  writeFileSync(resolve(a.out), `${JSON.stringify(result, null, 1)}\n`);
} else saveRun('surprise', result);
if (a.json) { process.stdout.write(`${JSON.stringify(result)}\n`); process.exit(0); }

console.log(`\n${result.cpu}, ${result.cores} cores (load average ${result.loadAverage} at the end), Node ${result.node}; models trained ${a.steps ? `${a.steps} steps` : `${a.minutes} minutes`} at the default settings:`);
for (const n of names) {
  const m = models[n], val = m.valBitsPerChar === null ? '' : `, ${m.valBitsPerChar.toFixed(3)} bits/char held out (the network alone)`;
  console.log(`  ${n}: ${m.steps} steps, ${m.charsSeen?.toLocaleString('en-US')} characters seen${val}`);
}
console.log(`\n${surpriseTables(result).join('\n')}`);
console.log('\n(which codebase wrote each held-out chunk; then the injected edits found within 2 characters of the 1% most surprising characters)');
