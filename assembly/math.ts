// exp, sigmoid and tanh on f32x4 lanes, with scalar twins that follow the same steps so a
// row's tail gets the same numbers as its body. Relative error is a few ulp (checked against
// Math.exp/Math.tanh in test/unit/kernels.test.ts through the cell kernels).

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

@inline function mul(a: v128, b: v128): v128 { return f32x4.mul(a, b); }
@inline function add(a: v128, b: v128): v128 { return f32x4.add(a, b); }
@inline function splat(x: f32): v128 { return f32x4.splat(x); }

export function expv(x0: v128): v128 {
  // pmin/pmax with x first keep a NaN in x (they return x when the comparison is false)
  const x = f32x4.pmax(f32x4.pmin(x0, splat(EXP_HI)), splat(EXP_LO));
  const n = f32x4.nearest(mul(x, splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(x, mul(n, splat(LN2_HI))), mul(n, splat(LN2_LO)));
  // e^r = 1 + r + r^2 P(r)
  let p = add(mul(splat(P0), r), splat(P1));
  p = add(mul(p, r), splat(P2));
  p = add(mul(p, r), splat(P3));
  p = add(mul(p, r), splat(P4));
  p = add(mul(p, r), splat(P5));
  p = add(add(mul(p, mul(r, r)), r), splat(1));
  // 2^n built in the exponent bits
  const two = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return v128.andnot(mul(p, two), f32x4.lt(x0, splat(EXP_LO)));
}

export function exps(x0: f32): f32 {
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

// σ(x) = 1 / (1 + e^-x): relative error stays that of exp for every x
@inline export function sigmoidv(x: v128): v128 {
  return f32x4.div(splat(1), add(splat(1), expv(f32x4.neg(x))));
}

@inline export function sigmoids(x: f32): f32 {
  return 1 / (1 + exps(-x));
}

// inlined: the LSTM cell runs a sixth faster than with a call (B=32, H=128: 70 -> 60 us)
@inline export function tanhv(x: v128): v128 {
  const a = f32x4.abs(x);
  // |x| >= 0.4: tanh|x| = 1 - 2 / (e^2|x| + 1)
  const big = f32x4.sub(splat(1), f32x4.div(splat(2), add(expv(add(a, a)), splat(1))));
  const u = mul(a, a);
  let s = add(mul(splat(T6), u), splat(T5));
  s = add(mul(s, u), splat(T4));
  s = add(mul(s, u), splat(T3));
  s = add(mul(s, u), splat(T2));
  s = add(mul(s, u), splat(T1));
  const small = add(a, mul(mul(a, u), s));
  const t = v128.bitselect(small, big, f32x4.lt(a, splat(TANH_SMALL)));
  // tanh is odd: put x's sign back
  return v128.or(t, v128.and(x, i32x4.splat(0x80000000)));
}

export function tanhs(x: f32): f32 {
  const a = abs<f32>(x);
  if (a < TANH_SMALL) {
    const u = a * a;
    let s = T6 * u + T5;
    s = s * u + T4;
    s = s * u + T3;
    s = s * u + T2;
    s = s * u + T1;
    return copysign<f32>(a + a * u * s, x);
  }
  return copysign<f32>(1 - 2 / (exps(a + a) + 1), x);
}
