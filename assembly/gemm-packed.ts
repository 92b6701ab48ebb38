// C[M,N] (+)= op(A) B with B[K,N] (NN, and TN when transA): blocked as in GotoBLAS. A KC x NC
// block of B is packed into panels of 8 columns ([NC/8][KC][8]) and an MC x KC block of op(A)
// into panels of 4 rows ([MC/4][KC][4]), both zero-padded, so the 4x8 micro-kernel reads both
// contiguously: one pointer each, whatever the leading dimensions (rows of A 4 KiB apart would
// all fall in one L1 set).
import { madd } from './lanes';
import { MC, KC, NC, packA, packB, tile } from './scratch';

export function gemmPacked(M: i32, N: i32, K: i32, a: usize, lda: i32, transA: bool,
  b: usize, ldb: i32, c: usize, ldc: i32, accumulate: bool): void {
  const ldcb = <usize>ldc * 4;
  for (let pc = 0; pc < K; pc += KC) {
    const kc = min(KC, K - pc);
    const first = !accumulate && pc == 0;
    for (let jc = 0; jc < N; jc += NC) {
      const nc = min(NC, N - jc);
      packPanelsB(b + <usize>(pc * ldb + jc) * 4, ldb, kc, nc);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        if (transA) packPanelsAT(a + <usize>(pc * lda + ic) * 4, lda, kc, mc);
        else packPanelsA(a + <usize>(ic * lda + pc) * 4, lda, kc, mc);
        for (let jr = 0; jr < nc; jr += 8) {
          const pb = packB + <usize>(jr * kc) * 4;
          const nr = min(8, nc - jr);
          for (let ir = 0; ir < mc; ir += 4) {
            micro(kc, packA + <usize>(ir * kc) * 4, pb, c + <usize>((ic + ir) * ldc + jc + jr) * 4, ldcb, min(4, mc - ir), nr, first);
          }
        }
      }
    }
  }
}

// B[k, jr..jr+8) -> packB[jr/8][k][0..8), row by row so B is read contiguously
function packPanelsB(src: usize, ldb: i32, kc: i32, nc: i32): void {
  const full = nc & ~7;
  for (let k = 0; k < kc; k++) {
    const s = src + <usize>(k * ldb) * 4;
    let jr = 0;
    for (; jr < full; jr += 8) {
      const d = packB + <usize>(jr * kc + k * 8) * 4;
      v128.store(d, v128.load(s + <usize>jr * 4));
      v128.store(d, v128.load(s + <usize>jr * 4, 16), 16);
    }
    if (jr < nc) {
      const d = packB + <usize>(jr * kc + k * 8) * 4;
      for (let j = 0; j < 8; j++) store<f32>(d + <usize>j * 4, jr + j < nc ? load<f32>(s + <usize>(jr + j) * 4) : 0);
    }
  }
}

// A^T[ir..ir+4, k] = A[k, ir..ir+4) -> packA[ir/4][k][0..4)
function packPanelsAT(src: usize, lda: i32, kc: i32, mc: i32): void {
  for (let ir = 0; ir < mc; ir += 4) {
    const mr = min(4, mc - ir);
    const d0 = packA + <usize>(ir * kc) * 4;
    for (let k = 0; k < kc; k++) {
      const s = src + <usize>(k * lda + ir) * 4, d = d0 + <usize>k * 16;
      if (mr == 4) v128.store(d, v128.load(s));
      else for (let i = 0; i < 4; i++) store<f32>(d + <usize>i * 4, i < mr ? load<f32>(s + <usize>i * 4) : 0);
    }
  }
}

// A[ir..ir+4, k] -> packA[ir/4][k][0..4): four k's of four rows at a time, transposed in registers
function packPanelsA(src: usize, lda: i32, kc: i32, mc: i32): void {
  const ldab = <usize>lda * 4;
  for (let ir = 0; ir < mc; ir += 4) {
    const mr = min(4, mc - ir);
    const d0 = packA + <usize>(ir * kc) * 4, s0 = src + <usize>ir * ldab;
    let k = 0;
    if (mr == 4) {
      for (; k + 4 <= kc; k += 4) {
        const s = s0 + <usize>k * 4, d = d0 + <usize>k * 16;
        const r0 = v128.load(s), r1 = v128.load(s + ldab), r2 = v128.load(s + 2 * ldab), r3 = v128.load(s + 3 * ldab);
        const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
        const t2 = i32x4.shuffle(r0, r1, 2, 6, 3, 7), t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
        v128.store(d, i64x2.shuffle(t0, t1, 0, 2)); v128.store(d, i64x2.shuffle(t0, t1, 1, 3), 16);
        v128.store(d, i64x2.shuffle(t2, t3, 0, 2), 32); v128.store(d, i64x2.shuffle(t2, t3, 1, 3), 48);
      }
    }
    for (; k < kc; k++) {
      const d = d0 + <usize>k * 16;
      for (let i = 0; i < 4; i++) store<f32>(d + <usize>i * 4, i < mr ? load<f32>(s0 + <usize>i * ldab + <usize>k * 4) : 0);
    }
  }
}

@inline function row(p: usize, lo: v128, hi: v128, first: bool): void {
  if (!first) { lo = f32x4.add(lo, v128.load(p)); hi = f32x4.add(hi, v128.load(p, 16)); }
  v128.store(p, lo); v128.store(p, hi, 16);
}

// The 4x8 tile C[i, 0..8) (+)= sum_k Ap[k, i] Bp[k, 0..8). The pointers are stepped in the loop:
// computed from k, Binaryen sinks their arithmetic into the loop body. Not unrolled: V8 then
// hoists the loads of both steps and spills accumulators.
function micro(kc: i32, pa: usize, pb: usize, c: usize, ldcb: usize, mr: i32, nr: i32, first: bool): void {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  let p = pb, q = pa;
  const end = pb + <usize>kc * 32;
  while (p < end) {
    const b0 = v128.load(p), b1 = v128.load(p, 16);
    let x = v128.load32_splat(q);
    c00 = madd(x, b0, c00); c01 = madd(x, b1, c01);
    x = v128.load32_splat(q, 4);
    c10 = madd(x, b0, c10); c11 = madd(x, b1, c11);
    x = v128.load32_splat(q, 8);
    c20 = madd(x, b0, c20); c21 = madd(x, b1, c21);
    x = v128.load32_splat(q, 12);
    c30 = madd(x, b0, c30); c31 = madd(x, b1, c31);
    q += 16; p += 32;
  }
  if (mr == 4 && nr == 8) {
    row(c, c00, c01, first); row(c + ldcb, c10, c11, first);
    row(c + 2 * ldcb, c20, c21, first); row(c + 3 * ldcb, c30, c31, first);
    return;
  }
  v128.store(tile, c00); v128.store(tile, c01, 16); v128.store(tile, c10, 32); v128.store(tile, c11, 48);
  v128.store(tile, c20, 64); v128.store(tile, c21, 80); v128.store(tile, c30, 96); v128.store(tile, c31, 112);
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nr; j++) {
      const pc = c + <usize>i * ldcb + <usize>j * 4, t = load<f32>(tile + <usize>(i * 8 + j) * 4);
      store<f32>(pc, first ? t : load<f32>(pc) + t);
    }
  }
}
