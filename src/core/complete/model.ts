// The model a Completer runs: its shape, vocabulary and flat parameters, made from a checkpoint;
// and copying one stream's recurrent state to every row of a batch.
import type { Checkpoint } from '../checkpoint';
import type { CellType } from '../config';
import { paramSpecs } from '../params';
import { Vocab } from '../vocab';

export interface CompleterModel {
  cell: CellType;
  layers: number;
  hidden: number;
  vocab: Vocab;
  /** flat parameters in paramSpecs order (the Net's own layout) */
  params: Float32Array;
}

/** Flattens a checkpoint's named tensors into the Net's parameter layout. */
export function modelFromCheckpoint(ck: Checkpoint): CompleterModel {
  const vocab = Vocab.fromJSON(ck.vocab);
  const specs = paramSpecs({ cell: ck.cell, layers: ck.layers, hidden: ck.hidden, vocabSize: vocab.size });
  const last = specs[specs.length - 1];
  const params = new Float32Array(last.offset + last.size);
  for (const s of specs) {
    const w = ck.weights.get(s.name);
    if (!w || w.length !== s.size) throw new Error(`checkpoint tensor ${s.name} is missing or has the wrong size`);
    params.set(w, s.offset);
  }
  return { cell: ck.cell, layers: ck.layers, hidden: ck.hidden, vocab, params };
}

/** dst = blocks x [n, H] from src = blocks x [srcRows, H]: row j of each block is row from[j] of
 *  src's (the layout of Net.saveState, `blocks` being layers x (h, c)). */
export function gatherRows(src: Float32Array, srcRows: number, dst: Float32Array, blocks: number, H: number, from: Int32Array, n: number): void {
  for (let b = 0; b < blocks; b++) {
    for (let r = 0; r < n; r++) {
      const o = (b * n + r) * H, i = (b * srcRows + from[r]) * H;
      for (let j = 0; j < H; j++) dst[o + j] = src[i + j];
    }
  }
}
