// Choosing the next character from a probability row p[off..off+V) that sums to 1: greedy,
// sampled with temperature, top-k and top-p, or the k most likely. Any predictor that gives
// probabilities can use it; a Net gives them through Net.predict (the kernels' softmax). Class 0
// (the unknown symbol) is never chosen: it stands for characters the model cannot write.
// Allocates nothing per call.
//
// Sampling at temperature T draws from q_v ∝ p_v^(1/T). Top-k and top-p keep the most probable
// classes, taken one at a time, until k of them are kept or their tempered mass sum q reaches
// topP of the whole; the draw is from the kept ones, renormalized. The log-probability reported
// is always ln p_v of the chosen class under the untempered distribution: what ranks candidates.
import type { Precision } from './config';
import type { Backend } from './kernels/types';
import { MixCursor, RING } from './mix/cursor';
import type { Mixture } from './mix/mixture';
import type { Net } from './net';
import { Rng } from './rng';
import type { Vocab } from './vocab';
import { netFromWeights, type ModelWeights } from './weights';

export interface SampleOptions {
  /** 0 = greedy (argmax) */
  temperature: number;
  /** keep only the k most likely characters (0 = all) */
  topK: number;
  /** keep the smallest set of most likely characters whose tempered probability reaches p (1 = all) */
  topP: number;
}

export class Sampler {
  /** ln p (nats, untempered) of the class last chosen */
  logp = 0;
  /** tempered weights q_v, up to a common factor */
  private readonly q: Float64Array;
  /** the classes kept, most probable first (all of them, in class order, when nothing is cut) */
  private readonly order: Int32Array;
  /** a max-heap of classes by q while the kept ones are taken */
  private readonly heap: Int32Array;

  constructor(readonly V: number) {
    if (V < 2) throw new Error(`a vocabulary of ${V} classes has nothing to sample`);
    this.q = new Float64Array(V);
    this.order = new Int32Array(V);
    this.heap = new Int32Array(V);
  }

  /** One class from p[off..off+V): the most likely at temperature 0, else a draw (see above). */
  choose(p: ArrayLike<number>, off: number, o: SampleOptions, rng: Rng): number {
    if (o.temperature <= 0) return this.greedy(p, off);
    const V = this.V, q = this.q, order = this.order;
    let mx = 0;
    for (let v = 1; v < V; v++) if (p[off + v] > mx) mx = p[off + v];
    if (!(mx > 0)) return this.greedy(p, off);
    // q_v = (p_v / max p)^(1/T): p^(1/T) scaled so that the most likely class has 1 (no underflow)
    const invT = 1 / o.temperature, power = Number.isInteger(invT) && invT <= 64 ? invT : 0;
    let total = 0, top = 1;
    q[0] = 0;
    for (let v = 1; v < V; v++) {
      const r = p[off + v] / mx;
      q[v] = power > 0 ? powInt(r, power) : Math.exp(invT * Math.log(r));
      total += q[v];
      if (q[v] > q[top]) top = v;
    }
    const k = o.topK > 0 ? Math.min(o.topK, V - 1) : V - 1;
    let n = 0, mass = 0;
    if (k < V - 1 || o.topP < 1) {
      // the kept classes by q descending (the lower class first among equals): the largest, which
      // at low temperature is often enough, then the rest popped from a max-heap (selecting the
      // largest left again and again took some V^2 / 2 steps where the nucleus is wide)
      const target = o.topP * total, heap = this.heap;
      order[n++] = top;
      mass = q[top];
      if (n < k && mass < target) {
        let h = 0;
        for (let v = 1; v < V; v++) if (q[v] > 0 && v !== top) heap[h++] = v;
        for (let i = (h >> 1) - 1; i >= 0; i--) siftDown(heap, i, h, q);
        while (n < k && mass < target && h > 0) {
          const best = heap[0];
          order[n++] = best;
          mass += q[best];
          heap[0] = heap[--h];
          siftDown(heap, 0, h, q);
        }
      }
    } else {
      for (let v = 1; v < V; v++) order[n++] = v;
      mass = total;
    }
    let u = rng.next() * mass, id = order[n - 1];
    for (let i = 0; i < n; i++) {
      u -= q[order[i]];
      if (u < 0) { id = order[i]; break; }
    }
    this.logp = Math.log(p[off + id]);
    return id;
  }

  /** The most likely known class. */
  greedy(p: ArrayLike<number>, off: number): number {
    let best = 1;
    for (let v = 2; v < this.V; v++) if (p[off + v] > p[off + best]) best = v;
    this.logp = Math.log(p[off + best]);
    return best;
  }

  /** Writes the k most likely known classes, best first, into out and their ln p into logps;
   *  returns how many (k, or V-1 when fewer exist). */
  top(p: ArrayLike<number>, off: number, k: number, out: Int32Array, logps: Float64Array): number {
    const n = Math.min(k, this.V - 1);
    for (let j = 0; j < n; j++) {
      let best = -1;
      for (let v = 1; v < this.V; v++) {
        if (best >= 0 && p[off + v] <= p[off + best]) continue;
        let taken = false;
        for (let i = 0; i < j; i++) if (out[i] === v) { taken = true; break; }
        if (!taken) best = v;
      }
      out[j] = best;
      logps[j] = Math.log(p[off + best]);
    }
    return n;
  }
}

/** Restores the heap below i (of h entries): each class above its children, by q, then by the lower class. */
function siftDown(heap: Int32Array, i: number, h: number, q: Float64Array): void {
  const v = heap[i];
  for (;;) {
    let c = 2 * i + 1;
    if (c >= h) break;
    if (c + 1 < h && above(heap[c + 1], heap[c], q)) c++;
    if (!above(heap[c], v, q)) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = v;
}

const above = (a: number, b: number, q: Float64Array) => q[a] > q[b] || (q[a] === q[b] && a < b);

/** x^n for an integer n >= 1 by repeated squaring: the usual temperatures (1, 0.5, 0.25, 0.2)
 *  give integer powers, and Math.pow costs several times as much as a few multiplications. */
function powInt(x: number, n: number): number {
  let r = 1;
  for (; n > 0; n >>= 1, x *= x) if (n & 1) r *= x;
  return r;
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
export function generate(net: Net, vocab: Vocab, prime: string, length: number, o: SampleOptions, rng: Rng, mix?: Mixture): string {
  const ids = vocab.encode(prime.length ? prime : '\n');
  const sampler = new Sampler(net.spec.vocabSize);
  net.resetState();
  feed(net, ids, 0, ids.length - 1);
  // the mixture reads the prime and what it writes, and learns neither
  const cur = new MixCursor(), dist = new Float64Array(mix ? vocab.size : 0);
  if (mix) for (const c of ids.subarray(Math.max(0, ids.length - RING))) mix.advance(cur, c);
  let x = ids[ids.length - 1], out = '';
  for (let i = 0; i < length; i++) {
    net.inputs[0] = x;
    net.forward(1, false);
    net.predict(0, 1);
    net.carryState(1);
    if (mix) {
      mix.distribution(net.logits, 0, cur, dist);
      x = sampler.choose(dist, 0, o, rng);
      mix.advance(cur, x);
    } else x = sampler.choose(net.logits, 0, o, rng);
    out += vocab.char(x);
  }
  return out;
}

export interface SampleRequest {
  /** the text to continue ('' starts as after a line break) */
  prime: string;
  length: number;
  /** one text per temperature, each drawn from the same seed, so they differ only by temperature */
  temperatures: number[];
  topK?: number;
  topP: number;
  seed: number;
}

/** Texts sampled from the weights w (or their 8-bit copies: precision), and the mixture when
 *  given, one per requested temperature, in order (what `char-rnn sample`, the Sample Text
 *  command and the panel's samples show). */
export function sampleTexts(w: ModelWeights, r: SampleRequest, backend?: Backend, mix?: Mixture, precision?: Precision): string[] {
  const { net, vocab } = netFromWeights(w, 1, 64, backend, precision);
  try {
    return r.temperatures.map((temperature) => generate(net, vocab, r.prime, r.length, { temperature, topK: r.topK ?? 0, topP: r.topP }, new Rng(r.seed), mix));
  } finally {
    net.dispose();
  }
}
