// What a model finds surprising in a text: -log2 p of every character under the mixing
// predictor (the network and its memory of the repository, as completions use it), reading the
// text from its start and learning it as it reads, each character scored before it is learned
// (eval's semantics), so a name defined early and misspelled later stands out. The first
// character is scored from the zero state: the network's h = 0 and an empty cursor. The memory
// is never changed: every text is scored on one working copy of it (Mixture.copyFrom).
import type { Backend } from '../kernels/types';
import { MixCursor } from '../mix/cursor';
import type { Mixture } from '../mix/mixture';
import { bitsFromNats } from '../metrics';
import type { Net } from '../net';
import { unitsAt } from '../utf16';
import type { Vocab } from '../vocab';
import { netFromWeights, tensor, type ModelWeights } from '../weights';

/** classes under this probability are not resolved one by one when the alternatives are listed */
const PRUNE = 1e-3;
/** the network's window: windows of 64 characters, as eval reads */
const WINDOW = 64;

export interface Expected { char: string; p: number }

/** A character the model found surprising, with what it expected there instead. */
export interface Flagged {
  /** UTF-16 offset and length (2 for a character outside the Basic Multilingual Plane) */
  offset: number;
  length: number;
  bits: number;
  /** the most likely other characters, most likely first */
  expected: Expected[];
}

export interface TextScore {
  /** -log2 p per UTF-16 code unit; a two-unit character's is on its first unit, 0 on its second */
  bits: Float32Array;
  /** characters (code points) scored, and their summed bits */
  chars: number;
  totalBits: number;
  /** characters at or above `flagAbove` bits, in text order */
  flagged: Flagged[];
}

export interface ScoreOptions {
  /** list the alternatives where a character costs at least this many bits (default: nowhere) */
  flagAbove?: number;
  /** how many alternatives (default 3) */
  alternatives?: number;
}

export class Scorer {
  readonly vocab: Vocab;
  readonly net: Net;
  /** the copy each text is scored on (undefined: the network alone) */
  private readonly work?: Mixture;
  /** p(first character): the head at h = 0, softmax(head.bias) */
  private readonly q0: Float32Array;
  private readonly dist: Float64Array;

  /** A scorer of the weights with `memory` (a mixture rebuilt for them, left as it is), or the
   *  network alone without one. */
  constructor(weights: ModelWeights, private readonly memory: Mixture | undefined, backend?: Backend) {
    ({ net: this.net, vocab: this.vocab } = netFromWeights(weights, 1, WINDOW, backend));
    const V = this.vocab.size;
    if (memory && memory.V !== V) throw new Error(`the memory is for ${memory.V} symbols; the model has ${V}`);
    this.work = memory?.clone();
    // the one softmax: the kernels', on the head's bias in the logits buffer
    this.net.logits.set(tensor(weights, 'head.bias'), 0);
    this.net.k.softmax(1, V, this.net.logits, 0, 1);
    this.q0 = Float32Array.from(this.net.logits.subarray(0, V));
    this.dist = new Float64Array(V);
  }

  /** Scores text from its start (a generator that yields between windows of the network). */
  *score(text: string, o: ScoreOptions = {}): Generator<void, TextScore> {
    const { net, vocab, work, dist } = this, V = vocab.size, T = net.T;
    const flagAbove = o.flagAbove ?? Infinity, alternatives = o.alternatives ?? 3, listing = flagAbove < Infinity;
    const ids = vocab.encode(text), n = ids.length;
    const r: TextScore = { bits: new Float32Array(text.length), chars: n, totalBits: 0, flagged: [] };
    if (work) work.copyFrom(this.memory!);
    const cur = new MixCursor();
    let unit = 0;
    // character i, predicted by row `off` of q
    const at = (i: number, q: ArrayLike<number>, off: number) => {
      const c = ids[i], length = unitsAt(text, unit);
      let nats: number;
      if (work) {
        if (listing) work.distribution(q, off, cur, dist, 0, PRUNE);
        nats = work.learn(q, off, cur, c);
      } else {
        nats = -Math.log(q[off + c]);
        if (listing) for (let k = 0; k < V; k++) dist[k] = q[off + k];
      }
      const b = bitsFromNats(nats);
      r.bits[unit] = b;
      r.totalBits += b;
      if (r.bits[unit] >= flagAbove) r.flagged.push({ offset: unit, length, bits: r.bits[unit], expected: topClasses(dist, c, alternatives, vocab) });
      unit += length;
    };
    if (n === 0) return r;
    net.resetState();
    at(0, this.q0, 0);
    for (let p = 0; p + 1 < n; p += T) {
      const steps = Math.min(T, n - 1 - p);
      for (let t = 0; t < steps; t++) net.inputs[t] = ids[p + t];
      net.forward(steps, false);
      net.predict(0, steps);
      net.carryState(steps);
      for (let t = 0; t < steps; t++) at(p + t + 1, net.logits, t * V);
      yield;
    }
    return r;
  }

  /** The top layer's mean and last h over text (2H values): the hidden-state classifier's
   *  features. The network alone: the memory plays no part. */
  *features(text: string): Generator<void, Float32Array> {
    const { net, vocab } = this, T = net.T, H = net.spec.hidden, ids = vocab.encode(text), n = ids.length;
    const f = new Float32Array(2 * H), hs = net.topStates;
    net.resetState();
    for (let p = 0; p < n; p += T) {
      const steps = Math.min(T, n - p);
      for (let t = 0; t < steps; t++) net.inputs[t] = ids[p + t];
      net.forward(steps, false);
      // slot t + 1 holds h after step t
      for (let t = 1; t <= steps; t++) for (let j = 0; j < H; j++) f[j] += hs[t * H + j];
      for (let j = 0; j < H; j++) f[H + j] = hs[steps * H + j];
      net.carryState(steps);
      yield;
    }
    for (let j = 0; j < H && n > 0; j++) f[j] /= n;
    return f;
  }

  dispose(): void { this.net.dispose(); }
}

/** The k most likely classes of dist other than `not` and the unknown symbol, most likely first. */
function topClasses(dist: Float64Array, not: number, k: number, vocab: Vocab): Expected[] {
  const out: Expected[] = [];
  if (k <= 0) return out;
  for (let c = 1; c < dist.length; c++) {
    const p = dist[c];
    if (c === not || p <= 0 || (out.length === k && p <= out[k - 1].p)) continue;
    let i = 0;
    while (i < out.length && out[i].p >= p) i++;
    out.splice(i, 0, { char: vocab.char(c), p });
    if (out.length > k) out.pop();
  }
  return out;
}

/** Bits per character of a score (NaN for an empty text). */
export const bitsPerChar = (s: TextScore): number => s.totalBits / s.chars;
