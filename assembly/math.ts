// exp, sigmoid and tanh on f32x4 lanes, each over a row (expRow, sigmoidRow, tanhRow) with every
// constant loaded from a table into a local once per row: V8 builds a v128 constant in the loop
// body at each use, three instructions (an LSTM cell step at B=32, H=128 on Node 24: 79 us with
// the constants in the loop, 54 us loaded once; Node 20: 61 and 55 us). exps, the scalar twin of
// exp, follows the same steps, so a softmax row's tail gets the same numbers as its body.
// Relative error is a few ulp (checked against Math.exp/Math.tanh in test/unit/kernels.test.ts
// through the cell kernels); tanh and sigmoid stay within 2.4 ulp over [-20, 20].
import { hsum, ld, st } from './lanes';

// exp(x) = 2^n e^r with n = round(x log2 e) and r = x - n ln 2, ln 2 split in two (Cody-Waite)
// so n*LN2_HI is exact; e^r by the Cephes expf polynomial on |r| <= ln2/2.
const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
// exp(88) is the largest value kept finite with n <= 127; below LO the result is 0.
const EXP_HI: f32 = 88.0;
const EXP_LO: f32 = -87.33654;
const P0: f32 = 1.9875691500e-4;
const P1: f32 = 1.3981999507e-3;
const P2: f32 = 8.3334519073e-3;
const P3: f32 = 4.1665795894e-2;
const P4: f32 = 1.6666665459e-1;
const P5: f32 = 5.0000001201e-1;
// the constants above as four-lane vectors, 16 bytes each: kv(i) is the i-th
const TABLE = memory.data<f32>([
  EXP_HI, EXP_HI, EXP_HI, EXP_HI, EXP_LO, EXP_LO, EXP_LO, EXP_LO, LOG2E, LOG2E, LOG2E, LOG2E,
  LN2_HI, LN2_HI, LN2_HI, LN2_HI, LN2_LO, LN2_LO, LN2_LO, LN2_LO,
  P0, P0, P0, P0, P1, P1, P1, P1, P2, P2, P2, P2, P3, P3, P3, P3, P4, P4, P4, P4, P5, P5, P5, P5,
  1, 1, 1, 1, 2, 2, 2, 2,
], 16);
// and two integer ones: the exponent bias 127, the sign bit
const ITABLE = memory.data<i32>([127, 127, 127, 127, 0x80000000, 0x80000000, 0x80000000, 0x80000000], 16);
@inline function kv(i: i32): v128 { return v128.load(TABLE + <usize>i * 16); }
@inline function ki(i: i32): v128 { return v128.load(ITABLE + <usize>i * 16); }

@inline function mul(a: v128, b: v128): v128 { return f32x4.mul(a, b); }
@inline function add(a: v128, b: v128): v128 { return f32x4.add(a, b); }

// exp on four lanes, its constants passed in (kv(0) .. kv(11) and ki(0), loaded before the loop)
@inline function expk(x0: v128, hi: v128, lo: v128, log2e: v128, ln2hi: v128, ln2lo: v128,
  p0: v128, p1: v128, p2: v128, p3: v128, p4: v128, p5: v128, one: v128, bias: v128): v128 {
  // pmin/pmax with x first keep a NaN in x (they return x when the comparison is false)
  const x = f32x4.pmax(f32x4.pmin(x0, hi), lo);
  const n = f32x4.nearest(mul(x, log2e));
  const r = f32x4.sub(f32x4.sub(x, mul(n, ln2hi)), mul(n, ln2lo));
  const e = add(expm1r(r, p0, p1, p2, p3, p4, p5), one);
  return v128.andnot(mul(e, pow2(n, bias)), f32x4.lt(x0, lo));
}

// e^r - 1 = r + r^2 P(r) for |r| <= ln2/2: no cancellation near 0, where e^r - 1 ~ r
@inline function expm1r(r: v128, p0: v128, p1: v128, p2: v128, p3: v128, p4: v128, p5: v128): v128 {
  let p = add(mul(p0, r), p1);
  p = add(mul(p, r), p2);
  p = add(mul(p, r), p3);
  p = add(mul(p, r), p4);
  p = add(mul(p, r), p5);
  return add(mul(p, mul(r, r)), r);
}

// 2^n for integral n in [-126, 127], built in the exponent bits
@inline function pow2(n: v128, bias: v128): v128 {
  return i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), bias), 23);
}

function exps(x0: f32): f32 {
  let x = x0 > EXP_HI ? EXP_HI : x0;
  x = x < EXP_LO ? EXP_LO : x;
  const n = nearest<f32>(x * LOG2E);
  const r = (x - n * LN2_HI) - n * LN2_LO;
  let p = P0 * r + P1;
  p = p * r + P2;
  p = p * r + P3;
  p = p * r + P4;
  p = p * r + P5;
  p = p * (r * r) + r + 1;
  const res = p * reinterpret<f32>((<i32>n + 127) << 23);
  return x0 < EXP_LO ? 0 : res;
}

// e = exp((x - mx) k) written over row[0..V); returns sum e (softmax.ts)
export function expRow(row: usize, V: i32, mx: f32, k: f32): f32 {
  const hi = kv(0), lo = kv(1), log2e = kv(2), ln2hi = kv(3), ln2lo = kv(4);
  const p0 = kv(5), p1 = kv(6), p2 = kv(7), p3 = kv(8), p4 = kv(9), p5 = kv(10), one = kv(11), bias = ki(0);
  const mxv = f32x4.splat(mx), kk = f32x4.splat(k);
  let sv = f32x4.splat(0);
  let v = 0;
  for (; v + 4 <= V; v += 4) {
    const p = row + <usize>v * 4;
    const e = expk(mul(f32x4.sub(v128.load(p), mxv), kk), hi, lo, log2e, ln2hi, ln2lo, p0, p1, p2, p3, p4, p5, one, bias);
    v128.store(p, e);
    sv = add(sv, e);
  }
  let s = hsum(sv);
  for (; v < V; v++) {
    const p = row + <usize>v * 4;
    const e = exps((load<f32>(p) - mx) * k);
    store<f32>(p, e);
    s += e;
  }
  return s;
}

// σ(x) = 1 / (1 + e^-x): relative error stays that of exp for every x. p[0..n) = σ(p[0..n))
export function sigmoidRow(p: usize, n: i32): void {
  const hi = kv(0), lo = kv(1), log2e = kv(2), ln2hi = kv(3), ln2lo = kv(4);
  const p0 = kv(5), p1 = kv(6), p2 = kv(7), p3 = kv(8), p4 = kv(9), p5 = kv(10), one = kv(11), bias = ki(0);
  // whole vectors, then the partial one (lanes.ts says why)
  let j = 0;
  for (; j + 4 <= n; j += 4) sigmoid4(p + <usize>j * 4, 4, hi, lo, log2e, ln2hi, ln2lo, p0, p1, p2, p3, p4, p5, one, bias);
  if (j < n) sigmoid4(p + <usize>j * 4, n - j, hi, lo, log2e, ln2hi, ln2lo, p0, p1, p2, p3, p4, p5, one, bias);
}

@inline function sigmoid4(o: usize, w: i32, hi: v128, lo: v128, log2e: v128, ln2hi: v128, ln2lo: v128,
  p0: v128, p1: v128, p2: v128, p3: v128, p4: v128, p5: v128, one: v128, bias: v128): void {
  const e = expk(f32x4.neg(ld(o, w)), hi, lo, log2e, ln2hi, ln2lo, p0, p1, p2, p3, p4, p5, one, bias);
  st(o, f32x4.div(one, add(one, e)), w);
}

// dst[0..n) = tanh(src[0..n)) (dst may be src)
export function tanhRow(src: usize, dst: usize, n: i32): void {
  const hi = kv(0), log2e = kv(2), ln2hi = kv(3), ln2lo = kv(4);
  const p0 = kv(5), p1 = kv(6), p2 = kv(7), p3 = kv(8), p4 = kv(9), p5 = kv(10), one = kv(11), bias = ki(0);
  const two = kv(12), sign = ki(1);
  let j = 0;
  for (; j + 4 <= n; j += 4) tanh4(src + <usize>j * 4, dst + <usize>j * 4, 4, hi, log2e, ln2hi, ln2lo, p0, p1, p2, p3, p4, p5, one, bias, two, sign);
  if (j < n) tanh4(src + <usize>j * 4, dst + <usize>j * 4, n - j, hi, log2e, ln2hi, ln2lo, p0, p1, p2, p3, p4, p5, one, bias, two, sign);
}

// tanh|x| = E / (E + 2) with E = e^2|x| - 1 = 2^n (e^r - 1) + (2^n - 1) for 2|x| = n ln2 + r: one
// exp's work and no cancellation near 0, where 1 - 2 / (e^2|x| + 1) needs a second polynomial.
// 2^n - 1 is exact up to n = 24, and within half an ulp of E beyond.
@inline function tanh4(s: usize, d: usize, w: i32, hi: v128, log2e: v128, ln2hi: v128, ln2lo: v128,
  p0: v128, p1: v128, p2: v128, p3: v128, p4: v128, p5: v128, one: v128, bias: v128, two: v128, sign: v128): void {
  const x = ld(s, w), a = f32x4.abs(x);
  // e^88 is the largest exp kept finite; tanh(44) rounds to 1 long before
  const y = f32x4.pmin(add(a, a), hi);
  const n = f32x4.nearest(mul(y, log2e));
  const r = f32x4.sub(f32x4.sub(y, mul(n, ln2hi)), mul(n, ln2lo));
  const p = pow2(n, bias);
  const e = add(mul(expm1r(r, p0, p1, p2, p3, p4, p5), p), f32x4.sub(p, one));
  // tanh is odd: put x's sign back
  st(d, v128.or(f32x4.div(e, add(e, two)), v128.and(x, sign)), w);
}
