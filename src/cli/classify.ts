// `char-rnn classify --model A --model B [...] <paths...>`: which codebase wrote each file (or
// each chunk of --chunk N characters)? Every model scores every unit with its mixing predictor
// (./surprise.ts's scoring, from a fresh copy of its memory each time) and the fewest bits per
// character wins. With labelled folders (--label NAME=DIR, one per model, in the same order) it
// reports accuracy and the confusion matrix, and beside it the seeds' variant: a logistic
// regression on the models' hidden states (mean and last h of each unit), fitted on the units of
// --fit NAME=DIR folders, or cross-validated by file over the labelled ones.
import { basename } from 'node:path';
import { loadCheckpoint } from '../core/checkpoint';
import { median } from '../core/metrics';
import { runToEnd } from '../core/mix/memory';
import { spread, unitsOf, type Unit } from '../core/surprise/chunks';
import {
  accuracy, byLabel, classifyByFeatures, confusion, crossValidate, filesPerLabel, rank, sideBySide, unitBits, unitFeatures,
} from '../core/surprise/classify';
import { Scorer } from '../core/surprise/score';
import { numIn, parse, UsageError, warn, type Flags } from './args';
import { Progress } from './progress';
import { backendFlag, checkpointMixture, readOrFail } from './train';

export const CLASSIFY_USAGE = 'usage: char-rnn classify --model F --model F [...] <paths...> [--chunk N] [--label NAME=DIR ...] '
  + '[--fit NAME=DIR ...] [--fit-max N] [--folds K] [--json] [--network-only] [--backend auto|ts|wasm]';

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : 'n/a');

/** NAME=DIR pairs of a repeatable flag */
function pairs(flags: Flags, flag: string): { name: string; dir: string }[] {
  const v = flags[flag] as unknown as string[] | undefined;
  return (v ?? []).map((s) => {
    const cut = s.indexOf('=');
    if (cut <= 0 || cut === s.length - 1) throw new UsageError(`--${flag} expects NAME=DIR, got '${s}'`);
    return { name: s.slice(0, cut), dir: s.slice(cut + 1) };
  });
}

export async function classify(argv: string[]): Promise<void> {
  const { flags, positionals } = parse(argv, {
    model: { type: 'string', multiple: true }, chunk: { type: 'string' }, label: { type: 'string', multiple: true },
    fit: { type: 'string', multiple: true }, 'fit-max': { type: 'string' }, folds: { type: 'string' },
    json: { type: 'boolean' }, 'network-only': { type: 'boolean' }, backend: { type: 'string' },
  });
  const models = (flags.model as unknown as string[] | undefined) ?? [];
  if (models.length < 2) throw new UsageError('classify needs at least two --model files to choose between');
  const chunk = numIn(flags, 'chunk', 1, 100_000_000, true), fitMax = numIn(flags, 'fit-max', 1, 1_000_000, true) ?? 400;
  const folds = numIn(flags, 'folds', 2, 100, true) ?? 5;
  const labels = pairs(flags, 'label'), fit = pairs(flags, 'fit');
  if (labels.length > 0 && labels.length !== models.length) throw new UsageError(`--label names the codebase of each model, in order: ${models.length} models need ${models.length} labels, got ${labels.length}`);
  if (labels.length > 0 && positionals.length > 0) throw new UsageError('with --label the labelled folders are what is classified; leave out other paths');
  if (labels.length === 0 && positionals.length === 0) throw new UsageError('classify needs files or directories, or --label NAME=DIR for each model');
  if (fit.length > 0 && labels.length === 0) throw new UsageError('--fit needs --label: it fits the hidden-state classifier to the labels');
  const names = labels.length > 0 ? labels.map((l) => l.name) : models.map((m) => basename(m).replace(/\.safetensors$/, ''));
  if (new Set(names).size !== names.length) throw new UsageError(`the labels must differ: ${names.join(', ')}`);
  if (fit.length > 0 && (fit.length !== names.length || !names.every((n) => fit.some((f) => f.name === n)))) {
    throw new UsageError(`--fit needs one folder for each label (${names.join(', ')}), got ${fit.map((f) => f.name).join(', ')}`);
  }
  const backend = backendFlag(flags), log = (s: string) => process.stderr.write(`${s}\n`);

  // the units to classify, with their labels when known
  const units: Unit[] = [], truth: number[] = [];
  if (labels.length > 0) {
    for (const [k, l] of labels.entries()) {
      const own = unitsOf((await readOrFail([l.dir], log)).files, chunk);
      units.push(...own);
      truth.push(...own.map(() => k));
    }
  } else units.push(...unitsOf((await readOrFail(positionals, log)).files, chunk));
  if (units.length === 0) throw new Error(`no chunk of ${chunk} characters: every file is shorter`);
  const fitUnits: Unit[] = [], fitY: number[] = [];
  for (const f of fit) {
    const own = spread(unitsOf((await readOrFail([f.dir], log)).files, chunk), fitMax);
    fitUnits.push(...own);
    fitY.push(...own.map(() => names.indexOf(f.name)));
  }

  // every model scores every unit, one model at a time (each holds its memory)
  const K = models.length, bits = new Float64Array(units.length * K), features: Float32Array[] = [], fitFeatures: Float32Array[] = [];
  const bar = new Progress(), labelled = labels.length > 0, per = units.length * (labelled ? 2 : 1) + fitUnits.length;
  for (const [m, file] of models.entries()) {
    const ck = await loadCheckpoint(file);
    const memory = flags['network-only'] ? undefined : checkpointMixture(ck, (s) => warn(`${file}: ${s}`));
    const scorer = new Scorer(ck, memory, backend);
    let done = 0;
    const tick = () => { done++; bar.update((m * per + done) / (K * per), `${names[m]}: ${done} of ${per} units`); };
    try {
      runToEnd(unitBits(scorer, units, tick)).forEach((b, u) => { bits[u * K + m] = b; });
      if (labelled) {
        features.push(runToEnd(unitFeatures(scorer, units, tick)));
        if (fitUnits.length) fitFeatures.push(runToEnd(unitFeatures(scorer, fitUnits, tick)));
      }
    } finally {
      scorer.dispose();
    }
  }
  bar.done();

  const rows = units.map((u, i) => {
    const bpc = Array.from(bits.subarray(i * K, (i + 1) * K)), r = rank(bpc);
    return { file: u.file, start: u.start, end: u.end, ...(labelled ? { label: names[truth[i]] } : {}), predicted: names[r.order[0]], bitsPerChar: bpc, margin: r.margin };
  });
  if (!labelled) {
    if (flags.json) { process.stdout.write(`${JSON.stringify({ models: names, chunk: chunk ?? null, units: rows })}\n`); return; }
    for (const r of rows) {
      const where = chunk ? `${r.file} [${r.start}, ${r.end})` : r.file;
      process.stdout.write(`${where}: ${r.predicted} by ${r.margin.toFixed(3)} bits/char (${names.map((n, m) => `${n} ${r.bitsPerChar[m].toFixed(3)}`).join(', ')})\n`);
    }
    return;
  }

  const predicted = rows.map((r) => names.indexOf(r.predicted)), likely = confusion(K, truth, predicted);
  // the hidden-state classifier: fitted on --fit, or cross-validated by file
  const { X, d } = sideBySide(features, units.length);
  let hidden: number[] | undefined, how: string;
  if (fitUnits.length > 0) {
    hidden = classifyByFeatures(sideBySide(fitFeatures, fitUnits.length).X, fitY, K, d, X);
    how = `fitted on ${fitUnits.length} units of the --fit folders`;
  } else {
    const k = Math.min(folds, filesPerLabel(truth, units.map((u) => u.file), K));
    if (k >= 2) {
      hidden = crossValidate(X, d, truth, units.map((u) => u.file), K, k);
      how = `${k}-fold cross-validation by file`;
    } else how = 'not run: a label has a single file, so none could be held out (give --fit NAME=DIR)';
  }
  const hiddenMatrix = hidden && confusion(K, truth, hidden);
  const result = {
    models: names, chunk: chunk ?? null, units: rows.map((r, i) => ({ ...r, hidden: hidden ? names[hidden[i]] : null })),
    accuracy: { likelihood: accuracy(likely), hidden: hiddenMatrix ? accuracy(hiddenMatrix) : null },
    confusion: byLabel(names, likely), hiddenConfusion: hiddenMatrix ? byLabel(names, hiddenMatrix) : null, hiddenFit: how,
  };
  if (flags.json) { process.stdout.write(`${JSON.stringify(result)}\n`); return; }
  const what = chunk ? `chunks of ${chunk} characters` : 'files';
  process.stdout.write(`${units.length} ${what} (${names.map((n, k) => `${n} ${truth.filter((t) => t === k).length}`).join(', ')}), ${K} models\n`
    + `by likelihood (fewest bits/char): ${pct(result.accuracy.likelihood)} right; median margin ${median(rows.map((r) => r.margin)).toFixed(3)} bits/char\n`
    + `by hidden states (logistic regression, ${how}): ${pct(result.accuracy.hidden ?? NaN)}\n`
    + `confusion by likelihood (rows: the truth, columns: the answer):\n${table(names, likely)}`
    + (hiddenMatrix ? `confusion by hidden states:\n${table(names, hiddenMatrix)}` : ''));
}

function table(names: string[], m: number[][]): string {
  const w = Math.max(8, ...names.map((n) => n.length + 2));
  return `${''.padEnd(w)}${names.map((n) => n.padStart(w)).join('')}\n${names.map((n, i) => `${n.padEnd(w)}${m[i].map((x) => String(x).padStart(w)).join('')}\n`).join('')}`;
}
