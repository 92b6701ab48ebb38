// What a resumed run needs beyond weights: the checkpoint's 'train' metadata (position, clock,
// RNG, configuration) and its optimizer state. Both come from a file that may be hostile or
// broken, so every field is checked like the tensors are (type, range, length) before any of it
// sizes an allocation or drives a loop: a bad value is refused with a message, never turned
// into NaN, a hang or a stack trace.
import type { Checkpoint } from './checkpoint';
import { DEFAULT_MODEL, DEFAULT_TRAIN, MODEL_PARAMS, TRAIN_PARAMS, validate, type ModelConfig, type TrainConfig } from './config';
import { OPTIMIZER_STATE_NAMES } from './optim';
import { paramSpecs } from './params';
import { CheckpointError } from './safetensors';

/** The checkpoint's 'train' metadata, as Trainer.toCheckpoint writes it. */
export interface RunState {
  step: number; epoch: number; pos: number; charsSeen: number; elapsedMs: number;
  /** NaN before the first step (stored as null) */
  smoothLoss: number;
  rng: number; batch: number; seq: number;
  model: ModelConfig; train: TrainConfig; valFiles: string[];
}

/** Optimizer slots whose values are sums of squares: a negative one would make sqrt NaN. */
const SQUARES = new Set(['optim.exp_avg_sq', 'optim.sum', 'optim.square_avg']);
const MAX_VAL_FILES = 1_000_000;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The run state of a checkpoint, checked field by field; the optimizer state is checked
 * against it (lengths, and no negative sum of squares). Throws CheckpointError.
 */
export function readRunState(ck: Checkpoint): RunState {
  const text = ck.meta?.train;
  if (!text) throw new CheckpointError('it holds no training state to resume from (it can still be used with --init)');
  let raw: unknown;
  try { raw = JSON.parse(text); } catch { throw new CheckpointError('the training state is not valid JSON'); }
  if (!isObject(raw)) throw new CheckpointError('the training state is not a JSON object');
  const fail = (what: string): never => { throw new CheckpointError(`the training state is invalid: ${what}`); };
  const count = (k: string): number => {
    const v = raw[k];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(`${k} is ${JSON.stringify(v) ?? 'missing'}, expected a whole number of at least 0`);
    return v as number;
  };
  const inRange = (k: 'batch' | 'seq'): number => {
    const v = raw[k], p = TRAIN_PARAMS[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < p.min! || v > p.max!) fail(`${k} is ${JSON.stringify(v) ?? 'missing'}, expected a whole number from ${p.min} to ${p.max}`);
    return v as number;
  };
  const step = count('step'), epoch = count('epoch'), pos = count('pos'), charsSeen = count('charsSeen');
  const elapsedMs = raw.elapsedMs;
  if (typeof elapsedMs !== 'number' || !Number.isFinite(elapsedMs) || elapsedMs < 0) fail(`elapsedMs is ${JSON.stringify(elapsedMs) ?? 'missing'}, expected a number of milliseconds of at least 0`);
  const smooth = raw.smoothLoss;
  if (smooth !== null && (typeof smooth !== 'number' || !Number.isFinite(smooth) || smooth < 0)) fail(`smoothLoss is ${JSON.stringify(smooth) ?? 'missing'}, expected a loss of at least 0`);
  const rng = raw.rng;
  if (typeof rng !== 'number' || !Number.isInteger(rng) || rng < 0 || rng > 0xffffffff) fail(`rng is ${JSON.stringify(rng) ?? 'missing'}, expected a 32-bit state`);
  const batch = inRange('batch'), seq = inRange('seq');

  // fields a file from an older version lacks take their defaults, as in the Trainer
  if (!isObject(raw.model)) fail('model is not an object');
  const model = { ...DEFAULT_MODEL, ...(raw.model as object) } as ModelConfig;
  const modelErrs = validate(MODEL_PARAMS, model);
  if (modelErrs.length) fail(`model: ${modelErrs.join('; ')}`);
  if (model.cell !== ck.cell || model.layers !== ck.layers || model.hidden !== ck.hidden) {
    fail(`it describes a ${model.layers}x${model.hidden} ${model.cell}, the weights are a ${ck.layers}x${ck.hidden} ${ck.cell}`);
  }
  if (!isObject(raw.train)) fail('train is not an object');
  const train = { ...DEFAULT_TRAIN, ...(raw.train as object) } as TrainConfig;
  const trainErrs = validate(TRAIN_PARAMS, train);
  if (trainErrs.length) fail(`train: ${trainErrs.join('; ')}`);
  if (batch > train.batch || seq > train.seq) fail(`batch ${batch} and window ${seq} exceed the configured ${train.batch} and ${train.seq}`);
  const valFiles = raw.valFiles;
  if (!Array.isArray(valFiles) || valFiles.length > MAX_VAL_FILES || !valFiles.every((f) => typeof f === 'string')) fail('valFiles is not a list of file names');

  const nParams = paramSpecs({ cell: ck.cell, layers: ck.layers, hidden: ck.hidden, vocabSize: ck.vocab.length }).reduce((n, s) => n + s.size, 0);
  for (const name of OPTIMIZER_STATE_NAMES[train.optimizer]) {
    const data = ck.optim?.get(name);
    if (!data) throw new CheckpointError(`the ${train.optimizer} optimizer's state lacks the tensor ${name}`);
    if (data.length !== nParams) throw new CheckpointError(`the optimizer state ${name} has ${data.length} values; the model has ${nParams} parameters`);
    const negative = SQUARES.has(name) ? data.findIndex((x) => x < 0) : -1;
    if (negative >= 0) throw new CheckpointError(`the optimizer state ${name} holds ${data[negative]} at index ${negative}; a sum of squares cannot be negative`);
  }
  const hidden = ck.optim?.get('optim.hidden'), stateSize = ck.layers * batch * ck.hidden * (ck.cell === 'lstm' ? 2 : 1);
  if (hidden && hidden.length !== stateSize) throw new CheckpointError(`the carried hidden state has ${hidden.length} values; ${batch} streams of a ${ck.layers}x${ck.hidden} ${ck.cell} need ${stateSize}`);
  return {
    step, epoch, pos, charsSeen, elapsedMs: elapsedMs as number, smoothLoss: smooth === null ? NaN : smooth as number,
    rng: rng as number, batch, seq, model, train, valFiles: valFiles as string[],
  };
}

/**
 * Settings that a resumed run takes from its checkpoint: asking for another value conflicts
 * (the model, the data's layout, the optimizer's state, the held-out files).
 */
const FIXED_MODEL: (keyof ModelConfig)[] = ['cell', 'layers', 'hidden'];
const FIXED_TRAIN: (keyof TrainConfig)[] = ['seq', 'batch', 'optimizer', 'maxVocab', 'valFrac', 'seed'];

/** The requested settings that differ from the resumed run's, as `name: asked vs saved`. */
export function resumeConflicts(saved: RunState, model: Partial<ModelConfig>, train: Partial<TrainConfig>): { field: string; asked: unknown; saved: unknown }[] {
  const out = [];
  for (const k of FIXED_MODEL) if (model[k] !== undefined && model[k] !== saved.model[k]) out.push({ field: k, asked: model[k], saved: saved.model[k] });
  for (const k of FIXED_TRAIN) if (train[k] !== undefined && train[k] !== saved.train[k]) out.push({ field: k, asked: train[k], saved: saved.train[k] });
  return out;
}
