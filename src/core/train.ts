// Truncated BPTT over B parallel streams of the training corpus. Stream b reads the b-th of B
// equal segments; each step advances every stream by T characters and carries the hidden state
// on (as char-rnn does); the state resets at each pass over the data.
import { DEFAULT_MODEL, DEFAULT_TRAIN, MODEL_PARAMS, TRAIN_PARAMS, validate, type ModelConfig, type TrainConfig } from './config';
import type { Checkpoint } from './checkpoint';
import type { CorpusFile } from './corpus';
import { evalNet, evaluateEncoded, type EvalResult } from './evaluate';
import type { Backend } from './kernels/types';
import { bitsFromNats, perplexityFromNats, type EvalMetrics, type StepMetrics } from './metrics';
import { Net } from './net';
import { clipGradients, optimizerStep, OPTIMIZER_SLOTS, OPTIMIZER_STATE_NAMES } from './optim';
import { isDiverged, LastGood, type Rollback } from './divergence';
import { Rng } from './rng';
import { readRunState, resumeConflicts, type RunState } from './runState';
import { Vocab } from './vocab';
import { toCheckpoint, loadWeights, netFromWeights, weightsOf } from './weights';
import type { StoredMix } from './checkpoint';
import { buildMixture, mixSpecFor } from './mix/memory';

/** Characters of each validation file that a training run's evaluation reads. */
export const EVAL_MAX_CHARS = 20_000;

/** The corpus as a run trains on it: the split, the vocabulary and the training text encoded. */
export interface PreparedCorpus { train: CorpusFile[]; val: CorpusFile[]; vocab: Vocab; data: Uint16Array }

/**
 * Splits the files (or holds out valPaths), builds the vocabulary from the training files (or
 * takes `vocab`, a checkpoint's) and encodes them; throws when nothing is left to train on.
 */
export function prepareCorpus(files: CorpusFile[], cfg: Pick<TrainConfig, 'valFrac' | 'seed' | 'maxVocab'>, vocab?: string[], valPaths?: string[]): PreparedCorpus {
  if (files.length === 0) throw new Error('the corpus is empty: no readable source files to train on');
  const { train, val } = splitFiles(files, cfg.valFrac, cfg.seed, valPaths);
  const v = vocab ? Vocab.fromJSON(vocab) : Vocab.build(train.map((f) => f.text), cfg.maxVocab);
  const data = encodeCorpus(train, v);
  if (data.length < 2) throw new Error('the corpus is too small: it needs at least 2 characters');
  return { train, val, vocab: v, data };
}

export interface TrainerOptions {
  model?: Partial<ModelConfig>;
  train?: Partial<TrainConfig>;
  backend?: Backend;
  /** start from these weights and this vocabulary */
  init?: Checkpoint;
  /** continue this checkpoint's run exactly (weights, optimizer state, position, RNG) */
  resume?: Checkpoint;
  /** evaluation reads at most this many characters of each validation file (EVAL_MAX_CHARS) */
  evalMaxChars?: number;
  now?: () => number;
}

export class Trainer {
  readonly model: ModelConfig;
  readonly cfg: TrainConfig;
  readonly vocab: Vocab;
  readonly net: Net;
  readonly trainFiles: CorpusFile[];
  readonly valFiles: CorpusFile[];
  /** the training corpus as one compact array of class indices */
  readonly data: Uint16Array;
  /** effective streams and window (reduced when the corpus is small) */
  readonly B: number;
  readonly T: number;
  /** adjustments made to the requested configuration, for the log */
  readonly notes: string[] = [];
  /** steps rolled back because their loss or gradient was not finite, in order */
  readonly rollbacks: Rollback[] = [];
  step = 0;
  epoch = 0;
  charsSeen = 0;
  smoothLoss = NaN;
  lastEval?: EvalMetrics;
  private pos = 0;
  private elapsedBefore = 0;
  private readonly started: number;
  private readonly segment: number;
  private readonly valEncoded: Int32Array[];
  private evalNet?: Net;
  private readonly lastGood: LastGood;
  private readonly now: () => number;

  constructor(files: CorpusFile[], private readonly opts: TrainerOptions = {}) {
    const from = opts.resume ?? opts.init;
    const saved = opts.resume ? readRunState(opts.resume) : undefined;
    const conflicts = saved ? resumeConflicts(saved, opts.model ?? {}, opts.train ?? {}) : [];
    if (conflicts.length) throw new Error(`a resumed run keeps its ${conflicts.map((c) => `${c.field} (${c.saved}, not ${c.asked})`).join(', ')}`);
    this.cfg = { ...DEFAULT_TRAIN, ...saved?.train, ...opts.train };
    this.model = from
      ? { ...DEFAULT_MODEL, ...saved?.model, ...opts.model, cell: from.cell, layers: from.layers, hidden: from.hidden }
      : { ...DEFAULT_MODEL, ...opts.model };
    const errs = [...validate(MODEL_PARAMS, this.model), ...validate(TRAIN_PARAMS, this.cfg)];
    if (errs.length) throw new Error(`invalid configuration: ${errs.join('; ')}`);
    this.now = opts.now ?? (() => performance.now());

    const corpus = prepareCorpus(files, this.cfg, from?.vocab, saved?.valFiles);
    this.trainFiles = corpus.train;
    this.valFiles = corpus.val;
    this.vocab = corpus.vocab;
    this.data = corpus.data;
    this.valEncoded = this.valFiles.map((f) => this.vocab.encode(f.text));

    // Fit B streams of at least one window each into the corpus.
    let T = saved?.seq ?? this.cfg.seq, B = saved?.batch ?? this.cfg.batch;
    if (T > this.data.length - 1) { T = this.data.length - 1; this.notes.push(`window reduced to ${T}: the corpus has ${this.data.length} characters`); }
    if (B * T > this.data.length - 1) { B = Math.max(1, Math.floor((this.data.length - 1) / T)); this.notes.push(`batch reduced to ${B} streams to fit the corpus`); }
    this.B = B; this.T = T;
    this.segment = Math.floor((this.data.length - 1) / B);

    this.net = new Net({
      ...this.model, vocabSize: this.vocab.size, batch: B, seq: T, backend: opts.backend,
      optimizerSlots: OPTIMIZER_SLOTS[this.cfg.optimizer], seed: this.cfg.seed, threads: this.cfg.threads,
    });
    if (from) loadWeights(this.net, from, opts.resume ? OPTIMIZER_STATE_NAMES[this.cfg.optimizer] : []);
    else this.net.initParams(this.cfg.seed);
    if (saved) {
      Object.assign(this, { step: saved.step, epoch: saved.epoch, pos: saved.pos, charsSeen: saved.charsSeen, smoothLoss: saved.smoothLoss });
      this.elapsedBefore = saved.elapsedMs;
      this.net.rngState = saved.rng;
      const st = opts.resume!.optim?.get('optim.hidden');
      if (st && st.length === this.net.stateSize) this.net.loadState(st);
    }
    this.lastGood = new LastGood(this.net);
    this.lastGood.keep(this.step);
    this.started = this.now();
  }

  get lr(): number {
    return this.cfg.lr * Math.pow(this.cfg.lrDecay, Math.floor(this.step / this.cfg.lrDecayEvery));
  }

  get elapsedMs(): number { return this.elapsedBefore + this.now() - this.started; }

  /** Whether the step or time budget is spent. */
  done(): boolean {
    if (this.cfg.steps > 0 && this.step >= this.cfg.steps) return true;
    return this.cfg.minutes > 0 && this.elapsedMs >= this.cfg.minutes * 60_000;
  }

  /**
   * One step: a window of T characters in each of B streams, forward, backward, clip, update.
   * A window whose loss or gradient is not finite is rolled back (./divergence) and the next
   * one trained instead; throws DivergedError when that keeps happening.
   */
  trainStep(): StepMetrics {
    const { B, T, net, data } = this, t0 = this.now();
    for (;;) {
      if (this.pos + T > this.segment) { this.pos = 0; this.epoch++; }
      if (this.pos === 0) net.resetState();
      for (let t = 0; t < T; t++) {
        for (let b = 0; b < B; b++) {
          const q = b * this.segment + this.pos + t;
          net.inputs[t * B + b] = data[q];
          net.targets[t * B + b] = data[q + 1];
        }
      }
      const { nats, count } = net.lossAndGrad(T, true);
      const loss = nats / count;
      const { gradNorm, clipped } = clipGradients(net, this.cfg.clip, this.cfg.clipValue);
      if (!isDiverged(loss, gradNorm)) return this.update(loss, count, gradNorm, clipped, t0);
      const r: Rollback = { step: this.step + 1, loss, gradNorm };
      this.rollbacks.push(r);
      this.pos += T;
      this.step = this.lastGood.step;
      this.lastGood.restore(r, this.lr, this.cfg.clip);
    }
  }

  private update(loss: number, count: number, gradNorm: number, clipped: boolean, t0: number): StepMetrics {
    const { T, net } = this;
    this.lastGood.keep(this.step);
    const lr = this.lr;
    this.step++;
    optimizerStep(net, this.cfg.optimizer, lr, this.step);
    this.pos += T;
    this.charsSeen += count;
    // smoothed as min-char-rnn's smooth_loss, but per step of B*T characters
    this.smoothLoss = Number.isNaN(this.smoothLoss) ? loss : 0.98 * this.smoothLoss + 0.02 * loss;
    const dt = Math.max(this.now() - t0, 1e-3);
    return {
      kind: 'step', step: this.step, epoch: this.epoch, loss, bitsPerChar: bitsFromNats(loss), smoothLoss: this.smoothLoss,
      gradNorm, clipped, lr, charsPerSec: (count * 1000) / dt, charsSeen: this.charsSeen, elapsedMs: this.elapsedMs,
      dhNorms: Array.from(net.dhNorms.subarray(0, T)),
    };
  }

  /** Validation bits per character over the held-out files (undefined when there are none). */
  evaluate(): EvalMetrics | undefined {
    if (this.valEncoded.length === 0) return undefined;
    const r = this.evaluateTexts(this.valEncoded, this.opts.evalMaxChars ?? EVAL_MAX_CHARS);
    this.lastEval = {
      kind: 'eval', step: this.step, charsSeen: this.charsSeen,
      valBitsPerChar: r.bitsPerChar, valPerplexity: perplexityFromNats(r.nats / r.count), valChars: r.count,
    };
    return this.lastEval;
  }

  /** Evaluates encoded texts with the current weights, each from a zero state. */
  evaluateTexts(texts: Int32Array[], maxChars = Infinity): EvalResult {
    this.evalNet ??= evalNet({ ...this.model, vocabSize: this.vocab.size }, texts.length, this.opts.backend);
    this.evalNet.setParams(this.net.params);
    return evaluateEncoded(this.evalNet, texts, maxChars);
  }

  /** The mixing predictor's memory of this corpus (mix/memory.ts), learned with the current
   *  weights: seconds of work, as a generator that yields between slices. */
  *buildMixture(learnChars?: number): Generator<void, StoredMix> {
    const { net } = netFromWeights(weightsOf(this.net, this.vocab), 1, 64, this.opts.backend);
    try {
      const spec = mixSpecFor(this.cfg.memoryMb);
      return (yield* buildMixture(net, this.vocab, this.trainFiles.map((f) => f.text), this.valFiles.map((f) => f.text), { spec, learnChars })).stored;
    } finally { net.dispose(); }
  }

  /** stops worker threads the kernels started */
  dispose(): void { this.net.dispose(); this.evalNet?.dispose(); }

  toCheckpoint(): Checkpoint {
    const st = new Float32Array(this.net.stateSize);
    this.net.saveState(st);
    const run: RunState = {
      step: this.step, epoch: this.epoch, pos: this.pos, charsSeen: this.charsSeen, elapsedMs: this.elapsedMs,
      smoothLoss: this.smoothLoss, rng: this.net.rngState, batch: this.B, seq: this.T,
      model: this.model, train: this.cfg, valFiles: this.valFiles.map((f) => f.path),
    };
    const ck = toCheckpoint(this.net, this.vocab, OPTIMIZER_STATE_NAMES[this.cfg.optimizer]);
    ck.optim!.set('optim.hidden', st);
    ck.meta = { ...ck.meta, train: JSON.stringify(run) };
    return ck;
  }
}

/** Holds out round(valFrac * n) whole files (at least one when valFrac > 0 and n >= 2), chosen by seed. */
export function splitFiles(files: CorpusFile[], valFrac: number, seed: number, valPaths?: string[]): { train: CorpusFile[]; val: CorpusFile[] } {
  if (valPaths) {
    const set = new Set(valPaths);
    return { train: files.filter((f) => !set.has(f.path)), val: files.filter((f) => set.has(f.path)) };
  }
  const n = files.length;
  const nVal = valFrac > 0 && n >= 2 ? Math.min(n - 1, Math.max(1, Math.round(valFrac * n))) : 0;
  const order = new Rng(seed ^ 0x5eed).shuffle(files.map((_, i) => i));
  const val = new Set(order.slice(0, nVal));
  return { train: files.filter((_, i) => !val.has(i)), val: files.filter((_, i) => val.has(i)) };
}

/** The training files' class indices, joined by one newline (none for a single file). */
export function encodeCorpus(files: CorpusFile[], vocab: Vocab): Uint16Array {
  const nl = vocab.index('\n');
  let total = 0;
  for (const f of files) total += Vocab.count(f.text);
  const out = new Uint16Array(total + Math.max(0, files.length - 1));
  let o = 0;
  files.forEach((f, i) => {
    if (i > 0) out[o++] = nl;
    o += vocab.encodeInto(f.text, out, o);
  });
  return out;
}
