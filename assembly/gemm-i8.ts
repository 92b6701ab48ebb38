// C[M,N] (+)= A[M,K] W^T with W held as 8-bit integers (inference only; training stays float32).
// packI8 quantizes each row of W[N,K] once, symmetric, to q = round(W / s) in [-127, 127] with
// s = max|W[n,:]| / 127, into blocks of 16 rows [N16/16][K4/4][16 rows][4 k's]: one 16-byte
// vector holds four rows' four k's, so a dot product of four bytes per lane against the same four
// k's of A (splat to every lane) leaves each row's sum in its own lane, with no reduction at the
// end. After the blocks: the scales s [N16] (f32) and 64 * sum_k q[n,k] [N16] (i32).
// gemmI8NT quantizes each row of A as it goes, to 7 bits with a scale of its own:
// x = round(a / t) in [-63, 63], t = max|a[m,:]| / 63, stored as x + 64 in [1, 127], because the
// relaxed dot product takes its second operand as 7 unsigned bits (i32x4.relaxed_dot_i8x16_i7x16_add_s,
// one instruction on a core with VNNI); 64 * sum_k q is taken off again after the sum. The integer
// sums are exact, and the float work after them (one conversion, two multiplies, an add) is the
// same in both builds and in the TypeScript reference, so all three give the same bits.
// The build without relaxed SIMD widens to 16 bits and multiplies with i32x4.dot_i16x8_s, and so
// does the relaxed build where the host found the engine's dot products wrong (setRelaxedDot).
import { ld, put } from './lanes';
import { packA } from './scratch';

/** which dot product the relaxed build uses (the host probes the engine once): none, the pairs of
 *  i16x8.relaxed_dot_i8x16_i7x16_s summed by a pairwise add, or i32x4.relaxed_dot_i8x16_i7x16_add_s
 *  (V8 11.3, Node 20's, validates the latter behind its flag but drops the accumulator and
 *  doubles the sum; its 16-bit one is right) */
export const DOT_NONE = 0, DOT_PAIRS = 1, DOT_ADD = 2;
let relaxedDot = DOT_NONE;

export function setRelaxedDot(mode: i32): void {
  relaxedDot = ASC_FEATURE_RELAXED_SIMD ? mode : DOT_NONE;
}

// acc + for each lane, the dot product of its four bytes in w (signed) and x (7 bits): one
// instruction on a core with VNNI (T = i32), or the 16-bit dot products of pairs and their
// pairwise sums (T = i16)
@inline function dotAdd<T>(w: v128, x: v128, acc: v128): v128 {
  if (sizeof<T>() == 4) return i32x4.relaxed_dot_i8x16_i7x16_add_s(w, x, acc);
  return i32x4.add(acc, i32x4.extadd_pairwise_i16x8_s(i16x8.relaxed_dot_i8x16_i7x16_s(w, x)));
}

/** floats packI8(N, K, ...) writes: the blocks (one byte per weight), N16 scales, N16 sums */
export function i8Size(N: i32, K: i32): i32 {
  const N16 = (N + 15) & ~15;
  return ((N16 * ((K + 3) & ~3)) >> 2) + 2 * N16;
}

// four lanes of v as 32-bit codes: round(v * inv) (ties to even) within [-lim, lim], NaN as 0,
// plus offset (inv is infinite when a row's largest value is a tiny subnormal)
@inline function codes4(v: v128, inv: v128, lim: v128, offset: v128): v128 {
  const q = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v, inv)));
  return i32x4.add(i32x4.max_s(i32x4.min_s(q, lim), i32x4.neg(lim)), offset);
}

// the four low bytes of four 32-bit codes (each within [-128, 255]), as one i32
@inline function bytes4(q: v128): i32 {
  const h = i16x8.narrow_i32x4_s(q, q);
  return i32x4.extract_lane(i8x16.narrow_i16x8_u(h, h), 0);
}

@inline function bytes4s(q: v128): i32 {
  const h = i16x8.narrow_i32x4_s(q, q);
  return i32x4.extract_lane(i8x16.narrow_i16x8_s(h, h), 0);
}

// max |x[0..K)| (NaN if any is NaN)
function maxAbs(K: i32, x: usize): f32 {
  let m = f32x4.splat(0), k = 0;
  for (; k + 4 <= K; k += 4) m = f32x4.max(m, f32x4.abs(v128.load(x + <usize>k * 4)));
  if (k < K) m = f32x4.max(m, f32x4.abs(ld(x + <usize>k * 4, K - k)));
  return max<f32>(max<f32>(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), max<f32>(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
}

/** W[N,K] (leading dimension ldw floats) -> out as described above */
export function packI8(N: i32, K: i32, w: usize, ldw: i32, out: usize): void {
  const K4 = (K + 3) & ~3, N16 = (N + 15) & ~15;
  const scales = out + <usize>(N16 * K4), sums = scales + <usize>N16 * 4;
  const zero = i32x4.splat(0), lim = i32x4.splat(127);
  for (let n = 0; n < N16; n++) {
    const row = w + <usize>n * <usize>ldw * 4, block = out + <usize>((n >> 4) * 16 * K4 + (n & 15) * 4);
    // s = max|W[n,:]| / 127; rows past N are zeros
    const big: f32 = n < N ? maxAbs(K, row) : 0;
    const inv = f32x4.splat(big > 0 ? <f32>127 / big : 0);
    let sum = zero;
    for (let k = 0; k < K4; k += 4) {
      const q = n < N ? codes4(ld(row + <usize>k * 4, min(4, K - k)), inv, lim, zero) : zero;
      sum = i32x4.add(sum, q);
      store<i32>(block + <usize>(k * 16), bytes4s(q));
    }
    store<f32>(scales + <usize>n * 4, big / 127);
    store<i32>(sums + <usize>n * 4, 64 * (i32x4.extract_lane(sum, 0) + i32x4.extract_lane(sum, 1) + i32x4.extract_lane(sum, 2) + i32x4.extract_lane(sum, 3)));
  }
}

// rows of A quantized per pass: their codes (K4 bytes each, K at most 2048) and scales fit the
// scratch's packA
const QROWS: i32 = 32;

/** codes of rows [0, M) of A into q (K4 bytes a row), their scales t into ts */
function quantizeRows(M: i32, K: i32, a: usize, lda: i32, q: usize, K4: i32, ts: usize): void {
  const offset = i32x4.splat(64), lim = i32x4.splat(63);
  for (let m = 0; m < M; m++) {
    const x = a + <usize>m * <usize>lda * 4, d = q + <usize>(m * K4);
    const big = maxAbs(K, x), inv = f32x4.splat(big > 0 ? <f32>63 / big : 0);
    let k = 0;
    for (; k + 4 <= K; k += 4) store<i32>(d + <usize>k, bytes4(codes4(v128.load(x + <usize>k * 4), inv, lim, offset)));
    if (k < K) store<i32>(d + <usize>k, bytes4(codes4(ld(x + <usize>k * 4, K - k), inv, lim, offset)));
    store<f32>(ts + <usize>m * 4, big / 63);
  }
}

export function gemmI8NT(M: i32, N: i32, K: i32, a: usize, lda: i32, p: usize, c: usize, ldc: i32, accumulate: bool): void {
  const K4 = (K + 3) & ~3, N16 = (N + 15) & ~15, ldcb = <usize>ldc * 4;
  const scales = p + <usize>(N16 * K4), sums = scales + <usize>N16 * 4;
  const q = packA, ts = packA + <usize>(QROWS * K4);
  for (let m0 = 0; m0 < M; m0 += QROWS) {
    const mr = min(QROWS, M - m0), c0 = c + <usize>m0 * ldcb;
    quantizeRows(mr, K, a + <usize>m0 * <usize>lda * 4, lda, q, K4, ts);
    // a block of W stays in L1 while every row of this pass goes by
    for (let n = 0; n < N; n += 16) {
      const b = p + <usize>(n * K4), cn = c0 + <usize>n * 4, nr = N - n, s = scales + <usize>n * 4, o = sums + <usize>n * 4;
      if (ASC_FEATURE_RELAXED_SIMD && relaxedDot != DOT_NONE) {
        let i = 0;
        for (; i + 2 <= mr; i += 2) {
          const x = q + <usize>(i * K4), ci = cn + <usize>i * ldcb, t0 = load<f32>(ts + <usize>i * 4), t1 = load<f32>(ts + <usize>i * 4, 4);
          if (relaxedDot == DOT_ADD) dot2<i32>(K4, x, b, ci, ldcb, nr, s, o, t0, t1, !accumulate);
          else dot2<i16>(K4, x, b, ci, ldcb, nr, s, o, t0, t1, !accumulate);
        }
        if (i < mr) {
          const x = q + <usize>(i * K4), ci = cn + <usize>i * ldcb, t = load<f32>(ts + <usize>i * 4);
          if (relaxedDot == DOT_ADD) dot1<i32>(K4, x, b, ci, nr, s, o, t, !accumulate);
          else dot1<i16>(K4, x, b, ci, nr, s, o, t, !accumulate);
        }
      } else {
        for (let i = 0; i < mr; i++) wide1(K4, q + <usize>(i * K4), b, cn + <usize>i * ldcb, nr, s, o, load<f32>(ts + <usize>i * 4), !accumulate);
      }
    }
  }
}

// C[i, n..n+16) from one row's sums in four vectors of four rows of W:
// c = (sum - 64 sum_k q) * s[n] * t (+ c), the first nr lanes
@inline function finish(acc: v128, j: i32, c: usize, nr: i32, s: usize, o: usize, t: v128, first: bool): void {
  const r = nr - j * 4;
  if (r <= 0) return;
  const o4 = <usize>j * 16;
  const y = f32x4.mul(f32x4.mul(f32x4.convert_i32x4_s(i32x4.sub(acc, v128.load(o + o4))), v128.load(s + o4)), t);
  put(c + o4, y, min(4, r), first);
}

// one row of A against a block of 16 rows of W, with a second set of sums for every other
// k-block: eight chains of dot products (four alone wait on their latency)
function dot1<T>(K4: i32, x: usize, b: usize, c: usize, nr: i32, s: usize, o: usize, t: f32, first: bool): void {
  const z = i32x4.splat(0), stop = x + <usize>K4, stop2 = x + <usize>(K4 & ~7);
  let s0 = z, s1 = z, s2 = z, s3 = z, u0 = z, u1 = z, u2 = z, u3 = z;
  let xp = x;
  while (xp < stop2) {
    const x0 = v128.load32_splat(xp), x1 = v128.load32_splat(xp, 4);
    s0 = dotAdd<T>(v128.load(b), x0, s0);
    s1 = dotAdd<T>(v128.load(b, 16), x0, s1);
    s2 = dotAdd<T>(v128.load(b, 32), x0, s2);
    s3 = dotAdd<T>(v128.load(b, 48), x0, s3);
    u0 = dotAdd<T>(v128.load(b, 64), x1, u0);
    u1 = dotAdd<T>(v128.load(b, 80), x1, u1);
    u2 = dotAdd<T>(v128.load(b, 96), x1, u2);
    u3 = dotAdd<T>(v128.load(b, 112), x1, u3);
    xp += 8; b += 128;
  }
  if (xp < stop) {
    const x0 = v128.load32_splat(xp);
    s0 = dotAdd<T>(v128.load(b), x0, s0);
    s1 = dotAdd<T>(v128.load(b, 16), x0, s1);
    s2 = dotAdd<T>(v128.load(b, 32), x0, s2);
    s3 = dotAdd<T>(v128.load(b, 48), x0, s3);
  }
  const tv = f32x4.splat(t);
  finish(i32x4.add(s0, u0), 0, c, nr, s, o, tv, first);
  finish(i32x4.add(s1, u1), 1, c, nr, s, o, tv, first);
  finish(i32x4.add(s2, u2), 2, c, nr, s, o, tv, first);
  finish(i32x4.add(s3, u3), 3, c, nr, s, o, tv, first);
}

// the same without the relaxed dot product: both operands widened to 16 bits, pairs of k's
// summed by i32x4.dot_i16x8_s, rows 0-1 (s) and 2-3 (h) of each vector apart until the end
function wide1(K4: i32, x: usize, b: usize, c: usize, nr: i32, s: usize, o: usize, t: f32, first: bool): void {
  const z = i32x4.splat(0), stop = x + <usize>K4;
  let s0 = z, s1 = z, s2 = z, s3 = z, h0 = z, h1 = z, h2 = z, h3 = z;
  for (let xp = x; xp < stop; xp += 4) {
    // [x0 x1 x2 x3 x0 x1 x2 x3] as 16 bits
    const xw = i16x8.extend_low_i8x16_u(v128.load32_splat(xp));
    let w = v128.load(b);
    s0 = i32x4.add(s0, i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(w), xw)); h0 = i32x4.add(h0, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(w), xw));
    w = v128.load(b, 16);
    s1 = i32x4.add(s1, i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(w), xw)); h1 = i32x4.add(h1, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(w), xw));
    w = v128.load(b, 32);
    s2 = i32x4.add(s2, i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(w), xw)); h2 = i32x4.add(h2, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(w), xw));
    w = v128.load(b, 48);
    s3 = i32x4.add(s3, i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(w), xw)); h3 = i32x4.add(h3, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(w), xw));
    b += 64;
  }
  const tv = f32x4.splat(t);
  finish(pairs(s0, h0), 0, c, nr, s, o, tv, first);
  finish(pairs(s1, h1), 1, c, nr, s, o, tv, first);
  finish(pairs(s2, h2), 2, c, nr, s, o, tv, first);
  finish(pairs(s3, h3), 3, c, nr, s, o, tv, first);
}

// [lo0 + lo1, lo2 + lo3, hi0 + hi1, hi2 + hi3]: each row's two half sums added
@inline function pairs(lo: v128, hi: v128): v128 {
  return i32x4.add(i32x4.shuffle(lo, hi, 0, 2, 4, 6), i32x4.shuffle(lo, hi, 1, 3, 5, 7));
}

// two rows of A (a pair of candidates, or two steps of a window) against a block of 16 rows of
// W: eight chains, each block vector loaded once for both rows
function dot2<T>(K4: i32, x: usize, b: usize, c: usize, ldcb: usize, nr: i32, s: usize, o: usize, t0: f32, t1: f32, first: bool): void {
  const z = i32x4.splat(0);
  let s0 = z, s1 = z, s2 = z, s3 = z, u0 = z, u1 = z, u2 = z, u3 = z;
  const stop = x + <usize>K4;
  let xp = x;
  while (xp < stop) {
    const x0 = v128.load32_splat(xp), x1 = v128.load32_splat(xp + <usize>K4);
    let w = v128.load(b);
    s0 = dotAdd<T>(w, x0, s0); u0 = dotAdd<T>(w, x1, u0);
    w = v128.load(b, 16);
    s1 = dotAdd<T>(w, x0, s1); u1 = dotAdd<T>(w, x1, u1);
    w = v128.load(b, 32);
    s2 = dotAdd<T>(w, x0, s2); u2 = dotAdd<T>(w, x1, u2);
    w = v128.load(b, 48);
    s3 = dotAdd<T>(w, x0, s3); u3 = dotAdd<T>(w, x1, u3);
    xp += 4; b += 64;
  }
  const tv0 = f32x4.splat(t0), tv1 = f32x4.splat(t1), c1 = c + ldcb;
  finish(s0, 0, c, nr, s, o, tv0, first); finish(u0, 0, c1, nr, s, o, tv1, first);
  finish(s1, 1, c, nr, s, o, tv0, first); finish(u1, 1, c1, nr, s, o, tv1, first);
  finish(s2, 2, c, nr, s, o, tv0, first); finish(u2, 2, c1, nr, s, o, tv1, first);
  finish(s3, 3, c, nr, s, o, tv0, first); finish(u3, 3, c1, nr, s, o, tv1, first);
}
