// Large matrix products split across worker threads that share the arena's memory
// (WebAssembly.Memory({ shared: true })). Each worker has its own instance of the same module and
// its own scratch, and computes a block of C's rows (or of its columns, when C has too few rows).
// The calling thread computes the first block and then waits on an Atomics counter, so the
// kernels stay synchronous.
import { Worker } from 'node:worker_threads';

/** one gemm call in the module's argument order: M, N, K, a, lda, transA, b, ldb, transB, c, ldc, accumulate */
export type GemmFn = (M: number, N: number, K: number, a: number, lda: number, transA: boolean,
  b: number, ldb: number, transB: boolean, c: number, ldc: number, accumulate: boolean) => void;
/** one gemmPanelsNT call: M, N, K, a, lda, p (packed W), c, ldc, accumulate */
export type PanelsFn = (M: number, N: number, K: number, a: number, lda: number, p: number, c: number, ldc: number, accumulate: boolean) => void;

// control block (Int32 words): job sequence, finished count, stop, failed; then 16 words per
// worker: its job's arguments, and in the last word which kernel (GEMM or PANELS)
const SEQ = 0, DONE = 1, STOP = 2, FAILED = 3, HEADER = 16, SLOT = 16, OP = SLOT - 1, GEMM = 0, PANELS = 1;
/** a worker that says nothing for this long is taken as dead (a whole window's products take far less) */
const TIMEOUT_MS = 60_000;

export const controlBytes = (workers: number) => 4 * (HEADER + SLOT * workers);

const WORKER_SOURCE = `
const { workerData: d } = require('node:worker_threads');
const x = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
x.setScratch(d.scratch);
const c = new Int32Array(d.memory.buffer, d.control, d.words), j = ${HEADER} + ${SLOT} * d.index;
for (let seq = 0; ;) {
  Atomics.wait(c, ${SEQ}, seq);
  seq = Atomics.load(c, ${SEQ});
  if (Atomics.load(c, ${STOP})) break;
  try {
    if (c[j] > 0 && c[j + ${OP}] === ${PANELS}) x.gemmPanelsNT(c[j], c[j + 1], c[j + 2], c[j + 3], c[j + 4], c[j + 5], c[j + 6], c[j + 7], c[j + 8]);
    else if (c[j] > 0) x.gemm(c[j], c[j + 1], c[j + 2], c[j + 3], c[j + 4], c[j + 5], c[j + 6], c[j + 7], c[j + 8], c[j + 9], c[j + 10], c[j + 11]);
  } catch {
    Atomics.store(c, ${FAILED}, 1);
  }
  Atomics.add(c, ${DONE}, 1);
  Atomics.notify(c, ${DONE});
}
`;

export class GemmPool {
  private readonly workers: Worker[] = [];
  private readonly ctl: Int32Array;

  /** scratch(w) is the scratch address of worker w (0-based); control is where the control block starts */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, nWorkers: number,
    scratch: (w: number) => number, control: number) {
    const words = controlBytes(nWorkers) / 4;
    this.ctl = new Int32Array(memory.buffer, control, words);
    for (let w = 0; w < nWorkers; w++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, scratch: scratch(w), control, words, index: w } });
      // idle workers must not keep the process alive
      worker.unref();
      this.workers.push(worker);
    }
  }

  /** C (+)= op(A) op(B) with the work split between the workers and this thread (run) */
  gemm(run: GemmFn, M: number, N: number, K: number, a: number, lda: number, transA: boolean,
    b: number, ldb: number, transB: boolean, c: number, ldc: number, accumulate: boolean): void {
    const ctl = this.ctl;
    // blocks of whole 4-row (or 8-column) tiles, so a split never adds edge tiles
    const split = this.split(M, N, 4, 8);
    if (!split) { run(M, N, K, a, lda, transA, b, ldb, transB, c, ldc, accumulate); return; }
    const { byRows, step } = split;
    for (let w = 0; w < this.workers.length; w++) {
      const j = HEADER + SLOT * w, lo = (w + 1) * step, hi = Math.min(byRows ? M : N, lo + step);
      if (lo >= hi) { ctl[j] = 0; continue; }
      // rows [lo, hi): op(A)'s rows and C's rows; columns [lo, hi): op(B)'s columns and C's columns
      const aw = byRows ? a + 4 * (transA ? lo : lo * lda) : a, bw = byRows ? b : b + 4 * (transB ? lo * ldb : lo);
      const cw = c + 4 * (byRows ? lo * ldc : lo);
      ctl.set([byRows ? hi - lo : M, byRows ? N : hi - lo, K, aw, lda, +transA, bw, ldb, +transB, cw, ldc, +accumulate], j);
      ctl[j + OP] = GEMM;
    }
    this.start();
    run(byRows ? Math.min(M, step) : M, byRows ? N : Math.min(N, step), K, a, lda, transA, b, ldb, transB, c, ldc, accumulate);
    this.finish();
  }

  /** C (+)= A W^T for W packed in panels (gemmPanelsNT), split like gemm: by pairs of rows, or
   *  by whole panels of four columns when C has too few rows */
  panels(run: PanelsFn, M: number, N: number, K: number, a: number, lda: number, p: number, c: number, ldc: number, accumulate: boolean): void {
    const ctl = this.ctl, K4 = 4 * Math.ceil(K / 4);
    const split = this.split(M, N, 2, 4);
    if (!split) { run(M, N, K, a, lda, p, c, ldc, accumulate); return; }
    const { byRows, step } = split;
    for (let w = 0; w < this.workers.length; w++) {
      const j = HEADER + SLOT * w, lo = (w + 1) * step, hi = Math.min(byRows ? M : N, lo + step);
      if (lo >= hi) { ctl[j] = 0; continue; }
      // rows [lo, hi) of A and C; or columns [lo, hi) of C, which are panels lo/4.. of W
      const aw = byRows ? a + 4 * lo * lda : a, pw = byRows ? p : p + 4 * lo * K4, cw = c + 4 * (byRows ? lo * ldc : lo);
      ctl.set([byRows ? hi - lo : M, byRows ? N : hi - lo, K, aw, lda, pw, cw, ldc, +accumulate], j);
      ctl[j + OP] = PANELS;
    }
    this.start();
    run(byRows ? Math.min(M, step) : M, byRows ? N : Math.min(N, step), K, a, lda, p, c, ldc, accumulate);
    this.finish();
  }

  /** How an [M,N] product is shared: C's rows, step per part in whole units of rowUnit; or,
   *  when C has too few rows, its columns in units of colUnit; undefined when too small to split. */
  private split(M: number, N: number, rowUnit: number, colUnit: number): { byRows: boolean; step: number } | undefined {
    const parts = this.workers.length + 1;
    if (M >= rowUnit * parts) return { byRows: true, step: Math.ceil(M / parts / rowUnit) * rowUnit };
    if (N >= colUnit * parts) return { byRows: false, step: Math.ceil(N / parts / colUnit) * colUnit };
    return undefined;
  }

  private start(): void {
    const ctl = this.ctl;
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, FAILED, 0);
    Atomics.add(ctl, SEQ, 1);
    Atomics.notify(ctl, SEQ);
  }

  /** waits for every worker's part */
  private finish(): void {
    const ctl = this.ctl;
    for (let done = Atomics.load(ctl, DONE); done < this.workers.length; done = Atomics.load(ctl, DONE)) {
      if (Atomics.wait(ctl, DONE, done, TIMEOUT_MS) === 'timed-out') throw new Error('wasm kernels: a worker thread stopped answering');
    }
    if (Atomics.load(ctl, FAILED)) throw new Error('wasm kernels: a worker thread failed in a matrix product');
  }

  dispose(): void {
    Atomics.store(this.ctl, STOP, 1);
    Atomics.add(this.ctl, SEQ, 1);
    Atomics.notify(this.ctl, SEQ);
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
  }
}
