// A run's metrics kept compactly: one typed array per column, grown by doubling, so 100,000
// steps cost a few megabytes rather than 100,000 objects. Shared by the panel host (the run
// history it replays) and the webview (what it draws), which keeps both sides' numbers equal.
import type { EvalMetrics, StepMetrics } from '../core/metrics';
import { EVAL_COLUMNS, STEP_COLUMNS, type DhProfile, type EvalColumn, type Rows, type StepColumn } from './panelProtocol';

export type Kind = 'f64' | 'f32' | 'u8';
export type TypedColumn = Float64Array | Float32Array | Uint8Array;

const ARRAY: Record<Kind, new (n: number) => TypedColumn> = { f64: Float64Array, f32: Float32Array, u8: Uint8Array };

/** Counters need float64 (exact past 2^24); measurements fit float32's 7 digits. */
export const STEP_KINDS: Record<StepColumn, Kind> = {
  step: 'f64', epoch: 'f32', loss: 'f32', smoothLoss: 'f32', gradNorm: 'f32', clipped: 'u8',
  lr: 'f32', charsPerSec: 'f32', charsSeen: 'f64', elapsedMs: 'f64',
};
export const EVAL_KINDS: Record<EvalColumn, Kind> = { step: 'f64', charsSeen: 'f64', valBitsPerChar: 'f32' };

export class Table<K extends string> {
  length = 0;
  private cols: Record<K, TypedColumn>;

  constructor(readonly kinds: Record<K, Kind>, capacity = 256) {
    this.cols = {} as Record<K, TypedColumn>;
    for (const k of this.names) this.cols[k] = new ARRAY[kinds[k]](capacity);
  }

  get names(): K[] {
    return Object.keys(this.kinds) as K[];
  }

  /** A column's filled part (a view: valid until the next push). */
  col(k: K): TypedColumn {
    return this.cols[k].subarray(0, this.length);
  }

  get(k: K, i: number): number {
    return this.cols[k][i];
  }

  /** bytes held, for the memory bound */
  get bytes(): number {
    let n = 0;
    for (const k of this.names) n += this.cols[k].byteLength;
    return n;
  }

  private reserve(n: number): void {
    const cap = this.cols[this.names[0]].length;
    if (n <= cap) return;
    let next = Math.max(cap, 16);
    while (next < n) next *= 2;
    for (const k of this.names) {
      const grown = new ARRAY[this.kinds[k]](next);
      grown.set(this.cols[k].subarray(0, this.length));
      this.cols[k] = grown;
    }
  }

  push(row: Record<K, number>): void {
    this.reserve(this.length + 1);
    for (const k of this.names) this.cols[k][this.length] = row[k];
    this.length++;
  }

  /** Replaces the table from row `from` on with `rows` (a replay overlaps, a resumed run
   *  truncates); a gap after the rows held is an error. */
  append(rows: Rows<K>): void {
    if (rows.from > this.length) throw new Error(`rows start at ${rows.from} but only ${this.length} are held`);
    const n = rows[this.names[0]].length;
    this.reserve(rows.from + n);
    for (const k of this.names) {
      const src = rows[k], dst = this.cols[k];
      for (let i = 0; i < n; i++) dst[rows.from + i] = src[i];
    }
    this.length = rows.from + n;
  }

  /** Keeps the first n rows. */
  truncate(n: number): void {
    this.length = Math.min(this.length, Math.max(0, n));
  }

  /** The filled columns as one object of typed arrays (views). */
  columns(): Record<K, TypedColumn> {
    const out = {} as Record<K, TypedColumn>;
    for (const k of this.names) out[k] = this.col(k);
    return out;
  }

  /** Rebuilds a table from columns of equal length (copies them). */
  static from<K extends string>(kinds: Record<K, Kind>, cols: Record<K, ArrayLike<number>>): Table<K> {
    const names = Object.keys(kinds) as K[];
    const n = cols[names[0]].length;
    const t = new Table(kinds, Math.max(16, n));
    for (const k of names) {
      if (cols[k].length !== n) throw new Error(`column ${k} has ${cols[k].length} rows, not ${n}`);
      t.cols[k].set(cols[k]);
    }
    t.length = n;
    return t;
  }

  /** Rows [from, to) as plain arrays, the form messages carry. */
  rows(from = 0, to = this.length): Rows<K> {
    const out = { from } as Rows<K>;
    for (const k of this.names) (out as Record<K, number[]>)[k] = Array.from(this.cols[k].subarray(from, to));
    return out;
  }

  clear(): void {
    this.length = 0;
  }
}

export const stepTable = (capacity?: number) => new Table<StepColumn>(STEP_KINDS, capacity);
export const evalTable = (capacity?: number) => new Table<EvalColumn>(EVAL_KINDS, capacity);

export function stepRow(m: StepMetrics): Record<StepColumn, number> {
  const row = {} as Record<StepColumn, number>;
  for (const k of STEP_COLUMNS) row[k] = k === 'clipped' ? (m.clipped ? 1 : 0) : m[k];
  return row;
}

export function evalRow(m: EvalMetrics): Record<EvalColumn, number> {
  const row = {} as Record<EvalColumn, number>;
  for (const k of EVAL_COLUMNS) row[k] = m[k];
  return row;
}

/** weight of the newest step in the running mean of ||dL/dh_t|| */
export const DH_MEAN_RATE = 0.05;

/** The latest ||dL/dh_t|| profile and its exponential running mean over steps. */
export class DhTracker {
  private latest = new Float64Array(0);
  private mean = new Float64Array(0);

  add(norms: ArrayLike<number>): void {
    // a new window length (a resumed run with another seq) restarts the mean
    if (norms.length !== this.mean.length) {
      this.latest = new Float64Array(norms.length);
      this.mean = Float64Array.from(norms);
    }
    for (let t = 0; t < norms.length; t++) {
      this.latest[t] = norms[t];
      // mean_t <- (1 - a) mean_t + a |dh_t|
      this.mean[t] += DH_MEAN_RATE * (norms[t] - this.mean[t]);
    }
  }

  profile(): DhProfile | null {
    return this.latest.length ? { latest: Array.from(this.latest), mean: Array.from(this.mean) } : null;
  }

  reset(): void {
    this.latest = new Float64Array(0);
    this.mean = new Float64Array(0);
  }
}
