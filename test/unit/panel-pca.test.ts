import assert from 'node:assert/strict';
import { pca } from '../../src/core/inspect/pca';
import { rng } from './panel-helpers';

/** d orthonormal vectors (Gram-Schmidt on random ones), row-major. */
function orthonormal(d: number, r: () => number): Float64Array[] {
  const basis: Float64Array[] = [];
  while (basis.length < d) {
    const v = Float64Array.from({ length: d }, () => r() - 0.5);
    for (const b of basis) { const dot = v.reduce((s, x, j) => s + x * b[j], 0); for (let j = 0; j < d; j++) v[j] -= dot * b[j]; }
    const len = Math.hypot(...v);
    if (len > 1e-6) basis.push(v.map((x) => x / len));
  }
  return basis;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => { let s = 0; for (let j = 0; j < a.length; j++) s += a[j] * b[j]; return s; };

/** n points = mean + sum_k z_k * sd_k * axis_k with z uniform in [-sqrt3, sqrt3] (unit variance). */
function cloud(n: number, d: number, sds: number[], seed: number) {
  const r = rng(seed), axes = orthonormal(d, r), mean = Float64Array.from({ length: d }, () => 10 * r());
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < sds.length; k++) {
      const z = (r() * 2 - 1) * Math.sqrt(3) * sds[k];
      for (let j = 0; j < d; j++) X[i * d + j] += z * axes[k][j];
    }
    for (let j = 0; j < d; j++) X[i * d + j] += mean[j];
  }
  return { X, axes };
}

describe('panel PCA by power iteration', () => {
  it('finds the axes a cloud was built along, in order of variance', () => {
    const n = 2000, d = 12, { X, axes } = cloud(n, d, [5, 2, 0.5, 0.1], 11);
    const p = pca(X, n, d, 3);
    for (let c = 0; c < 3; c++) {
      const cos = Math.abs(dot(p.components.subarray(c * d, (c + 1) * d), axes[c]));
      assert.ok(cos > 0.999, `component ${c} is off its axis: |cos| = ${cos}`);
    }
    assert.ok(p.variance[0] > p.variance[1] && p.variance[1] > p.variance[2]);
  });

  it('reports each component\'s variance as the variance of the data projected on it', () => {
    const n = 500, d = 6, { X } = cloud(n, d, [3, 1, 0.3], 5);
    const p = pca(X, n, d, 2);
    for (let c = 0; c < 2; c++) {
      let s = 0, s2 = 0;
      for (let i = 0; i < n; i++) { const v = p.scores[i * 2 + c]; s += v; s2 += v * v; }
      assert.ok(Math.abs(s / n) < 1e-9, 'scores are centred');
      const variance = s2 / (n - 1);
      assert.ok(Math.abs(variance - p.variance[c]) < 1e-9 * variance, `${variance} vs ${p.variance[c]}`);
    }
    // total variance = sum of the column variances; three axes hold (almost) all of it
    const explained = (p.variance[0] + p.variance[1]) / p.totalVariance;
    assert.ok(explained > 0.9 && explained < 1, `explained ${explained}`);
  });

  it('returns orthonormal components and scores that are the centred rows projected on them', () => {
    const n = 300, d = 9, { X } = cloud(n, d, [4, 3, 2, 1], 9);
    const p = pca(X, n, d, 2);
    const c0 = p.components.subarray(0, d), c1 = p.components.subarray(d, 2 * d);
    assert.ok(Math.abs(dot(c0, c0) - 1) < 1e-12 && Math.abs(dot(c1, c1) - 1) < 1e-12);
    assert.ok(Math.abs(dot(c0, c1)) < 1e-9);
    const mean = Array.from({ length: d }, (_, j) => { let s = 0; for (let i = 0; i < n; i++) s += X[i * d + j]; return s / n; });
    for (const i of [0, 17, n - 1]) {
      const row = Array.from({ length: d }, (_, j) => X[i * d + j] - mean[j]);
      assert.ok(Math.abs(dot(row, c1) - p.scores[i * 2 + 1]) < 1e-9);
    }
  });

  it('gives zero variance, not NaN, for constant data and a single row', () => {
    for (const [n, X] of [[5, new Float64Array(15).fill(2)], [1, Float64Array.from([1, 2, 3])]] as const) {
      const p = pca(X, n, 3, 2);
      assert.ok([...p.variance, ...p.scores, ...p.components, p.totalVariance].every(Number.isFinite));
      assert.deepEqual(Array.from(p.variance), [0, 0]);
    }
  });

  it('refuses shapes that do not fit', () => {
    assert.throws(() => pca([1, 2, 3], 2, 2), /holds 3 values, not n\*d = 4/);
    assert.throws(() => pca([1, 2], 1, 2, 3), /k must be an integer in 1..2/);
    assert.throws(() => pca([], 0, 2), /n >= 1 rows/);
  });
});
