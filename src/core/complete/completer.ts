// Inline suggestions from the model. A batch-1 net reads the document up to the cursor, starting
// from the nearest saved state (see stateCache.ts); a batch net then grows C candidates side by
// side from the cursor's state, each with its own stop rule, one row per group of candidates
// that drew the same characters so far; they are ranked by mean log-probability per character.
// With a mixing predictor (setMixture), characters are drawn from the mixture's distribution,
// and the document is learned as it is read (docLearning.ts). A suggestion never goes past where
// the probability of all of it so far would fall under minConfidence: what is shown is text the
// model is sure of, and nothing when it is sure of nothing. Within that, it ends where it saves
// the most keystrokes in expectation (cut.ts).
// `run` is a generator that yields between units of work (a stretch of primed text, one
// generated character) so a caller can spread it over event-loop turns; a request is cancelled
// at any of those points through `isCancelled`.
import { PRIME_TAIL, type CompletionConfig, type Precision } from '../config';
import type { Backend } from '../kernels/types';
import { Net } from '../net';
import { Rng } from '../rng';
import type { Mixture } from '../mix/mixture';
import { MixCursor } from '../mix/cursor';
import { Sampler, type SampleOptions } from '../sample';
import { Vocab } from '../vocab';
import { codePoints, isHighSurrogate, isLowSurrogate } from '../utf16';
import type { ModelWeights } from '../weights';
import { SuggestionCut } from './cut';
import { DocLearning } from './docLearning';
import { gatherRows } from './gatherRows';
import { StateCache, type DocStates } from './stateCache';
import { indentOf, kindOf, StopReason, StopRule, suggestsHere, trimDuplicateClosers, trimTrailingSpace, type StopOptions } from './stops';

export type SuggestSettings = Pick<CompletionConfig, 'temperature' | 'topP' | 'candidates' | 'maxChars' | 'multiline' | 'maxLines' | 'primeChars' | 'minConfidence'>;

export interface CompleteRequest {
  /** identifies the document (its URI) for the state cache */
  doc: string;
  /** the document's text before the cursor */
  before: string;
  /** the text after the cursor on its line */
  after: string;
  /** distinct suggestions wanted: 1 on an automatic trigger, several on an explicit one */
  count: number;
  settings: SuggestSettings;
  isCancelled?: () => boolean;
  /** whether the mixing predictor may learn the document's text (false: it only reads it) */
  learn?: boolean;
}

export interface Suggestion {
  text: string;
  /** mean log-probability per character (nats), the line break that ended it included */
  score: number;
}

/** Characters fed per forward call while priming (a unit of work between yields), by default. */
const PRIME_WINDOW = 64;
/** below this share of probability, a subtree of the mixture's distribution takes the network's
 *  shape: the mixers predict at most a few dozen nodes per row (a flat distribution, an untrained
 *  model's, would take 127), and at the default temperature, 0.5, a class in such a subtree is
 *  drawn at most (0.1 / p)^2 as often as the likeliest, p. On the quality corpora 0.1 saved as
 *  many keystrokes as 0.01 did (mobx 2.54x both, svelte 2.68x and 2.67x, eslint 4.30x and 4.29x) */
const PRUNE = 0.1;
/** characters (code points) a suggestion needs to be worth a Tab */
const MIN_CHARS = 2;
const never = () => false;

export interface CompleterOptions {
  backend?: Backend;
  seed?: number;
  maxDocs?: number;
  maxPointsPerDoc?: number;
  /** characters primed per unit of work: smaller keeps each unit short on slow kernels */
  primeWindow?: number;
  /** weights the nets multiply by (Net's precision): float32 by default */
  precision?: Precision;
}

export class Completer {
  readonly vocab: Vocab;
  readonly cache: StateCache;
  /** batch 1: reads the document */
  private prime: Net;
  /** grows the candidates: one row per group of them (Net.rows), at most C */
  private gen?: Net;
  private rng: Rng;
  private readonly sampler: Sampler;
  private readonly cut = new SuggestionCut();
  private readonly kinds: Uint8Array;
  private readonly units: Uint8Array;
  private readonly newline: number;
  private readonly state1: Float32Array;
  // the batch net's state before and after regrouping its rows
  private stateA = new Float32Array(0);
  private stateB = new Float32Array(0);
  /** per candidate: its row in the batch net, -1 once it stopped; per new row: the row it comes from */
  private readonly group = new Int32Array(16);
  private readonly from = new Int32Array(16);
  // per candidate row r, slot r * stride: generated classes, cumulative log-probability, UTF-16 length
  private stride = 0;
  private ids = new Int32Array(0);
  private cum = new Float64Array(0);
  private lenAt = new Int32Array(0);
  private rules: StopRule[] = [];
  /** ln minConfidence of the request running: a candidate stops before its probability falls under it */
  private lnMin = -Infinity;
  private readonly first = new Int32Array(16);
  private readonly firstLogp = new Float64Array(16);
  private busy = false;
  /** characters the last request read to reach the cursor (what the state cache saves) */
  fedChars = 0;
  /** characters the last request's mixture took in without the network (a cold prime's far part) */
  absorbedChars = 0;
  private learning?: DocLearning;
  /** the mixture's distributions, one row per row of the batch net; the cursor's context and each candidate's */
  private dist = new Float64Array(0);
  private readonly docCur = new MixCursor();
  private readonly curs = Array.from({ length: 16 }, () => new MixCursor());
  /** per row of the batch net: whether its distribution was computed this step */
  private readonly mixed = new Uint8Array(16);
  /** the network's prediction of the next character to learn, made before a yield (V values) */
  private readonly pending: Float32Array;
  private pendingAt = -1;

  constructor(readonly model: ModelWeights, private readonly opts: CompleterOptions = {}) {
    const vocab = Vocab.fromJSON(model.vocab);
    this.vocab = vocab;
    this.cache = new StateCache(opts.maxDocs, opts.maxPointsPerDoc);
    this.prime = this.primeNet(opts.precision ?? 'f32');
    this.setParams(model.params);
    this.rng = new Rng(opts.seed ?? 1);
    this.sampler = new Sampler(vocab.size);
    this.kinds = new Uint8Array(vocab.size);
    this.units = new Uint8Array(vocab.size);
    for (let v = 1; v < vocab.size; v++) { this.kinds[v] = kindOf(vocab.char(v)); this.units[v] = vocab.char(v).length; }
    this.newline = vocab.index('\n');
    this.state1 = new Float32Array(this.prime.stateSize);
    this.pending = new Float32Array(vocab.size);
  }

  /** Mixes a predictor of the repository's text with the network from now on (undefined: the
   *  network alone). Documents read so far are read again, so the mixture learns them. */
  setMixture(mix: Mixture | undefined): void {
    if (mix && mix.V !== this.vocab.size) throw new Error(`the mixture predicts ${mix.V} classes; the model has ${this.vocab.size}`);
    this.learning = mix ? new DocLearning(mix, this.vocab) : undefined;
    this.dist = new Float64Array(mix ? this.first.length * this.vocab.size : 0);
    this.cache.clear();
  }

  get mixture(): Mixture | undefined { return this.learning?.mix; }

  /** New weights of the same model (a training step published, say): every saved state is stale. */
  setParams(params: Float32Array): void {
    this.prime.setParams(params);
    this.gen?.setParams(params);
    // the mixture keeps what it learned of each document: it is not learned again
    this.cache.dropStates();
  }

  /** Restarts the sampler's random sequence (complete-eval replays each file from the same seed). */
  reseed(seed: number): void { this.rng = new Rng(seed); }

  get running(): boolean { return this.busy; }

  /** the kernels the nets run on ('wasm' or 'ts') */
  get backend(): string { return this.prime.k.backend; }

  /** the weights the nets multiply by */
  get precision(): Precision { return this.prime.precision; }

  /** Multiplies by the float32 weights or their 8-bit copies from now on: the nets are made
   *  again and every saved state is stale; the mixture keeps what it learned (as setParams). */
  setPrecision(precision: Precision): void {
    if (precision === this.precision) return;
    if (this.busy) throw new Error('the completer is running a request: change its precision between requests');
    const params = Float32Array.from(this.prime.params);
    this.prime.dispose();
    this.gen?.dispose();
    this.gen = undefined;
    this.prime = this.primeNet(precision);
    this.setParams(params);
  }

  private primeNet(precision: Precision): Net {
    const { cell, layers, hidden } = this.model;
    return new Net({ cell, layers, hidden, vocabSize: this.vocab.size, batch: 1, seq: this.opts.primeWindow ?? PRIME_WINDOW, backend: this.opts.backend, precision });
  }

  /** Runs a request to the end on this thread. */
  complete(req: CompleteRequest): Suggestion[] | undefined {
    const g = this.run(req);
    for (;;) { const r = g.next(); if (r.done) return r.value; }
  }

  /** The request as resumable work; its value is the suggestions, best first, or undefined when cancelled. */
  *run(req: CompleteRequest): Generator<void, Suggestion[] | undefined> {
    if (this.busy) throw new Error('the completer is already running a request: run them one at a time');
    this.busy = true;
    try { return yield* this.work(req); } finally { this.busy = false; }
  }

  private *work(req: CompleteRequest): Generator<void, Suggestion[] | undefined> {
    const s = req.settings, P = req.before, cancelled = req.isCancelled ?? never;
    if (!suggestsHere(req.after) || req.count < 1) return [];
    if (!(yield* this.toCursor(req.doc, P, s.primeChars, cancelled, req.learn ?? true)) || cancelled()) return undefined;
    const net = this.prime, V = this.vocab.size, mixing = this.learning;
    let probs: ArrayLike<number> = net.logits;
    if (mixing) {
      mixing.seek(this.docCur, P, P.length);
      mixing.mix.distribution(net.logits, 0, this.docCur, this.dist, 0, PRUNE);
      probs = this.dist;
    }
    this.lnMin = s.minConfidence > 0 ? Math.log(s.minConfidence) : -Infinity;

    // first characters: the best (greedy), the C best (greedy, several wanted) or C samples
    const greedy = s.temperature <= 0, o: SampleOptions = { temperature: s.temperature, topK: 0, topP: s.topP };
    let rows = (greedy && req.count === 1) || s.candidates === 1 ? 1 : Math.min(s.candidates, this.first.length);
    const stop: StopOptions = { multiline: s.multiline && req.after.trim() === '', maxLines: s.maxLines, maxChars: s.maxChars, indent: indentOf(P) };
    this.scratch(rows, s.maxChars + 2, stop);
    if (greedy && rows > 1) rows = this.sampler.top(probs, 0, rows, this.first, this.firstLogp);
    else {
      for (let r = 0; r < rows; r++) {
        this.first[r] = this.sampler.choose(probs, 0, o, this.rng);
        this.firstLogp[r] = this.sampler.logp;
      }
    }
    if (mixing) for (let r = 0; r < rows; r++) { this.curs[r].copyFrom(this.docCur); mixing.mix.advance(this.curs[r], this.first[r]); }
    const count = new Int32Array(rows).fill(1), keep = new Int32Array(rows).fill(-1);
    let active = 0;
    for (let r = 0; r < rows; r++) if (!this.accept(r, 0, this.first[r], this.firstLogp[r], keep)) active++;

    // then one character per step for every candidate still going. Candidates that drew the same
    //    characters so far have the same state, so each group of them is one row of the batch net
    //    (at low temperature they mostly agree): a group splits when its candidates draw
    //    different characters, and its row goes when all of them have stopped.
    const g = this.genNet(Math.min(s.candidates, this.first.length));
    if (active > 0) {
      g.rows = 1;
      net.saveState(this.state1);
      g.loadState(this.state1);
      this.group.fill(0, 0, rows);
      this.regroup(g, rows, count, keep);
    }
    while (active > 0) {
      if (cancelled()) return undefined;
      yield;
      for (let r = 0; r < rows; r++) if (keep[r] < 0) g.inputs[this.group[r]] = this.ids[r * this.stride + count[r] - 1];
      g.forward(1, false);
      g.predict(0, g.rows);
      g.carryState(1);
      probs = g.logits;
      if (mixing) {
        // one distribution per row of the batch net: the candidates of a row wrote the same text
        this.mixed.fill(0, 0, g.rows);
        for (let r = 0; r < rows; r++) {
          const j = this.group[r];
          if (keep[r] >= 0 || this.mixed[j]) continue;
          this.mixed[j] = 1;
          mixing.mix.distribution(g.logits, j * V, this.curs[r], this.dist, j * V, PRUNE);
        }
        probs = this.dist;
      }
      for (let r = 0; r < rows; r++) {
        if (keep[r] >= 0) continue;
        const id = this.sampler.choose(probs, this.group[r] * V, o, this.rng);
        if (mixing) mixing.mix.advance(this.curs[r], id);
        if (this.accept(r, count[r], id, this.sampler.logp, keep)) active--;
        count[r]++;
      }
      if (active > 0) this.regroup(g, rows, count, keep);
    }
    return this.collect(rows, keep, P, req);
  }

  /** After each candidate still going drew its latest character: one row of the batch net per
   *  distinct (row, character), in candidate order, each starting from its old row's state. */
  private regroup(g: Net, rows: number, count: Int32Array, keep: Int32Array): void {
    const { group, from, ids, stride } = this, was = g.rows;
    let n = 0, moved = false;
    for (let r = 0; r < rows; r++) {
      if (keep[r] >= 0) { group[r] = -1; continue; }
      const id = ids[r * stride + count[r] - 1];
      let to = -1;
      for (let q = 0; q < r && to < 0; q++) {
        if (keep[q] < 0 && from[group[q]] === group[r] && ids[q * stride + count[q] - 1] === id) to = group[q];
      }
      if (to < 0) { to = n++; from[to] = group[r]; if (from[to] !== to) moved = true; }
      group[r] = to;
    }
    if (!moved && n === was) return;
    const H = this.prime.spec.hidden, blocks = this.state1.length / H;
    g.saveState(this.stateA);
    gatherRows(this.stateA, was, this.stateB, blocks, H, from, n);
    g.rows = n;
    g.loadState(this.stateB);
  }

  /** Reads a document up to the cursor into the state cache and suggests nothing: run when a
   *  document becomes active, its first request then starts warm. False when cancelled. */
  *warm(doc: string, before: string, primeChars: number, isCancelled: () => boolean = never, learn = true): Generator<void, boolean> {
    if (this.busy) throw new Error('the completer is already running a request: run them one at a time');
    this.busy = true;
    try { return yield* this.toCursor(doc, before, primeChars, isCancelled, learn); } finally { this.busy = false; }
  }

  /** Leaves the batch-1 net with the state and next-character probabilities at the cursor (end of P):
   *  the saved tip, or the last character fed from the state before it (a newline stands before
   *  the document, as between training files). False when cancelled. */
  private *toCursor(doc: string, P: string, primeChars: number, cancelled: () => boolean, learn: boolean): Generator<void, boolean> {
    const d = this.cache.doc(doc), net = this.prime, c = P.length;
    d.sync(P);
    this.fedChars = 0;
    this.absorbedChars = 0;
    if (d.tip && d.tip.offset === c) {
      net.loadState(d.tip.state);
      net.logits.set(d.tip.probs, 0);
      return true;
    }
    let last = this.newline;
    if (c === 0) net.resetState();
    else {
      const n = c >= 2 && isLowSurrogate(P.charCodeAt(c - 1)) && isHighSurrogate(P.charCodeAt(c - 2)) ? 2 : 1;
      if (!(yield* this.bring(d, P, c - n, primeChars, cancelled, learn))) return false;
      last = this.vocab.index(P.slice(c - n));
      if (this.learning && learn) this.learning.learn(d, P, c - n, n, last, this.pendingAt === c - n ? this.pending : undefined, 0);
    }
    net.inputs[0] = last;
    net.forward(1, false);
    this.fedChars++;
    net.predict(0, 1);
    net.carryState(1);
    net.saveState(this.state1);
    d.setTip(c, this.state1, net.logits.subarray(0, this.vocab.size));
    return true;
  }

  /** Brings the batch-1 net to the state after P[0..target), from the nearest saved state or a
   *  zero state at most primeChars back; saves a state at every line start it passes. */
  private *bring(d: DocStates, P: string, target: number, primeChars: number, cancelled: () => boolean, learn: boolean): Generator<void, boolean> {
    const net = this.prime, learning = learn ? this.learning : undefined, V = this.vocab.size;
    const cp = d.nearest(target, target - primeChars);
    let from: number;
    this.pendingAt = -1;
    if (cp) {
      net.loadState(cp.state);
      from = cp.offset;
      // the tip carries its prediction of the character that follows it
      if (cp === d.tip) { this.pending.set(d.tip.probs); this.pendingAt = from; }
    }
    else {
      from = Math.max(0, target - primeChars);
      if (from > 0 && isLowSurrogate(P.charCodeAt(from))) from++;
      let netFrom = Math.max(from, target - PRIME_TAIL);
      if (netFrom > 0 && isLowSurrogate(P.charCodeAt(netFrom))) netFrom++;
      if (learning) { if (!(yield* this.absorb(d, P, from, netFrom, learning, cancelled))) return false; }
      from = netFrom;
      net.resetState();
      if (from === 0) {
        net.inputs[0] = this.newline;
        net.forward(1, false);
        this.fedChars++;
        net.carryState(1);
        net.saveState(this.state1);
        d.add(0, this.state1);
      }
    }
    while (from < target) {
      const nl = P.indexOf('\n', from);
      let to = nl >= 0 && nl < target ? nl + 1 : target;
      if (to - from > net.T) { to = from + net.T; if (to - from > 1 && isHighSurrogate(P.charCodeAt(to - 1))) to--; }
      const steps = this.vocab.encodeInto(P.slice(from, to), net.inputs, 0);
      net.forward(steps, false);
      if (learning && to >= d.learnedTo) {
        const mixing = to > target - PRIME_TAIL;
        // character t of the window was predicted by row t - 1 (the first, before the window)
        if (mixing) net.predict(0, steps);
        this.learnWindow(d, P, from, to, steps, learning, mixing ? net.logits : undefined, mixing && this.pendingAt === from ? this.pending : undefined);
        if (mixing) { this.pending.set(net.logits.subarray((steps - 1) * V, steps * V)); this.pendingAt = to; }
      }
      net.carryState(steps);
      this.fedChars += steps;
      from = to;
      if (P.charCodeAt(to - 1) === 10) { net.saveState(this.state1); d.add(to, this.state1); }
      if (cancelled()) return false;
      yield;
    }
    return true;
  }

  /** The mixture's tables learn P[from..to) without the network, a window per unit of work. */
  private *absorb(d: DocStates, P: string, from: number, to: number, learning: DocLearning, cancelled: () => boolean): Generator<void, boolean> {
    const ids = this.prime.inputs, T = this.prime.T;
    while (from < to) {
      let end = Math.min(from + T, to);
      if (end - from > 1 && end < to && isHighSurrogate(P.charCodeAt(end - 1))) end--;
      const steps = this.vocab.encodeInto(P.slice(from, end), ids, 0);
      this.absorbedChars += steps;
      if (end >= d.learnedTo) this.learnWindow(d, P, from, end, steps, learning, undefined, undefined);
      from = end;
      if (cancelled()) return false;
      yield;
    }
    return true;
  }

  /** Learns the window P[from..to), its classes in the prime net's inputs: character t by row
   *  t - 1 of q, the first by q0 (the prediction from before the window); absorbed without one. */
  private learnWindow(d: DocStates, P: string, from: number, to: number, steps: number, learning: DocLearning,
    q: ArrayLike<number> | undefined, q0: ArrayLike<number> | undefined): void {
    const ids = this.prime.inputs, V = this.vocab.size;
    for (let t = 0, at = from; t < steps; t++) {
      const units = isHighSurrogate(P.charCodeAt(at)) && at + 1 < to ? 2 : 1;
      learning.learn(d, P, at, units, ids[t], t > 0 ? q : q0, (t - 1) * V);
      at += units;
    }
  }

  /** Records class id as character k of row r; returns true when the row's stop rule ends it. */
  private accept(r: number, k: number, id: number, logp: number, keep: Int32Array): boolean {
    const o = r * this.stride;
    this.ids[o + k] = id;
    this.cum[o + k + 1] = this.cum[o + k] + logp;
    this.lenAt[o + k + 1] = this.lenAt[o + k] + this.units[id];
    const kept = this.cum[o + k + 1] < this.lnMin ? this.rules[r].unsure() : this.rules[r].push(this.kinds[id], this.units[id]);
    if (kept < 0) return false;
    keep[r] = kept;
    return true;
  }

  /** The rows' texts, trimmed, distinct, best first. */
  private collect(rows: number, keep: Int32Array, P: string, req: CompleteRequest): Suggestion[] {
    const lineBefore = P.slice(P.lastIndexOf('\n') + 1);
    const best = new Map<string, number>();
    // candidates that drew the same characters ended the same way: each text is cut and scored once
    const drawn = new Set<string>();
    for (let r = 0; r < rows; r++) {
      const o = r * this.stride;
      let k = 0;
      while (this.lenAt[o + k] < keep[r]) k++;
      if (k === 0) continue;
      let reason = this.rules[r].reason, text = this.vocab.decode(this.ids.subarray(o, o + k));
      if (drawn.has(text)) continue;
      drawn.add(text);
      if (this.lnMin > -Infinity) {
        // a gated suggestion ends where it saves the most keystrokes in expectation (cut.ts)
        const j = this.cut.first(text, this.cum, o, k);
        if (j === 0) continue;
        if (j < k) { k = j; reason = StopReason.Unsure; text = text.slice(0, this.lenAt[o + j]); }
      }
      // score = mean log p over the kept characters, and the line break after them when it ended there
      const n = reason === StopReason.Natural ? k + 1 : k;
      const score = this.cum[o + n] / n;
      text = trimTrailingSpace(trimDuplicateClosers(text, lineBefore, req.after), reason);
      if (this.lnMin > -Infinity && codePoints(text) < MIN_CHARS) continue;
      if (text && !(score <= (best.get(text) ?? -Infinity))) best.set(text, score);
    }
    return [...best].map(([text, score]) => ({ text, score })).sort((a, b) => b.score - a.score).slice(0, req.count);
  }

  private genNet(C: number): Net {
    if (!this.gen || this.gen.B < C) {
      // sized to the candidates setting (a greedy request uses one of its rows); rebuilt only
      // when that setting grows
      const { cell, layers, hidden, vocabSize } = this.prime.spec;
      this.gen?.dispose();
      this.gen = new Net({ cell, layers, hidden, vocabSize, batch: C, seq: 1, backend: this.opts.backend, precision: this.prime.precision });
      this.gen.setParams(this.prime.params);
      this.stateA = new Float32Array(this.gen.stateSize);
      this.stateB = new Float32Array(this.gen.stateSize);
    }
    return this.gen;
  }

  private scratch(rows: number, stride: number, stop: StopOptions): void {
    if (this.stride !== stride || this.ids.length < rows * stride) {
      this.stride = stride;
      this.ids = new Int32Array(this.first.length * stride);
      this.cum = new Float64Array(this.first.length * stride);
      this.lenAt = new Int32Array(this.first.length * stride);
    }
    for (let r = 0; r < rows; r++) {
      this.cum[r * stride] = 0;
      this.lenAt[r * stride] = 0;
      if (this.rules[r]) this.rules[r].reset(stop);
      else this.rules[r] = new StopRule(stop);
    }
  }
}
