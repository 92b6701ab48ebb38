// Loads and stores of up to four f32 lanes, so that a row whose length is not a multiple of 4
// runs through the same vector code as its body: the missing lanes read as 0 and are never
// written back. A row loop calls its per-vector body (an @inline function of the lane count w)
// with w = 4 for every whole vector, where the lane-count branches fold away, then once with the
// rest: V8 does not hoist them out of a loop whose w varies (addRow).

export function ldTail(p: usize, n: i32): v128 {
  let v = f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(p));
  if (n > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (n > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

export function stTail(p: usize, v: v128, n: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** n (1..4) lanes from p */
@inline export function ld(p: usize, n: i32): v128 {
  return n >= 4 ? v128.load(p) : ldTail(p, n);
}

@inline export function st(p: usize, v: v128, n: i32): void {
  if (n >= 4) v128.store(p, v);
  else stTail(p, v, n);
}

/** dst[0..n) += src[0..n). A loop of ld/st with a varying lane count keeps that count's min and
 *  branches in every iteration, which costs more than the addition itself */
@inline export function addRow(dst: usize, src: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) add4(<usize>j * 4, 4, dst, src);
  if (j < n) add4(<usize>j * 4, n - j, dst, src);
}

@inline function add4(o: usize, w: i32, dst: usize, src: usize): void {
  st(dst + o, f32x4.add(ld(dst + o, w), ld(src + o, w)), w);
}

@inline export function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

@inline export function hmax(v: v128): f32 {
  const a = max<f32>(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1));
  const b = max<f32>(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3));
  return max<f32>(a, b);
}

/** acc + a * b: one fused multiply-add where the module is built with relaxed SIMD (a third of
 *  the instructions of the matrix kernels' inner loops), a multiply and an add otherwise */
@inline export function madd(a: v128, b: v128, acc: v128): v128 {
  return ASC_FEATURE_RELAXED_SIMD ? f32x4.relaxed_madd(a, b, acc) : f32x4.add(acc, f32x4.mul(a, b));
}

// [sum(s0), sum(s1), sum(s2), sum(s3)]: pairwise sums within each vector, then across pairs
@inline export function hsum4(s0: v128, s1: v128, s2: v128, s3: v128): v128 {
  const u = f32x4.add(v128.shuffle<f32>(s0, s1, 0, 4, 2, 6), v128.shuffle<f32>(s0, s1, 1, 5, 3, 7));
  const w = f32x4.add(v128.shuffle<f32>(s2, s3, 0, 4, 2, 6), v128.shuffle<f32>(s2, s3, 1, 5, 3, 7));
  return f32x4.add(v128.shuffle<f32>(u, w, 0, 1, 4, 5), v128.shuffle<f32>(u, w, 2, 3, 6, 7));
}

/** p[0..nr) = v's first nr lanes, added to what is there unless first */
@inline export function put(p: usize, v: v128, nr: i32, first: bool): void {
  st(p, first ? v : f32x4.add(ld(p, nr), v), nr);
}
