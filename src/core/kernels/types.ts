// The kernel interface: every piece of arithmetic the engine does in a hot loop goes through
// it, so a faster backend (WebAssembly SIMD) can replace the TypeScript reference.
//
// Conventions: matrices are row-major and contiguous; every array argument comes with an
// element offset; kernels allocate nothing. Arrays given to a backend's kernels must come from
// that backend's arena (`Backend.create`): a wasm backend computes on its own linear memory.

export type Arr = Float32Array | Float64Array;
export type DType = 'f32' | 'f64';

/** floats a packPanels copy of an [N,K] matrix takes */
export const panelsSize = (N: number, K: number): number => 4 * Math.ceil(N / 4) * 4 * Math.ceil(K / 4);

/** floats a packI8 copy of an [N,K] matrix takes: a byte per weight in blocks of 16 rows
 *  (N16 = N rounded up to 16, K4 = K to 4), then a float32 scale and an int32 sum per row */
/** the longest row of A an int8 product takes */
export const I8_MAX_K = 2048;

export const i8Size = (N: number, K: number): number => {
  const N16 = 16 * Math.ceil(N / 16);
  return (N16 * 4 * Math.ceil(K / 4)) / 4 + 2 * N16;
};

export interface Kernels {
  readonly backend: string;
  /** the arena: every float the model owns is a view into this */
  readonly f: Arr;
  /** integer arena (inputs and targets) */
  readonly i: Int32Array;

  /** C[M,N] = (accumulate ? C : 0) + op(A) op(B); op(A) is [M,K]: A is [M,K], or [K,M] if transA;
   *  op(B) is [K,N]: B is [K,N], or [N,K] if transB. */
  gemm(M: number, N: number, K: number,
    A: Arr, aOff: number, transA: boolean,
    B: Arr, bOff: number, transB: boolean,
    C: Arr, cOff: number, accumulate: boolean): void;

  /** Copies W [N,K] (or, transposed, W [K,N] taken as its transpose) into out in the layout
   *  gemmPanels reads (panelsSize(N, K) floats at oOff): panels of four rows with their k's
   *  interleaved by fours, zero-padded. For weights packed once and then used in many products
   *  (every step of a window, every character of a suggestion). */
  packPanels(N: number, K: number, W: Arr, wOff: number, transposed: boolean, out: Arr, oOff: number): void;
  /** C[M,N] (+)= A[M,K] W^T, with W[N,K] as packPanels left it */
  gemmPanels(M: number, N: number, K: number, A: Arr, aOff: number, P: Arr, pOff: number, C: Arr, cOff: number, accumulate: boolean): void;

  /** Quantizes W [N,K] for inference, row by row: q = round(W / s) in [-127, 127] (ties to even),
   *  s = max|W[n,:]| / 127, into out (i8Size(N, K) floats at oOff): blocks [N16/16][K4/4][16 rows]
   *  [4 k's] of int8, zero-padded, then s [N16] as float32 and 64 * sum_k q [N16] as int32. A NaN
   *  in a row makes its scale NaN. Arithmetic in float32 (an int8 product needs an f32 arena). */
  packI8(N: number, K: number, W: Arr, wOff: number, out: Arr, oOff: number): void;
  /** C[M,N] (+)= A[M,K] W^T with W as packI8 left it. Each row of A is rounded to 7 bits with a
   *  scale of its own first: x = round(a / t) in [-63, 63], t = max|A[m,:]| / 63; then
   *  C[m,n] = (sum_k q[n,k] x[k]) * s[n] * t, the sum exact in integers, each product rounded to
   *  float32. Error against A W^T in exact arithmetic, per element: at most
   *  s[n]/2 ||A[m,:]||_1 + t/2 ||s[n] q[n,:]||_1, plus the float32 roundings. K is at most
   *  I8_MAX_K (the integer sums stay exact in float32). */
  gemmI8(M: number, N: number, K: number, A: Arr, aOff: number, P: Arr, pOff: number, C: Arr, cOff: number, accumulate: boolean): void;

  /** C[m,:] += bias[:] for m < M (C is [M,N]) */
  addBias(M: number, N: number, C: Arr, cOff: number, bias: Arr, bOff: number): void;
  /** out[:] += sum over m of A[m,:] (A is [M,N]); the gradient of addBias */
  sumRows(M: number, N: number, A: Arr, aOff: number, out: Arr, oOff: number): void;

  /** one-hot input times a table: out[n,:] = E[idx[n],:] (E is [V,G], out is [N,G]) */
  embed(N: number, G: number, V: number, E: Arr, eOff: number, idx: Int32Array, iOff: number, out: Arr, oOff: number): void;
  /** its gradient: dE[idx[n],:] += dOut[n,:] */
  embedBackward(N: number, G: number, V: number, dOut: Arr, dOff: number, idx: Int32Array, iOff: number, dE: Arr, eOff: number): void;

  /** vanilla RNN: h = tanh(pre), in place on pre's [B,H] block and copied to h */
  rnnCell(B: number, H: number, pre: Arr, pOff: number, h: Arr, hOff: number): void;
  /** dpre = dh * (1 - h^2), written over dh */
  rnnCellBackward(B: number, H: number, h: Arr, hOff: number, dh: Arr, dOff: number): void;

  /** LSTM, gates [B,4H] in PyTorch order i,f,g,o: activations written over the pre-activations;
   *  c = f*c_prev + i*g; tc = tanh(c); h = o*tc */
  lstmCell(B: number, H: number, gates: Arr, gOff: number, cPrev: Arr, cpOff: number,
    c: Arr, cOff: number, tc: Arr, tcOff: number, h: Arr, hOff: number): void;
  /** dgates [B,4H] from dh [B,H]; dc [B,H] holds dL/dc_t on entry and dL/dc_{t-1} on exit */
  lstmCellBackward(B: number, H: number, gates: Arr, gOff: number, cPrev: Arr, cpOff: number,
    tc: Arr, tcOff: number, dh: Arr, dhOff: number, dc: Arr, dcOff: number, dgates: Arr, dgOff: number): void;

  /** GRU, gi = x W_ih^T + b_ih and gh = h W_hh^T + b_hh, both [B,3H] in order r,z,n:
   *  r = σ(gi_r+gh_r), z = σ(gi_z+gh_z), n = tanh(gi_n + r*gh_n), h = (1-z)*n + z*h_prev.
   *  r, z, n are written over gi; gh is left as it is (the backward pass needs gh_n). */
  gruCell(B: number, H: number, gi: Arr, giOff: number, gh: Arr, ghOff: number,
    hPrev: Arr, hpOff: number, h: Arr, hOff: number): void;
  /** dgi, dgh [B,3H] (pre-activation gradients of both projections) and the direct part of
   *  dL/dh_prev (dh*z, written to dhPrev; the caller adds dgh W_hh) */
  gruCellBackward(B: number, H: number, acts: Arr, aOff: number, gh: Arr, ghOff: number,
    hPrev: Arr, hpOff: number, dh: Arr, dhOff: number,
    dgi: Arr, dgiOff: number, dgh: Arr, dghOff: number, dhPrev: Arr, dhpOff: number): void;

  /** Row-wise softmax cross-entropy over logits [N,V] with targets[n] (a negative target is
   *  ignored). Returns the summed -ln p[target]; overwrites logits with
   *  scale * (softmax - onehot) (zero for ignored rows), the gradient of scale * sum. */
  softmaxXent(N: number, V: number, logits: Arr, lOff: number, targets: Int32Array, tOff: number, scale: number): number;
  /** row-wise softmax in place (inference) with temperature: p = softmax(logits / temperature) */
  softmax(N: number, V: number, logits: Arr, lOff: number, temperature: number): void;

  /** sum of squares of x[off .. off+n) (for the global gradient norm) */
  sumSquares(n: number, x: Arr, off: number): number;
  /** sum of x[off .. off+n) in float32: 32 running sums (element j goes to sum j mod 32) over
   *  the first n - n mod 32 elements, combined pairwise, then the rest in order. On the wasm
   *  kernels it is the fastest loop over an array, which is what `char-rnn bench` times it for. */
  streamSum(n: number, x: Arr, off: number): number;
  /** x *= s */
  scale(n: number, x: Arr, off: number, s: number): void;
  /** x = clamp(x, -v, v) */
  clampAbs(n: number, x: Arr, off: number, v: number): void;

  /** Adam (PyTorch semantics, no weight decay): m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
   *  p -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps) */
  adam(n: number, p: Arr, g: Arr, m: Arr, v: Arr, off: number, lr: number, b1: number, b2: number, eps: number, step: number): void;

  /** releases what the kernel set holds beyond its arena (worker threads) */
  dispose?(): void;
}

export interface CreateOptions {
  /** threads that share the large matrix products (backends without threads ignore it) */
  threads?: number;
}

export interface Backend {
  readonly name: string;
  /** whether this backend can compute in dtype */
  supports(dtype: DType): boolean;
  /** a kernel set with a fresh arena of nFloats floats and nInts ints, zeroed */
  create(nFloats: number, nInts: number, dtype: DType, options?: CreateOptions): Kernels;
}
