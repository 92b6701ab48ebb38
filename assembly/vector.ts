// Bias, embedding and whole-array kernels (gradient norm, clipping, Adam, the bench's read probe).
import { addRow, hsum, ld, st } from './lanes';

/** C[m,:] += bias for m < M */
export function addBias(M: i32, N: i32, c: usize, bias: usize): void {
  for (let m = 0; m < M; m++) {
    addRow(c + <usize>(m * N) * 4, bias, N);
  }
}

/** out[:] += sum over m of A[m,:], summed in the order m = 0, 1, ... like the reference; row by
 *  row, so A streams through once in memory order and out stays in L1 */
export function sumRows(M: i32, N: i32, a: usize, out: usize): void {
  for (let m = 0; m < M; m++) {
    addRow(out, a + <usize>(m * N) * 4, N);
  }
}

/** out[n,:] = E[idx[n],:] (E is [V,G]): one row copied per character */
export function embed(N: i32, G: i32, V: i32, E: usize, idx: usize, out: usize): void {
  for (let n = 0; n < N; n++) {
    const row = E + <usize>(load<i32>(idx + <usize>n * 4) * G) * 4, o = out + <usize>(n * G) * 4;
    memory.copy(o, row, <usize>G * 4);
  }
}

/** dE[idx[n],:] += dOut[n,:] */
export function embedBackward(N: i32, G: i32, V: i32, dOut: usize, idx: usize, dE: usize): void {
  for (let n = 0; n < N; n++) {
    addRow(dE + <usize>(load<i32>(idx + <usize>n * 4) * G) * 4, dOut + <usize>(n * G) * 4, G);
  }
}

/** sum x^2, in f64 like the reference: f32 products are exact in f64 */
export function sumSquares(n: i32, x: usize): f64 {
  let s = f64x2.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const v = v128.load(x + <usize>j * 4);
    const lo = f64x2.promote_low_f32x4(v), hi = f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
    s = f64x2.add(s, f64x2.add(f64x2.mul(lo, lo), f64x2.mul(hi, hi)));
  }
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; j < n; j++) { const v = <f64>load<f32>(x + <usize>j * 4); r += v * v; }
  return r;
}

/** sum of x[0..n), the fastest wasm loop over an array: eight four-lane sums, each taking every
 *  eighth vector, combined pairwise, then the tail one by one (float32 throughout). What
 *  char-rnn bench times to show the floor of a step that reads its weights once. */
export function streamSum(n: i32, x: usize): f32 {
  let a = f32x4.splat(0), b = a, c = a, d = a, e = a, f = a, g = a, h = a;
  const body = n & ~31, stop = x + <usize>body * 4;
  let p = x;
  while (p < stop) {
    a = f32x4.add(a, v128.load(p)); b = f32x4.add(b, v128.load(p, 16));
    c = f32x4.add(c, v128.load(p, 32)); d = f32x4.add(d, v128.load(p, 48));
    e = f32x4.add(e, v128.load(p, 64)); f = f32x4.add(f, v128.load(p, 80));
    g = f32x4.add(g, v128.load(p, 96)); h = f32x4.add(h, v128.load(p, 112));
    p += 128;
  }
  const v = f32x4.add(f32x4.add(f32x4.add(a, b), f32x4.add(c, d)), f32x4.add(f32x4.add(e, f), f32x4.add(g, h)));
  let s = hsum(v);
  for (let j = body; j < n; j++) s += load<f32>(x + <usize>j * 4);
  return s;
}

/** x *= s */
export function scale(n: i32, x: usize, s: f32): void {
  const sv = f32x4.splat(s);
  let j = 0;
  for (; j + 4 <= n; j += 4) scale4(x + <usize>j * 4, 4, sv);
  if (j < n) scale4(x + <usize>j * 4, n - j, sv);
}

// the per-vector bodies of scale, clampAbs and adam, on w lanes (w = 4 for the whole vectors, then
// the rest: lanes.ts says why)
@inline function scale4(p: usize, w: i32, sv: v128): void {
  st(p, f32x4.mul(ld(p, w), sv), w);
}

/** x = clamp(x, -v, v); pmin/pmax with x first leave a NaN in place, as the reference does */
export function clampAbs(n: i32, x: usize, v: f32): void {
  const hi = f32x4.splat(v), lo = f32x4.splat(-v);
  let j = 0;
  for (; j + 4 <= n; j += 4) clamp4(x + <usize>j * 4, 4, hi, lo);
  if (j < n) clamp4(x + <usize>j * 4, n - j, hi, lo);
}

@inline function clamp4(p: usize, w: i32, hi: v128, lo: v128): void {
  st(p, f32x4.pmax(f32x4.pmin(ld(p, w), hi), lo), w);
}

/** Adam step; the host folds the bias corrections: stepSize = lr / (1 - b1^t), sq2 = sqrt(1 - b2^t).
 *  m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= stepSize m / (sqrt(v) / sq2 + eps) */
export function adam(n: i32, p: usize, g: usize, m: usize, v: usize,
  b1: f32, c1: f32, b2: f32, c2: f32, stepSize: f32, sq2: f32, eps: f32): void {
  const B1 = f32x4.splat(b1), C1 = f32x4.splat(c1), B2 = f32x4.splat(b2), C2 = f32x4.splat(c2);
  const S = f32x4.splat(stepSize), Q = f32x4.splat(sq2), E = f32x4.splat(eps);
  let j = 0;
  for (; j + 4 <= n; j += 4) adam4(<usize>j * 4, 4, p, g, m, v, B1, C1, B2, C2, S, Q, E);
  if (j < n) adam4(<usize>j * 4, n - j, p, g, m, v, B1, C1, B2, C2, S, Q, E);
}

@inline function adam4(o: usize, w: i32, p: usize, g: usize, m: usize, v: usize,
  B1: v128, C1: v128, B2: v128, C2: v128, S: v128, Q: v128, E: v128): void {
  const gj = ld(g + o, w);
  const mj = f32x4.add(f32x4.mul(B1, ld(m + o, w)), f32x4.mul(C1, gj));
  const vj = f32x4.add(f32x4.mul(B2, ld(v + o, w)), f32x4.mul(C2, f32x4.mul(gj, gj)));
  st(m + o, mj, w); st(v + o, vj, w);
  const den = f32x4.add(f32x4.div(f32x4.sqrt(vj), Q), E);
  st(p + o, f32x4.sub(ld(p + o, w), f32x4.div(f32x4.mul(S, mj), den)), w);
}
