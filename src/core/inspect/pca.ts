// Principal components of hidden states by power iteration: the covariance C = Xc^T Xc / (n-1)
// is never formed; each iteration computes C v as Xc^T (Xc v), and later components are kept
// orthogonal to earlier ones (deflation by Gram-Schmidt).

export interface Pca {
  /** k unit vectors of length d, row-major, by decreasing variance */
  components: Float64Array;
  /** n rows of k coordinates: (x_i - mean) . component_j */
  scores: Float64Array;
  /** variance along each component */
  variance: Float64Array;
  /** sum of the variances of all d coordinates (the trace of C) */
  totalVariance: number;
}

export interface PcaOptions {
  iterations?: number;
  /** stop once |v_new . v_old| is within this of 1 */
  tolerance?: number;
  seed?: number;
}

/** The top k principal components of n rows of d values (row-major X). */
export function pca(X: ArrayLike<number>, n: number, d: number, k = 2, o: PcaOptions = {}): Pca {
  if (!(n >= 1 && d >= 1 && Number.isInteger(n) && Number.isInteger(d))) throw new Error(`pca needs n >= 1 rows of d >= 1 values, got n=${n}, d=${d}`);
  if (X.length !== n * d) throw new Error(`pca: X holds ${X.length} values, not n*d = ${n * d}`);
  if (!(k >= 1 && k <= d && Number.isInteger(k))) throw new Error(`pca: k must be an integer in 1..${d}, got ${k}`);
  const iterations = o.iterations ?? 500, tol = o.tolerance ?? 1e-12;

  // Xc = X - mean (column means)
  const Xc = Float64Array.from(X as ArrayLike<number>);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += Xc[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Xc[i * d + j] -= mean[j];
  const denom = Math.max(1, n - 1);
  let totalVariance = 0;
  for (let a = 0; a < n * d; a++) totalVariance += (Xc[a] * Xc[a]) / denom;

  const components = new Float64Array(k * d), variance = new Float64Array(k);
  const v = new Float64Array(d), w = new Float64Array(d), u = new Float64Array(n);
  let state = (o.seed ?? 12345) >>> 0;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      // xorshift32: a start vector with no special direction
      state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
      v[j] = state / 2 ** 32 - 0.5;
    }
    orthogonalize(v, components, c, d);
    normalize(v);
    for (let it = 0; it < iterations; it++) {
      // w = Xc^T (Xc v) / (n - 1) = C v
      multiply(Xc, n, d, v, u, w, denom);
      orthogonalize(w, components, c, d);
      if (normalize(w) === 0) break;
      let dot = 0;
      for (let j = 0; j < d; j++) dot += w[j] * v[j];
      v.set(w);
      if (Math.abs(1 - Math.abs(dot)) < tol) break;
    }
    // sign convention: the largest entry is positive, so results do not flip between runs
    let big = 0;
    for (let j = 1; j < d; j++) if (Math.abs(v[j]) > Math.abs(v[big])) big = j;
    const sign = v[big] < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) components[c * d + j] = sign * v[j];
    // lambda = v^T C v
    multiply(Xc, n, d, components.subarray(c * d, (c + 1) * d), u, w, denom);
    let lambda = 0;
    for (let j = 0; j < d; j++) lambda += w[j] * components[c * d + j];
    variance[c] = Math.max(0, lambda);
  }

  const scores = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += Xc[i * d + j] * components[c * d + j];
      scores[i * k + c] = s;
    }
  }
  return { components, scores, variance, totalVariance };
}

/** w = Xc^T (Xc v) / denom, with u = Xc v as scratch */
function multiply(Xc: Float64Array, n: number, d: number, v: ArrayLike<number>, u: Float64Array, w: Float64Array, denom: number): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += Xc[i * d + j] * v[j];
    u[i] = s;
  }
  w.fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) w[j] += (Xc[i * d + j] * u[i]) / denom;
}

/** v -= sum_c (v . comp_c) comp_c over the first `count` components */
function orthogonalize(v: Float64Array, comps: Float64Array, count: number, d: number): void {
  for (let c = 0; c < count; c++) {
    let dot = 0;
    for (let j = 0; j < d; j++) dot += v[j] * comps[c * d + j];
    for (let j = 0; j < d; j++) v[j] -= dot * comps[c * d + j];
  }
}

/** Scales v to unit length; returns its former length (0 leaves v as it was). */
function normalize(v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j] * v[j];
  const len = Math.sqrt(s);
  if (len > 0) for (let j = 0; j < v.length; j++) v[j] /= len;
  return len;
}
