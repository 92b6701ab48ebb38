// Renders the tables of figures that the benchmarks wrote to docs/results/ (bench/results.mjs)
// into docs/performance.md, docs/quality.md, docs/surprise.md, docs/int8.md (the prime length) and the
// README's current figures, quality and prime-length tables, and the README's
// settings table from package.json (whose settings test/unit/manifest.test.ts keeps equal to
// src/core/config.ts). Each table sits between `<!-- render-docs:NAME -->` and
// `<!-- /render-docs:NAME -->`; the text around them is written by hand. `--check` changes
// nothing and fails when a file is not what the results and package.json make it.
//
//   node scripts/render-docs.mjs [--check] [--root DIR (another copy of the repository)]     (npm run docs)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { COMPLETION, EVENT_LOOP, QUALITY, SURPRISE, TRAINING } from '../bench/targets.mjs';

/** the blocks each file must hold */
export const BLOCKS = {
  'README.md': ['settings', 'current-figures', 'quality-latest', 'prime-length'],
  'docs/performance.md': ['bench-latest', 'bench-history'],
  'docs/quality.md': ['quality-latest', 'quality-history'],
  'docs/surprise.md': ['surprise-latest', 'surprise-history'],
  'docs/int8.md': ['prime-length'],
};

/** The runs of one benchmark (docs/results/<kind>/*.json), oldest first. */
export function loadRuns(root, kind) {
  const dir = join(root, 'docs', 'results', kind);
  if (!existsSync(dir)) return [];
  const runs = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => {
    try {
      return { file: f, ...JSON.parse(readFileSync(join(dir, f), 'utf8')) };
    } catch (e) {
      throw new Error(`docs/results/${kind}/${f} is not valid JSON: ${e.message}`);
    }
  });
  return runs.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.file < y.file ? -1 : 1));
}

// ---- formatting

const DASH = '–';
const num = (x, d = 0) => (x === undefined || x === null ? DASH : Number(x).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
const ms = (x, d = 1) => (x === undefined ? DASH : `${num(x, x >= 100 ? 0 : d)} ms`);
const ratio = (x) => (x === undefined ? DASH : `${num(x, 2)}x`);
const pct = (x) => (x === undefined ? DASH : `${num(100 * x, 1)}%`);
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
/** A markdown table; a column no row has a value in is left out. */
function table(head, rows) {
  const keep = head.map((_, j) => rows.length === 0 || rows.some((r) => r[j] !== DASH));
  const pick = (r) => r.filter((_, j) => keep[j]);
  return [`| ${pick(head).join(' | ')} |`, `| ${pick(head).map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${pick(r).map(cell).join(' | ')} |`)];
}
const day = (run) => run.date.slice(0, 10);
const at = (run) => `${day(run)} at ${run.commit ?? 'an unknown commit'}${run.changes ? ' with changes' : ''}`;
const machine = (run) => `${run.cpu}${run.cores ? `, ${run.cores} cores` : ''}`;
const nodeName = (rt) => `Node ${String(rt.node ?? '?').replace(/^v/, '')}${rt.role ? ` (${rt.role})` : ''}`;
/** a run's provenance when it was not written by its benchmark */
const source = (run) => (run.source ? ` ${run.source}` : '');
const range = (xs, f) => {
  const v = xs.filter((x) => x !== undefined);
  if (!v.length) return undefined;
  const lo = Math.min(...v), hi = Math.max(...v);
  return lo === hi ? f(lo) : `${f(lo)}-${f(hi)}`;
};

// ---- what a run measured

/** the runtime whose figures the extension gets: the extension host's, else the first */
const hostRuntime = (run) => run.runtimes?.find((r) => r.role === 'extension host') ?? run.runtimes?.[0];
const training = (rt, config) => rt?.training?.find((r) => r.config === config);
/** every setting's default in package.json, by key */
function settingDefaults(root) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return Object.fromEntries(pkg.contributes.configuration.flatMap((g) => Object.entries(g.properties).map(([k, v]) => [k, v.default])));
}

/** bench/prime-length.mjs's latest run of each corpus, side by side: bits/char and keystrokes
 *  saved for each prime, the default marked */
function primeLength(runs, prime) {
  const latest = new Map();
  for (const r of runs) latest.set(r.corpus, r);
  const corpora = [...latest.values()];
  if (!corpora.length) return ['No run of `node bench/prime-length.mjs --save NAME` is kept yet.'];
  const primes = corpora[0].rows.map((r) => r.prime);
  const head = ['prime', ...corpora.flatMap((r) => [`${r.corpus} bits/char`, `${r.corpus} keystrokes saved`])];
  const rows = primes.map((p) => [typeof p === 'number' ? `${num(p)}${p === prime ? ' (default)' : ''}` : p,
    ...corpora.flatMap((r) => { const row = r.rows.find((x) => x.prime === p); return [num(row?.bitsPerChar, 3), pct(row?.keystrokesSaved)]; })]);
  const runsSaid = corpora.map((r) => `${r.corpus} ${at(r)} (${r.checkpoint}, ${r.predictor}, ${r.precision}, ${r.positions} positions)`).join('; ');
  return [...table(head, rows), '', `\`node bench/prime-length.mjs --ckpt F <held-out files> --save NAME\`, ${machine(corpora[0])}: ${runsSaid}.`];
}

/** the completion row of what the editor runs: the gated mixture, or a run's only predictor, at the
 *  default precision (or a run's rows that do not say theirs, measured before there was a choice).
 *  A model with random weights is sure of nothing, so its gate shows a few characters at most: there
 *  the mixture without the gate, writing whole suggestions, says what one costs */
function userRow(rt, kase, precision) {
  const rows = (rt?.completion ?? []).filter((r) => (kase === 'cold' ? r.case.startsWith('cold') : r.case === kase)
    && (r.precision === undefined || r.precision === precision));
  const order = rt?.completionModel === 'random weights' ? ['mixture', 'mixture, gate'] : ['mixture, gate', 'mixture'];
  return rows.find((r) => r.predictor === order[0]) ?? rows.find((r) => r.predictor === order[1])
    ?? rows.find((r) => r.predictor === undefined) ?? rows.find((r) => r.predictor === 'network');
}
const scenarios = (run) => Object.entries(run.eventLoop?.results ?? {});
/** the event-loop scenario of the default model training, with nothing else running */
const trainingScenario = (run) => scenarios(run).find(([name]) => name.startsWith('default model') && !name.includes('completions running'))?.[1];
/** the same with completions running on weights of this precision */
const completingScenario = (run, precision) => scenarios(run).find(([name]) => name.startsWith('default model') && name.includes(`completions running (${precision} weights)`))?.[1];
/** the latest run that has the figure */
const latest = (runs, has) => runs.filter(has).at(-1);

// ---- blocks

function benchLatest(runs) {
  const out = [];
  const withTraining = latest(runs, (r) => r.runtimes?.some((rt) => rt.training?.length));
  out.push('**Training and single-stream inference**', '');
  if (!withTraining) out.push('No run recorded yet: `npm run bench`.');
  else {
    const run = withTraining, int8 = run.runtimes.some((rt) => rt.training?.some((r) => r.ours?.int8InferenceMsPerChar !== undefined));
    out.push(`\`npm run bench\`, ${at(run)}, ${machine(run)}; batch 32, window 64, Adam, clip 5, ${run.threads ?? 1} thread${(run.threads ?? 1) === 1 ? '' : 's'}; medians of ${run.rounds ?? 3} round${run.rounds === 1 ? '' : 's'}, engine and PyTorch${run.torch ? ` ${run.torch}` : ''} alternating.${source(run)}`, '');
    const head = ['configuration', 'runtime', 'training chars/s', 'PyTorch chars/s', 'training vs PyTorch', 'per round', 'inference ms/char', 'PyTorch ms/char', 'inference vs PyTorch',
      'weights read ms', ...(int8 ? ['int8 inference ms/char'] : []), 'peak RSS'];
    const rows = run.runtimes.flatMap((rt) => (rt.training ?? []).map((r) => [
      r.config, nodeName(rt), num(r.ours?.charsPerSec), num(r.peer?.charsPerSec), ratio(r.trainRatio), r.trainRatios?.map((x) => num(x, 2)).join(', ') || DASH,
      num(r.ours?.inferenceMsPerChar, 4), num(r.peer?.inferenceMsPerChar, 2), ratio(r.inferRatio), num(r.ours?.weightReadMsPerChar, 4),
      ...(int8 ? [num(r.ours?.int8InferenceMsPerChar, 4)] : []), r.ours?.maxRssMB === undefined ? DASH : `${num(r.ours.maxRssMB)} MB`,
    ]));
    out.push(...table(head, rows));
    const t = Object.entries(run.targets ?? {}).map(([config, g]) => [
      g.trainRatio !== undefined ? `${config} training at least ${g.trainRatio.toFixed(1)}x PyTorch's` : '',
      g.inferenceMsPerChar !== undefined ? `${config} inference at most ${g.inferenceMsPerChar} ms/char` : '',
      g.int8InferenceMsPerChar !== undefined ? `${config} int8 inference at most ${g.int8InferenceMsPerChar} ms/char` : '',
    ].filter(Boolean).join(', ')).join('; ');
    if (t) out.push('', `Targets: ${t}.${run.sgemm ? ` OpenBLAS sgemm reached ${num(run.sgemm.gflops, 1)} GFLOP/s on this machine.` : ''}`);
  }

  const withCompletion = latest(runs, (r) => r.runtimes?.some((rt) => rt.completion?.length));
  out.push('', '**Inline completion latency** (`bench/completion.mjs`: LSTM 2x256, up to 40 characters on one line, 4 candidates)', '');
  if (!withCompletion) out.push('No run recorded yet: `npm run bench`.');
  else {
    const run = withCompletion, rts = run.runtimes.filter((rt) => rt.completion?.length);
    const precision = rts.some((rt) => rt.completion.some((r) => r.precision !== undefined));
    out.push(`${at(run)}, ${machine(run)}; ${rts[0].completionModel ?? 'random weights'}.${source(run)}`, '');
    const head = ['runtime', ...(precision ? ['weights'] : []), 'predictor', 'case', 'n', 'p50', 'p95', 'p99', 'mean length', 'longest unit'];
    out.push(...table(head, rts.flatMap((rt) => rt.completion.map((r) => [
      nodeName(rt), ...(precision ? [r.precision ?? DASH] : []), r.predictor ?? DASH, r.case, num(r.n), ms(r.p50), ms(r.p95), ms(r.p99),
      r.meanChars === undefined ? DASH : `${num(r.meanChars, 1)} chars`, ms(r.longestUnitMs),
    ]))));
    const targets = rts[0].completionTargets;
    if (targets?.length) out.push('', `Targets: ${targets.map((g) => `${g.case} ${g.stat} at most ${g.atMostMs} ms`).join(', ')}.`);
  }

  const withFloor = latest(runs, (r) => r.runtimes?.some((rt) => rt.primeFloor?.length));
  out.push('', '**The read floor of a cold prime** (`bench/prime-floor.mjs`: the two recurrent matrices of an LSTM 2x256, 2 MB, read 2,000 times in sequence)', '');
  if (!withFloor) out.push('No run recorded yet: `npm run bench`.');
  else {
    const run = withFloor;
    out.push(`${at(run)}, ${machine(run)}.${source(run)}`, '');
    out.push(...table(['runtime', 'threads', 'read from', 'median', 'best', 'GB/s'], run.runtimes.flatMap((rt) => (rt.primeFloor ?? []).map((r) => [
      nodeName(rt), num(r.threads), { 'L2': 'a 256 KB block in L2', 'int8 matrices': 'their int8 copies' }[r.from] ?? 'the matrices', ms(r.medianMs), ms(r.bestMs), num(r.gbPerSec, 1),
    ]))));
  }

  const withLoop = latest(runs, (r) => r.eventLoop?.results);
  out.push('', '**Extension host event-loop delay** (`bench/eventloop.mjs`, in code-server: delay beyond a 10 ms timer)', '');
  if (!withLoop) out.push('No run recorded yet: `npm run bench`.');
  else {
    const run = withLoop, ev = run.eventLoop;
    out.push(`${at(run)}, ${machine(run)}${ev.vscode ? `, VS Code ${ev.vscode}` : ''}${ev.measuredMs ? `, ${num(ev.measuredMs / 1000)} s per scenario` : ''}.${source(run)}`, '');
    out.push(...table(['scenario', 'p50', 'p90', 'p99', 'max', 'steps', 'messages', 'busy'], Object.entries(ev.results).map(([name, d]) => [
      name, ms(d.p50, 2), ms(d.p90, 2), ms(d.p99, 2), ms(d.max), num(d.stepsDuringMeasurement), num(d.handling?.messages), ms(d.handling?.busyMs),
    ])));
    const worst = Object.values(ev.results).map((d) => d.handling?.maxMs).filter(Boolean).at(-1);
    if (worst) out.push('', `Longest handling of one message, by type: ${Object.entries(worst).map(([k, v]) => `${k} ${ms(v)}`).join(', ')}.`);
    const target = run.eventLoopTargets ?? EVENT_LOOP;
    if (scenarios(run).some(([name]) => name.includes('completions running'))) out.push('', `Target: p99 at most ${target.p99AtMostMs} ms while the default model trains and completions run.`);
  }
  return out;
}

function benchHistory(runs, precision) {
  if (!runs.length) return ['No run recorded yet: `npm run bench`.'];
  const head = ['date', 'commit', 'CPU', 'runtime', '1x128 training vs PyTorch', '2x256 training vs PyTorch', '2x256 inference ms/char', 'weights read ms', '2x256 int8 inference ms/char',
    'warm p50', 'cold p95', 'event loop p99, training', 'event loop p99, training and completing'];
  const rows = runs.flatMap((run) => (run.runtimes ?? []).map((rt) => [
    day(run), run.commit ?? DASH, run.cpu, nodeName(rt), ratio(training(rt, 'lstm-1x128')?.trainRatio), ratio(training(rt, 'lstm-2x256')?.trainRatio),
    num(training(rt, 'lstm-2x256')?.ours?.inferenceMsPerChar, 4), num(training(rt, 'lstm-2x256')?.ours?.weightReadMsPerChar, 4),
    num(training(rt, 'lstm-2x256')?.ours?.int8InferenceMsPerChar, 4), ms(userRow(rt, 'warm', precision)?.p50), ms(userRow(rt, 'cold', precision)?.p95),
    rt === hostRuntime(run) ? ms(trainingScenario(run)?.p99) : DASH, rt === hostRuntime(run) ? ms(completingScenario(run, precision)?.p99) : DASH,
  ]));
  return [...table(head, rows), '', `Completion latency and the event loop while completing: with ${precision} weights (the default), or a run's only weights.`];
}

/** The quality table of one run, as bench/quality.mjs prints it. */
/** The figures of a corpus's row that bench:quality holds to targets, and whether one meets them. */
const QUALITY_FIGURES = {
  xz: { of: (r) => r.mixture / r.xz, meets: (x, t) => x <= t.xzRatio },
  ratio: { of: (r) => r.saved / r.baselineSaved, meets: (x, t) => x >= t.baselineRatio },
  accepted: { of: (r) => r.acceptance, meets: (x, t) => x >= t.acceptance },
};

export function qualityTable(run) {
  const t = run.targets ?? {};
  /** figure `name` of row r, formatted by f, marked when it misses its target */
  const cell = (name, r, f) => { const { of, meets } = QUALITY_FIGURES[name], x = of(r); return `${f(x)}${meets(x, t) ? '' : ' (missed)'}`; };
  return table(['corpus', 'xz -9e', 'zstd -19', 'network alone', 'mixture', `mixture / xz (target <= ${t.xzRatio})`, 'keystrokes saved', 'word baseline', `ratio (target >= ${t.baselineRatio})`, `accepted (target >= ${pct(t.acceptance)})`],
    run.rows.map((r) => [r.corpus, num(r.xz, 3), num(r.zstd, 3), num(r.network, 3), num(r.mixture, 3), cell('xz', r, (x) => num(x, 3)), pct(r.saved), pct(r.baselineSaved),
      cell('ratio', r, (x) => num(x, 2)), cell('accepted', r, pct)]));
}

function qualityLatest(runs) {
  const run = runs.at(-1);
  if (!run) return ['No run recorded yet: `npm run bench:quality`.'];
  return [`\`npm run bench:quality\`, ${at(run)}, ${machine(run)}, Node ${String(run.node).replace(/^v/, '')}; ${run.minutes}-minute training at the default settings;`
    + ` replays of ${run.first ? `the first ${num(run.first)} characters` : 'all'} of each test file.${source(run)}`, '', ...qualityTable(run)];
}

function qualityHistory(runs) {
  if (!runs.length) return ['No run recorded yet: `npm run bench:quality`.'];
  return table(['date', 'commit', 'CPU', 'minutes', 'corpus', 'network alone', 'mixture', 'xz -9e', 'keystrokes saved', 'word baseline', 'accepted'],
    runs.flatMap((run) => run.rows.map((r) => [
      day(run), run.commit ?? DASH, run.cpu, String(run.minutes ?? DASH), r.corpus,
      num(r.network, 3), num(r.mixture, 3), num(r.xz, 3), pct(r.saved), pct(r.baselineSaved), pct(r.acceptance),
    ])));
}

/** The tables of one run of bench/surprise.mjs, as it prints them: classification, then typos. */
export function surpriseTables(run) {
  const t = run.targets ?? {};
  const ok = (pass) => (pass ? '' : ' (missed)');
  const kinds = ['substitute', 'delete', 'insert', 'transpose'];
  return [
    ...table(['chunk', 'chunks', `by likelihood (target >= ${pct(t.likelihood500)} at 500)`, 'by hidden states', 'median margin'],
      run.classification.map((c) => [`${num(c.chunk)} characters`, num(c.chunks), `${pct(c.likelihood)}${c.chunk === 500 ? ok(c.likelihood >= t.likelihood500) : ''}`,
        pct(c.hidden ?? undefined), `${num(c.medianMargin, 3)} bits/char`])),
    '',
    ...table(['corpus', 'test characters', 'edits', `found among the top 1% (target >= ${pct(t.typoRecall)})`, 'substitution', 'deletion', 'insertion', 'transposition'],
      run.typos.map((r) => [r.corpus, num(r.chars), num(r.edits), `${pct(r.recall)}${ok(r.recall >= t.typoRecall)}`, ...kinds.map((k) => `${r.byKind[k].found}/${r.byKind[k].edits}`)])),
  ];
}

const trainedFor = (run) => (run.steps ? `${run.steps} steps` : `${run.minutes} minutes${run.threads ? ` on ${run.threads} thread${run.threads === 1 ? '' : 's'}` : ''}`);

function surpriseLatest(runs) {
  const run = runs.at(-1);
  if (!run) return ['No run recorded yet: `npm run bench:surprise`.'];
  const models = Object.entries(run.models).map(([name, m]) => `${name} ${num(m.steps)} steps`).join(', ');
  return [`\`${run.command}\`, ${at(run)}, ${machine(run)}, Node ${String(run.node).replace(/^v/, '')}; each model trained ${trainedFor(run)} at the default settings`
    + ` (${models}).${source(run)}`, '', ...surpriseTables(run)];
}

function surpriseHistory(runs) {
  if (!runs.length) return ['No run recorded yet: `npm run bench:surprise`.'];
  const share = (run, chunk, f) => { const c = run.classification.find((x) => x.chunk === chunk); return c ? pct(f(c) ?? undefined) : DASH; };
  return table(['date', 'commit', 'CPU', 'training', 'by likelihood, 500', 'by hidden states, 500', 'by likelihood, 100', 'by hidden states, 100', 'typos found'],
    runs.map((run) => [day(run), run.commit ?? DASH, run.cpu, trainedFor(run), share(run, 500, (c) => c.likelihood), share(run, 500, (c) => c.hidden),
      share(run, 100, (c) => c.likelihood), share(run, 100, (c) => c.hidden), run.typos.map((r) => `${r.corpus} ${pct(r.recall)}`).join(', ')]));
}

function currentFigures(bench, quality, surprise, precision) {
  /** a row: the latest run of `runs` for which `pick` gives a value */
  const figure = (label, runs, pick, target) => {
    const run = latest(runs, (r) => pick(r) !== undefined);
    const command = runs === quality ? 'npm run bench:quality' : runs === surprise ? 'npm run bench:surprise' : 'npm run bench';
    return { cells: [label, run ? pick(run) : 'not measured yet', target ?? DASH, `\`${command}\``, run ? day(run) : DASH], run };
  };
  /** f(x), or undefined when the figure was not measured */
  const given = (x, f) => (x === undefined ? undefined : f(x));
  const host = (pick) => (run) => pick(hostRuntime(run));
  // the targets as the latest run of each benchmark states them; before any run, as the benchmarks do now
  const b = latest(bench, (r) => r.targets)?.targets ?? TRAINING, q = quality.at(-1)?.targets ?? QUALITY, s = surprise.at(-1)?.targets ?? SURPRISE;
  const c = latest(bench, (r) => r.runtimes?.some((rt) => rt.completionTargets))?.runtimes.find((rt) => rt.completionTargets)?.completionTargets ?? COMPLETION;
  const e = latest(bench, (r) => r.eventLoopTargets)?.eventLoopTargets ?? EVENT_LOOP;
  const completionTarget = (kase, stat) => given(c.find((g) => (kase === 'cold' ? g.case.startsWith('cold') : g.case === kase) && g.stat === stat), (g) => `at most ${g.atMostMs} ms`);
  /** a completion row's figure, with the weights it ran on when the row says */
  const latency = (row, stat) => given(row?.[stat], (x) => `${ms(x)}${row.precision ? ` (${row.precision} weights)` : ''}`);
  const trainRatio = (config) => host((rt) => given(training(rt, config)?.trainRatio, ratio));
  /** a quality figure's range over the corpora, naming those that miss the target (a rounded
   *  figure can read as met: 2.495x shows as 2.50x) */
  const perCorpus = (name, f) => (run) => {
    const { of, meets } = QUALITY_FIGURES[name], r = range(run.rows.map(of), f);
    const missed = run.rows.filter((row) => !meets(of(row), q)).map((row) => row.corpus);
    return r === undefined || !missed.length ? r : `${r} (missed on ${missed.join(', ')})`;
  };
  const rows = [
    figure('Training speed, LSTM 2x256 (the default model), against PyTorch', bench, trainRatio('lstm-2x256'), given(b['lstm-2x256']?.trainRatio, (x) => `at least ${x.toFixed(1)}x`)),
    figure('Training speed, LSTM 1x128, against PyTorch', bench, trainRatio('lstm-1x128'), given(b['lstm-1x128']?.trainRatio, (x) => `at least ${x.toFixed(1)}x`)),
    figure('One character of inference, LSTM 2x256', bench, host((rt) => given(training(rt, 'lstm-2x256')?.ours?.inferenceMsPerChar, (x) => `${num(x, 4)} ms`)),
      given(b['lstm-2x256']?.inferenceMsPerChar, (x) => `at most ${x} ms`)),
    figure('One character of inference, LSTM 2x256, int8 weights', bench, host((rt) => given(training(rt, 'lstm-2x256')?.ours?.int8InferenceMsPerChar, (x) => `${num(x, 4)} ms`)),
      given(b['lstm-2x256']?.int8InferenceMsPerChar ?? TRAINING['lstm-2x256'].int8InferenceMsPerChar, (x) => `at most ${x} ms`)),
    figure('A suggestion while typing (warm, median)', bench, host((rt) => latency(userRow(rt, 'warm', precision), 'p50')), completionTarget('warm', 'p50')),
    figure('A suggestion in a file just opened (cold, 95th percentile)', bench, host((rt) => latency(userRow(rt, 'cold', precision), 'p95')), completionTarget('cold', 'p95')),
    figure('Editor event-loop delay while training (99th percentile)', bench, (run) => given(trainingScenario(run)?.p99, ms)),
    figure(`Editor event-loop delay while training and suggesting (99th percentile; ${precision} weights)`, bench, (run) => given(completingScenario(run, precision)?.p99, ms),
      given(e.p99AtMostMs, (x) => `at most ${x} ms`)),
    figure('Bits per character on held-out code, against xz -9e', quality, perCorpus('xz', (x) => num(x, 2)), given(q.xzRatio, (x) => `at most ${x}`)),
    figure('Keystrokes saved, against VS Code\'s word-based suggestions', quality, perCorpus('ratio', (x) => `${num(x, 2)}x`),
      given(q.baselineRatio, (x) => `at least ${x}x`)),
    figure('Suggestions shown that are accepted', quality, perCorpus('accepted', pct), given(q.acceptance, (x) => `at least ${pct(x)}`)),
    figure('Which codebase wrote 500 characters (by likelihood)', surprise, (run) => given(run.classification.find((c) => c.chunk === 500)?.likelihood, pct),
      given(s.likelihood500, (x) => `at least ${pct(x)}`)),
    figure('Typos among the 1% most surprising characters', surprise, (run) => range(run.typos.map((r) => r.recall), pct), given(s.typoRecall, (x) => `at least ${pct(x)}`)),
  ];
  const notes = [...new Set(rows.map((r) => r.run).filter(Boolean))].map((run) => {
    const rt = run.runtimes ? hostRuntime(run) : undefined;
    return `- \`${run.command}\` of ${at(run)}: ${machine(run)}${rt ? `, ${nodeName(rt)}` : ''}.${source(run)}`;
  });
  return [...table(['', 'now', 'target', 'made by', 'date'], rows.map((r) => r.cells)), '', ...notes];
}

function settingsTable(root) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const restricted = new Set(pkg.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? []);
  const rows = [];
  for (const group of pkg.contributes.configuration) {
    for (const [key, s] of Object.entries(group.properties)) {
      const range = s.enum ? s.enum.join(', ') : s.minimum !== undefined ? `${s.minimum} to ${s.maximum}` : '';
      rows.push([`\`${key}\`${restricted.has(key) ? ' (R)' : ''}`, `\`${JSON.stringify(s.default)}\``, range, s.description]);
    }
  }
  return [...table(['setting', 'default', 'values', 'what it does'], rows), '',
    '(R): in Restricted Mode the folder\'s own settings cannot change it, and a setting of memory or CPU is held to its default whoever set it (below).'];
}

/** Every block's text, by name. */
function blocks(root) {
  const bench = loadRuns(root, 'bench'), quality = loadRuns(root, 'quality'), surprise = loadRuns(root, 'surprise'), prime = loadRuns(root, 'prime');
  const defaults = settingDefaults(root);
  // the weights suggestions run on by default (before the setting existed: float32)
  const precision = defaults['charRnn.completions.precision'] ?? 'f32';
  return {
    'settings': () => settingsTable(root),
    'prime-length': () => primeLength(prime, defaults['charRnn.completions.primeChars']),
    'current-figures': () => currentFigures(bench, quality, surprise, precision),
    'bench-latest': () => benchLatest(bench),
    'bench-history': () => benchHistory(bench, precision),
    'quality-latest': () => qualityLatest(quality),
    'quality-history': () => qualityHistory(quality),
    'surprise-latest': () => surpriseLatest(surprise),
    'surprise-history': () => surpriseHistory(surprise),
  };
}

/** A file's text with each of its blocks rendered; throws when a block it must hold is missing. */
export function renderFile(text, file, make) {
  for (const name of BLOCKS[file] ?? []) {
    if (!text.includes(`<!-- render-docs:${name} -->`)) throw new Error(`${file} has no <!-- render-docs:${name} --> block`);
  }
  return text.replace(/<!-- render-docs:([a-z-]+) -->\n[\s\S]*?<!-- \/render-docs:\1 -->/g, (_, name) => {
    if (!make[name]) throw new Error(`${file}: unknown block ${name}`);
    return `<!-- render-docs:${name} -->\n\n${make[name]().join('\n')}\n\n<!-- /render-docs:${name} -->`;
  });
}

/** Renders every file that holds blocks; returns the files that changed (with check: that would). */
export function renderDocs(root, { check = false } = {}) {
  const make = blocks(root), changed = [];
  for (const file of Object.keys(BLOCKS)) {
    const path = join(root, file), before = readFileSync(path, 'utf8'), after = renderFile(before, file, make);
    if (after === before) continue;
    changed.push(file);
    if (!check) writeFileSync(path, after);
  }
  return changed;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values: a } = parseArgs({ options: { check: { type: 'boolean', default: false }, root: { type: 'string' } } });
  const root = a.root ? resolve(a.root) : join(dirname(fileURLToPath(import.meta.url)), '..'), check = a.check;
  try {
    const changed = renderDocs(root, { check });
    if (check && changed.length) {
      console.error(`out of date with docs/results and package.json: ${changed.join(', ')} (run npm run docs)`);
      process.exit(1);
    }
    console.log(changed.length ? `rendered ${changed.join(', ')}` : 'the docs are up to date');
  } catch (e) {
    console.error(`render-docs: ${e.message}`);
    process.exit(1);
  }
}
