// C[M,N] (+)= A[M,K] W^T for a weight matrix W[N,K] packed once (packPanels) and then used in
// many products: every step of a training window, every character of a suggestion. A panel
// holds four rows of W with their k's interleaved by fours, [N/4][K/4][4 rows][4 k's],
// zero-padded, so the micro-kernel reads the four rows through one pointer with constant
// offsets, where gemm-dot.ts steps four (bench/kernels.ts: 1.3x its speed at batch 1, 1.1x at
// 32 rows). The lanes run along k as in gemm-dot.ts and the sums are reduced the same way.
import { hsum4, ld, madd, put } from './lanes';

/** floats packPanels(N, K, ...) writes */
export function panelsSize(N: i32, K: i32): i32 {
  return ((N + 3) & ~3) * ((K + 3) & ~3);
}

/** W[N,K] -> out in panel order; or, transposed, W[K,N] taken as its transpose (leading
 *  dimension ldw floats either way) */
export function packPanels(N: i32, K: i32, w: usize, ldw: i32, transposed: bool, out: usize): void {
  const K4 = (K + 3) & ~3, ldwb = <usize>ldw * 4;
  for (let n = 0; n < N; n += 4) {
    const panel = out + <usize>(n * K4) * 4, nr = min(4, N - n);
    for (let k = 0; k < K4; k += 4) {
      const d = panel + <usize>k * 16, kr = min(4, K - k);
      if (transposed) {
        // four rows k.. of W hold four columns n..: transpose the 4x4 block in registers
        const s = w + <usize>k * ldwb + <usize>n * 4, z = f32x4.splat(0);
        const r0 = ld(s, nr), r1 = kr > 1 ? ld(s + ldwb, nr) : z;
        const r2 = kr > 2 ? ld(s + 2 * ldwb, nr) : z, r3 = kr > 3 ? ld(s + 3 * ldwb, nr) : z;
        const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
        const t2 = i32x4.shuffle(r0, r1, 2, 6, 3, 7), t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
        v128.store(d, i64x2.shuffle(t0, t1, 0, 2)); v128.store(d, i64x2.shuffle(t0, t1, 1, 3), 16);
        v128.store(d, i64x2.shuffle(t2, t3, 0, 2), 32); v128.store(d, i64x2.shuffle(t2, t3, 1, 3), 48);
      } else {
        for (let r = 0; r < 4; r++) {
          v128.store(d + <usize>r * 16, r < nr ? ld(w + <usize>(n + r) * ldwb + <usize>k * 4, kr) : f32x4.splat(0));
        }
      }
    }
  }
}

export function gemmPanelsNT(M: i32, N: i32, K: i32, a: usize, lda: i32, p: usize, c: usize, ldc: i32, accumulate: bool): void {
  const ldab = <usize>lda * 4, ldcb = <usize>ldc * 4, K4 = (K + 3) & ~3;
  const full = K & ~3, tail = K - full;
  let i = 0;
  for (; i + 2 <= M; i += 2) {
    const a0 = a + <usize>i * ldab, c0 = c + <usize>i * ldcb;
    for (let n = 0; n < N; n += 4) panel2(full, tail, a0, a0 + ldab, p + <usize>(n * K4) * 4, c0 + <usize>n * 4, ldcb, min(4, N - n), !accumulate);
  }
  if (i < M) {
    const a0 = a + <usize>i * ldab, c0 = c + <usize>i * ldcb;
    for (let n = 0; n < N; n += 4) panel1(full, tail, a0, p + <usize>(n * K4) * 4, c0 + <usize>n * 4, min(4, N - n), !accumulate);
  }
}

// C[i, n..n+4) for two rows of A against one panel: eight accumulators, two rows of A and one
// panel vector live (11 of the 16 vector registers V8 uses on x64)
function panel2(full: i32, tail: i32, a0: usize, a1: usize, q: usize, c: usize, ldcb: usize, nr: i32, first: bool): void {
  let s00 = f32x4.splat(0), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
  let x0p = a0, x1p = a1;
  const stop = a0 + <usize>full * 4;
  while (x0p < stop) {
    const x0 = v128.load(x0p), x1 = v128.load(x1p);
    let w = v128.load(q);
    s00 = madd(x0, w, s00); s10 = madd(x1, w, s10);
    w = v128.load(q, 16);
    s01 = madd(x0, w, s01); s11 = madd(x1, w, s11);
    w = v128.load(q, 32);
    s02 = madd(x0, w, s02); s12 = madd(x1, w, s12);
    w = v128.load(q, 48);
    s03 = madd(x0, w, s03); s13 = madd(x1, w, s13);
    x0p += 16; x1p += 16; q += 64;
  }
  if (tail > 0) {
    // the last k's: A's lanes past K read as 0 (the panel holds 0 there too)
    const x0 = ld(x0p, tail), x1 = ld(x1p, tail);
    let w = v128.load(q);
    s00 = madd(x0, w, s00); s10 = madd(x1, w, s10);
    w = v128.load(q, 16);
    s01 = madd(x0, w, s01); s11 = madd(x1, w, s11);
    w = v128.load(q, 32);
    s02 = madd(x0, w, s02); s12 = madd(x1, w, s12);
    w = v128.load(q, 48);
    s03 = madd(x0, w, s03); s13 = madd(x1, w, s13);
  }
  put(c, hsum4(s00, s01, s02, s03), nr, first);
  put(c + ldcb, hsum4(s10, s11, s12, s13), nr, first);
}

// the same for one row of A (batch 1, or the last of an odd M), with a second set of
// accumulators for every other block of k's: four chains of fused multiply-adds alone wait on
// their latency, half the machine's rate
function panel1(full: i32, tail: i32, a0: usize, q: usize, c: usize, nr: i32, first: bool): void {
  let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0, t0 = s0, t1 = s0, t2 = s0, t3 = s0;
  let xp = a0;
  const stop = a0 + <usize>full * 4, stop2 = a0 + <usize>(full & ~7) * 4;
  while (xp < stop2) {
    const x = v128.load(xp), y = v128.load(xp, 16);
    s0 = madd(x, v128.load(q), s0);
    s1 = madd(x, v128.load(q, 16), s1);
    s2 = madd(x, v128.load(q, 32), s2);
    s3 = madd(x, v128.load(q, 48), s3);
    t0 = madd(y, v128.load(q, 64), t0);
    t1 = madd(y, v128.load(q, 80), t1);
    t2 = madd(y, v128.load(q, 96), t2);
    t3 = madd(y, v128.load(q, 112), t3);
    xp += 32; q += 128;
  }
  if (xp < stop) {
    const x = v128.load(xp);
    s0 = madd(x, v128.load(q), s0);
    s1 = madd(x, v128.load(q, 16), s1);
    s2 = madd(x, v128.load(q, 32), s2);
    s3 = madd(x, v128.load(q, 48), s3);
    xp += 16; q += 64;
  }
  if (tail > 0) {
    const x = ld(xp, tail);
    s0 = madd(x, v128.load(q), s0);
    s1 = madd(x, v128.load(q, 16), s1);
    s2 = madd(x, v128.load(q, 32), s2);
    s3 = madd(x, v128.load(q, 48), s3);
  }
  put(c, hsum4(f32x4.add(s0, t0), f32x4.add(s1, t1), f32x4.add(s2, t2), f32x4.add(s3, t3)), nr, first);
}

