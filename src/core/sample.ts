// Drawing characters from the model: temperature, top-k, top-p (nucleus) and greedy.
import type { Arr } from './kernels/types';
import type { Net } from './net';
import type { Rng } from './rng';
import type { Vocab } from './vocab';

export interface SampleOptions {
  /** 0 = greedy (argmax) */
  temperature: number;
  /** keep only the k most likely characters (0 = all) */
  topK: number;
  /** keep the smallest set whose probability reaches p (1 = all) */
  topP: number;
}

export const DEFAULT_SAMPLE: Readonly<SampleOptions> = { temperature: 1, topK: 0, topP: 1 };

/** Picks a class from logits row r of net.logits (overwritten with probabilities). The unknown
 *  class 0 is never drawn: it stands for characters the model cannot write. `order` is scratch
 *  of at least V ints. Returns the class and its log-probability under the untruncated softmax
 *  at the given temperature (1 when greedy). */
export function pick(net: Net, r: number, o: SampleOptions, rng: Rng, order: Int32Array): { id: number; logp: number } {
  const V = net.spec.vocabSize, L = net.logits, off = r * V;
  if (o.temperature <= 0) {
    let best = 1;
    for (let v = 2; v < V; v++) if (L[off + v] > L[off + best]) best = v;
    net.k.softmax(1, V, L, off, 1);
    return { id: best, logp: Math.log(L[off + best]) };
  }
  L[off] = -Infinity;
  net.k.softmax(1, V, L, off, o.temperature);
  let n = V;
  if (o.topK > 0 || o.topP < 1) {
    n = sortDescending(L, off, V, order);
    if (o.topK > 0) n = Math.min(n, o.topK);
    if (o.topP < 1) {
      let s = 0, m = 0;
      while (m < n) { s += L[off + order[m++]]; if (s >= o.topP) break; }
      n = m;
    }
  } else for (let v = 0; v < V; v++) order[v] = v;
  let total = 0;
  for (let m = 0; m < n; m++) total += L[off + order[m]];
  let u = rng.next() * total;
  for (let m = 0; m < n; m++) {
    const id = order[m];
    u -= L[off + id];
    if (u <= 0 && L[off + id] > 0) return { id, logp: Math.log(L[off + id]) };
  }
  const id = order[n - 1];
  return { id, logp: Math.log(L[off + id]) };
}

/** order[0..V) = classes by probability, highest first (insertion sort: V is small, no allocation) */
function sortDescending(p: Arr, off: number, V: number, order: Int32Array): number {
  for (let v = 0; v < V; v++) {
    let m = v;
    while (m > 0 && p[off + order[m - 1]] < p[off + v]) { order[m] = order[m - 1]; m--; }
    order[m] = v;
  }
  return V;
}

/** Feeds ids[from..to) through a batch-1 net from its current state, in windows of net.T. */
export function feed(net: Net, ids: ArrayLike<number>, from: number, to: number): void {
  for (let p = from; p < to; p += net.T) {
    const steps = Math.min(net.T, to - p);
    for (let t = 0; t < steps; t++) net.inputs[t] = ids[p + t];
    net.forward(steps, false);
    net.carryState(steps);
  }
}

/** Generates `length` characters after `prime` from a zero state (batch-1 net). */
export function generate(net: Net, vocab: Vocab, prime: string, length: number, o: SampleOptions, rng: Rng): string {
  const ids = vocab.encode(prime.length ? prime : '\n');
  const order = new Int32Array(net.spec.vocabSize);
  net.resetState();
  feed(net, ids, 0, ids.length - 1);
  let x = ids[ids.length - 1], out = '';
  for (let i = 0; i < length; i++) {
    net.inputs[0] = x;
    net.forward(1, false);
    net.head(0, 1);
    net.carryState(1);
    x = pick(net, 0, o, rng, order).id;
    out += vocab.char(x);
  }
  return out;
}
