// A model's weights as one value (ModelWeights), and moving them in and out of a Net. A
// checkpoint is one of these plus its metadata and training state (checkpoint.ts); the training
// worker publishes them, the completer, the panel and the one-shot jobs run them.
import type { Checkpoint } from './checkpoint';
import type { CellType, Precision } from './config';
import type { Backend } from './kernels/types';
import { Net } from './net';
import { paramCount, paramSpecs, type ModelSpec } from './params';
import { Vocab } from './vocab';

/** A model's weights: its shape, its vocabulary and every parameter, flat in paramSpecs() order
 *  (the Net's own layout). Plain data, so it crosses to a worker thread as it is. */
export interface ModelWeights {
  cell: CellType;
  layers: number;
  hidden: number;
  /** the vocabulary's class order (Vocab.toJSON()): the unknown symbol "" first */
  vocab: string[];
  params: Float32Array;
}

export const specOf = (w: ModelWeights): ModelSpec => ({ cell: w.cell, layers: w.layers, hidden: w.hidden, vocabSize: w.vocab.length });

/** Only the weights of w (a checkpoint's without its training state and metadata), sharing params. */
export const weightsOnly = (w: ModelWeights): ModelWeights => ({ cell: w.cell, layers: w.layers, hidden: w.hidden, vocab: w.vocab, params: w.params });

/** Whether a and b are the same model (shape and vocabulary), whatever their parameters. */
export function sameModel(a: ModelWeights, b: ModelWeights): boolean {
  return a.cell === b.cell && a.layers === b.layers && a.hidden === b.hidden
    && a.vocab.length === b.vocab.length && a.vocab.every((c, i) => c === b.vocab[i]);
}

/** A parameter tensor of w by its PyTorch name: a view into w.params. */
export function tensor(w: ModelWeights, name: string): Float32Array {
  const s = paramSpecs(specOf(w)).find((p) => p.name === name);
  if (!s) throw new Error(`a ${w.layers}x${w.hidden} ${w.cell} has no parameter ${name}`);
  return w.params.subarray(s.offset, s.offset + s.size);
}

/** Throws, in words, when w's parameters do not fit its shape. */
export function checkWeights(w: ModelWeights): void {
  const n = paramCount(specOf(w));
  if (w.params.length !== n) throw new Error(`the weights have ${w.params.length} values; a ${w.layers}x${w.hidden} ${w.cell} over ${w.vocab.length} symbols needs ${n}`);
}

/** A copy of the net's weights. */
export function weightsOf(net: Net, vocab: Vocab): ModelWeights {
  const { cell, layers, hidden } = net.spec;
  return { cell, layers, hidden, vocab: vocab.toJSON(), params: Float32Array.from(net.params) };
}

/** A checkpoint of the net's weights (and the named optimizer slots, flat [P]). */
export function toCheckpoint(net: Net, vocab: Vocab, optimNames: string[] = []): Checkpoint {
  const optim = new Map<string, Float32Array>();
  optimNames.forEach((name, i) => optim.set(name, Float32Array.from(net.slots[i])));
  return { ...weightsOf(net, vocab), optim, meta: {} };
}

/** Copies a checkpoint's weights (and optimizer slots, when named) into the net. */
export function loadWeights(net: Net, ck: Checkpoint, optimNames: string[] = []): void {
  const { cell, layers, hidden, vocabSize } = net.spec;
  if (ck.cell !== cell || ck.layers !== layers || ck.hidden !== hidden || ck.vocab.length !== vocabSize) {
    throw new Error(`checkpoint is a ${ck.layers}x${ck.hidden} ${ck.cell} over ${ck.vocab.length} symbols; expected ${layers}x${hidden} ${cell} over ${vocabSize}`);
  }
  checkWeights(ck);
  net.setParams(ck.params);
  optimNames.forEach((name, i) => {
    const m = ck.optim?.get(name);
    if (m && m.length === net.nParams) net.slots[i].set(m);
  });
}

/** A net of B streams and window T holding the weights, with their vocabulary; precision 'int8'
 *  multiplies by 8-bit copies of them (forward only). */
export function netFromWeights(w: ModelWeights, batch: number, seq: number, backend?: Backend, precision?: Precision): { net: Net; vocab: Vocab } {
  const vocab = Vocab.fromJSON(w.vocab);
  checkWeights(w);
  const net = new Net({ ...specOf(w), batch, seq, backend, precision });
  net.setParams(w.params);
  return { net, vocab };
}
