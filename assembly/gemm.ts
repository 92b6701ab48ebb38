// Matrix products C[M,N] (+)= op(A) op(B) on byte pointers, row-major with leading dimensions
// (floats per row) lda, ldb, ldc, so a thread can take a block of C's rows.
//   NN, TN: B's rows run along n, so the SIMD lanes run along n: B is packed into panels of 8
//           columns and a 4x8 tile of C is held in eight f32x4 accumulators (gemm-packed.ts).
//   NT:     both operands run along k, so the lanes run along k: no packing (gemm-dot.ts).
//   M = 1:  matrix-vector forms, no packing, no padding.
// The engine multiplies by its weight matrices through gemm-panels.ts (packed once, used for
// every step); it calls gemm for the weight gradients (TN), where both operands change.
import { gemmPacked } from './gemm-packed';
import { gemmNT, gemvNT } from './gemm-dot';

export function gemm(M: i32, N: i32, K: i32, a: usize, lda: i32, transA: bool,
  b: usize, ldb: i32, transB: bool, c: usize, ldc: i32, accumulate: bool): void {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate) for (let m = 0; m < M; m++) memory.fill(c + <usize>(m * ldc) * 4, 0, <usize>N * 4);
    return;
  }
  if (transB) {
    if (transA) gemmTT(M, N, K, a, lda, b, ldb, c, ldc, accumulate);
    else if (M == 1) gemvNT(N, K, a, b, ldb, c, accumulate);
    else gemmNT(M, N, K, a, lda, b, ldb, c, ldc, accumulate);
  } else if (M == 1) {
    // op(A) is one row: A[0,k] at a + 4k, or A^T's column 0 at a + 4k*lda
    gevm(N, K, a, transA ? lda : 1, b, ldb, c, accumulate);
  } else {
    gemmPacked(M, N, K, a, lda, transA, b, ldb, c, ldc, accumulate);
  }
}

// c[n] (+)= sum_k x[k] B[k,n] (x has stride incx floats): 16 columns in four accumulators
function gevm(N: i32, K: i32, x: usize, incx: i32, b: usize, ldb: i32, c: usize, accumulate: bool): void {
  const xs = <usize>incx * 4, bs = <usize>ldb * 4;
  let n = 0;
  for (; n + 16 <= N; n += 16) {
    let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0;
    let px = x, pb = b + <usize>n * 4;
    for (let k = 0; k < K; k++) {
      const xk = v128.load32_splat(px);
      s0 = f32x4.add(s0, f32x4.mul(xk, v128.load(pb)));
      s1 = f32x4.add(s1, f32x4.mul(xk, v128.load(pb, 16)));
      s2 = f32x4.add(s2, f32x4.mul(xk, v128.load(pb, 32)));
      s3 = f32x4.add(s3, f32x4.mul(xk, v128.load(pb, 48)));
      px += xs; pb += bs;
    }
    const pc = c + <usize>n * 4;
    if (accumulate) {
      s0 = f32x4.add(s0, v128.load(pc)); s1 = f32x4.add(s1, v128.load(pc, 16));
      s2 = f32x4.add(s2, v128.load(pc, 32)); s3 = f32x4.add(s3, v128.load(pc, 48));
    }
    v128.store(pc, s0); v128.store(pc, s1, 16); v128.store(pc, s2, 32); v128.store(pc, s3, 48);
  }
  for (; n < N; n++) {
    let s: f32 = 0;
    let px = x, pb = b + <usize>n * 4;
    for (let k = 0; k < K; k++) { s += load<f32>(px) * load<f32>(pb); px += xs; pb += bs; }
    const pc = c + <usize>n * 4;
    store<f32>(pc, accumulate ? load<f32>(pc) + s : s);
  }
}

// C[m,n] (+)= sum_k A[k,m] B[n,k]: no layer of the engine uses it; plain loops keep it correct
function gemmTT(M: i32, N: i32, K: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: bool): void {
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let s: f32 = 0;
      for (let k = 0; k < K; k++) s += load<f32>(a + <usize>(k * lda + m) * 4) * load<f32>(b + <usize>(n * ldb + k) * 4);
      const pc = c + <usize>(m * ldc + n) * 4;
      store<f32>(pc, accumulate ? load<f32>(pc) + s : s);
    }
  }
}
