// The mixing predictor: the network's distribution over the next character, a match model, a
// word match and hashed order-N context models, combined one bit of the character at a time by
// gated logistic mixers in two layers and an APM (paq8's architecture, with the LSTM as one more
// model, as in lstm-compress and cmix). Every part is causal: `learn` scores a character before
// any model sees it. One Mixture serves any number of streams, each with its own MixCursor.
import { Apm } from './apm';
import { ContextTable, hashOn } from './contextTable';
import { MixCursor } from './cursor';
import { squash, stretch, STRETCH12, STRETCH_LIMIT } from './logistic';
import { LENGTH_BUCKETS, lengthBucket, MatchModel } from './matchModel';
import { Mixer } from './mixer';
import { CHUNK, depthFor, prefixSums } from './tree';
import { WORD_BUCKETS, WordMatch } from './wordMatch';

export interface MixSpec {
  /** the layout of the stored weights: a memory of another version is rebuilt, not misread */
  version: number;
  /** context orders: the last n characters (0: the tree node alone) */
  orders: number[];
  /** contexts of the identifier being written (with the one before it, and alone), and the word match */
  word: boolean;
  /** bytes of hashed context statistics */
  tableBytes: number;
  /** characters of history the match model searches, and its hash-table entries */
  historyChars: number;
  matchEntries: number;
  /** characters of context a match must share before it predicts */
  minMatch: number;
  /** a context counter's slowest rate is 1 / (counterLimit + 1.5): lower adapts faster */
  counterLimit: number;
  /** learning rates of the first and second mixing layers */
  lr: number;
  lrFinal: number;
}

/** 2: each context also gives its prediction scaled by how often it was seen, and a match its
 *  length; 3: the identifier alone is a context, the word match an input, and a fourth mixer
 *  selects its weights by the previous character (an earlier version's learned weights load
 *  with what it lacked at its start: upgradeState) */
export const MIX_VERSION = 3;

export const DEFAULT_MIX: Readonly<MixSpec> = Object.freeze({
  version: MIX_VERSION,
  orders: [0, 1, 2, 3, 4, 5, 6, 8, 12], word: true,
  tableBytes: 32 << 20, historyChars: 8 << 20, matchEntries: 4 << 20, minMatch: 6, counterLimit: 12,
  lr: 0.004, lrFinal: 0.002,
});

/** inputs before the context models': a bias, the network, the match model; after them (per
 *  context) its confidence-scaled prediction, then the match's length, then the word match */
const BIAS = 0, NET = 1, MATCH = 2, FIRST_CTX = 3;
/** inputs of a first-layer weight set for K contexts, by version */
const inputsFor = (K: number, version: number) => FIRST_CTX + (version === 1 ? K : version === 2 ? 2 * K + 1 : 2 * K + 2);
/** contexts of a spec, by version: before version 3 the word was one context */
const contextsFor = (spec: MixSpec, version: number) => spec.orders.length + (spec.word ? (version < 3 ? 1 : 2) : 0);
/** first-layer mixers before version 3 (their weight sets were as this version's first three) */
const OLD_MIXERS = 3;
/** a context seen n times counts n / (n + SEEN_HALF) in its confidence input */
const SEEN_HALF = 31;
/** a match of this length or more gives its length input in full: MATCH_LEN_CAP / MATCH_LEN_SCALE */
const MATCH_LEN_CAP = 32, MATCH_LEN_SCALE = 4;
const P_MIN = 1 / 65536;

export class Mixture {
  readonly D: number;
  /** context inputs: one per order, and the word context */
  readonly K: number;
  readonly table: ContextTable;
  readonly match: MatchModel;
  readonly words: WordMatch;
  readonly mixers: Mixer[];
  readonly final: Mixer;
  readonly apm: Apm;
  /** match confidence per (length bucket, depth): p(expected bit is right), with its count */
  readonly matchP: Float32Array;
  private readonly matchN: Uint16Array;
  /** word match confidence per (length bucket, depth), with its count */
  readonly wordP: Float32Array;
  private readonly wordN: Uint16Array;
  private readonly isWord: Uint8Array;
  private readonly maxOrder: number;

  // per character: context hashes, the network's prefix sums, the match's expected class
  private readonly hashes: Uint32Array;
  private readonly cs: Float64Array;
  private hasNet = false;
  private expect = -1;
  private lenB = 0;
  /** the match's length input: its length, capped and scaled (0: no match) */
  private matchLen = 0;
  /** the word match's expected class (-1: none) and its length bucket */
  private wordExpect = -1;
  private wordB = 0;
  /** per chunk level and context: the bucket in use (-1 = unseen) */
  private readonly buckets: Int32Array;
  // per node: inputs, selected weight sets, layer outputs (for the update that follows)
  private readonly x: Float32Array;
  private readonly f: Float32Array;
  private readonly sel: Int32Array;
  private readonly pl: Float32Array;
  private readonly pFinal: Float32Array;
  /** per depth: the node predicted there (0: none, its bit was certain) */
  private readonly nodes: Int32Array;
  /** the previous character (the APM's context) */
  private prev = 0;
  /** where distribution() writes */
  private outOff = 0;

  constructor(readonly V: number, isWord: ArrayLike<number>, readonly spec: MixSpec = DEFAULT_MIX) {
    this.D = depthFor(V);
    this.K = contextsFor(spec, MIX_VERSION);
    this.maxOrder = Math.max(0, ...spec.orders);
    this.table = new ContextTable(spec.tableBytes, spec.counterLimit);
    this.match = new MatchModel(spec.historyChars, spec.matchEntries, spec.minMatch);
    this.isWord = Uint8Array.from(isWord);
    this.words = new WordMatch(this.match, this.isWord);
    const N = inputsFor(this.K, MIX_VERSION);
    // weight sets selected by: match length, contexts seen, depth and the network's confidence,
    // the previous character and depth
    this.mixers = [new Mixer(N, LENGTH_BUCKETS, 0), new Mixer(N, this.K + 1, 0), new Mixer(N, 4 * this.D, 0), new Mixer(N, V * this.D, 0)];
    // starting weights, before any learning: the network passes through, the contexts count a
    // little, and a match counts as much as the network, more the longer it is (in code a long
    // match is nearly always right; the mixers learn how far, from the first held-out files)
    for (const m of this.mixers) {
      for (let s = 0; s < m.sets; s++) {
        m.w[s * N + NET] = 1;
        m.w[s * N + MATCH] = m === this.mixers[0] ? 1 + s / 8 : 1;
        for (let k = 0; k < 2 * this.K; k++) m.w[s * N + FIRST_CTX + k] = 0.1;
      }
    }
    // the second layer starts as the mean of the first's outputs, so an empty mixture (every
    // input but the network's at 0) passes the network's distribution through
    this.final = new Mixer(this.mixers.length + 1, this.D, 1 / this.mixers.length);
    for (let s = 0; s < this.D; s++) this.final.w[s * (this.mixers.length + 1) + this.mixers.length] = 0;
    this.apm = new Apm(Math.min(V << this.D, 1 << 16), this.D);
    this.matchP = new Float32Array(LENGTH_BUCKETS * this.D).fill(0.75);
    this.matchN = new Uint16Array(LENGTH_BUCKETS * this.D);
    this.wordP = new Float32Array(WORD_BUCKETS * this.D).fill(0.75);
    this.wordN = new Uint16Array(WORD_BUCKETS * this.D);
    this.hashes = new Uint32Array(this.K);
    this.cs = new Float64Array(V + 1);
    this.buckets = new Int32Array(Math.ceil(this.D / CHUNK) * this.K);
    const M = this.mixers.length, D = this.D;
    this.x = new Float32Array(D * N);
    this.f = new Float32Array(D * (M + 1));
    this.sel = new Int32Array(D * (M + 1));
    this.pl = new Float32Array(D * M);
    this.pFinal = new Float32Array(D);
    this.nodes = new Int32Array(D);
  }

  /** bytes of every table the mixture holds: fixed at construction, whatever it reads */
  get bytes(): number {
    let n = this.table.slots.byteLength + this.match.bytes + this.apm.t.byteLength + this.final.w.byteLength;
    for (const m of this.mixers) n += m.w.byteLength + m.n.byteLength;
    return n + this.matchP.byteLength + this.matchN.byteLength + this.wordP.byteLength + this.wordN.byteLength;
  }

  /** Every learned weight (mixers, APM, match confidences) as one array; the counters and the
   *  history are not in it: they are rebuilt from the text the mixture read (memory.ts). */
  saveState(): Float32Array {
    const parts = this.stateParts(), out = new Float32Array(parts.reduce((n, a) => n + a.length, 0));
    let o = 0;
    for (const a of parts) { out.set(a, o); o += a.length; }
    return out;
  }

  /** Loads saveState's array, or one a mixture of an earlier `version` saved (upgradeState). */
  loadState(state: Float32Array, version = MIX_VERSION): void {
    if (version !== MIX_VERSION) state = this.upgradeState(state, version);
    const parts = this.stateParts(), n = parts.reduce((m, a) => m + a.length, 0);
    if (state.length !== n) throw new Error(`the mixture's weights have ${state.length} values; its settings need ${n}`);
    let o = 0;
    for (const a of parts) { a.set(state.subarray(o, o + a.length)); o += a.length; }
  }

  /** An earlier version's learned weights in this layout. What that version lacked keeps this
   *  mixture's value (one that has just read the memory's text: the mixers' starting weights, the
   *  word match's confidences learned from the text); the first-layer inputs it had no weight for
   *  start at 0, and so does the second layer's weight for the fourth mixer. So the mixture
   *  predicts as the earlier one did, then learns the rest. */
  private upgradeState(state: Float32Array, version: number): Float32Array {
    if (version !== 1 && version !== 2) throw new Error(`the memory was written by an unknown version (${version}) of Char-RNN Code`);
    const D = this.D, K = this.K, Ko = contextsFor(this.spec, version), from = inputsFor(Ko, version), to = inputsFor(K, MIX_VERSION);
    const oldSets = [LENGTH_BUCKETS, Ko + 1, 4 * D], M = this.mixers.length;
    const rest = this.apm.t.length + this.matchP.length + this.matchN.length;
    const need = oldSets.reduce((n, sets) => n + sets * (from + 1), 0) + D * (OLD_MIXERS + 2) + rest;
    if (state.length !== need) throw new Error(`the mixture's weights have ${state.length} values; version ${version} of its settings needs ${need}`);
    // where each input of an old first-layer set goes: the old contexts keep their places (the
    // identifier alone, new, is the last context), then their confidences and the match length
    const place = new Int32Array(from);
    for (let j = 0; j < FIRST_CTX + Ko; j++) place[j] = j;
    if (version === 2) {
      for (let k = 0; k < Ko; k++) place[FIRST_CTX + Ko + k] = FIRST_CTX + K + k;
      place[FIRST_CTX + 2 * Ko] = FIRST_CTX + 2 * K;
    }
    const out = this.saveState();
    let i = 0, o = 0;
    for (let m = 0; m < OLD_MIXERS; m++) {
      const sets = this.mixers[m].sets;
      for (let s = 0; s < oldSets[m]; s++) {
        out.fill(0, o + s * to, o + (s + 1) * to);
        for (let j = 0; j < from; j++) out[o + s * to + place[j]] = state[i + s * from + j];
      }
      i += oldSets[m] * from; o += sets * to;
      // the update counts follow each mixer's weights
      out.set(state.subarray(i, i + oldSets[m]), o);
      i += oldSets[m]; o += sets;
    }
    o += this.mixers[OLD_MIXERS].w.length + this.mixers[OLD_MIXERS].n.length;
    // the second layer: per set, the old mixers' weights, the new mixer's at 0, then the bias
    for (let s = 0; s < D; s++) {
      for (let j = 0; j < OLD_MIXERS; j++) out[o + s * (M + 1) + j] = state[i + s * (OLD_MIXERS + 1) + j];
      out[o + s * (M + 1) + OLD_MIXERS] = 0;
      out[o + s * (M + 1) + M] = state[i + s * (OLD_MIXERS + 1) + OLD_MIXERS];
    }
    i += D * (OLD_MIXERS + 1); o += D * (M + 1);
    out.set(state.subarray(i, i + D + rest), o);
    return out;
  }

  private stateParts(): (Float32Array | Uint16Array)[] {
    return [...this.mixers.flatMap((m) => [m.w, m.n]), this.final.w, this.final.n, this.apm.t, this.matchP, this.matchN, this.wordP, this.wordN];
  }

  /** Makes this mixture what `src` is: every table, history and learned weight, so both score
   *  and learn alike from here on. Allocates no table (a job reuses one working copy). */
  copyFrom(src: Mixture): void {
    if (src.V !== this.V || JSON.stringify(src.spec) !== JSON.stringify(this.spec)) throw new Error('a mixture can only copy one of the same vocabulary size and settings');
    this.table.slots.set(src.table.slots);
    this.match.hist.set(src.match.hist);
    this.match.table.set(src.match.table);
    this.match.pos = src.match.pos;
    const mine = this.stateParts(), theirs = src.stateParts();
    for (let i = 0; i < mine.length; i++) mine[i].set(theirs[i]);
    this.isWord.set(src.isWord);
  }

  /** An independent copy: what it learns leaves this one as it is. */
  clone(): Mixture {
    const m = new Mixture(this.V, this.isWord, this.spec);
    m.copyFrom(this);
    return m;
  }

  /** -ln p(c): scores class c in the cursor's context, given the network's probabilities q[off..off+V)
   *  (or none), then learns it in every model and mixer and moves the cursor past it. */
  learn(q: ArrayLike<number> | undefined, off: number, cur: MixCursor, c: number): number {
    this.begin(q, off, cur);
    // score the whole path first, so the character is scored with the distribution that
    // `distribution` reports; then learn it, node by node
    let node = 1, nats = 0;
    for (let d = 0; d < this.D; d++) {
      if (d % CHUNK === 0) this.lookup(d, node, true);
      const y = this.bitOf(c, d);
      if (!this.forced(d, node)) {
        const p = this.predictNode(d, node);
        nats -= Math.log(y ? p : 1 - p);
      } else this.nodes[d] = 0;
      node = 2 * node + y;
    }
    for (let d = 0; d < this.D; d++) if (this.nodes[d] > 0) this.updateNode(d, this.bitOf(c, d));
    this.advance(cur, c, true);
    return nats;
  }

  /** Learns class c into the context and match models only (no network, no mixing): how the
   *  training text becomes the mixture's memory. */
  absorb(cur: MixCursor, c: number): void {
    this.begin(undefined, 0, cur);
    // every bucket of the path first, as learn() claims them, so both leave the same tables
    let node = 1;
    for (let d = 0; d < this.D; d++) {
      if (d % CHUNK === 0) this.lookup(d, node, true);
      this.nodes[d] = this.forced(d, node) ? 0 : node;
      node = 2 * node + this.bitOf(c, d);
    }
    for (let d = 0; d < this.D; d++) {
      const at = this.nodes[d];
      if (at === 0) continue;
      const y = this.bitOf(c, d), j = this.inChunk(d, at), base = ((d / CHUNK) | 0) * this.K;
      for (let k = 0; k < this.K; k++) this.table.update(this.buckets[base + k] + j, y);
      this.learnMatch(d, at, y);
    }
    this.advance(cur, c, true);
  }

  /** out[outOff + c] = p(c) for every class in the cursor's context, without learning. Below a
   *  subtree whose probability is under `prune`, its classes share that probability as the
   *  network's do. */
  distribution(q: ArrayLike<number> | undefined, off: number, cur: MixCursor, out: Float64Array, outOff = 0, prune = 0): void {
    this.begin(q, off, cur);
    this.outOff = outOff;
    this.visit(1, 0, 1, out, prune);
  }

  /** Moves the cursor past class c; with `append` the match model's history takes it too. */
  advance(cur: MixCursor, c: number, append = false): void {
    cur.ring[cur.count & (cur.ring.length - 1)] = c;
    cur.count++;
    if (this.isWord[c]) cur.word = hashOn(cur.word, c);
    else if (cur.word !== 0) { cur.prevWord = cur.word; cur.word = 0; }
    const we = this.spec.word ? this.words.expected(cur) : -1;
    this.match.next(cur, c, append);
    if (this.spec.word) this.words.next(cur, c, we, append);
  }

  private visit(node: number, d: number, mass: number, out: Float64Array, prune: number): void {
    const D = this.D;
    if (d === D) { const c = node - (1 << D); if (c < this.V) out[this.outOff + c] = mass; return; }
    // a pruned subtree needs no context: its classes take the network's shape
    if (mass < prune) { this.spread(node, d, mass, out); return; }
    if (d % CHUNK === 0) this.lookup(d, node, false);
    if (this.forced(d, node)) { this.visit(2 * node, d + 1, mass, out, prune); return; }
    const p = this.predictNode(d, node);
    this.visit(2 * node + 1, d + 1, mass * p, out, prune);
    this.visit(2 * node, d + 1, mass * (1 - p), out, prune);
  }

  /** the classes under node share mass in proportion to the network's probabilities */
  private spread(node: number, d: number, mass: number, out: Float64Array): void {
    const lo = (node - (1 << d)) << (this.D - d), hi = Math.min(lo + (1 << (this.D - d)), this.V), cs = this.cs;
    const total = this.hasNet ? cs[hi] - cs[lo] : 0;
    for (let c = lo; c < hi; c++) out[this.outOff + c] = total > 0 ? (mass * (cs[c + 1] - cs[c])) / total : mass / (hi - lo);
  }

  /** bit d of class c: the branch taken at depth d on c's path from the root */
  private bitOf(c: number, d: number): number {
    return (c >> (this.D - 1 - d)) & 1;
  }

  /** whether class e (a match's expected class; -1: none) lies under node, at depth d */
  private onPath(e: number, d: number, node: number): boolean {
    return e >= 0 && e >> (this.D - d) === (node ^ (1 << d));
  }

  /** the right side of node holds no class (V is not a power of two): the bit is 0 for certain */
  private forced(d: number, node: number): boolean {
    return ((node - (1 << d)) << (this.D - d)) + (1 << (this.D - d - 1)) >= this.V;
  }

  /** node's index within its chunk's bucket (1..15) */
  private inChunk(d: number, node: number): number {
    const r = d % CHUNK;
    return (1 << r) | (node & ((1 << r) - 1));
  }

  private begin(q: ArrayLike<number> | undefined, off: number, cur: MixCursor): void {
    this.hasNet = q !== undefined;
    if (q) prefixSums(q, off, this.V, this.cs);
    let h = 0, k = 0;
    const orders = this.spec.orders;
    for (let n = 0; n <= this.maxOrder; n++) {
      if (n > 0) h = hashOn(h, cur.back(n));
      for (let i = 0; i < orders.length; i++) if (orders[i] === n) this.hashes[k++] = hashOn(h, 0x100000 + n);
    }
    if (this.spec.word) {
      this.hashes[k++] = hashOn(hashOn(cur.word, cur.prevWord), 0x200000);
      this.hashes[k++] = hashOn(cur.word, 0x300000);
    }
    this.prev = Math.max(0, cur.back(1));
    this.expect = this.match.expected(cur);
    this.lenB = this.expect >= 0 ? lengthBucket(cur.len) : 0;
    this.matchLen = this.expect >= 0 ? Math.min(cur.len, MATCH_LEN_CAP) / MATCH_LEN_SCALE : 0;
    this.wordExpect = this.spec.word ? this.words.expected(cur) : -1;
    this.wordB = Math.min(cur.wlen, WORD_BUCKETS - 1);
  }

  private lookup(d: number, node: number, claim: boolean): void {
    const lv = (d / CHUNK) | 0;
    for (let k = 0; k < this.K; k++) {
      const key = hashOn(this.hashes[k], node);
      this.buckets[lv * this.K + k] = claim ? this.table.claim(key) : this.table.find(key);
    }
  }

  /** p(bit = 1) at node (depth d), leaving in row d of the scratch what updateNode(d) needs */
  private predictNode(d: number, node: number): number {
    const D = this.D, K = this.K, N = inputsFor(K, MIX_VERSION), M = this.mixers.length, s = this.table.slots;
    const x = this.x, xo = d * N, f = this.f, fo = d * (M + 1);
    x[xo + BIAS] = 0.25;
    // the network: p(1) = mass of the node's right half over the node's mass
    if (this.hasNet) {
      const lo = (node - (1 << d)) << (D - d), mid = lo + (1 << (D - d - 1)), hi = Math.min(lo + (1 << (D - d)), this.V);
      const all = this.cs[hi] - this.cs[lo];
      x[xo + NET] = all > 0 ? stretch(Math.min(Math.max((this.cs[hi] - this.cs[mid]) / all, 1e-6), 1 - 1e-6)) : 0;
    } else x[xo + NET] = 0;
    // the match: its expected bit, signed, with the confidence learned for its length
    const e = this.expect, matched = this.onPath(e, d, node);
    x[xo + MATCH] = 0;
    x[xo + N - 2] = 0;
    if (matched) {
      const st = stretch(this.matchP[this.lenB * D + d]), one = this.bitOf(e, d);
      x[xo + MATCH] = one ? st : -st;
      // and its length, linear: how far to trust it is then the mixers' to learn per set
      x[xo + N - 2] = one ? this.matchLen : -this.matchLen;
    }
    // the word match: its expected bit, signed, with the confidence learned for its length
    const we = this.wordExpect;
    x[xo + N - 1] = 0;
    if (this.onPath(we, d, node)) {
      const st = stretch(this.wordP[this.wordB * D + d]);
      x[xo + N - 1] = this.bitOf(we, d) ? st : -st;
    }
    // the contexts: stretch of each counter, 0 where the context was never seen; then the same
    // scaled by n / (n + SEEN_HALF), so that a context seen once counts less than one seen often
    const j = this.inChunk(d, node), base = ((d / CHUNK) | 0) * K;
    let seen = 0;
    for (let k = 0; k < K; k++) {
      const b = this.buckets[base + k];
      let v = 0, n = 0;
      if (b >= 0) { const c = s[b + j]; n = c & 1023; if (n > 0) { v = STRETCH12[c >>> 20]; seen++; } }
      x[xo + FIRST_CTX + k] = v;
      x[xo + FIRST_CTX + K + k] = (v * n) / (n + SEEN_HALF);
    }
    this.nodes[d] = node;
    // layer 1: four mixers, weights selected by match length, contexts seen, depth and network
    // confidence, previous character and depth
    const a = Math.abs(x[xo + NET]), sel = d * (M + 1);
    this.sel[sel] = matched ? this.lenB : 0;
    this.sel[sel + 1] = seen;
    this.sel[sel + 2] = d * 4 + (a < 1 ? 0 : a < 2.5 ? 1 : a < 5 ? 2 : 3);
    this.sel[sel + 3] = this.prev * D + d;
    for (let m = 0; m < M; m++) {
      const z = clampSt(this.mixers[m].dot(x, xo, this.sel[sel + m]));
      this.pl[d * M + m] = squash(z);
      f[fo + m] = z;
    }
    f[fo + M] = 0.25;
    // layer 2, then calibration by the previous character and the node
    const zf = clampSt(this.final.dot(f, fo, d));
    const pf = (this.pFinal[d] = squash(zf));
    const pa = this.apm.p(zf, ((this.prev << D) + node) % this.apm.contexts, d);
    const p = (pf + 3 * pa) / 4;
    return p < P_MIN ? P_MIN : p > 1 - P_MIN ? 1 - P_MIN : p;
  }

  /** learns bit y at the node predicted last at depth d */
  private updateNode(d: number, y: number): void {
    const K = this.K, N = inputsFor(K, MIX_VERSION), M = this.mixers.length, node = this.nodes[d];
    for (let m = 0; m < M; m++) this.mixers[m].train(this.x, d * N, this.sel[d * (M + 1) + m], y - this.pl[d * M + m], this.spec.lr);
    this.final.train(this.f, d * (M + 1), d, y - this.pFinal[d], this.spec.lrFinal);
    this.apm.update(d, y);
    const j = this.inChunk(d, node), base = ((d / CHUNK) | 0) * K;
    for (let k = 0; k < K; k++) { const b = this.buckets[base + k]; if (b >= 0) this.table.update(b + j, y); }
    this.learnMatch(d, node, y);
  }

  /** learns whether the match and the word match were right about bit y at node */
  private learnMatch(d: number, node: number, y: number): void {
    const D = this.D, e = this.expect, we = this.wordExpect;
    if (this.onPath(e, d, node)) learnRight(this.matchP, this.matchN, this.lenB * D + d, this.bitOf(e, d) === y);
    if (this.onPath(we, d, node)) learnRight(this.wordP, this.wordN, this.wordB * D + d, this.bitOf(we, d) === y);
  }
}

/** p[i] (the chance an expected bit is right) moves toward this outcome by 1 / (n + 1.5) */
function learnRight(p: Float32Array, count: Uint16Array, i: number, right: boolean): void {
  const n = count[i];
  p[i] += ((right ? 1 : 0) - p[i]) / (Math.min(n, 1000) + 1.5);
  if (n < 65535) count[i] = n + 1;
}

function clampSt(z: number): number {
  return z > STRETCH_LIMIT ? STRETCH_LIMIT : z < -STRETCH_LIMIT ? -STRETCH_LIMIT : z;
}
