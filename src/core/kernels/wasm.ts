// WebAssembly SIMD kernels (source in assembly/, compiled by scripts/build-wasm.mjs). Each
// create() owns one WebAssembly.Memory, sized once and never grown (growing would detach the
// engine's views): [64 KiB for the module's constants | floats | ints | gemm scratch per thread |
// thread control]. A view plus an element offset becomes a byte pointer into that memory.
// Float32 only. With threads > 1 the memory is shared and large products are split across
// worker threads (wasm-threads.ts). The kernels come in two builds, with relaxed SIMD (fused
// multiply-adds in the matrix kernels, an integer dot product in the int8 ones) and without; the
// first loads where the runtime validates it (Node 22 and later, VS Code's extension host, and the
// command line on Node 20, which switches it on: allowRelaxedSimd), the second elsewhere. Its int8
// kernels use a relaxed dot product only where a probe finds it exact (int8Path).
import { setFlagsFromString } from 'node:v8';
import { I8_MAX_K, type Arr, type Backend, type DType, type Kernels } from './types';
import { DOT_MODE, probeInt8, selectBuild, type GeneratedKernels, type Int8Path, type WasmVariant } from './wasm-build';
import { controlBytes, GemmPool } from './wasm-threads';

interface WasmExports {
  gemm(M: number, N: number, K: number, a: number, lda: number, transA: boolean,
    b: number, ldb: number, transB: boolean, c: number, ldc: number, accumulate: boolean): void;
  packPanels(N: number, K: number, w: number, ldw: number, transposed: boolean, out: number): void;
  gemmPanelsNT(M: number, N: number, K: number, a: number, lda: number, p: number, c: number, ldc: number, accumulate: boolean): void;
  packI8(N: number, K: number, w: number, ldw: number, out: number): void;
  gemmI8NT(M: number, N: number, K: number, a: number, lda: number, p: number, c: number, ldc: number, accumulate: boolean): void;
  setRelaxedDot(mode: number): void;
  scratchBytes(): number;
  setScratch(p: number): void;
  rnnCell(B: number, H: number, pre: number, h: number): void;
  rnnCellBackward(B: number, H: number, h: number, dh: number): void;
  lstmCell(B: number, H: number, gates: number, cPrev: number, c: number, tc: number, h: number): void;
  lstmCellBackward(B: number, H: number, gates: number, cPrev: number, tc: number, dh: number, dc: number, dgates: number): void;
  gruCell(B: number, H: number, gi: number, gh: number, hPrev: number, h: number): void;
  gruCellBackward(B: number, H: number, acts: number, gh: number, hPrev: number, dh: number, dgi: number, dgh: number, dhPrev: number): void;
  softmaxXent(N: number, V: number, logits: number, targets: number, scale: number): number;
  softmax(N: number, V: number, logits: number, temperature: number): void;
  addBias(M: number, N: number, c: number, bias: number): void;
  sumRows(M: number, N: number, a: number, out: number): void;
  embed(N: number, G: number, V: number, E: number, idx: number, out: number): void;
  embedBackward(N: number, G: number, V: number, dOut: number, idx: number, dE: number): void;
  sumSquares(n: number, x: number): number;
  streamSum(n: number, x: number): number;
  scale(n: number, x: number, s: number): void;
  clampAbs(n: number, x: number, v: number): void;
  adam(n: number, p: number, g: number, m: number, v: number,
    b1: number, c1: number, b2: number, c2: number, stepSize: number, sq2: number, eps: number): void;
}

/** a view that p() has checked carries its byte offset under the kernel set's symbol */
type Checked = Record<symbol, number | undefined>;

const PAGE = 65536;
/** the module's constant data lives below this (build-wasm.mjs builds with --initialMemory 1) */
const RESERVED = PAGE;
const MAX_PAGES = 65536;
const align16 = (n: number) => (n + 15) & ~15;

// the smallest module using a v128 instruction: tells "no SIMD here" apart from other failures
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
  10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

const MISSING = 'build/kernels-wasm.generated.js is missing (run `node scripts/build.mjs`)';

interface Modules {
  single: WebAssembly.Module; shared?: WebAssembly.Module; sharedBase64: string;
  /** 'relaxed-simd' where the runtime has relaxed SIMD (its fused multiply-add), else 'simd' */
  variant: WasmVariant;
  /** the dot product the int8 products use */
  int8: Int8Path;
}
export type { Int8Path, WasmVariant } from './wasm-build';
let modules: Modules | undefined;
let scratchBytes = 0;
let failure: string | undefined;

function load(): Modules | undefined {
  // a missing generated module is looked for again next time: a test run may build it first
  if (modules || (failure && failure !== MISSING)) return modules;
  try {
    if (typeof WebAssembly !== 'object') throw new Error('WebAssembly is not available');
    if (!WebAssembly.validate(SIMD_PROBE)) throw new Error('WebAssembly SIMD is not supported by this runtime');
    let generated: GeneratedKernels;
    try {
      generated = require('../../../build/kernels-wasm.generated.js') as typeof generated;
    } catch {
      throw new Error(MISSING);
    }
    failure = undefined;
    // the same kernels with fused multiply-adds, where this runtime validates relaxed SIMD
    const { variant, bytes, sharedBase64 } = selectBuild(generated);
    const single = new WebAssembly.Module(bytes);
    const probe = new WebAssembly.Instance(single, { env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 1 }) } });
    scratchBytes = (probe.exports as unknown as WasmExports).scratchBytes();
    modules = { single, sharedBase64, variant, int8: variant === 'relaxed-simd' ? probeInt8() : 'i16-dot' };
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
  }
  return modules;
}

/** the module whose memory import is shared, compiled on first use */
function sharedModule(m: Modules): WebAssembly.Module {
  m.shared ??= new WebAssembly.Module(Buffer.from(m.sharedBase64, 'base64'));
  return m.shared;
}

// products smaller than this many multiply-adds (~50 us) stay on one thread: a split costs a
// wake-up of tens of microseconds, so a batch-1 step is not split
const PARALLEL_MIN = 1 << 20;
// workers of kernel sets that were dropped without dispose() are stopped when collected
const orphans = new FinalizationRegistry<GemmPool>((pool) => pool.dispose());

/** which build of the kernels runs here: with relaxed SIMD's fused multiply-add (Node 22 and
 *  later, VS Code's extension host, the command line) or plain SIMD (a Node 20 process that did
 *  not switch it on); undefined when wasm cannot run */
export function wasmVariant(): WasmVariant | undefined {
  return load()?.variant;
}

/** how the int8 products multiply here; undefined when wasm cannot run */
export function int8Path(): Int8Path | undefined {
  return load()?.int8;
}

/** For a process of its own (the command line), before its first kernels load: Node 20's V8 has
 *  relaxed SIMD complete but behind a flag (shipped by default from the V8 of Node 21), so this
 *  switches it on and the build with fused multiply-adds loads there too. V8's flags belong to
 *  the whole process, so the extension leaves the extension host's alone. */
export function allowRelaxedSimd(): void {
  if (!modules && process.versions.node.split('.')[0] === '20') setFlagsFromString('--experimental-wasm-relaxed-simd');
}

/** why the wasm kernels cannot run here, or undefined when they can */
export function wasmUnavailableReason(): string | undefined {
  load();
  return failure;
}

export interface WasmOptions {
  /** threads for large matrix products (this one included); 1 (the default) starts none */
  threads?: number;
}

export class WasmKernels implements Kernels {
  readonly backend = 'wasm';
  readonly f: Float32Array;
  readonly i: Int32Array;
  readonly memory: WebAssembly.Memory;
  readonly threads: number;
  private readonly x: WasmExports;
  private readonly buf: ArrayBuffer | SharedArrayBuffer;
  private pool?: GemmPool;
  private readonly run: WasmExports['gemm'];
  private readonly checked = Symbol('byte offset in this kernel set\'s memory');

  constructor(m: Modules, nFloats: number, nInts: number, options: WasmOptions = {}) {
    if (!(Number.isInteger(nFloats) && nFloats >= 0 && Number.isInteger(nInts) && nInts >= 0)) {
      throw new RangeError(`wasm kernels: arena sizes must be non-negative integers, got ${nFloats} floats and ${nInts} ints`);
    }
    const threads = options.threads ?? 1;
    if (!(Number.isInteger(threads) && threads >= 1 && threads <= 64)) throw new RangeError(`wasm kernels: threads must be an integer in [1, 64], got ${threads}`);
    this.threads = threads;
    const fBase = RESERVED, iBase = align16(fBase + nFloats * 4), sBase = align16(iBase + nInts * 4);
    const cBase = sBase + threads * scratchBytes;
    const pages = Math.ceil((cBase + (threads > 1 ? controlBytes(threads - 1) : 0)) / PAGE);
    if (pages > MAX_PAGES) throw new RangeError(`wasm kernels: an arena of ${nFloats} floats and ${nInts} ints exceeds the 4 GiB of a WebAssembly memory`);
    const module = threads > 1 ? sharedModule(m) : m.single;
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: threads > 1 });
    this.x = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as WasmExports;
    this.x.setScratch(sBase);
    this.x.setRelaxedDot(DOT_MODE[m.int8]);
    this.run = this.x.gemm;
    this.buf = this.memory.buffer;
    this.f = new Float32Array(this.buf, fBase, nFloats);
    this.i = new Int32Array(this.buf, iBase, nInts);
    if (threads > 1) {
      this.pool = new GemmPool(module, this.memory, threads - 1, (w) => sBase + (w + 1) * scratchBytes, cBase);
      orphans.register(this, this.pool, this);
    }
  }

  /** stops the worker threads (if any); the kernels stay usable on this thread alone */
  dispose(): void {
    if (!this.pool) return;
    orphans.unregister(this);
    this.pool.dispose();
    this.pool = undefined;
  }

  /** byte address of a[off]; a must be a float32 or int32 view of this arena */
  private p(a: Arr | Int32Array, off: number): number {
    return ((a as unknown as Checked)[this.checked] ?? this.check(a)) + off * 4;
  }

  /** a's byte offset, once a is known to be a view of this arena; kept on a (not enumerable)
   *  under this kernel set's symbol, since reading a typed array's buffer and byteOffset costs
   *  Node 20 about 40 ns, and an inference step passes some thirty arrays */
  private check(a: Arr | Int32Array): number {
    if (a.buffer !== this.buf || a.BYTES_PER_ELEMENT !== 4) {
      throw new TypeError('wasm kernels: every array must be a view of this kernel set\'s arena (kernels.f or kernels.i), and float32');
    }
    Reflect.defineProperty(a, this.checked, { value: a.byteOffset });
    return a.byteOffset;
  }

  /** the wasm code reads memory at idx[n]: check the range here, with a clear message */
  private checkIndices(N: number, bound: number, idx: Int32Array, iOff: number, what: string, allowNegative: boolean): void {
    for (let n = iOff; n < iOff + N; n++) {
      const t = idx[n];
      if (t >= bound || (t < 0 && !allowNegative)) throw new RangeError(`wasm kernels: ${what}[${n - iOff}] = ${t} is outside [0, ${bound})`);
    }
  }

  gemm(M: number, N: number, K: number, A: Arr, aOff: number, transA: boolean,
    B: Arr, bOff: number, transB: boolean, C: Arr, cOff: number, accumulate: boolean): void {
    // contiguous row-major: A is [M,K] (lda K) or [K,M] (lda M), B is [K,N] (ldb N) or [N,K] (ldb K)
    const a = this.p(A, aOff), b = this.p(B, bOff), c = this.p(C, cOff), lda = transA ? M : K, ldb = transB ? K : N;
    if (this.pool && M * N * K >= PARALLEL_MIN) this.pool.gemm(this.run, M, N, K, a, lda, transA, b, ldb, transB, c, N, accumulate);
    else this.x.gemm(M, N, K, a, lda, transA, b, ldb, transB, c, N, accumulate);
  }

  packPanels(N: number, K: number, W: Arr, wOff: number, transposed: boolean, out: Arr, oOff: number): void {
    this.x.packPanels(N, K, this.p(W, wOff), transposed ? N : K, transposed, this.p(out, oOff));
  }

  gemmPanels(M: number, N: number, K: number, A: Arr, aOff: number, P: Arr, pOff: number, C: Arr, cOff: number, accumulate: boolean): void {
    const a = this.p(A, aOff), p = this.p(P, pOff), c = this.p(C, cOff);
    if (this.pool && M * N * K >= PARALLEL_MIN) this.pool.panels(this.x.gemmPanelsNT, M, N, K, a, K, p, c, N, accumulate);
    else this.x.gemmPanelsNT(M, N, K, a, K, p, c, N, accumulate);
  }

  packI8(N: number, K: number, W: Arr, wOff: number, out: Arr, oOff: number): void {
    this.x.packI8(N, K, this.p(W, wOff), K, this.p(out, oOff));
  }

  gemmI8(M: number, N: number, K: number, A: Arr, aOff: number, P: Arr, pOff: number, C: Arr, cOff: number, accumulate: boolean): void {
    // the codes of A's rows go to this thread's scratch, which holds 32 rows of at most I8_MAX_K
    if (K > I8_MAX_K) throw new RangeError(`int8 products take rows of at most ${I8_MAX_K}, got K = ${K}`);
    this.x.gemmI8NT(M, N, K, this.p(A, aOff), K, this.p(P, pOff), this.p(C, cOff), N, accumulate);
  }

  addBias(M: number, N: number, C: Arr, cOff: number, bias: Arr, bOff: number): void {
    this.x.addBias(M, N, this.p(C, cOff), this.p(bias, bOff));
  }

  sumRows(M: number, N: number, A: Arr, aOff: number, out: Arr, oOff: number): void {
    this.x.sumRows(M, N, this.p(A, aOff), this.p(out, oOff));
  }

  embed(N: number, G: number, V: number, E: Arr, eOff: number, idx: Int32Array, iOff: number, out: Arr, oOff: number): void {
    this.checkIndices(N, V, idx, iOff, 'idx', false);
    this.x.embed(N, G, V, this.p(E, eOff), this.p(idx, iOff), this.p(out, oOff));
  }

  embedBackward(N: number, G: number, V: number, dOut: Arr, dOff: number, idx: Int32Array, iOff: number, dE: Arr, eOff: number): void {
    this.checkIndices(N, V, idx, iOff, 'idx', false);
    this.x.embedBackward(N, G, V, this.p(dOut, dOff), this.p(idx, iOff), this.p(dE, eOff));
  }

  rnnCell(B: number, H: number, pre: Arr, pOff: number, h: Arr, hOff: number): void {
    this.x.rnnCell(B, H, this.p(pre, pOff), this.p(h, hOff));
  }

  rnnCellBackward(B: number, H: number, h: Arr, hOff: number, dh: Arr, dOff: number): void {
    this.x.rnnCellBackward(B, H, this.p(h, hOff), this.p(dh, dOff));
  }

  lstmCell(B: number, H: number, gates: Arr, gOff: number, cPrev: Arr, cpOff: number,
    c: Arr, cOff: number, tc: Arr, tcOff: number, h: Arr, hOff: number): void {
    this.x.lstmCell(B, H, this.p(gates, gOff), this.p(cPrev, cpOff), this.p(c, cOff), this.p(tc, tcOff), this.p(h, hOff));
  }

  lstmCellBackward(B: number, H: number, gates: Arr, gOff: number, cPrev: Arr, cpOff: number,
    tc: Arr, tcOff: number, dh: Arr, dhOff: number, dc: Arr, dcOff: number, dgates: Arr, dgOff: number): void {
    this.x.lstmCellBackward(B, H, this.p(gates, gOff), this.p(cPrev, cpOff), this.p(tc, tcOff),
      this.p(dh, dhOff), this.p(dc, dcOff), this.p(dgates, dgOff));
  }

  gruCell(B: number, H: number, gi: Arr, giOff: number, gh: Arr, ghOff: number,
    hPrev: Arr, hpOff: number, h: Arr, hOff: number): void {
    this.x.gruCell(B, H, this.p(gi, giOff), this.p(gh, ghOff), this.p(hPrev, hpOff), this.p(h, hOff));
  }

  gruCellBackward(B: number, H: number, acts: Arr, aOff: number, gh: Arr, ghOff: number,
    hPrev: Arr, hpOff: number, dh: Arr, dhOff: number,
    dgi: Arr, dgiOff: number, dgh: Arr, dghOff: number, dhPrev: Arr, dhpOff: number): void {
    this.x.gruCellBackward(B, H, this.p(acts, aOff), this.p(gh, ghOff), this.p(hPrev, hpOff), this.p(dh, dhOff),
      this.p(dgi, dgiOff), this.p(dgh, dghOff), this.p(dhPrev, dhpOff));
  }

  softmaxXent(N: number, V: number, logits: Arr, lOff: number, targets: Int32Array, tOff: number, scale: number): number {
    this.checkIndices(N, V, targets, tOff, 'targets', true);
    return this.x.softmaxXent(N, V, this.p(logits, lOff), this.p(targets, tOff), scale);
  }

  softmax(N: number, V: number, logits: Arr, lOff: number, temperature: number): void {
    this.x.softmax(N, V, this.p(logits, lOff), temperature);
  }

  sumSquares(n: number, x: Arr, off: number): number {
    return this.x.sumSquares(n, this.p(x, off));
  }

  streamSum(n: number, x: Arr, off: number): number {
    return this.x.streamSum(n, this.p(x, off));
  }

  scale(n: number, x: Arr, off: number, s: number): void {
    this.x.scale(n, this.p(x, off), s);
  }

  clampAbs(n: number, x: Arr, off: number, v: number): void {
    this.x.clampAbs(n, this.p(x, off), v);
  }

  adam(n: number, p: Arr, g: Arr, m: Arr, v: Arr, off: number, lr: number, b1: number, b2: number, eps: number, step: number): void {
    // bias corrections folded on the host, in double: stepSize = lr / (1 - b1^t), sq2 = sqrt(1 - b2^t)
    const stepSize = lr / (1 - Math.pow(b1, step)), sq2 = Math.sqrt(1 - Math.pow(b2, step));
    this.x.adam(n, this.p(p, off), this.p(g, off), this.p(m, off), this.p(v, off), b1, 1 - b1, b2, 1 - b2, stepSize, sq2, eps);
  }
}

export const wasmBackend: Backend & { create(nFloats: number, nInts: number, dtype: DType, options?: WasmOptions): WasmKernels } = {
  name: 'wasm',
  supports: (dtype: DType) => dtype === 'f32' && load() !== undefined,
  create(nFloats: number, nInts: number, dtype: DType, options?: WasmOptions): WasmKernels {
    if (dtype !== 'f32') throw new TypeError(`wasm kernels compute in float32 only (asked for ${dtype}); use the ts backend, e.g. getBackend('auto', '${dtype}')`);
    const m = load();
    if (!m) throw new Error(`wasm kernels unavailable: ${failure}`);
    return new WasmKernels(m, nFloats, nInts, options);
  },
};
