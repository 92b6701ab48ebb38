// Model checkpoints: one .safetensors file whose tensors are a PyTorch state dict
// (src/core/params.ts) and whose metadata says how to rebuild the model. Loading checks the file
// against its own metadata and refuses anything that would give a silently wrong model.
import type { CellType } from './config';
import { writeFileAtomic, type WriteBytes } from './atomic';
import { paramCount, paramSpecs } from './params';
import { describeRefusal, readRegularFile } from './safeRead';
import { CheckpointError, decodeSafetensors, encodeSafetensors, type Tensor, type TensorIn } from './safetensors';
import { Vocab } from './vocab';
import type { ModelWeights } from './weights';

export { CheckpointError } from './safetensors';

/** A model's weights (stored as the tensors of paramSpecs(), its shape and vocabulary as
 *  metadata), plus what resuming its training needs. */
export interface Checkpoint extends ModelWeights {
  /** training state tensors, names start with 'optim.'; stored flat (shape [length]) */
  optim?: Map<string, Float32Array>;
  /** any other metadata (e.g. 'train' JSON: step, rng state, config) */
  meta?: Record<string, string>;
  /** the mixing predictor's memory (src/core/mix/memory.ts): its settings (metadata 'mix',
   *  JSON), the repository text it read (tensor mix.text, U8, UTF-8) and its learned weights
   *  (tensor mix.state, F32) */
  mix?: StoredMix;
}

export interface StoredMix { spec: string; text: Uint8Array; state: Float32Array }

export const OPTIM_PREFIX = 'optim.';
const MIX_TEXT = 'mix.text', MIX_STATE = 'mix.state', MIX_META = 'mix';
/** Bounds a file must respect before we allocate a model for it. */
export const CHECKPOINT_LIMITS = { maxLayers: 64, maxHidden: 16384 } as const;

const RESERVED = ['cell', 'layers', 'hidden', 'vocab', MIX_META];
const CELLS: readonly CellType[] = ['rnn', 'lstm', 'gru'];
const fmtShape = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** Index of the first NaN or infinity in data, or -1. */
function firstNonFinite(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return i;
  return -1;
}

export function encodeCheckpoint(ck: Checkpoint): Uint8Array {
  const spec = { cell: ck.cell, layers: ck.layers, hidden: ck.hidden, vocabSize: ck.vocab.length };
  const n = paramCount(spec);
  if (ck.params.length !== n) throw new Error(`checkpoint has ${ck.params.length} parameters; a ${ck.layers}x${ck.hidden} ${ck.cell} over ${ck.vocab.length} symbols needs ${n}`);
  const tensors: TensorIn[] = [];
  for (const s of paramSpecs(spec)) {
    const data = ck.params.subarray(s.offset, s.offset + s.size);
    // refusing here keeps a diverged run from replacing the last good checkpoint
    const bad = firstNonFinite(data);
    if (bad >= 0) throw new Error(`weight ${s.name} holds ${data[bad]} at index ${bad}`);
    tensors.push({ name: s.name, shape: s.shape, data });
  }
  for (const [name, data] of ck.optim ?? []) {
    if (!name.startsWith(OPTIM_PREFIX)) throw new Error(`training state tensor ${name} must start with "${OPTIM_PREFIX}"`);
    tensors.push({ name, shape: [data.length], data });
  }
  if (ck.mix) {
    const bad = firstNonFinite(ck.mix.state);
    if (bad >= 0) throw new Error(`the mixture's weights hold ${ck.mix.state[bad]} at index ${bad}`);
    tensors.push({ name: MIX_TEXT, shape: [ck.mix.text.length], data: ck.mix.text }, { name: MIX_STATE, shape: [ck.mix.state.length], data: ck.mix.state });
  }
  const meta = ck.meta ?? {};
  for (const k of RESERVED) if (k in meta) throw new Error(`meta must not set the reserved key "${k}"`);
  Vocab.fromJSON(ck.vocab);
  return encodeSafetensors(tensors, {
    ...meta,
    cell: ck.cell,
    layers: String(ck.layers),
    hidden: String(ck.hidden),
    vocab: JSON.stringify(ck.vocab),
    ...(ck.mix ? { [MIX_META]: ck.mix.spec } : {}),
  });
}

function positiveInt(key: string, value: string | undefined, max: number): number {
  if (value === undefined) throw new CheckpointError(`metadata has no "${key}"`);
  if (!/^[0-9]+$/.test(value)) throw new CheckpointError(`metadata ${key} "${value}" is not a positive integer`);
  const n = Number(value);
  if (n < 1 || n > max) throw new CheckpointError(`metadata ${key} ${n} is outside 1..${max}`);
  return n;
}

function parseVocab(value: string | undefined): string[] {
  if (value === undefined) throw new CheckpointError('metadata has no "vocab"');
  let entries: unknown;
  try {
    entries = JSON.parse(value);
  } catch {
    throw new CheckpointError('metadata vocab is not valid JSON');
  }
  try {
    return Vocab.fromJSON(entries).toJSON();
  } catch (err) {
    throw new CheckpointError(`metadata vocab is invalid: ${(err as Error).message}`);
  }
}

function decode(bytes: Uint8Array): Checkpoint {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const cell = metadata.cell as CellType;
  if (!CELLS.includes(cell)) {
    throw new CheckpointError(`metadata cell ${JSON.stringify(metadata.cell ?? null)} must be one of ${CELLS.join(', ')}`);
  }
  const layers = positiveInt('layers', metadata.layers, CHECKPOINT_LIMITS.maxLayers);
  const hidden = positiveInt('hidden', metadata.hidden, CHECKPOINT_LIMITS.maxHidden);
  const vocab = parseVocab(metadata.vocab);

  const head = tensors.get('head.weight');
  if (head && head.shape.length === 2 && head.shape[0] !== vocab.length) {
    throw new CheckpointError(`metadata vocab has ${vocab.length} entries but head.weight has ${head.shape[0]} rows`);
  }
  const spec = { cell, layers, hidden, vocabSize: vocab.length };
  const weights = new Map<string, Float32Array>();
  const params = new Float32Array(paramCount(spec));
  for (const s of paramSpecs(spec)) {
    const t = tensors.get(s.name);
    if (t && t.dtype !== 'F32') throw new CheckpointError(`tensor ${s.name} is ${t.dtype}; weights are F32`);
    if (!t) throw new CheckpointError(`missing tensor ${s.name} (expected shape ${fmtShape(s.shape)} for ${cell} ${layers}x${hidden}, V=${vocab.length})`);
    if (fmtShape(t.shape) !== fmtShape(s.shape)) {
      throw new CheckpointError(`tensor ${s.name} has shape ${fmtShape(t.shape)}, expected ${fmtShape(s.shape)} (${cell} ${layers}x${hidden}, V=${vocab.length})`);
    }
    weights.set(s.name, t.data);
    params.set(t.data, s.offset);
  }
  const optim = new Map<string, Float32Array>();
  for (const [name, t] of tensors) {
    if (weights.has(name) || name === MIX_TEXT || name === MIX_STATE) continue;
    if (t.dtype !== 'F32') throw new CheckpointError(`tensor ${name} is ${t.dtype}; training state is F32`);
    if (!name.startsWith(OPTIM_PREFIX)) throw new CheckpointError(`unexpected tensor ${name} (shape ${fmtShape(t.shape)}) for ${cell} ${layers}x${hidden}`);
    optim.set(name, t.data);
  }
  for (const [name, data] of [...weights, ...optim]) {
    const bad = firstNonFinite(data);
    if (bad >= 0) throw new CheckpointError(`tensor ${name} holds ${data[bad]} at index ${bad}`);
  }
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata)) if (!RESERVED.includes(k)) meta[k] = v;
  const ck: Checkpoint = { cell, layers, hidden, vocab, params };
  const mix = decodeMix(tensors.get(MIX_TEXT), tensors.get(MIX_STATE), metadata[MIX_META]);
  if (mix) ck.mix = mix;
  if (optim.size > 0) ck.optim = optim;
  if (Object.keys(meta).length > 0) ck.meta = meta;
  return ck;
}

/** The mixture's three parts: all present and of the right types, or none. */
function decodeMix(text: Tensor | undefined, state: Tensor | undefined, spec: string | undefined): StoredMix | undefined {
  if (!text && !state && spec === undefined) return undefined;
  if (!text || !state || spec === undefined) throw new CheckpointError(`the mixture's memory is incomplete: it needs tensors ${MIX_TEXT} and ${MIX_STATE} and metadata "${MIX_META}"`);
  if (text.dtype !== 'U8' || state.dtype !== 'F32') throw new CheckpointError(`tensor ${MIX_TEXT} must be U8 and ${MIX_STATE} F32`);
  const bad = firstNonFinite(state.data);
  if (bad >= 0) throw new CheckpointError(`tensor ${MIX_STATE} holds ${state.data[bad]} at index ${bad}`);
  return { spec, text: text.data, state: state.data };
}

/** Decodes and validates a checkpoint; messages start with `source` when given. */
export function decodeCheckpoint(bytes: Uint8Array, source?: string): Checkpoint {
  try {
    return decode(bytes);
  } catch (err) {
    if (err instanceof CheckpointError && source) throw new CheckpointError(`${source}: ${err.message}`);
    throw err;
  }
}

/** `write` stands in for the file write in tests (a full disk). */
export async function saveCheckpoint(path: string, ck: Checkpoint, write?: WriteBytes): Promise<void> {
  await writeFileAtomic(path, encodeCheckpoint(ck), write);
}

/** Larger files are refused before they are read (the largest model the settings allow is 1.4 GB). */
export const MAX_CHECKPOINT_BYTES = 2 ** 31;

/** Reads a checkpoint file: a regular file only (never a FIFO or device), at most MAX_CHECKPOINT_BYTES. */
export async function loadCheckpoint(path: string): Promise<Checkpoint> {
  const r = await readRegularFile(path, MAX_CHECKPOINT_BYTES);
  if ('refused' in r) throw new CheckpointError(`${path}: cannot read checkpoint: ${describeRefusal(r.refused, r.detail)}`);
  return decodeCheckpoint(r.bytes, path);
}
