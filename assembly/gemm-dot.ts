// C[M,N] (+)= A[M,K] B[N,K]^T: rows of A and rows of B both run along k, so the f32x4 lanes
// hold four k's of a dot product and nothing needs packing. A 2x4 tile of C keeps eight
// accumulators (plus three operands: fits the 16 vector registers V8 uses on x64). At the end
// the four sums of a row of the tile are reduced across lanes together (a 4x4 transpose-add),
// giving C[i, j..j+3] as one vector; k's past a multiple of 4 are added one by one.
// Rows past the edge repeat the last valid row (their sums are dropped), so no read leaves A or B.
// For small M each block of B's rows is read from memory once and used for every row of A while
// it sits in L1.
import { hsum4, put } from './lanes';

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
        for (let i = ic; i < ie; i += 2) {
          const pa = a + <usize>i * ldab + <usize>pc * 4;
          for (let j = jc; j < je; j += 4) {
            dot2x4(kc, pa, ldab, min(2, ie - i), b + <usize>j * ldbb + <usize>pc * 4, ldbb, min(4, je - j),
              c + <usize>i * ldcb + <usize>j * 4, ldcb, first);
          }
        }
      }
    }
  }
}

// k's past the last multiple of 4 of one dot product
@inline function rest(x: usize, y: usize, from: usize, to: usize): f32 {
  let t: f32 = 0;
  for (let o = from; o < to; o += 4) t += load<f32>(x + o) * load<f32>(y + o);
  return t;
}

function dot2x4(kc: i32, a0: usize, ldab: usize, mr: i32, b0: usize, ldbb: usize, nr: i32, c: usize, ldcb: usize, first: bool): void {
  const a1 = a0 + <usize>min(1, mr - 1) * ldab;
  const b1 = b0 + <usize>min(1, nr - 1) * ldbb;
  const b2 = b0 + <usize>min(2, nr - 1) * ldbb;
  const b3 = b0 + <usize>min(3, nr - 1) * ldbb;
  let s00 = f32x4.splat(0), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
  // pointers stepped in the loop (Binaryen sinks row arithmetic from an offset into the body);
  // not unrolled (V8 would hoist both steps' loads and spill)
  let q0 = a0, q1 = a1, r0 = b0, r1 = b1, r2 = b2, r3 = b3;
  const end = <usize>(kc & ~3) * 4, stop = a0 + end;
  while (q0 < stop) {
    const x0 = v128.load(q0), x1 = v128.load(q1);
    let y = v128.load(r0);
    s00 = f32x4.add(s00, f32x4.mul(x0, y)); s10 = f32x4.add(s10, f32x4.mul(x1, y));
    y = v128.load(r1);
    s01 = f32x4.add(s01, f32x4.mul(x0, y)); s11 = f32x4.add(s11, f32x4.mul(x1, y));
    y = v128.load(r2);
    s02 = f32x4.add(s02, f32x4.mul(x0, y)); s12 = f32x4.add(s12, f32x4.mul(x1, y));
    y = v128.load(r3);
    s03 = f32x4.add(s03, f32x4.mul(x0, y)); s13 = f32x4.add(s13, f32x4.mul(x1, y));
    q0 += 16; q1 += 16; r0 += 16; r1 += 16; r2 += 16; r3 += 16;
  }
  let t0 = hsum4(s00, s01, s02, s03), t1 = hsum4(s10, s11, s12, s13);
  const full = <usize>kc * 4;
  if (end < full) {
    t0 = f32x4.add(t0, lanes4(rest(a0, b0, end, full), rest(a0, b1, end, full), rest(a0, b2, end, full), rest(a0, b3, end, full)));
    t1 = f32x4.add(t1, lanes4(rest(a1, b0, end, full), rest(a1, b1, end, full), rest(a1, b2, end, full), rest(a1, b3, end, full)));
  }
  put(c, t0, nr, first);
  if (mr > 1) put(c + ldcb, t1, nr, first);
}

@inline function lanes4(x0: f32, x1: f32, x2: f32, x3: f32): v128 {
  return f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(x0), 1, x1), 2, x2), 3, x3);
}

// c[n] (+)= sum_k x[k] B[n,k]: one input row against four rows of B at a time
export function gemvNT(N: i32, K: i32, x: usize, b: usize, ldb: i32, c: usize, accumulate: bool): void {
  const ldbb = <usize>ldb * 4, end = <usize>(K & ~3) * 4, full = <usize>K * 4;
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
    let t = hsum4(s0, s1, s2, s3);
    if (end < full) t = f32x4.add(t, lanes4(rest(x, b0, end, full), rest(x, b1, end, full), rest(x, b2, end, full), rest(x, b3, end, full)));
    put(c + <usize>n * 4, t, nr, !accumulate);
  }
}
