// C[M,N] (+)= A[M,K] B[N,K]^T: rows of A and rows of B both run along k, so the f32x4 lanes
// hold four k's of a dot product and nothing needs packing. A 4x2 tile of C keeps eight
// accumulators (plus three operands: fits the 16 vector registers V8 uses on x64); each is
// reduced across its lanes at the end, and k's past a multiple of 4 are added one by one.
// Rows past the edge repeat the last valid row (their sums are dropped), so no read leaves A or B.
import { hsum } from './lanes';

const MB: i32 = 64;  // rows of A per block: 64 x KB floats stay in L2
const NB: i32 = 16;  // rows of B per block: 16 x KB floats stay in L1 while A's rows go by
const KB: i32 = 512; // depth per block

export function gemmNT(M: i32, N: i32, K: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: bool): void {
  const ldab = <usize>lda * 4, ldbb = <usize>ldb * 4, ldcb = <usize>ldc * 4;
  for (let pc = 0; pc < K; pc += KB) {
    const kc = min(KB, K - pc);
    const first = !accumulate && pc == 0;
    for (let ic = 0; ic < M; ic += MB) {
      const ie = min(M, ic + MB);
      for (let jc = 0; jc < N; jc += NB) {
        const je = min(N, jc + NB);
        for (let i = ic; i < ie; i += 4) {
          const pa = a + <usize>i * ldab + <usize>pc * 4;
          for (let j = jc; j < je; j += 2) {
            dot4x2(kc, pa, ldab, min(4, ie - i), b + <usize>j * ldbb + <usize>pc * 4, ldbb, min(2, je - j),
              c + <usize>i * ldcb + <usize>j * 4, ldcb, first);
          }
        }
      }
    }
  }
}

@inline function put(p: usize, v: f32, first: bool): void {
  store<f32>(p, first ? v : load<f32>(p) + v);
}

function dot4x2(kc: i32, a0: usize, ldab: usize, mr: i32, b0: usize, ldbb: usize, nr: i32, c: usize, ldcb: usize, first: bool): void {
  const a1 = a0 + <usize>min(1, mr - 1) * ldab;
  const a2 = a0 + <usize>min(2, mr - 1) * ldab;
  const a3 = a0 + <usize>min(3, mr - 1) * ldab;
  const b1 = b0 + <usize>min(1, nr - 1) * ldbb;
  let s00 = f32x4.splat(0), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
  // pointers stepped in the loop (computed from an offset, Binaryen sinks the row arithmetic
  // into the loop body); not unrolled (V8 would hoist both steps' loads and spill)
  let q0 = a0, q1 = a1, q2 = a2, q3 = a3, r0 = b0, r1 = b1;
  const end = <usize>(kc & ~3) * 4, stop = a0 + end;
  while (q0 < stop) {
    const y0 = v128.load(r0), y1 = v128.load(r1);
    let x = v128.load(q0);
    s00 = f32x4.add(s00, f32x4.mul(x, y0)); s01 = f32x4.add(s01, f32x4.mul(x, y1));
    x = v128.load(q1);
    s10 = f32x4.add(s10, f32x4.mul(x, y0)); s11 = f32x4.add(s11, f32x4.mul(x, y1));
    x = v128.load(q2);
    s20 = f32x4.add(s20, f32x4.mul(x, y0)); s21 = f32x4.add(s21, f32x4.mul(x, y1));
    x = v128.load(q3);
    s30 = f32x4.add(s30, f32x4.mul(x, y0)); s31 = f32x4.add(s31, f32x4.mul(x, y1));
    q0 += 16; q1 += 16; q2 += 16; q3 += 16; r0 += 16; r1 += 16;
  }
  let t00 = hsum(s00), t01 = hsum(s01), t10 = hsum(s10), t11 = hsum(s11);
  let t20 = hsum(s20), t21 = hsum(s21), t30 = hsum(s30), t31 = hsum(s31);
  for (let o = end; o < <usize>kc * 4; o += 4) {
    const y0 = load<f32>(b0 + o), y1 = load<f32>(b1 + o);
    let x = load<f32>(a0 + o); t00 += x * y0; t01 += x * y1;
    x = load<f32>(a1 + o); t10 += x * y0; t11 += x * y1;
    x = load<f32>(a2 + o); t20 += x * y0; t21 += x * y1;
    x = load<f32>(a3 + o); t30 += x * y0; t31 += x * y1;
  }
  put(c, t00, first); if (nr > 1) put(c + 4, t01, first);
  if (mr > 1) { put(c + ldcb, t10, first); if (nr > 1) put(c + ldcb + 4, t11, first); }
  if (mr > 2) { put(c + 2 * ldcb, t20, first); if (nr > 1) put(c + 2 * ldcb + 4, t21, first); }
  if (mr > 3) { put(c + 3 * ldcb, t30, first); if (nr > 1) put(c + 3 * ldcb + 4, t31, first); }
}

// c[n] (+)= sum_k x[k] B[n,k]: one input row against four rows of B at a time
export function gemvNT(N: i32, K: i32, x: usize, b: usize, ldb: i32, c: usize, accumulate: bool): void {
  const ldbb = <usize>ldb * 4, end = <usize>(K & ~3) * 4;
  for (let n = 0; n < N; n += 4) {
    const nr = min(4, N - n);
    const b0 = b + <usize>n * ldbb;
    const b1 = b0 + <usize>min(1, nr - 1) * ldbb;
    const b2 = b0 + <usize>min(2, nr - 1) * ldbb;
    const b3 = b0 + <usize>min(3, nr - 1) * ldbb;
    let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0;
    let px = x, r0 = b0, r1 = b1, r2 = b2, r3 = b3;
    while (px < x + end) {
      const xv = v128.load(px);
      s0 = f32x4.add(s0, f32x4.mul(xv, v128.load(r0)));
      s1 = f32x4.add(s1, f32x4.mul(xv, v128.load(r1)));
      s2 = f32x4.add(s2, f32x4.mul(xv, v128.load(r2)));
      s3 = f32x4.add(s3, f32x4.mul(xv, v128.load(r3)));
      px += 16; r0 += 16; r1 += 16; r2 += 16; r3 += 16;
    }
    let t0 = hsum(s0), t1 = hsum(s1), t2 = hsum(s2), t3 = hsum(s3);
    for (let o = end; o < <usize>K * 4; o += 4) {
      const xk = load<f32>(x + o);
      t0 += xk * load<f32>(b0 + o); t1 += xk * load<f32>(b1 + o);
      t2 += xk * load<f32>(b2 + o); t3 += xk * load<f32>(b3 + o);
    }
    const pc = c + <usize>n * 4;
    put(pc, t0, !accumulate);
    if (nr > 1) put(pc + 4, t1, !accumulate);
    if (nr > 2) put(pc + 8, t2, !accumulate);
    if (nr > 3) put(pc + 12, t3, !accumulate);
  }
}
