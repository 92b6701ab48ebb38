// The buffers one recurrent layer owns for a window of T steps over B streams, and the
// context a cell's forward and backward passes read. Shapes are stated once here.
import type { CellType } from '../config';
import type { Arr, Kernels } from '../kernels/types';

export interface Layer {
  /** layer index k (layer 0 takes the one-hot characters) */
  index: number;
  /** input width I: V for layer 0, H above */
  inputSize: number;
  /** gate width G = gates x H */
  G: number;
  /** offsets of weight_ih [G,I], weight_hh [G,H], bias_ih [G], bias_hh [G] in params/grads */
  wih: number; whh: number; bih: number; bhh: number;
  /** layer input [T*B, I] (layer > 0): the layer below's h after its carried-in block
   *  (xBelow), or its dropout copy */
  x: Arr; xBelow: boolean;
  /** hidden states [(T+1)*B, H]; rows 0..B-1 hold h_{-1}, the state carried in */
  hs: Arr;
  /** LSTM cell states [(T+1)*B, H] and tanh(c) [T*B, H] */
  cs: Arr; tcs: Arr;
  /** pre-activations, activations after forward [T*B, G] */
  gates: Arr;
  /** GRU only: hidden-side projection W_hh h + b_hh [T*B, G] */
  gh: Arr;
  /** pre-activation gradients [T*B, G] (input side, and GRU's hidden side) */
  dgates: Arr; dgh: Arr;
  /** dL/d(output h_t) from above, [T*B, H]; consumed (overwritten) by backward */
  dH: Arr;
  /** dL/dh_{t-1} and dL/dc_{t-1} carried backward through time [B, H] */
  dhNext: Arr; dcNext: Arr;
  /** W_ih (layer > 0, else empty) and W_hh packed in panels (Kernels.packPanels), as they are
   *  and transposed: the products of every step read these, not params. On an int8 net the
   *  first two hold Kernels.packI8's blocks and the transposed ones are empty. */
  wihPanels: Arr; wihTPanels: Arr; whhPanels: Arr; whhTPanels: Arr;
  /** layer 0 (else empty): the input table [V,G], row v = W_ih[:, v] + biases (packInputTable),
   *  and its gradient */
  table: Arr; dTable: Arr;
}

export interface CellContext {
  k: Kernels;
  P: Arr;
  dP: Arr;
  B: number;
  H: number;
  V: number;
  /** one-hot character indices for layer 0, time-major [T*B], at idxOff in k.i */
  idx: Int32Array; idxOff: number;
  /** when set, ||dL/dh_t|| of this layer is written here for each t */
  dhNorms?: Float64Array;
  /** whether the packed matrices are int8 blocks (Kernels.gemmI8) rather than float32 panels */
  int8: boolean;
}

/** C[M,N] (+)= A[M,K] W^T through W's packed copy, float32 panels or int8 blocks */
export function product(c: CellContext, M: number, N: number, K: number, A: Arr, aOff: number, P: Arr, C: Arr, cOff: number, accumulate: boolean): void {
  if (c.int8) c.k.gemmI8(M, N, K, A, aOff, P, 0, C, cOff, accumulate);
  else c.k.gemmPanels(M, N, K, A, aOff, P, 0, C, cOff, accumulate);
}

/** Whether a cell adds b_hh to the input side up front (RNN, LSTM), or keeps it on the hidden
 *  side (GRU: r multiplies W_hn h + b_hn). */
export const HIDDEN_BIAS_UP_FRONT: Record<CellType, boolean> = { rnn: true, lstm: true, gru: false };

/** Layer 0's input table: E[v,:] = W_ih[:, v] + b_ih (+ b_hh), the pre-activation a one-hot
 *  character v contributes, summed in the order inputProjection would sum it */
export function packInputTable(c: CellContext, L: Layer, addHiddenBias: boolean): void {
  const { P } = c, G = L.G, V = c.V, E = L.table, f32 = P instanceof Float32Array;
  for (let g = 0; g < G; g++) {
    const w = L.wih + g * V, bi = P[L.bih + g], bh = addHiddenBias ? P[L.bhh + g] : 0;
    // rounded after each addition, as the kernels' float32 additions are (+0 changes nothing)
    if (f32) for (let v = 0; v < V; v++) E[v * G + g] = Math.fround(P[w + v] + bi) + bh;
    else for (let v = 0; v < V; v++) E[v * G + g] = P[w + v] + bi + bh;
  }
}

/** where this layer's input rows start in x */
const xOff = (c: CellContext, L: Layer) => (L.xBelow ? c.B * c.H : 0);

/** G = x W_ih^T + b_ih (+ b_hh when the cell adds both biases up front) for all T*B rows at once */
export function inputProjection(c: CellContext, L: Layer, T: number, addHiddenBias: boolean): void {
  const N = T * c.B;
  // layer 0: rows of the input table, biases included
  if (L.index === 0) { c.k.embed(N, L.G, c.V, L.table, 0, c.idx, c.idxOff, L.gates, 0); return; }
  product(c, N, L.G, L.inputSize, L.x, xOff(c, L), L.wihPanels, L.gates, 0, false);
  c.k.addBias(N, L.G, L.gates, 0, c.P, L.bih);
  if (addHiddenBias) c.k.addBias(N, L.G, L.gates, 0, c.P, L.bhh);
}

/** out[B,G] (+)= h_{t-1} W_hh^T for step t */
export function hiddenProjection(c: CellContext, L: Layer, t: number, out: Arr, oOff: number, accumulate: boolean): void {
  product(c, c.B, L.G, c.H, L.hs, t * c.B * c.H, L.whhPanels, out, oOff, accumulate);
}

/** dhNext[B,H] (+)= dG W_hh for dG [B,G], the pre-activation gradient of step t */
export function hiddenBackward(c: CellContext, L: Layer, dG: Arr, gOff: number, accumulate: boolean): void {
  c.k.gemmPanels(c.B, c.H, L.G, dG, gOff, L.whhTPanels, 0, L.dhNext, 0, accumulate);
}

/** dh_t = dL/dh_t from above + dh_next from t+1, in place in dH's row block t; records its norm */
export function addRecurrentGrad(c: CellContext, L: Layer, t: number): void {
  const n = c.B * c.H, o = t * n, dH = L.dH, dh = L.dhNext;
  for (let j = 0; j < n; j++) dH[o + j] += dh[j];
  if (c.dhNorms) c.dhNorms[t] = Math.sqrt(c.k.sumSquares(n, dH, o));
}

/** Weight gradients accumulated over the window, and dL/dx for the layer below (into dX). */
export function inputBackward(c: CellContext, L: Layer, T: number, dGi: Arr, dGh: Arr, dX: Arr | undefined): void {
  const N = T * c.B, k = c.k;
  // dW_hh += dG_h^T h_{t-1} over all t: one product with K = T*B
  k.gemm(L.G, c.H, N, dGh, 0, true, L.hs, 0, false, c.dP, L.whh, true);
  k.sumRows(N, L.G, dGh, 0, c.dP, L.bhh);
  if (dGi === dGh) {
    // both biases enter the same pre-activation (RNN, LSTM): one sum serves both
    for (let j = 0; j < L.G; j++) c.dP[L.bih + j] += c.dP[L.bhh + j];
  } else k.sumRows(N, L.G, dGi, 0, c.dP, L.bih);
  if (L.index === 0) {
    // into the table's gradient row by row, then dW_ih[g, v] += dE[v, g]
    L.dTable.fill(0);
    k.embedBackward(N, L.G, c.V, dGi, 0, c.idx, c.idxOff, L.dTable, 0);
    const G = L.G, V = c.V, dP = c.dP;
    for (let v = 0; v < V; v++) for (let g = 0; g < G; g++) dP[L.wih + g * V + v] += L.dTable[v * G + g];
  }
  else {
    // dW_ih += dG^T x
    k.gemm(L.G, L.inputSize, N, dGi, 0, true, L.x, xOff(c, L), false, c.dP, L.wih, true);
    // dx = dG W_ih
    if (dX) k.gemmPanels(N, L.inputSize, L.G, dGi, 0, L.wihTPanels, 0, dX, 0, false);
  }
}
