// exp, sigmoid and tanh on f32x4 lanes, each over a row (expRow, sigmoidRow, tanhRow) with every
// constant loaded from a table into a local once per row: V8 builds a v128 constant in the loop
// body at each use, three instructions (an LSTM cell step at B=32, H=128 on Node 24: 79 us with
// the constants in the loop, 54 us loaded once; Node 20: 61 and 55 us). exps, the scalar twin of
// exp, follows the same steps, so a softmax row's tail gets the same numbers as its body.
// Relative error is a few ulp (checked against Math.exp/Math.tanh in test/unit/kernels.test.ts
// through the cell kernels).
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
// tanh(x) = x + x^3 (T1 + x^2 (T2 + ...)) (Taylor, through x^13) for |x| < TANH_SMALL, where
// 1 - 2/(e^2x + 1) would lose bits to cancellation; the first dropped term is below 4e-9 there.
const TANH_SMALL: f32 = 0.4;
const T1: f32 = -0.333333333333333333;
const T2: f32 = 0.133333333333333333;
const T3: f32 = -0.0539682539682539683;
const T4: f32 = 0.0218694885361552028;
const T5: f32 = -0.00886323552990219657;
const T6: f32 = 0.00359212803657248102;

// the constants above as four-lane vectors, 16 bytes each: kv(i) is the i-th
const TABLE = memory.data<f32>([
  EXP_HI, EXP_HI, EXP_HI, EXP_HI, EXP_LO, EXP_LO, EXP_LO, EXP_LO, LOG2E, LOG2E, LOG2E, LOG2E,
  LN2_HI, LN2_HI, LN2_HI, LN2_HI, LN2_LO, LN2_LO, LN2_LO, LN2_LO,
  P0, P0, P0, P0, P1, P1, P1, P1, P2, P2, P2, P2, P3, P3, P3, P3, P4, P4, P4, P4, P5, P5, P5, P5,
  1, 1, 1, 1, 2, 2, 2, 2, TANH_SMALL, TANH_SMALL, TANH_SMALL, TANH_SMALL,
  T1, T1, T1, T1, T2, T2, T2, T2, T3, T3, T3, T3, T4, T4, T4, T4, T5, T5, T5, T5, T6, T6, T6, T6,
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
  // e^r = 1 + r + r^2 P(r)
  let p = add(mul(p0, r), p1);
  p = add(mul(p, r), p2);
  p = add(mul(p, r), p3);
  p = add(mul(p, r), p4);
  p = add(mul(p, r), p5);
  p = add(add(mul(p, mul(r, r)), r), one);
  // 2^n built in the exponent bits
  const two = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), bias), 23);
  return v128.andnot(mul(p, two), f32x4.lt(x0, lo));
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
  const hi = kv(0), lo = kv(1), log2e = kv(2), ln2hi = kv(3), ln2lo = kv(4);
  const p0 = kv(5), p1 = kv(6), p2 = kv(7), p3 = kv(8), p4 = kv(9), p5 = kv(10), one = kv(11), bias = ki(0);
  const two = kv(12), small = kv(13), t1 = kv(14), t2 = kv(15), t3 = kv(16), t4 = kv(17), t5 = kv(18), t6 = kv(19), sign = ki(1);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    tanh4(src + <usize>j * 4, dst + <usize>j * 4, 4, hi, lo, log2e, ln2hi, ln2lo, p0, p1, p2, p3, p4, p5, one, bias, two, small, t1, t2, t3, t4, t5, t6, sign);
  }
  if (j < n) tanh4(src + <usize>j * 4, dst + <usize>j * 4, n - j, hi, lo, log2e, ln2hi, ln2lo, p0, p1, p2, p3, p4, p5, one, bias, two, small, t1, t2, t3, t4, t5, t6, sign);
}

@inline function tanh4(s: usize, d: usize, w: i32, hi: v128, lo: v128, log2e: v128, ln2hi: v128, ln2lo: v128,
  p0: v128, p1: v128, p2: v128, p3: v128, p4: v128, p5: v128, one: v128, bias: v128,
  two: v128, small: v128, t1: v128, t2: v128, t3: v128, t4: v128, t5: v128, t6: v128, sign: v128): void {
  const x = ld(s, w), a = f32x4.abs(x);
  // |x| >= 0.4: tanh|x| = 1 - 2 / (e^2|x| + 1)
  const e = expk(add(a, a), hi, lo, log2e, ln2hi, ln2lo, p0, p1, p2, p3, p4, p5, one, bias);
  const big = f32x4.sub(one, f32x4.div(two, add(e, one)));
  const u = mul(a, a);
  let q = add(mul(t6, u), t5);
  q = add(mul(q, u), t4);
  q = add(mul(q, u), t3);
  q = add(mul(q, u), t2);
  q = add(mul(q, u), t1);
  const sm = add(a, mul(mul(a, u), q));
  const t = v128.bitselect(sm, big, f32x4.lt(a, small));
  // tanh is odd: put x's sign back
  st(d, v128.or(t, v128.and(x, sign)), w);
}
