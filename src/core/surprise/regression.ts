// Multinomial logistic regression, the seeds' LogisticRegression over hidden-state features:
// features standardised with the training set's mean and deviation, then p = softmax(W x + b)
// fitted by full-batch Adam on the mean cross-entropy plus (l2 / 2) ||W||^2.

export interface SoftmaxModel {
  K: number;
  d: number;
  mean: Float64Array;
  std: Float64Array;
  /** [K, d] */
  W: Float64Array;
  b: Float64Array;
}

export interface FitOptions { l2?: number; iterations?: number; lr?: number }

/** Fits classes y[i] in [0, K) to the rows of X [n, d]. */
export function fitSoftmax(X: ArrayLike<number>, y: ArrayLike<number>, K: number, d: number, o: FitOptions = {}): SoftmaxModel {
  const n = y.length, l2 = o.l2 ?? 1e-2, iterations = o.iterations ?? 300, lr = o.lr ?? 0.05;
  if (n === 0 || X.length !== n * d) throw new Error(`expected ${n} rows of ${d} features, got ${X.length} values`);
  const mean = new Float64Array(d), std = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j] += (X[i * d + j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) std[j] = std[j] > 1e-12 ? Math.sqrt(std[j]) : 1;
  const Z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Z[i * d + j] = (X[i * d + j] - mean[j]) / std[j];

  const P = K * d + K, w = new Float64Array(P), g = new Float64Array(P), m1 = new Float64Array(P), m2 = new Float64Array(P);
  const p = new Float64Array(K), b1 = 0.9, b2 = 0.999;
  for (let it = 1; it <= iterations; it++) {
    g.fill(0);
    for (let i = 0; i < n; i++) {
      logits(w, K, d, Z, i * d, p);
      softmaxInPlace(p);
      // dL/dz_k = (p_k - [k = y_i]) / n
      for (let k = 0; k < K; k++) {
        const e = (p[k] - (k === y[i] ? 1 : 0)) / n, o2 = k * d;
        for (let j = 0; j < d; j++) g[o2 + j] += e * Z[i * d + j];
        g[K * d + k] += e;
      }
    }
    for (let j = 0; j < K * d; j++) g[j] += l2 * w[j];
    // Adam: m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2, w -= lr m^ / (sqrt(v^) + eps)
    const c1 = 1 - b1 ** it, c2 = 1 - b2 ** it;
    for (let j = 0; j < P; j++) {
      m1[j] = b1 * m1[j] + (1 - b1) * g[j];
      m2[j] = b2 * m2[j] + (1 - b2) * g[j] * g[j];
      w[j] -= (lr * (m1[j] / c1)) / (Math.sqrt(m2[j] / c2) + 1e-8);
    }
  }
  return { K, d, mean, std, W: w.slice(0, K * d), b: w.slice(K * d) };
}

/** The most probable class of the row of X at offset off. */
export function predictSoftmax(m: SoftmaxModel, X: ArrayLike<number>, off = 0): number {
  const z = new Float64Array(m.d);
  for (let j = 0; j < m.d; j++) z[j] = (X[off + j] - m.mean[j]) / m.std[j];
  let best = 0, bestZ = -Infinity;
  for (let k = 0; k < m.K; k++) {
    let s = m.b[k];
    for (let j = 0; j < m.d; j++) s += m.W[k * m.d + j] * z[j];
    if (s > bestZ) { bestZ = s; best = k; }
  }
  return best;
}

/** z = W x + b for the row of Z at xo, with W and b packed in w as fitSoftmax keeps them */
function logits(w: Float64Array, K: number, d: number, Z: Float64Array, xo: number, out: Float64Array): void {
  for (let k = 0; k < K; k++) {
    let s = w[K * d + k];
    for (let j = 0; j < d; j++) s += w[k * d + j] * Z[xo + j];
    out[k] = s;
  }
}

function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity, sum = 0;
  for (const v of z) if (v > max) max = v;
  for (let k = 0; k < z.length; k++) { z[k] = Math.exp(z[k] - max); sum += z[k]; }
  for (let k = 0; k < z.length; k++) z[k] /= sum;
}
