// `char-rnn train <paths...>`: read a corpus, train, save a checkpoint (also on Ctrl-C).
import { COMPLETION_PARAMS, DEFAULT_TRAIN, MODEL_PARAMS, TRAIN_PARAMS, type ModelConfig, type Precision, type TrainConfig } from '../core/config';
import { CheckpointError, loadCheckpoint, type Checkpoint } from '../core/checkpoint';
import { readRunState, resumeConflicts } from '../core/runState';
import { readCorpus, describeSkip, type Corpus, type SkipReason } from '../core/corpus';
import { describeFindings } from '../core/secrets';
import { getBackend } from '../core/kernels';
import type { EvalMetrics, StepMetrics } from '../core/metrics';
import { DivergedError, type Rollback } from '../core/divergence';
import { Trainer } from '../core/train';
import { mixtureFor, runToEnd } from '../core/mix/memory';
import type { Mixture } from '../core/mix/mixture';
import { Vocab } from '../core/vocab';
import { prepareOutput, saveGuarded } from './output';
import { choice, parse, str, UsageError, warn, type Flags } from './args';
import { flagOf, schemaOptions, schemaUsage, schemaValues } from './flags';
import { Progress } from './progress';
import { availableParallelism } from 'node:os';

export const TRAIN_USAGE = `usage: char-rnn train <paths...> ${schemaUsage(MODEL_PARAMS)} ${schemaUsage(TRAIN_PARAMS)} [--init F | --resume F] [--out F] [--backend auto|ts|wasm] [--json]`;

export const TRAIN_OPTIONS = {
  ...schemaOptions(MODEL_PARAMS), ...schemaOptions(TRAIN_PARAMS),
  init: { type: 'string' }, resume: { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' },
} as const;

export function modelFlags(f: Flags): Partial<ModelConfig> {
  return schemaValues(f, MODEL_PARAMS);
}

export function trainFlags(f: Flags): Partial<TrainConfig> {
  const t = schemaValues(f, TRAIN_PARAMS);
  // a step budget alone means no time limit
  if (t.steps !== undefined && t.minutes === undefined) t.minutes = 0;
  // the command line uses every core unless told otherwise (the extension keeps 1)
  t.threads ??= Math.min(availableParallelism(), TRAIN_PARAMS.threads.max!);
  return t;
}

export function backendFlag(f: Flags) {
  return getBackend(choice(f, 'backend', ['auto', 'ts', 'wasm'] as const) ?? 'auto');
}

/** --precision f32|int8, from the completion setting's schema: the weights an inference pass
 *  multiplies by (undefined when absent) */
export const PRECISION_OPTION = schemaOptions(COMPLETION_PARAMS, ['precision']);
export const PRECISION_USAGE = schemaUsage(COMPLETION_PARAMS, ['precision']);
export function precisionFlag(f: Flags): Precision | undefined {
  return schemaValues(f, COMPLETION_PARAMS, ['precision']).precision;
}

/** The checkpoint's memory of its repository rebuilt into a mixture (an empty one when it has
 *  none, or one that cannot be used: `say` says why), as every command that predicts uses it. */
export function checkpointMixture(ck: Pick<Checkpoint, 'mix' | 'vocab'>, say: (s: string) => void = warn): Mixture {
  return runToEnd(mixtureFor(ck.mix, Vocab.fromJSON(ck.vocab), DEFAULT_TRAIN.memoryMb, say));
}

const NAMED_SKIPS: ReadonlySet<SkipReason> = new Set(['secret', 'holds-secret', 'outside', 'not-regular']);

/** Reads paths into a corpus, logging what was skipped; fails when nothing is left. */
export async function readOrFail(paths: string[], log: (s: string) => void): Promise<Corpus> {
  const corpus = await readCorpus(paths);
  const counts = new Map<string, number>();
  for (const s of corpus.skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  if (corpus.skipped.length) log(`skipped ${corpus.skipped.length} files: ${[...counts].map(([r, n]) => `${n} ${describeSkip(r as never)}`).join(', ')}`);
  // what was kept from the model for its content or where it leads, file by file; never the secret itself
  for (const s of corpus.skipped) if (NAMED_SKIPS.has(s.reason)) log(`  skipped ${s.path}: ${describeSkip(s.reason)}${s.detail ? `: ${s.detail}` : ''}`);
  for (const r of corpus.redacted) log(`  redacted ${r.path}: ${describeFindings(r.findings)} (each replaced by a placeholder of the same shape)`);
  if (corpus.files.length === 0) throw new Error(`no readable source files in ${paths.join(', ')}${corpus.skipped.length ? ` (all ${corpus.skipped.length} were skipped)` : ''}`);
  return corpus;
}

export interface LoopHooks { onStep?(m: StepMetrics): void; onEval?(m: EvalMetrics): void; onRollback?(r: Rollback): void }

/** Runs the trainer to its budget or until stop() says so; evaluates every evalEvery steps and at the end. */
export async function trainLoop(tr: Trainer, stop: () => boolean, hooks: LoopHooks): Promise<void> {
  while (!tr.done() && !stop()) {
    const rolledBack = tr.rollbacks.length;
    let m;
    try {
      m = tr.trainStep();
    } finally {
      // also those of a step that ended the run (DivergedError)
      for (const r of tr.rollbacks.slice(rolledBack)) hooks.onRollback?.(r);
    }
    hooks.onStep?.(m);
    if (tr.step % tr.cfg.evalEvery === 0) { const e = tr.evaluate(); if (e) hooks.onEval?.(e); }
    // let signals (Ctrl-C) through between steps
    await new Promise((r) => setImmediate(r));
  }
  if (tr.lastEval?.step !== tr.step) { const e = tr.evaluate(); if (e) hooks.onEval?.(e); }
}

/** --resume continues a run as it was: a flag that would change what the checkpoint fixes is refused. */
function refuseConflicts(file: string, ck: Checkpoint, model: Partial<ModelConfig>, cfg: Partial<TrainConfig>): void {
  let saved;
  try {
    saved = readRunState(ck);
  } catch (err) {
    throw err instanceof CheckpointError ? new CheckpointError(`${file} cannot be resumed: ${err.message}`) : err;
  }
  const conflicts = resumeConflicts(saved, model, cfg);
  if (conflicts.length) {
    throw new UsageError(`${conflicts.map((c) => `--${flagOf(c.field)} ${c.asked} conflicts with the run in ${file} (${c.saved})`).join('; ')}: leave ${conflicts.length > 1 ? 'them' : 'it'} out to resume, or use --init to start a new run from its weights`);
  }
}

export async function train(argv: string[]): Promise<void> {
  const { flags, positionals } = parse(argv, TRAIN_OPTIONS);
  if (positionals.length === 0) throw new UsageError('train needs at least one file or directory');
  if (flags.init && flags.resume) throw new UsageError('--init and --resume cannot be combined');
  const json = Boolean(flags.json), out = str(flags, 'out') ?? 'model.safetensors';
  const model = modelFlags(flags), cfg = trainFlags(flags), backend = backendFlag(flags);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const init = str(flags, 'init') ? await loadCheckpoint(str(flags, 'init')!) : undefined;
  const resume = str(flags, 'resume') ? await loadCheckpoint(str(flags, 'resume')!) : undefined;
  if (resume) refuseConflicts(str(flags, 'resume')!, resume, model, cfg);
  await prepareOutput(out, log);
  const corpus = await readOrFail(positionals, log);
  const tr = new Trainer(corpus.files, { model, train: cfg, init, resume, backend });
  for (const n of tr.notes) log(`note: ${n}`);
  if (!json) {
    log(`training a ${tr.model.layers}x${tr.model.hidden} ${tr.model.cell} on ${tr.trainFiles.length} files (${tr.data.length.toLocaleString()} chars, vocabulary ${tr.vocab.size}), ${tr.valFiles.length} held out; batch ${tr.B}, window ${tr.T}, ${tr.cfg.optimizer} lr ${tr.cfg.lr}, backend ${tr.net.k.backend}`);
  }
  let stopping = false;
  const onSig = () => { stopping = true; };
  process.once('SIGINT', onSig);
  const bar = new Progress();
  const budget = () => tr.cfg.steps > 0 ? tr.step / tr.cfg.steps : tr.cfg.minutes > 0 ? tr.elapsedMs / (tr.cfg.minutes * 60_000) : 0;
  let diverged: DivergedError | undefined;
  await trainLoop(tr, () => stopping, {
    onRollback: (r) => json ? process.stdout.write(`${JSON.stringify({ kind: 'rollback', ...r })}\n`)
      : (bar.done(), log(`step ${r.step}: the loss was ${r.loss}, the gradient norm ${r.gradNorm}: back to the weights before the last update, and on to the next window`)),
    onStep: (m) => json ? process.stdout.write(`${JSON.stringify(m)}\n`)
      : bar.update(budget(), `step ${m.step} loss ${m.bitsPerChar.toFixed(3)} bits/char (smooth ${(m.smoothLoss / Math.LN2).toFixed(3)}) ${Math.round(m.charsPerSec).toLocaleString()} chars/s`),
    onEval: (e) => json ? process.stdout.write(`${JSON.stringify(e)}\n`)
      : (bar.update(budget(), '', true), bar.done(), log(`step ${e.step}: validation ${e.valBitsPerChar.toFixed(3)} bits/char, perplexity ${e.valPerplexity.toFixed(2)} over ${e.valChars.toLocaleString()} chars`)),
  }).catch((err: unknown) => {
    // the weights are the last good ones: they are saved (if not much worse than out's) before the run fails
    if (err instanceof DivergedError) diverged = err;
    else throw err;
  }).finally(() => process.off('SIGINT', onSig));
  bar.done();
  if (!json) log('building the mixture\'s memory of the corpus...');
  const t0 = performance.now();
  let saved;
  try {
    const mix = runToEnd(tr.buildMixture());
    if (!json) log(`memory built in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${mix.text.length.toLocaleString()} bytes of text`);
    saved = await saveGuarded(out, tr, backend, undefined, mix);
  } finally {
    tr.dispose();
  }
  const summary = { kind: 'done', out: saved.path, replaced: saved.replaced, steps: tr.step, charsSeen: tr.charsSeen, elapsedMs: Math.round(tr.elapsedMs), interrupted: stopping, diverged: Boolean(diverged), smoothBitsPerChar: tr.smoothLoss / Math.LN2, valBitsPerChar: tr.lastEval?.valBitsPerChar };
  if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else log(`${stopping ? 'interrupted; ' : ''}saved ${saved.path} after ${tr.step} steps (${tr.charsSeen.toLocaleString()} chars in ${(tr.elapsedMs / 1000).toFixed(1)} s)`);
  if (!saved.replaced) throw new Error(`${out} was kept: ${saved.reason}; this run's weights are in ${saved.path}${diverged ? ` (${diverged.message})` : ''}`);
  if (diverged) throw new Error(`${diverged.message}; they were saved to ${saved.path}`);
  if (stopping) process.exitCode = 130;
}

