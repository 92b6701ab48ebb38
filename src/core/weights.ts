// Moving weights between a Net's flat buffers and a Checkpoint's named tensors.
import type { Checkpoint } from './checkpoint';
import type { Backend } from './kernels/types';
import { Net } from './net';
import { Vocab } from './vocab';

/** A checkpoint of the net's weights (and the named optimizer slots, flat [P]). */
export function toCheckpoint(net: Net, vocab: Vocab, optimNames: string[] = []): Checkpoint {
  const weights = new Map<string, Float32Array>();
  for (const s of net.specs) weights.set(s.name, Float32Array.from(net.params.subarray(s.offset, s.offset + s.size)));
  const optim = new Map<string, Float32Array>();
  optimNames.forEach((name, i) => optim.set(name, Float32Array.from(net.slots[i])));
  const { cell, layers, hidden } = net.spec;
  return { cell, layers, hidden, vocab: vocab.toJSON(), weights, optim, meta: {} };
}

/** Copies a checkpoint's weights (and optimizer slots, when named) into the net. */
export function loadWeights(net: Net, ck: Checkpoint, optimNames: string[] = []): void {
  const { cell, layers, hidden, vocabSize } = net.spec;
  if (ck.cell !== cell || ck.layers !== layers || ck.hidden !== hidden || ck.vocab.length !== vocabSize) {
    throw new Error(`checkpoint is a ${ck.layers}x${ck.hidden} ${ck.cell} over ${ck.vocab.length} symbols; expected ${layers}x${hidden} ${cell} over ${vocabSize}`);
  }
  for (const s of net.specs) {
    const w = ck.weights.get(s.name);
    if (!w || w.length !== s.size) throw new Error(`checkpoint tensor ${s.name} is missing or has the wrong size`);
    net.params.set(w, s.offset);
  }
  net.repack();
  optimNames.forEach((name, i) => {
    const m = ck.optim?.get(name);
    if (m && m.length === net.nParams) net.slots[i].set(m);
  });
}

/** A net of B streams and window T holding a checkpoint's weights, with its vocabulary. */
export function netFromCheckpoint(ck: Checkpoint, batch: number, seq: number, backend?: Backend): { net: Net; vocab: Vocab } {
  const vocab = Vocab.fromJSON(ck.vocab);
  const net = new Net({ cell: ck.cell, layers: ck.layers, hidden: ck.hidden, vocabSize: vocab.size, batch, seq, backend });
  loadWeights(net, ck);
  return { net, vocab };
}
