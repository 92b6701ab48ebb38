// `char-rnn complete-eval --ckpt F <paths...>`: keystrokes saved by the model's suggestions on
// files replayed as typed, beside the word-based baseline (src/core/complete/completeEval.ts).
import { loadCheckpoint } from '../core/checkpoint';
import { COMPLETION_PARAMS, DEFAULT_COMPLETION } from '../core/config';
import { Completer, type SuggestSettings } from '../core/complete/completer';
import { evalText, type FileResult } from '../core/complete/completeEval';
import { ACCOUNTINGS, addStats, emptyStats, summary, TYPED_KINDS, type ReplayStats, type Typed } from '../core/complete/replay';
import { choice, parse, numIn, str, UsageError } from './args';
import { schemaOptions, schemaUsage, schemaValues } from './flags';
import { Progress } from './progress';
import { weightsOnly } from '../core/weights';
import { backendFlag, checkpointMixture, precisionFlag, PRECISION_OPTION, PRECISION_USAGE, readOrFail } from './train';

/** the completion settings a replay takes from the command line */
const FIELDS = ['temperature', 'topP', 'candidates', 'maxChars', 'multiline', 'maxLines', 'primeChars', 'minConfidence'] as const satisfies readonly (keyof SuggestSettings)[];

export const COMPLETE_EVAL_USAGE = `usage: char-rnn complete-eval --ckpt F <paths...> [--json] ${schemaUsage(COMPLETION_PARAMS, [...FIELDS])} ${PRECISION_USAGE} [--accounting strict|loose] [--network-only] [--seed N] [--first N] [--backend auto|ts|wasm]`;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const TYPED_NAMES: Record<keyof Typed, string> = { indentation: 'indentation', lineBreaks: 'line breaks', identifiers: 'identifier characters', other: 'other' };

function row(name: string, s: ReplayStats): string {
  const m = summary(s);
  return `${name.padEnd(26)}${pct(m.keystrokesSaved).padStart(10)}${pct(m.acceptanceRate).padStart(12)}${`${s.accepted}/${s.offered}`.padStart(16)}${`${m.meanAcceptedLength.toFixed(1)} chars`.padStart(14)}`;
}

export async function completeEval(argv: string[]): Promise<void> {
  const { flags, positionals } = parse(argv, {
    ckpt: { type: 'string' }, json: { type: 'boolean' }, ...schemaOptions(COMPLETION_PARAMS, [...FIELDS]), ...PRECISION_OPTION,
    seed: { type: 'string' }, first: { type: 'string' }, backend: { type: 'string' }, accounting: { type: 'string' }, 'network-only': { type: 'boolean' },
  });
  const path = str(flags, 'ckpt');
  if (!path) throw new UsageError('complete-eval needs --ckpt F');
  if (positionals.length === 0) throw new UsageError('complete-eval needs at least one file or directory');
  const d = DEFAULT_COMPLETION;
  const settings: SuggestSettings = {
    ...Object.fromEntries(FIELDS.map((k) => [k, d[k]])) as Pick<typeof d, typeof FIELDS[number]>,
    ...schemaValues(flags, COMPLETION_PARAMS, [...FIELDS]),
  };
  const accounting = choice(flags, 'accounting', ACCOUNTINGS) ?? 'strict';
  const seed = numIn(flags, 'seed', 0, 2 ** 31 - 1, true) ?? 1;
  const first = numIn(flags, 'first', 1, Number.MAX_SAFE_INTEGER, true);
  const backend = backendFlag(flags), precision = precisionFlag(flags) ?? d.precision;
  const ck = await loadCheckpoint(path);
  const corpus = await readOrFail(positionals, (s) => process.stderr.write(`${s}\n`));
  const completer = new Completer(weightsOnly(ck), { backend, seed, precision });
  if (!flags['network-only']) {
    completer.setMixture(checkpointMixture(ck));
  }

  // a bar on a terminal only: piped or redirected stderr gets no carriage returns
  const progress = new Progress();
  const files: FileResult[] = [];
  for (const f of corpus.files) {
    const text = first ? f.text.slice(0, first) : f.text;
    files.push(evalText(completer, f.path, text, settings, seed, accounting));
    progress.update(files.length / corpus.files.length, `${files.length}/${corpus.files.length} files`, true);
  }
  progress.done();
  const model = files.reduce((a, f) => addStats(a, f.model), emptyStats());
  const baseline = files.reduce((a, f) => addStats(a, f.baseline), emptyStats());
  const requests = files.reduce((a, f) => a + f.requests, 0), ms = files.reduce((a, f) => a + f.ms, 0);
  if (flags.json) {
    const out = (s: ReplayStats) => ({ ...s, ...summary(s) });
    process.stdout.write(`${JSON.stringify({
      settings, accounting, predictor: completer.mixture ? 'mixture' : 'network', precision, seed, chars: model.chars, requests, msPerRequest: requests ? ms / requests : 0,
      model: out(model), baseline: out(baseline),
      files: files.map((f) => ({ path: f.path, chars: f.model.chars, model: out(f.model), baseline: out(f.baseline) })),
    })}\n`);
    return;
  }
  const w = process.stdout.write.bind(process.stdout);
  w(`${files.length} files, ${model.chars.toLocaleString()} characters; ${ck.layers}x${ck.hidden} ${ck.cell}, temperature ${settings.temperature}, top-p ${settings.topP}, ${settings.candidates} candidates, ${settings.multiline ? `up to ${settings.maxLines} lines` : 'single line'}, at most ${settings.maxChars} chars, confidence ${settings.minConfidence}; ${completer.mixture ? 'mixture' : 'network alone'}, ${accounting} accounting\n`);
  w(`${''.padEnd(26)}${'saved'.padStart(10)}${'accepted'.padStart(12)}${'of offered'.padStart(16)}${'mean length'.padStart(14)}\n`);
  w(`${row('model', model)}\n${row('word baseline (no model)', baseline)}\n`);
  const kinds = TYPED_KINDS.map((k) => `${TYPED_NAMES[k]} ${pct(model.chars > 0 ? model.typed[k] / model.chars : 0)}`).join(', ');
  w(`typed key by key with the model, as a share of all characters: ${kinds}\n`);
  w(`${requests.toLocaleString()} suggestions computed in ${(ms / 1000).toFixed(1)} s (${(requests ? ms / requests : 0).toFixed(2)} ms each, backend ${completer.backend}, ${precision} weights)\n`);
}
