// C[M,N] (+)= op(A) B with B[K,N] (NN, and TN when transA): blocked as in GotoBLAS. A KC x NC
// block of B is packed into panels of 8 columns ([NC/8][KC][8], zero-padded), so the inner
// loop reads B contiguously; A is read in place (NN: four rows) or, when transposed, packed into
// panels of 4 rows ([MC/4][KC][4]) since its rows would otherwise be a whole row of A^T apart.
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
        if (transA) packPanelsA(a + <usize>(pc * lda + ic) * 4, lda, kc, mc);
        for (let jr = 0; jr < nc; jr += 8) {
          const pb = packB + <usize>(jr * kc) * 4;
          const nr = min(8, nc - jr);
          for (let ir = 0; ir < mc; ir += 4) {
            const mr = min(4, mc - ir);
            const pc0 = c + <usize>((ic + ir) * ldc + jc + jr) * 4;
            if (transA) micro(kc, packA + <usize>(ir * kc) * 4, 4, 16, mr, pb, pc0, ldcb, nr, first);
            else micro(kc, a + <usize>((ic + ir) * lda + pc) * 4, <usize>lda * 4, 4, mr, pb, pc0, ldcb, nr, first);
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
function packPanelsA(src: usize, lda: i32, kc: i32, mc: i32): void {
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

@inline function row(p: usize, lo: v128, hi: v128, first: bool): void {
  if (!first) { lo = f32x4.add(lo, v128.load(p)); hi = f32x4.add(hi, v128.load(p, 16)); }
  v128.store(p, lo); v128.store(p, hi, 16);
}

// The 4x8 tile C[i, 0..8) (+)= sum_k A(i,k) Bp[k, 0..8), A(i,k) at a0 + i*rs + k*ks. Rows past
// mr repeat row mr-1 (their sums are dropped), so no read leaves A.
function micro(kc: i32, a0: usize, rs: usize, ks: usize, mr: i32, pb: usize, c: usize, ldcb: usize, nr: i32, first: bool): void {
  const a1 = a0 + <usize>min(1, mr - 1) * rs;
  const a2 = a0 + <usize>min(2, mr - 1) * rs;
  const a3 = a0 + <usize>min(3, mr - 1) * rs;
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  let oa: usize = 0, p = pb;
  const end = pb + <usize>kc * 32;
  while (p < end) {
    const b0 = v128.load(p), b1 = v128.load(p, 16);
    let x = v128.load32_splat(a0 + oa);
    c00 = f32x4.add(c00, f32x4.mul(x, b0)); c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a1 + oa);
    c10 = f32x4.add(c10, f32x4.mul(x, b0)); c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a2 + oa);
    c20 = f32x4.add(c20, f32x4.mul(x, b0)); c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a3 + oa);
    c30 = f32x4.add(c30, f32x4.mul(x, b0)); c31 = f32x4.add(c31, f32x4.mul(x, b1));
    oa += ks; p += 32;
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
