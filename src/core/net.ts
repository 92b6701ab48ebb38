// A stacked recurrent network with a linear head over the vocabulary, sized once for B streams
// and a window of up to T steps. Every buffer (parameters, gradients, optimizer slots,
// activations) is carved out of one arena at construction; forward and backward allocate nothing.
// The weight matrices are also kept packed in panels (Kernels.packPanels), as they are and
// transposed, for the products a window repeats at every step and a suggestion at every
// character, and layer 0's W_ih as an input table with the biases added (a character's
// pre-activation is one row). Both are rebuilt whenever weights are set through setParams,
// initParams, loadWeights or an optimizer step (optim.ts); the transposed panels, which only the
// backward pass reads, at its first run after that (a net that only runs forward, such as the
// completer's, never packs them). Code that writes params directly calls repack() before the next
// forward(). A net of precision 'int8' runs forward only: it packs its matrices as 8-bit integers
// with a scale per row (Kernels.packI8) in place of the panels, and multiplies by them
// (Kernels.gemmI8); its params, and so its checkpoints, stay float32.
import type { CellType, Precision } from './config';
import { getBackend } from './kernels';
import { i8Size, panelsSize, type Arr, type Backend, type DType, type Kernels } from './kernels/types';
import { GATES, paramSpecs, type ModelSpec, type ParamSpec } from './params';
import { Rng } from './rng';
import { HIDDEN_BIAS_UP_FRONT, packInputTable, product, type CellContext, type Layer } from './cells/layer';
import { rnnBackward, rnnForward } from './cells/rnn';
import { lstmBackward, lstmForward } from './cells/lstm';
import { gruBackward, gruForward } from './cells/gru';

export interface NetOptions extends ModelSpec {
  /** parallel streams B */
  batch: number;
  /** longest window T this net runs */
  seq: number;
  /** dropout between layers, applied only in training passes */
  dropout?: number;
  dtype?: DType;
  backend?: Backend;
  /** extra parameter-sized buffers for optimizer state */
  optimizerSlots?: number;
  seed?: number;
  /** threads sharing the large matrix products (wasm backend) */
  threads?: number;
  /** weights the forward pass multiplies by: float32, or 8-bit copies (forward only) */
  precision?: Precision;
}

type Pass = (c: CellContext, L: Layer, T: number) => void;
type BackPass = (c: CellContext, L: Layer, T: number, dX: Arr | undefined) => void;
const FORWARD: Record<CellType, Pass> = { rnn: rnnForward, lstm: lstmForward, gru: gruForward };
const BACKWARD: Record<CellType, BackPass> = { rnn: rnnBackward, lstm: lstmBackward, gru: gruBackward };

/** Hands out consecutive views of an arena; with no arena it only counts. */
class Carver {
  nf = 0; ni = 0;
  private static readonly EMPTY_F = new Float32Array(0);
  private static readonly EMPTY_I = new Int32Array(0);
  constructor(private readonly k?: Kernels) {}
  /** n floats, starting at a multiple of `align` floats */
  f(n: number, align = 1): Arr {
    const o = Math.ceil(this.nf / align) * align;
    this.nf = o + n;
    return this.k ? this.k.f.subarray(o, o + n) : Carver.EMPTY_F;
  }
  i(n: number): Int32Array { const o = this.ni; this.ni += n; return this.k ? this.k.i.subarray(o, o + n) : Carver.EMPTY_I; }
}

export class Net {
  readonly spec: ModelSpec;
  readonly B: number;
  readonly T: number;
  readonly k: Kernels;
  readonly specs: ParamSpec[];
  readonly nParams: number;
  readonly params!: Arr;
  readonly grads!: Arr;
  readonly slots!: Arr[];
  /** time-major character indices [T*B] and targets [T*B] (a negative target is ignored) */
  readonly inputs!: Int32Array;
  readonly targets!: Int32Array;
  /** logits, then probabilities or dlogits, [T*B, V] */
  readonly logits!: Arr;
  /** ||dL/dh_t|| of the top layer for t < T, after backward */
  readonly dhNorms: Float64Array;
  readonly dropout: number;
  readonly precision: Precision;
  private readonly layers!: Layer[];
  /** the head's weight W [V,H] packed in panels (int8 blocks on an int8 net), as it is and transposed */
  private readonly headPanels!: Arr;
  private readonly headTPanels!: Arr;
  private readonly masks!: Arr[];
  /** offsets of the head's weight W [V,H] and bias [V] in params and grads (the last two specs) */
  private readonly headW: number;
  private readonly headB: number;
  /** whether the transposed panels hold the current weights */
  private backPacked = false;
  private readonly ctx: CellContext;
  private readonly rng: Rng;

  constructor(o: NetOptions) {
    this.spec = { cell: o.cell, layers: o.layers, hidden: o.hidden, vocabSize: o.vocabSize };
    this.B = o.batch; this.T = o.seq;
    this.dropout = o.layers > 1 ? o.dropout ?? 0 : 0;
    this.specs = paramSpecs(this.spec);
    const last = this.specs[this.specs.length - 1];
    this.nParams = last.offset + last.size;
    this.headW = this.specs[this.specs.length - 2].offset;
    this.headB = last.offset;
    const dtype = o.dtype ?? 'f32';
    this.precision = o.precision ?? 'f32';
    if (this.precision === 'int8' && dtype !== 'f32') throw new Error(`an int8 net computes in float32 around its integer products; asked for ${dtype}`);
    const backend = o.backend ?? getBackend('auto', dtype);
    const count = new Carver();
    this.carve(count, o.optimizerSlots ?? 0);
    this.k = backend.create(count.nf, count.ni, dtype, { threads: o.threads ?? 1 });
    Object.assign(this, this.carve(new Carver(this.k), o.optimizerSlots ?? 0));
    this.dhNorms = new Float64Array(this.T);
    this.rng = new Rng(o.seed ?? 1);
    this.ctx = { k: this.k, P: this.params, dP: this.grads, B: this.B, H: o.hidden, V: o.vocabSize, idx: this.inputs, idxOff: 0, int8: this.precision === 'int8' };
  }

  /** Lays out every buffer; run once to count, once on the arena. */
  private carve(c: Carver, nSlots: number) {
    const { B, T } = this, H = this.spec.hidden, V = this.spec.vocabSize, cell = this.spec.cell;
    const G = GATES[cell] * H, TB = T * B;
    const params = c.f(this.nParams), grads = c.f(this.nParams);
    const slots = Array.from({ length: nSlots }, () => c.f(this.nParams));
    const inputs = c.i(TB), targets = c.i(TB), logits = c.f(TB * V);
    const masks: Arr[] = [], layers: Layer[] = [];
    // int8 blocks are read 16 bytes at a time: aligned to 16; an int8 net never runs backward
    const int8 = this.precision === 'int8';
    const panels = (N: number, K: number) => (int8 ? c.f(i8Size(N, K), 4) : c.f(panelsSize(N, K)));
    const tPanels = (N: number, K: number) => c.f(int8 ? 0 : panelsSize(N, K));
    const byName = new Map(this.specs.map((s) => [s.name, s.offset]));
    for (let l = 0; l < this.spec.layers; l++) {
      const below = layers[l - 1];
      let x: Arr = below ? below.hs : c.f(0), xBelow = !!below;
      if (below && this.dropout > 0) { x = c.f(TB * H); xBelow = false; masks.push(c.f(TB * H)); }
      layers.push({
        index: l, inputSize: l === 0 ? V : H, G,
        wih: byName.get(`rnn.weight_ih_l${l}`)!, whh: byName.get(`rnn.weight_hh_l${l}`)!,
        bih: byName.get(`rnn.bias_ih_l${l}`)!, bhh: byName.get(`rnn.bias_hh_l${l}`)!,
        x, xBelow,
        hs: c.f((T + 1) * B * H),
        cs: cell === 'lstm' ? c.f((T + 1) * B * H) : c.f(0),
        tcs: cell === 'lstm' ? c.f(TB * H) : c.f(0),
        gates: c.f(TB * G),
        gh: cell === 'gru' ? c.f(TB * G) : c.f(0),
        dgates: cell === 'rnn' ? c.f(0) : c.f(TB * G),
        dgh: cell === 'gru' ? c.f(TB * G) : c.f(0),
        dH: c.f(TB * H),
        dhNext: c.f(B * H),
        dcNext: cell === 'lstm' ? c.f(B * H) : c.f(0),
        wihPanels: l > 0 ? panels(G, H) : c.f(0),
        wihTPanels: l > 0 ? tPanels(H, G) : c.f(0),
        whhPanels: panels(G, H),
        whhTPanels: tPanels(H, G),
        table: c.f(l === 0 ? V * G : 0),
        dTable: c.f(l === 0 ? V * G : 0),
      });
    }
    const headPanels = panels(V, H), headTPanels = tPanels(H, V);
    return { params, grads, slots, inputs, targets, logits, masks, layers, headPanels, headTPanels };
  }

  /** A parameter tensor's view, by PyTorch name */
  param(name: string): Arr {
    const s = this.specs.find((p) => p.name === name);
    if (!s) throw new Error(`no parameter ${name}`);
    return this.params.subarray(s.offset, s.offset + s.size);
  }

  /** PyTorch's default init: U(-1/sqrt(H), 1/sqrt(H)) for the cell, U(-1/sqrt(in), 1/sqrt(in)) for the head */
  initParams(seed: number): void {
    const rng = new Rng(seed), a = 1 / Math.sqrt(this.spec.hidden);
    for (let j = 0; j < this.nParams; j++) this.params[j] = rng.uniform(-a, a);
    this.repack();
  }

  /** New weights (flat, in paramSpecs order). */
  setParams(params: ArrayLike<number>): void {
    if (params.length !== this.nParams) throw new Error(`expected ${this.nParams} parameters, got ${params.length}`);
    this.params.set(params);
    this.repack();
  }

  /** Rebuilds the panels (or int8 blocks) and the input table from params (after params were
   *  written directly). */
  repack(): void {
    const { k, params } = this, H = this.spec.hidden, V = this.spec.vocabSize, w = this.headW;
    const pack = this.precision === 'int8'
      ? (N: number, off: number, out: Arr) => k.packI8(N, H, params, off, out, 0)
      : (N: number, off: number, out: Arr) => k.packPanels(N, H, params, off, false, out, 0);
    packInputTable(this.ctx, this.layers[0], HIDDEN_BIAS_UP_FRONT[this.spec.cell]);
    for (const L of this.layers) {
      pack(L.G, L.whh, L.whhPanels);
      if (L.index > 0) pack(L.G, L.wih, L.wihPanels);
    }
    pack(V, w, this.headPanels);
    this.backPacked = false;
  }

  /** the transposed panels the backward pass reads */
  private packBackward(): void {
    const { k, params } = this, H = this.spec.hidden, V = this.spec.vocabSize, w = this.headW;
    for (const L of this.layers) {
      k.packPanels(H, L.G, params, L.whh, true, L.whhTPanels, 0);
      if (L.index > 0) k.packPanels(H, L.G, params, L.wih, true, L.wihTPanels, 0);
    }
    k.packPanels(H, V, params, w, true, this.headTPanels, 0);
    this.backPacked = true;
  }

  /** The streams every pass runs: the first `rows` of the B the net was sized for (B unless
   *  set). Fewer rows do less work: the candidates of a suggestion that finished or coincide are
   *  dropped. Buffers keep their places; row-major blocks use `rows` as their stride. */
  get rows(): number { return this.ctx.B; }
  set rows(n: number) {
    if (!(Number.isInteger(n) && n >= 1 && n <= this.B)) throw new RangeError(`rows must be an integer in [1, ${this.B}], got ${n}`);
    this.ctx.B = n;
  }

  /** the top layer's h over the last window, read-only: slot 0 the state it started from, slot
   *  t + 1 the state after step t, each [rows, H] (what the classifier takes its features from) */
  get topStates(): Arr { return this.layers[this.layers.length - 1].hs; }

  /** floats of the recurrent state (h, and c for an LSTM) of every layer, for all B streams */
  get stateSize(): number { return this.spec.layers * this.B * this.spec.hidden * (this.spec.cell === 'lstm' ? 2 : 1); }

  resetState(): void {
    const n = this.rows * this.spec.hidden;
    for (const L of this.layers) { L.hs.fill(0, 0, n); L.cs.fill(0, 0, n); }
  }

  /** carry the state after step T into the slot the next window starts from */
  carryState(T: number): void {
    const n = this.rows * this.spec.hidden;
    for (const L of this.layers) {
      L.hs.copyWithin(0, T * n, (T + 1) * n);
      if (L.cs.length) L.cs.copyWithin(0, T * n, (T + 1) * n);
    }
  }

  /** the state of the current rows: per layer [rows, H] of h, then of c (LSTM) */
  saveState(out: Arr, off = 0): void {
    const n = this.rows * this.spec.hidden;
    for (const L of this.layers) {
      for (let j = 0; j < n; j++) out[off + j] = L.hs[j];
      off += n;
      if (L.cs.length) { for (let j = 0; j < n; j++) out[off + j] = L.cs[j]; off += n; }
    }
  }

  loadState(src: ArrayLike<number>, off = 0): void {
    const n = this.rows * this.spec.hidden;
    for (const L of this.layers) {
      for (let j = 0; j < n; j++) L.hs[j] = src[off + j];
      off += n;
      if (L.cs.length) { for (let j = 0; j < n; j++) L.cs[j] = src[off + j]; off += n; }
    }
  }

  /** Runs the layers over inputs[0 .. T*B) from the carried state. */
  forward(T: number, train: boolean): void {
    const c = this.ctx, fwd = FORWARD[this.spec.cell];
    for (let l = 0; l < this.layers.length; l++) {
      if (l > 0 && this.dropout > 0) this.dropIn(l, T, train);
      fwd(c, this.layers[l], T);
    }
  }

  /** head: logits[t*B+b] = h_t W^T + b for the rows [row0, row0+n) of the window */
  head(row0: number, n: number): void {
    const top = this.layers[this.layers.length - 1], H = this.spec.hidden, V = this.spec.vocabSize;
    product(this.ctx, n, V, H, top.hs, (this.rows + row0) * H, this.headPanels, this.logits, row0 * V, false);
    this.k.addBias(n, V, this.logits, row0 * V, this.params, this.headB);
  }

  /** head, then p = softmax(logits) in place: rows [row0, row0+n) of logits become the
   *  probabilities of the next character (the one place logits become probabilities) */
  predict(row0: number, n: number): void {
    this.head(row0, n);
    this.k.softmax(n, this.spec.vocabSize, this.logits, row0 * this.spec.vocabSize, 1);
  }

  /** number of targets in the first T*B that are not ignored */
  countTargets(T: number): number {
    let n = 0;
    for (let j = 0; j < T * this.rows; j++) if (this.targets[j] >= 0) n++;
    return n;
  }

  /** Forward pass with loss; returns the summed cross-entropy (nats) over counted targets.
   *  With grad, leaves the gradient of the mean loss in grads. Carries the state on. */
  lossAndGrad(T: number, grad: boolean): { nats: number; count: number } {
    const TB = T * this.rows, V = this.spec.vocabSize, count = this.countTargets(T);
    this.forward(T, grad);
    this.head(0, TB);
    const nats = this.k.softmaxXent(TB, V, this.logits, 0, this.targets, 0, count > 0 ? 1 / count : 0);
    if (grad) this.backward(T);
    this.carryState(T);
    return { nats, count };
  }

  /** Backward pass from dlogits (left in logits by softmaxXent) into grads, which it overwrites. */
  private backward(T: number): void {
    const { k, rows: B } = this, H = this.spec.hidden, V = this.spec.vocabSize, TB = T * B;
    const top = this.layers[this.layers.length - 1];
    const w = this.headW, b = this.headB;
    if (this.precision === 'int8') throw new Error('an int8 net runs forward only: training and its gradients stay float32');
    if (!this.backPacked) this.packBackward();
    this.grads.fill(0);
    // head: dW = dlogits^T h, db = sum dlogits, dh = dlogits W
    k.gemm(V, H, TB, this.logits, 0, true, top.hs, B * H, false, this.grads, w, true);
    k.sumRows(TB, V, this.logits, 0, this.grads, b);
    k.gemmPanels(TB, H, V, this.logits, 0, this.headTPanels, 0, top.dH, 0, false);
    const back = BACKWARD[this.spec.cell];
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const L = this.layers[l], below = this.layers[l - 1];
      this.ctx.dhNorms = l === this.layers.length - 1 ? this.dhNorms : undefined;
      back(this.ctx, L, T, below?.dH);
      if (below && this.dropout > 0) this.dropBack(l, T);
    }
    this.ctx.dhNorms = undefined;
  }

  /** inverted dropout on layer l's input: x = h_below * mask, mask in {0, 1/(1-p)} */
  private dropIn(l: number, T: number, train: boolean): void {
    const L = this.layers[l], src = this.layers[l - 1].hs, mask = this.masks[l - 1], n = T * this.rows * this.spec.hidden;
    const off = this.rows * this.spec.hidden, keep = 1 - this.dropout;
    for (let j = 0; j < n; j++) {
      const m = train ? (this.rng.next() < keep ? 1 / keep : 0) : 1;
      mask[j] = m;
      L.x[j] = src[off + j] * m;
    }
  }

  private dropBack(l: number, T: number): void {
    const dH = this.layers[l - 1].dH, mask = this.masks[l - 1], n = T * this.rows * this.spec.hidden;
    for (let j = 0; j < n; j++) dH[j] *= mask[j];
  }

  /** stops the backend's worker threads, if any; the net is unusable afterwards */
  dispose(): void { this.k.dispose?.(); }

  get rngState(): number { return this.rng.state; }
  set rngState(s: number) { this.rng.state = s >>> 0; }
}
