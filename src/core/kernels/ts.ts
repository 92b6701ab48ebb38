// The TypeScript reference kernels: plain loops, float32 or float64. Every faster backend is
// tested against these (test/unit/kernels.test.ts).
import { I8_MAX_K, i8Size, panelsSize, type Arr, type Backend, type DType, type Kernels } from './types';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
// W[n,k] in packPanels' layout: panel n/4 of K4/4 blocks, each four rows of four k's
const panelIndex = (n: number, k: number, K4: number) => (n >> 2) * 4 * K4 + (k >> 2) * 16 + (n & 3) * 4 + (k & 3);
// W[n,k] in packI8's layout: block n/16 of K4/4 groups, each 16 rows of four k's, a byte each
const i8Index = (n: number, k: number, K4: number) => (n >> 4) * 16 * K4 + (k >> 2) * 64 + (n & 15) * 4 + (k & 3);
const f = Math.fround;
/** round(v * inv) to an integer in [-lim, lim], ties to even (f32x4.nearest), NaN as 0 */
function code(v: number, inv: number, lim: number): number {
  const x = f(v * inv), r = Math.round(x);
  const q = r - x === 0.5 && (r & 1) ? r - 1 : r;
  return q !== q ? 0 : Math.max(-lim, Math.min(lim, q));
}
/** max |X[off .. off+n)| in float32, NaN if any is NaN */
function maxAbs(n: number, X: Arr, off: number): number {
  let m = 0;
  for (let k = 0; k < n; k++) m = Math.max(m, Math.abs(f(X[off + k])));
  return m;
}

/** packI8's regions inside the floats of out from oOff: the int8 blocks, the scales, the sums */
function i8Views(N: number, K: number, out: Arr, oOff: number): { q: Int8Array; s: Float32Array; sums: Int32Array } {
  const N16 = 16 * Math.ceil(N / 16), bytes = N16 * 4 * Math.ceil(K / 4), at = out.byteOffset + oOff * out.BYTES_PER_ELEMENT;
  if (oOff + i8Size(N, K) > out.length) throw new RangeError(`packed int8 matrix [${N},${K}] does not fit at ${oOff} in ${out.length} floats`);
  return { q: new Int8Array(out.buffer, at, bytes), s: new Float32Array(out.buffer, at + bytes, N16), sums: new Int32Array(out.buffer, at + bytes + 4 * N16, N16) };
}

export class TsKernels implements Kernels {
  readonly backend = 'ts';
  readonly f: Arr;
  readonly i: Int32Array;
  /** gemmI8's 7-bit codes of one row of A */
  private codes = new Int32Array(0);

  constructor(nFloats: number, nInts: number, dtype: DType) {
    this.f = dtype === 'f64' ? new Float64Array(nFloats) : new Float32Array(nFloats);
    this.i = new Int32Array(nInts);
  }

  gemm(M: number, N: number, K: number, A: Arr, aOff: number, transA: boolean,
    B: Arr, bOff: number, transB: boolean, C: Arr, cOff: number, accumulate: boolean): void {
    if (!accumulate) C.fill(0, cOff, cOff + M * N);
    // A(m,k) and B(k,n) strides depend on the transposes; the k loop is outermost for
    // non-transposed B so that the inner loop runs along contiguous rows.
    const am = transA ? 1 : K, ak = transA ? M : 1;
    if (!transB) {
      for (let m = 0; m < M; m++) {
        const c0 = cOff + m * N;
        for (let k = 0; k < K; k++) {
          const a = A[aOff + m * am + k * ak];
          if (a === 0) continue;
          const b0 = bOff + k * N;
          for (let n = 0; n < N; n++) C[c0 + n] += a * B[b0 + n];
        }
      }
    } else {
      for (let m = 0; m < M; m++) {
        const c0 = cOff + m * N;
        for (let n = 0; n < N; n++) {
          const b0 = bOff + n * K;
          let s = 0;
          for (let k = 0; k < K; k++) s += A[aOff + m * am + k * ak] * B[b0 + k];
          C[c0 + n] += s;
        }
      }
    }
  }

  packPanels(N: number, K: number, W: Arr, wOff: number, transposed: boolean, out: Arr, oOff: number): void {
    const K4 = 4 * Math.ceil(K / 4);
    out.fill(0, oOff, oOff + panelsSize(N, K));
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < K; k++) out[oOff + panelIndex(n, k, K4)] = W[wOff + (transposed ? k * N + n : n * K + k)];
    }
  }

  gemmPanels(M: number, N: number, K: number, A: Arr, aOff: number, P: Arr, pOff: number, C: Arr, cOff: number, accumulate: boolean): void {
    const K4 = 4 * Math.ceil(K / 4);
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += A[aOff + m * K + k] * P[pOff + panelIndex(n, k, K4)];
        const c = cOff + m * N + n;
        C[c] = accumulate ? C[c] + s : s;
      }
    }
  }

  packI8(N: number, K: number, W: Arr, wOff: number, out: Arr, oOff: number): void {
    const K4 = 4 * Math.ceil(K / 4), N16 = 16 * Math.ceil(N / 16), { q, s, sums } = i8Views(N, K, out, oOff);
    q.fill(0);
    for (let n = 0; n < N16; n++) {
      const big = n < N ? maxAbs(K, W, wOff + n * K) : 0, inv = big > 0 ? f(127 / big) : 0;
      let sum = 0;
      for (let k = 0; k < K && n < N; k++) {
        const v = code(W[wOff + n * K + k], inv, 127);
        q[i8Index(n, k, K4)] = v;
        sum += v;
      }
      s[n] = f(big / 127);
      sums[n] = 64 * sum;
    }
  }

  gemmI8(M: number, N: number, K: number, A: Arr, aOff: number, P: Arr, pOff: number, C: Arr, cOff: number, accumulate: boolean): void {
    const K4 = 4 * Math.ceil(K / 4), { q, s } = i8Views(N, K, P, pOff);
    if (K > I8_MAX_K) throw new RangeError(`int8 products take rows of at most ${I8_MAX_K}, got K = ${K}`);
    if (this.codes.length < K) this.codes = new Int32Array(K);
    const x = this.codes;
    for (let m = 0; m < M; m++) {
      // a = t x, x in [-63, 63]
      const a0 = aOff + m * K, big = maxAbs(K, A, a0), inv = big > 0 ? f(63 / big) : 0, t = f(big / 63);
      for (let k = 0; k < K; k++) x[k] = code(A[a0 + k], inv, 63);
      for (let n = 0; n < N; n++) {
        let sum = 0;
        for (let k = 0; k < K; k++) sum += q[i8Index(n, k, K4)] * x[k];
        const y = f(f(sum * s[n]) * t), c = cOff + m * N + n;
        C[c] = accumulate ? f(C[c] + y) : y;
      }
    }
  }

  addBias(M: number, N: number, C: Arr, cOff: number, bias: Arr, bOff: number): void {
    for (let m = 0; m < M; m++) {
      const c0 = cOff + m * N;
      for (let n = 0; n < N; n++) C[c0 + n] += bias[bOff + n];
    }
  }

  sumRows(M: number, N: number, A: Arr, aOff: number, out: Arr, oOff: number): void {
    for (let m = 0; m < M; m++) {
      const a0 = aOff + m * N;
      for (let n = 0; n < N; n++) out[oOff + n] += A[a0 + n];
    }
  }

  embed(N: number, G: number, _V: number, E: Arr, eOff: number, idx: Int32Array, iOff: number, out: Arr, oOff: number): void {
    for (let n = 0; n < N; n++) {
      const row = eOff + idx[iOff + n] * G, o0 = oOff + n * G;
      for (let g = 0; g < G; g++) out[o0 + g] = E[row + g];
    }
  }

  embedBackward(N: number, G: number, _V: number, dOut: Arr, dOff: number, idx: Int32Array, iOff: number, dE: Arr, eOff: number): void {
    for (let n = 0; n < N; n++) {
      const row = eOff + idx[iOff + n] * G, d0 = dOff + n * G;
      for (let g = 0; g < G; g++) dE[row + g] += dOut[d0 + g];
    }
  }

  rnnCell(B: number, H: number, pre: Arr, pOff: number, h: Arr, hOff: number): void {
    for (let j = 0; j < B * H; j++) {
      // h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)
      const v = Math.tanh(pre[pOff + j]);
      pre[pOff + j] = v;
      h[hOff + j] = v;
    }
  }

  rnnCellBackward(B: number, H: number, h: Arr, hOff: number, dh: Arr, dOff: number): void {
    // dpre = (1 - h^2) * dh: backprop through tanh
    for (let j = 0; j < B * H; j++) { const y = h[hOff + j]; dh[dOff + j] *= 1 - y * y; }
  }

  lstmCell(B: number, H: number, gates: Arr, gOff: number, cPrev: Arr, cpOff: number,
    c: Arr, cOff: number, tc: Arr, tcOff: number, h: Arr, hOff: number): void {
    for (let b = 0; b < B; b++) {
      const g0 = gOff + b * 4 * H, s0 = b * H;
      for (let j = 0; j < H; j++) {
        const i = sigmoid(gates[g0 + j]);
        const f = sigmoid(gates[g0 + H + j]);
        const g = Math.tanh(gates[g0 + 2 * H + j]);
        const o = sigmoid(gates[g0 + 3 * H + j]);
        gates[g0 + j] = i; gates[g0 + H + j] = f; gates[g0 + 2 * H + j] = g; gates[g0 + 3 * H + j] = o;
        // c_t = f * c_{t-1} + i * g;  h_t = o * tanh(c_t)
        const ct = f * cPrev[cpOff + s0 + j] + i * g;
        const t = Math.tanh(ct);
        c[cOff + s0 + j] = ct; tc[tcOff + s0 + j] = t; h[hOff + s0 + j] = o * t;
      }
    }
  }

  lstmCellBackward(B: number, H: number, gates: Arr, gOff: number, cPrev: Arr, cpOff: number,
    tc: Arr, tcOff: number, dh: Arr, dhOff: number, dc: Arr, dcOff: number, dgates: Arr, dgOff: number): void {
    for (let b = 0; b < B; b++) {
      const g0 = gOff + b * 4 * H, d0 = dgOff + b * 4 * H, s0 = b * H;
      for (let j = 0; j < H; j++) {
        const i = gates[g0 + j], f = gates[g0 + H + j], g = gates[g0 + 2 * H + j], o = gates[g0 + 3 * H + j];
        const t = tc[tcOff + s0 + j], dht = dh[dhOff + s0 + j];
        // dc_t = dh * o * (1 - tanh(c)^2) + dc_next
        const dct = dc[dcOff + s0 + j] + dht * o * (1 - t * t);
        dgates[d0 + j] = dct * g * i * (1 - i);                         // di * σ'
        dgates[d0 + H + j] = dct * cPrev[cpOff + s0 + j] * f * (1 - f); // df * σ'
        dgates[d0 + 2 * H + j] = dct * i * (1 - g * g);                 // dg * tanh'
        dgates[d0 + 3 * H + j] = dht * t * o * (1 - o);                 // do * σ'
        dc[dcOff + s0 + j] = dct * f;                                   // dc_{t-1}
      }
    }
  }

  gruCell(B: number, H: number, gi: Arr, giOff: number, gh: Arr, ghOff: number,
    hPrev: Arr, hpOff: number, h: Arr, hOff: number): void {
    for (let b = 0; b < B; b++) {
      const a0 = giOff + b * 3 * H, q0 = ghOff + b * 3 * H, s0 = b * H;
      for (let j = 0; j < H; j++) {
        const r = sigmoid(gi[a0 + j] + gh[q0 + j]);
        const z = sigmoid(gi[a0 + H + j] + gh[q0 + H + j]);
        // n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
        const n = Math.tanh(gi[a0 + 2 * H + j] + r * gh[q0 + 2 * H + j]);
        gi[a0 + j] = r; gi[a0 + H + j] = z; gi[a0 + 2 * H + j] = n;
        // h_t = (1 - z) * n + z * h_{t-1}
        h[hOff + s0 + j] = (1 - z) * n + z * hPrev[hpOff + s0 + j];
      }
    }
  }

  gruCellBackward(B: number, H: number, acts: Arr, aOff: number, gh: Arr, ghOff: number,
    hPrev: Arr, hpOff: number, dh: Arr, dhOff: number,
    dgi: Arr, dgiOff: number, dgh: Arr, dghOff: number, dhPrev: Arr, dhpOff: number): void {
    for (let b = 0; b < B; b++) {
      const a0 = aOff + b * 3 * H, q0 = ghOff + b * 3 * H, x0 = dgiOff + b * 3 * H, y0 = dghOff + b * 3 * H, s0 = b * H;
      for (let j = 0; j < H; j++) {
        const r = acts[a0 + j], z = acts[a0 + H + j], n = acts[a0 + 2 * H + j];
        const d = dh[dhOff + s0 + j];
        const dn = d * (1 - z) * (1 - n * n);                  // through tanh
        const dz = d * (hPrev[hpOff + s0 + j] - n) * z * (1 - z);
        const dr = dn * gh[q0 + 2 * H + j] * r * (1 - r);
        dgi[x0 + j] = dr; dgi[x0 + H + j] = dz; dgi[x0 + 2 * H + j] = dn;
        dgh[y0 + j] = dr; dgh[y0 + H + j] = dz; dgh[y0 + 2 * H + j] = dn * r;
        dhPrev[dhpOff + s0 + j] = d * z;
      }
    }
  }

  softmaxXent(N: number, V: number, logits: Arr, lOff: number, targets: Int32Array, tOff: number, scale: number): number {
    let loss = 0;
    for (let n = 0; n < N; n++) {
      const r0 = lOff + n * V, t = targets[tOff + n];
      if (t < 0) { logits.fill(0, r0, r0 + V); continue; }
      let mx = -Infinity;
      for (let v = 0; v < V; v++) if (logits[r0 + v] > mx) mx = logits[r0 + v];
      const zt = logits[r0 + t];
      let s = 0;
      for (let v = 0; v < V; v++) { const e = Math.exp(logits[r0 + v] - mx); logits[r0 + v] = e; s += e; }
      const inv = 1 / s;
      // -ln p[t] = ln s - (z_t - max): finite where e_t / s underflows to 0
      loss += Math.log(s) - (zt - mx);
      for (let v = 0; v < V; v++) logits[r0 + v] *= inv * scale;
      logits[r0 + t] -= scale;
    }
    return loss;
  }

  softmax(N: number, V: number, logits: Arr, lOff: number, temperature: number): void {
    const invT = 1 / temperature;
    for (let n = 0; n < N; n++) {
      const r0 = lOff + n * V;
      let mx = -Infinity;
      for (let v = 0; v < V; v++) if (logits[r0 + v] > mx) mx = logits[r0 + v];
      let s = 0;
      for (let v = 0; v < V; v++) { const e = Math.exp((logits[r0 + v] - mx) * invT); logits[r0 + v] = e; s += e; }
      for (let v = 0; v < V; v++) logits[r0 + v] /= s;
    }
  }

  sumSquares(n: number, x: Arr, off: number): number {
    let s = 0;
    for (let j = off; j < off + n; j++) s += x[j] * x[j];
    return s;
  }

  streamSum(n: number, x: Arr, off: number): number {
    // the wasm kernel's order and float32 rounding: sums[j mod 32], combined pairwise
    const f = Math.fround, sums = new Float64Array(32), body = n & ~31;
    for (let j = 0; j < body; j++) sums[j & 31] = f(sums[j & 31] + x[off + j]);
    // eight four-lane vectors: ((0+1)+(2+3))+((4+5)+(6+7)), lane by lane, then the lanes likewise
    const lane = (l: number) => {
      const v = (i: number) => sums[i * 4 + l];
      return f(f(f(v(0) + v(1)) + f(v(2) + v(3))) + f(f(v(4) + v(5)) + f(v(6) + v(7))));
    };
    let s = f(f(lane(0) + lane(1)) + f(lane(2) + lane(3)));
    for (let j = body; j < n; j++) s = f(s + x[off + j]);
    return s;
  }

  scale(n: number, x: Arr, off: number, s: number): void {
    for (let j = off; j < off + n; j++) x[j] *= s;
  }

  clampAbs(n: number, x: Arr, off: number, v: number): void {
    for (let j = off; j < off + n; j++) x[j] = x[j] > v ? v : x[j] < -v ? -v : x[j];
  }

  adam(n: number, p: Arr, g: Arr, m: Arr, v: Arr, off: number, lr: number, b1: number, b2: number, eps: number, step: number): void {
    const bc1 = 1 - Math.pow(b1, step), bc2 = 1 - Math.pow(b2, step);
    const stepSize = lr / bc1, sq2 = Math.sqrt(bc2);
    for (let j = off; j < off + n; j++) {
      const gj = g[j];
      m[j] = b1 * m[j] + (1 - b1) * gj;
      v[j] = b2 * v[j] + (1 - b2) * gj * gj;
      // PyTorch: p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps)
      p[j] -= stepSize * m[j] / (Math.sqrt(v[j]) / sq2 + eps);
    }
  }
}

export const tsBackend: Backend = {
  name: 'ts',
  supports: () => true,
  create: (nFloats, nInts, dtype) => new TsKernels(nFloats, nInts, dtype),
};
