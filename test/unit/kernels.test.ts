// Every kernel of every fast backend against the TypeScript reference in float32: random shapes
// with odd sizes, nonzero (unaligned) offsets, all-zero inputs and NaN inputs. The whole arena is
// compared after each call, so a kernel that writes outside its output is caught too.
// Tolerance: |a - b| <= 1e-5 max(1, |b|) per element (b from the reference): float32 sums of up
// to ~100 terms of size ~1 in a different order differ by far less than that (longer sums: see
// gemmCase's exact inputs). The int8 kernels sum integers, so they must give the reference's bits.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tsBackend } from '../../src/core/kernels/ts';
import { wasmBackend, wasmUnavailableReason, wasmVariant } from '../../src/core/kernels/wasm';
import { getBackend } from '../../src/core/kernels';
import { i8Size, panelsSize, type Backend, type Kernels } from '../../src/core/kernels/types';
import { Rng } from '../../src/core/rng';
import { Net } from '../../src/core/net';
import type { CellType } from '../../src/core/config';

const TOL = 1e-5;
const SIZES = [1, 3, 5, 7, 13, 17, 33, 65];
// the TypeScript backend is the reference itself, so only the fast backends are listed; with
// threads, products of at least 2^20 multiply-adds are split across a worker thread
const threaded: Backend = { name: 'wasm', supports: wasmBackend.supports, create: (nf, ni, dt) => wasmBackend.create(nf, ni, dt, { threads: 2 }) };
const BACKENDS: { name: string; backend: Backend }[] = [
  { name: 'wasm', backend: wasmBackend },
  { name: 'wasm, 2 threads', backend: threaded },
];

// The wasm module is generated from assembly/ (never committed). Build it now, while mocha loads
// the test files, if it is missing or stale: a module loaded later would not be reloaded.
execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'build-wasm.mjs')], { stdio: 'inherit' });

type Mode = 'random' | 'zeros' | 'nan';
interface Case {
  name: string;
  /** float regions in arena order, with their sizes; a gap of 1-3 floats precedes each */
  floats: Record<string, number>;
  ints?: Record<string, number>;
  /** regions a NaN may be put into */
  inputs: string[];
  value?: (region: string, rng: Rng) => number;
  int?: (region: string, rng: Rng) => number;
  run: (k: Kernels, at: Record<string, number>) => number | void;
  /** the arena must hold the reference's bits (NaN for NaN) */
  exact?: boolean;
}

function close(a: number, b: number): boolean {
  return (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= TOL * Math.max(1, Math.abs(b));
}

/** shared: a kernel set at least as large as the case needs, reused (one worker pool for all) */
function check(backend: Backend, c: Case, mode: Mode, seed: number, shared?: Kernels): void {
  const rng = new Rng(seed), at: Record<string, number> = {}, iat: Record<string, number> = {};
  let nf = 0, ni = 0;
  for (const [r, n] of Object.entries(c.floats)) { nf += 1 + rng.int(3); at[r] = nf; nf += n; }
  for (const [r, n] of Object.entries(c.ints ?? {})) { ni += 1 + rng.int(3); iat[r] = ni; ni += n; }
  const ref = tsBackend.create(nf + 2, ni + 2, 'f32'), k = shared ?? backend.create(nf + 2, ni + 2, 'f32');
  for (const [r, n] of Object.entries(c.floats)) {
    for (let j = 0; j < n; j++) ref.f[at[r] + j] = mode === 'zeros' ? 0 : c.value ? c.value(r, rng) : rng.uniform(-1, 1);
  }
  for (const [r, n] of Object.entries(c.ints ?? {})) for (let j = 0; j < n; j++) ref.i[iat[r] + j] = c.int!(r, rng);
  if (mode === 'nan') {
    const r = c.inputs[rng.int(c.inputs.length)];
    for (let q = 0; q < 2; q++) ref.f[at[r] + rng.int(c.floats[r])] = NaN;
  }
  k.f.set(ref.f); k.i.set(ref.i);
  const all = { ...at, ...Object.fromEntries(Object.entries(iat).map(([r, o]) => [`i.${r}`, o])) };
  const want = c.run(ref, all), got = c.run(k, all);
  const where = `${c.name} (${mode}, seed ${seed})`;
  if (typeof want === 'number') assert.ok(close(got as number, want), `${where}: returned ${got}, reference ${want}`);
  const bits = new Uint32Array(k.f.buffer, k.f.byteOffset, ref.f.length), refBits = new Uint32Array(ref.f.buffer, ref.f.byteOffset, ref.f.length);
  const same = c.exact ? (j: number) => bits[j] === refBits[j] || (Number.isNaN(k.f[j]) && Number.isNaN(ref.f[j])) : (j: number) => close(k.f[j], ref.f[j]);
  for (let j = 0; j < ref.f.length; j++) {
    if (!same(j)) {
      const r = Object.keys(at).filter((q) => at[q] <= j).pop() ?? '-';
      assert.fail(`${where}: f[${j}] (${r}[${j - (at[r] ?? 0)}]) = ${k.f[j]}, reference ${ref.f[j]}`);
    }
  }
  assert.deepEqual(k.i.subarray(0, ref.i.length), ref.i, `${where}: the int arena changed`);
}

// exact: entries are nonzero multiples of 1/8 in [-1, 1], so every partial sum of up to 2^18
// terms is a float32 and any summation order gives the exact product: long sums are checked
// exactly, where real values would differ by float32 rounding (~sqrt(K) ulp of the partial sums).
// Nonzero, because the reference skips a zero entry of A, so 0 * NaN counts as 0 there.
function gemmCase(M: number, N: number, K: number, tA: boolean, tB: boolean, acc: boolean, exact = false): Case {
  return {
    name: `gemm M=${M} N=${N} K=${K} ${tA ? 'T' : 'N'}${tB ? 'T' : 'N'}${acc ? ' accumulate' : ''}`,
    floats: { A: M * K, B: K * N, C: M * N }, inputs: acc ? ['A', 'B', 'C'] : ['A', 'B'],
    value: exact ? (_r, g) => ((g.int(8) + 1) / 8) * (g.next() < 0.5 ? -1 : 1) : undefined,
    run: (k, at) => k.gemm(M, N, K, k.f, at.A, tA, k.f, at.B, tB, k.f, at.C, acc),
  };
}

// packPanels then gemmPanels: the panels region is compared too, so the packed layout (padding
// included) must be the reference's
function panelsCase(M: number, N: number, K: number, transposed: boolean, acc: boolean, exact = false): Case {
  return {
    name: `panels M=${M} N=${N} K=${K}${transposed ? ' transposed' : ''}${acc ? ' accumulate' : ''}`,
    floats: { W: N * K, P: panelsSize(N, K), A: M * K, C: M * N }, inputs: acc ? ['W', 'A', 'C'] : ['W', 'A'],
    value: exact ? (_r, g) => ((g.int(8) + 1) / 8) * (g.next() < 0.5 ? -1 : 1) : undefined,
    run: (k, at) => {
      k.packPanels(N, K, k.f, at.W, transposed, k.f, at.P);
      k.gemmPanels(M, N, K, k.f, at.A, k.f, at.P, k.f, at.C, acc);
    },
  };
}

// packI8 then gemmI8: the packed bytes, scales and sums are compared too. Inputs up to +-4 in
// random mode: scales of all sizes
function i8Case(M: number, N: number, K: number, acc: boolean): Case {
  return {
    name: `int8 M=${M} N=${N} K=${K}${acc ? ' accumulate' : ''}`,
    floats: { W: N * K, P: i8Size(N, K), A: M * K, C: M * N }, inputs: acc ? ['W', 'A', 'C'] : ['W', 'A'], exact: true,
    value: (r, g) => (r === 'P' ? g.uniform(-1, 1) : g.uniform(-1, 1) * 4 ** g.uniform(-1, 1)),
    run: (k, at) => {
      k.packI8(N, K, k.f, at.W, k.f, at.P);
      k.gemmI8(M, N, K, k.f, at.A, k.f, at.P, k.f, at.C, acc);
    },
  };
}

function cases(rng: Rng): Case[] {
  const pick = () => SIZES[rng.int(SIZES.length)];
  const out: Case[] = [];
  for (const tA of [false, true]) for (const tB of [false, true]) for (const acc of [false, true]) {
    for (let q = 0; q < 10; q++) out.push(gemmCase(pick(), pick(), pick(), tA, tB, acc));
    // single-row products, and shapes that cross every blocking boundary of the wasm gemm
    out.push(gemmCase(1, pick(), pick(), tA, tB, acc), gemmCase(1, 96, 67, tA, tB, acc));
    // large enough to be split across threads: by rows, and by columns when rows are few
    out.push(gemmCase(1, 2001, 525, tA, tB, acc, true), gemmCase(3, 4001, 93, tA, tB, acc, true));
    out.push(gemmCase(67, 521, 263, tA, tB, acc, true), gemmCase(130, 37, 517, tA, tB, acc, true), gemmCase(3, 5, 0, tA, tB, acc));
  }
  for (const tr of [false, true]) for (const acc of [false, true]) {
    for (let q = 0; q < 8; q++) out.push(panelsCase(pick(), pick(), pick(), tr, acc));
    out.push(panelsCase(1, pick(), pick(), tr, acc), panelsCase(2, 9, 6, tr, acc));
    // split across threads: by columns (whole panels) when rows are few, else by pairs of rows
    out.push(panelsCase(1, 2001, 525, tr, acc, true), panelsCase(3, 4001, 93, tr, acc, true), panelsCase(67, 521, 263, tr, acc, true));
  }
  for (const acc of [false, true]) {
    for (let q = 0; q < 8; q++) out.push(i8Case(pick(), pick(), pick(), acc));
    // one stream and a few candidates through an LSTM 2x256's matrices, a window of 70 steps
    // (more rows than one pass of the wasm kernel quantizes), a head of 96 classes
    out.push(i8Case(1, 1024, 256, acc), i8Case(3, 1024, 256, acc), i8Case(70, 96, 256, acc), i8Case(2, 17, 1, acc), i8Case(5, 33, 0, acc));
  }
  const gate = (r: string, g: Rng) => (r === 'pre' ? g.uniform(-12, 12) : g.uniform(-1, 1));
  for (let q = 0; q < 8; q++) {
    const B = [1, 3, 5][q % 3], H = pick(), V = pick(), G = pick(), N = pick();
    out.push(
      { name: `rnnCell B=${B} H=${H}`, floats: { pre: B * H, h: B * H }, inputs: ['pre'], value: gate,
        run: (k, a) => k.rnnCell(B, H, k.f, a.pre, k.f, a.h) },
      { name: `rnnCellBackward B=${B} H=${H}`, floats: { h: B * H, dh: B * H }, inputs: ['h', 'dh'],
        run: (k, a) => k.rnnCellBackward(B, H, k.f, a.h, k.f, a.dh) },
      { name: `lstmCell B=${B} H=${H}`, floats: { pre: 4 * B * H, cp: B * H, c: B * H, tc: B * H, h: B * H }, inputs: ['pre', 'cp'],
        value: gate, run: (k, a) => k.lstmCell(B, H, k.f, a.pre, k.f, a.cp, k.f, a.c, k.f, a.tc, k.f, a.h) },
      { name: `lstmCellBackward B=${B} H=${H}`, floats: { g: 4 * B * H, cp: B * H, tc: B * H, dh: B * H, dc: B * H, dg: 4 * B * H },
        inputs: ['g', 'cp', 'tc', 'dh', 'dc'],
        run: (k, a) => k.lstmCellBackward(B, H, k.f, a.g, k.f, a.cp, k.f, a.tc, k.f, a.dh, k.f, a.dc, k.f, a.dg) },
      { name: `gruCell B=${B} H=${H}`, floats: { pre: 3 * B * H, gh: 3 * B * H, hp: B * H, h: B * H }, inputs: ['pre', 'gh', 'hp'],
        value: gate, run: (k, a) => k.gruCell(B, H, k.f, a.pre, k.f, a.gh, k.f, a.hp, k.f, a.h) },
      { name: `gruCellBackward B=${B} H=${H}`, floats: { acts: 3 * B * H, gh: 3 * B * H, hp: B * H, dh: B * H, dgi: 3 * B * H, dgh: 3 * B * H, dhp: B * H },
        inputs: ['acts', 'gh', 'hp', 'dh'],
        run: (k, a) => k.gruCellBackward(B, H, k.f, a.acts, k.f, a.gh, k.f, a.hp, k.f, a.dh, k.f, a.dgi, k.f, a.dgh, k.f, a.dhp) },
      { name: `softmaxXent N=${N} V=${V}`, floats: { l: N * V }, ints: { t: N }, inputs: ['l'],
        value: (_r, g) => g.uniform(-8, 8), int: (_r, g) => g.int(V + 1) - 1,
        run: (k, a) => k.softmaxXent(N, V, k.f, a.l, k.i, a['i.t'], 1 / (q + 1)) },
      { name: `softmax N=${N} V=${V}`, floats: { l: N * V }, inputs: ['l'], value: (_r, g) => g.uniform(-8, 8),
        run: (k, a) => k.softmax(N, V, k.f, a.l, [0.5, 1, 1.7][q % 3]) },
      { name: `addBias M=${N} N=${V}`, floats: { c: N * V, b: V }, inputs: ['c', 'b'], run: (k, a) => k.addBias(N, V, k.f, a.c, k.f, a.b) },
      { name: `sumRows M=${N} N=${V}`, floats: { a: N * V, o: V }, inputs: ['a', 'o'], run: (k, a) => k.sumRows(N, V, k.f, a.a, k.f, a.o) },
      { name: `embed N=${N} G=${G} V=${V}`, floats: { w: G * V, o: N * G }, ints: { x: N }, inputs: ['w'], int: (_r, g) => g.int(V),
        run: (k, a) => k.embed(N, G, V, k.f, a.w, k.i, a['i.x'], k.f, a.o) },
      { name: `embedBackward N=${N} G=${G} V=${V}`, floats: { d: N * G, w: G * V }, ints: { x: N }, inputs: ['d', 'w'],
        int: (_r, g) => g.int(V), run: (k, a) => k.embedBackward(N, G, V, k.f, a.d, k.i, a['i.x'], k.f, a.w) },
      { name: `sumSquares n=${N * V}`, floats: { x: N * V }, inputs: ['x'], run: (k, a) => k.sumSquares(N * V, k.f, a.x) },
      { name: `streamSum n=${N * V}`, floats: { x: N * V }, inputs: ['x'], run: (k, a) => k.streamSum(N * V, k.f, a.x) },
      { name: `scale n=${N * V}`, floats: { x: N * V }, inputs: ['x'], run: (k, a) => k.scale(N * V, k.f, a.x, -0.37) },
      { name: `clampAbs n=${N * V}`, floats: { x: N * V }, inputs: ['x'], value: (_r, g) => g.uniform(-3, 3),
        run: (k, a) => k.clampAbs(N * V, k.f, a.x, 1.25) },
      { name: `adam n=${G * V}`, floats: { p: G * V, g: G * V, m: G * V, v: G * V }, inputs: ['p', 'g', 'm'],
        value: (r, g) => (r === 'v' ? g.uniform(0, 0.01) : g.uniform(-0.1, 0.1)),
        run: (k, a) => {
          // four arrays at one offset: views that start one float before each region
          const [p, g, m, v] = [a.p, a.g, a.m, a.v].map((o) => k.f.subarray(o - 1));
          for (let s = 1; s <= 3; s++) k.adam(G * V, p, g, m, v, 1, 2e-3, 0.9, 0.999, 1e-8, s + q);
        } },
    );
  }
  return out;
}

for (const { name, backend } of BACKENDS) {
  describe(`kernels: ${name} against the TypeScript reference (float32)`, () => {
    it('is available here', () => {
      assert.equal(wasmUnavailableReason(), undefined);
      assert.equal(getBackend('auto').name, backend.name);
    });

    let shared: Kernels | undefined;
    before(() => { shared = backend.create(1 << 22, 1 << 12, 'f32'); });
    after(() => (shared as { dispose?: () => void } | undefined)?.dispose?.());

    for (const mode of ['random', 'zeros', 'nan'] as Mode[]) {
      it(`every kernel, random odd shapes, ${mode} inputs`, () => {
        const all = cases(new Rng(mode.length));
        all.forEach((c, q) => check(backend, c, mode, 1000 * mode.length + q, shared));
      });
    }

    it('tanh and sigmoid stay within 3e-7 relative (5 float32 ulp) of Math.tanh and the exact sigmoid', () => {
      const n = 40001, k = backend.create(6 * n, 0, 'f32');
      const x = Float32Array.from({ length: n }, (_, j) => (j - 20000) / 1000 + 1e-4);
      // rnnCell gives tanh over [0, n); lstmCell's input gate gives σ over [n, 2n)
      k.f.set(x, 0); k.rnnCell(1, n, k.f, 0, k.f, 5 * n);
      k.f.set(x, n); k.lstmCell(1, n, k.f, n, k.f, 5 * n, k.f, 5 * n, k.f, 5 * n, k.f, 5 * n);
      let worst = 0, at = '';
      for (let j = 0; j < n; j++) {
        const t = Math.tanh(x[j]), s = 1 / (1 + Math.exp(-x[j]));
        const et = Math.abs(k.f[j] - t) / Math.abs(t), es = Math.abs(k.f[n + j] - s) / s;
        if (et > worst) { worst = et; at = `tanh(${x[j]})`; }
        if (es > worst) { worst = es; at = `sigmoid(${x[j]})`; }
      }
      assert.ok(worst < 3e-7, `worst relative error ${worst} at ${at}`);
    });

    it('softmaxXent stays finite where the target\'s probability underflows float32, as the reference does', () => {
      // -ln p[t] = ln s - (z_t - max): 300 nats here; -ln(e_t / s) gives ln 0 = -Infinity
      const rows = [[0, -200, 50, 100, 1], [1e30, -1e30, 0, 0, 0]], targets = [1, 1];
      const want = [300 + Math.log(1 + Math.exp(-50) + 2 * Math.exp(-100)), 2e30];
      for (const k of [backend.create(16, 4, 'f32'), tsBackend.create(16, 4, 'f32')]) {
        rows.forEach((r, n) => k.f.set(r, 5 * n));
        k.i.set(targets);
        const loss = k.softmaxXent(2, 5, k.f, 0, k.i, 0, 1);
        assert.ok(Math.abs(loss - (want[0] + want[1])) <= 1e-6 * want[1], `loss ${loss}`);
        assert.ok(k.f.subarray(0, 10).every(Number.isFinite));
        assert.equal(k.f[1], -1);
      }
    });

    it('rejects arrays from elsewhere, out-of-range indices and float64', () => {
      const k = backend.create(16, 4, 'f32');
      assert.throws(() => k.scale(4, new Float32Array(4), 0, 2), /view of this kernel set's arena/);
      k.i[0] = 7;
      assert.throws(() => k.embed(1, 2, 5, k.f, 0, k.i, 0, k.f, 10), /idx\[0\] = 7 is outside \[0, 5\)/);
      assert.throws(() => backend.create(4, 0, 'f64'), /float32 only/);
      assert.equal(backend.supports('f64'), false);
      assert.equal(getBackend('auto', 'f64'), tsBackend);
    });

    it('a view one kernel set has used is still refused by another, and compares as a plain array', () => {
      const a = backend.create(16, 0, 'f32'), b = backend.create(16, 0, 'f32');
      const v = a.f.subarray(4, 8);
      v.set([1, 2, 3, 4]);
      a.scale(4, v, 0, 2);
      a.scale(4, v, 0, 2);
      assert.deepStrictEqual(Array.from(a.f.subarray(4, 8)), [4, 8, 12, 16]);
      // the same offsets in b's arena would be a valid address: only the check keeps them apart
      assert.throws(() => b.scale(4, v, 0, 2), /view of this kernel set's arena/);
      assert.deepStrictEqual(Array.from(b.f.subarray(4, 8)), [0, 0, 0, 0]);
      assert.deepStrictEqual(v, new Float32Array([4, 8, 12, 16]));
      assert.deepStrictEqual(Object.keys(v), ['0', '1', '2', '3']);
    });

    for (const cell of ['rnn', 'lstm', 'gru'] as CellType[]) {
      it(`a 2-layer ${cell}: loss and every gradient match the reference over two windows`, () => {
        const make = (b: Backend) => {
          const net = new Net({ cell, layers: 2, hidden: 13, vocabSize: 11, batch: 3, seq: 6, backend: b });
          net.initParams(5);
          const rng = new Rng(9);
          for (let j = 0; j < 18; j++) { net.inputs[j] = rng.int(11); net.targets[j] = j === 4 ? -1 : rng.int(11); }
          return net;
        };
        const ref = make(tsBackend), net = make(backend);
        for (let w = 0; w < 2; w++) {
          const a = net.lossAndGrad(6, true), b = ref.lossAndGrad(6, true);
          assert.ok(close(a.nats, b.nats), `window ${w}: loss ${a.nats}, reference ${b.nats}`);
          // per tensor, relative to its largest gradient: tiny entries are sums that cancel
          for (const s of ref.specs) {
            let scale = 0, err = 0;
            for (let j = s.offset; j < s.offset + s.size; j++) {
              scale = Math.max(scale, Math.abs(ref.grads[j]));
              err = Math.max(err, Math.abs(net.grads[j] - ref.grads[j]));
            }
            assert.ok(err <= TOL * scale, `window ${w}: ${s.name} differs by ${err}, largest gradient ${scale}`);
          }
        }
      });
    }
  });
}

// The kernels are built twice: with relaxed SIMD's fused multiply-add (Node 22 and later, VS
// Code's extension host) and without (Node 20). This process tests the build its runtime loads;
// on a runtime without relaxed SIMD, a second Node with it switched on runs the suite above on
// the other build.
describe('kernels: both WebAssembly builds', () => {
  const child = process.env.CHAR_RNN_KERNELS_CHILD === '1';

  it('loads the relaxed-SIMD build exactly where the runtime validates relaxed SIMD', () => {
    // f32x4.relaxed_madd in the smallest module: (func (param v128 v128 v128) (result v128) ...)
    const probe = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0,
      10, 13, 1, 11, 0, 32, 0, 32, 1, 32, 2, 253, 133, 2, 11]);
    assert.equal(wasmVariant(), WebAssembly.validate(probe) ? 'relaxed-simd' : 'simd');
    if (child) assert.equal(wasmVariant(), 'relaxed-simd');
  });

  it('the relaxed-SIMD build passes the same comparison with the reference', function () {
    if (child || wasmVariant() === 'relaxed-simd') this.skip();
    const mocha = join(__dirname, '..', '..', 'node_modules', 'mocha', 'bin', 'mocha.js');
    // mocha starts its own Node with the -n options
    const out = execFileSync(process.execPath, [mocha, '--no-config', '-n', 'import=tsx', '-n', 'experimental-wasm-relaxed-simd',
      '--timeout', '120000', '--reporter', 'dot', __filename], { encoding: 'utf8', env: { ...process.env, CHAR_RNN_KERNELS_CHILD: '1' } });
    assert.match(out, /\d+ passing/);
    assert.doesNotMatch(out, /failing/);
  });
});

