// The int8 products against float32 arithmetic, and which build and which dot product they get.
// (kernels.test.ts checks them against the TypeScript reference bit for bit, with the rest.)
// The bound, per element of C = A W^T: W's row n is held as s q (|W - s q| <= s/2 elementwise,
// s = max|W[n,:]| / 127) and A's row m as t x (|a - t x| <= t/2, t = max|A[m,:]| / 63), so
//   |C - C8| <= s/2 ||A[m,:]||_1 + t/2 ||s q[n,:]||_1
// plus float32 roundings (of s, t, 1/s, 1/t, the products and the two scalings: below 1e-6 of
// sum_k |W A| + |C8| here).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tsBackend } from '../../src/core/kernels/ts';
import { int8Path, wasmBackend, wasmVariant } from '../../src/core/kernels/wasm';
import { dotIsExact, pairsAreExact, selectBuild, type GeneratedKernels } from '../../src/core/kernels/wasm-build';
import { i8Size, type Backend } from '../../src/core/kernels/types';
import { Rng } from '../../src/core/rng';

const gauss = (g: Rng) => { let s = 0; for (let i = 0; i < 12; i++) s += g.next(); return s - 6; };
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
type Fill = (g: Rng, m: number, k: number) => number;
const WEIGHTS: Record<string, Fill> = {
  // PyTorch's init of an LSTM 2x256, and a heavier-tailed matrix with one large weight per row
  'uniform(-1/16, 1/16)': (g) => g.uniform(-1 / 16, 1 / 16),
  'gaussian, outliers': (g, _n, k) => (k === 5 ? 0.8 : gauss(g) * 0.05),
};
const INPUTS: Record<string, Fill> = {
  // an LSTM's h = o tanh(c), and a row whose one large entry coarsens the others' steps
  'h = o tanh(c)': (g) => sigmoid(gauss(g)) * Math.tanh(2 * gauss(g)),
  'one spike': (g, _m, k) => (k === 7 ? 5 : g.uniform(-0.3, 0.3)),
};

/** C8 from the int8 kernels and C in float64 from the same float32 inputs; per element the error
 *  over the bound, and the error's RMS over C's RMS */
function compare(backend: Backend, M: number, N: number, K: number, w: Fill, a: Fill, seed: number) {
  const k = backend.create(N * K + i8Size(N, K) + M * K + M * N + 4, 0, 'f32');
  const g = new Rng(seed), W = 0, P = N * K, A = P + i8Size(N, K), C = A + M * K;
  for (let n = 0; n < N; n++) for (let j = 0; j < K; j++) k.f[W + n * K + j] = w(g, n, j);
  for (let m = 0; m < M; m++) for (let j = 0; j < K; j++) k.f[A + m * K + j] = a(g, m, j);
  k.packI8(N, K, k.f, W, k.f, P);
  k.gemmI8(M, N, K, k.f, A, k.f, P, k.f, C, false);
  const at = k.f.byteOffset + P * 4, blocks = 16 * Math.ceil(N / 16) * 4 * Math.ceil(K / 4);
  const q = new Int8Array(k.f.buffer, at, blocks), s = new Float32Array(k.f.buffer, at + blocks, N);
  const K4 = 4 * Math.ceil(K / 4), qAt = (n: number, j: number) => q[(n >> 4) * 16 * K4 + (j >> 2) * 64 + (n & 15) * 4 + (j & 3)];
  let worst = 0, se = 0, sy = 0;
  for (let m = 0; m < M; m++) {
    let big = 0, l1 = 0;
    for (let j = 0; j < K; j++) { const v = Math.abs(k.f[A + m * K + j]); big = Math.max(big, v); l1 += v; }
    const t = big / 63;
    for (let n = 0; n < N; n++) {
      let y = 0, abs = 0, ql1 = 0;
      for (let j = 0; j < K; j++) {
        const p = k.f[W + n * K + j] * k.f[A + m * K + j];
        y += p; abs += Math.abs(p); ql1 += Math.abs(s[n] * qAt(n, j));
      }
      const y8 = k.f[C + m * N + n], bound = (s[n] / 2) * l1 + (t / 2) * ql1 + 1e-6 * (abs + Math.abs(y8));
      worst = Math.max(worst, Math.abs(y8 - y) / bound);
      se += (y8 - y) ** 2; sy += y * y;
    }
  }
  k.dispose?.();
  return { worst, rms: Math.sqrt(se / sy) };
}

for (const [name, backend] of [['TypeScript reference', tsBackend], ['wasm', wasmBackend]] as const) {
  describe(`int8 products (${name}) against float32`, () => {
    for (const [wn, w] of Object.entries(WEIGHTS)) {
      for (const [an, a] of Object.entries(INPUTS)) {
        it(`W ${wn}, A ${an}: every element within the bound`, () => {
          for (const [M, N, K] of [[3, 1024, 256], [2, 96, 256], [5, 37, 29]]) {
            const r = compare(backend, M, N, K, w, a, M * N + K);
            assert.ok(r.worst <= 1, `${M}x${N}x${K}: an error ${r.worst.toFixed(3)} times its bound`);
          }
        });
      }
    }

    it('the typical error of an LSTM 2x256\'s product: 1.5% RMS, 3% with outlying weights, 10% with a spike in A', () => {
      // measured: 1.0%, 2.6%, 6.5% and 8.4% with both; far below the worst-case bound above. An
      // outlier sets its row's scale, and a spike its row of A's, so the others get coarser steps
      const limits: Record<string, Record<string, number>> = {
        'uniform(-1/16, 1/16)': { 'h = o tanh(c)': 0.015, 'one spike': 0.08 },
        'gaussian, outliers': { 'h = o tanh(c)': 0.03, 'one spike': 0.1 },
      };
      for (const [wn, w] of Object.entries(WEIGHTS)) {
        for (const [an, a] of Object.entries(INPUTS)) {
          const r = compare(backend, 4, 1024, 256, w, a, 7);
          assert.ok(r.rms < limits[wn][an], `W ${wn}, A ${an}: RMS error ${(100 * r.rms).toFixed(2)}%`);
        }
      }
    });

    it('refuses rows longer than the integer sums can hold exactly', () => {
      const k = backend.create(i8Size(1, 2049) + 2 * 2049 + 1, 0, 'f32');
      assert.throws(() => k.gemmI8(1, 1, 2049, k.f, 0, k.f, 2049, k.f, 2049 + i8Size(1, 2049), false), /at most 2048, got K = 2049/);
    });
  });
}

describe('int8 products: which build and which dot product', () => {
  const generated = createRequire(__filename)(join(__dirname, '..', '..', 'build', 'kernels-wasm.generated.js')) as GeneratedKernels;

  it('loads the plain SIMD build where relaxed SIMD does not validate, the relaxed one where it does', () => {
    const relaxed = Buffer.from(generated.base64Relaxed, 'base64');
    const without = selectBuild(generated, (b) => !Buffer.from(b).equals(relaxed) && WebAssembly.validate(b));
    assert.equal(without.variant, 'simd');
    assert.ok(Buffer.from(without.bytes).equals(Buffer.from(generated.base64, 'base64')));
    assert.equal(without.sharedBase64, generated.base64Shared);
    const withIt = selectBuild(generated, () => true);
    assert.equal(withIt.variant, 'relaxed-simd');
    assert.ok(Buffer.from(withIt.bytes).equals(relaxed));
    assert.equal(withIt.sharedBase64, generated.base64RelaxedShared);
  });

  it('the plain SIMD build\'s int8 product gives the reference\'s bits', () => {
    const M = 3, N = 40, K = 37, nf = N * K + i8Size(N, K) + M * K + M * N;
    const memory = new WebAssembly.Memory({ initial: 4, maximum: 4 });
    const plain = new WebAssembly.Module(selectBuild(generated, () => false).bytes);
    const x = new WebAssembly.Instance(plain, { env: { memory } }).exports as Record<string, (...a: number[]) => number>;
    x.setScratch(65536);
    // the arena after the scratch (a few KiB of it are used here)
    const base = 2 * 65536, f = new Float32Array(memory.buffer, base, nf), ref = tsBackend.create(nf, 0, 'f32');
    const g = new Rng(11);
    for (let j = 0; j < nf; j++) ref.f[j] = g.uniform(-1, 1);
    f.set(ref.f);
    const P = N * K, A = P + i8Size(N, K), C = A + M * K;
    ref.packI8(N, K, ref.f, 0, ref.f, P);
    ref.gemmI8(M, N, K, ref.f, A, ref.f, P, ref.f, C, true);
    x.packI8(N, K, base, K, base + 4 * P);
    x.gemmI8NT(M, N, K, base + 4 * A, K, base + 4 * P, base + 4 * C, N, 1);
    assert.ok(Buffer.from(f.buffer, base, 4 * nf).equals(Buffer.from(ref.f.buffer, 0, 4 * nf)));
  });

  it('takes a relaxed dot product only where it computes the sum of products', () => {
    assert.equal(dotIsExact((a, b, c) => c + 4 * a * b), true);
    // V8 11.3's (Node 20 with --experimental-wasm-relaxed-simd): c dropped, the sum doubled
    assert.equal(dotIsExact((a, b) => 8 * a * b), false);
    // an engine that reads the first operand as unsigned
    assert.equal(dotIsExact((a, b, c) => c + 4 * (a & 255) * b), false);
    assert.equal(pairsAreExact((a, b) => 2 * a * b), true);
    assert.equal(pairsAreExact((a, b) => 2 * (a & 255) * b), false);
  });

  it('uses the one-instruction dot product on Node 22 and later, the 16-bit one on Node 20 with relaxed SIMD, none without', () => {
    const major = Number(process.versions.node.split('.')[0]);
    const want = wasmVariant() !== 'relaxed-simd' ? 'i16-dot' : major >= 22 ? 'relaxed-dot' : 'relaxed-dot-pairs';
    assert.equal(int8Path(), want);
  });
});
