// The arrays each chart draws, built from the stored tables for the visible x range and thinned
// to the chart's width (decimateIndices). Pure: tested in plain Node.
import { decimateIndices, gather, lowerBound, upperBound } from '../src/shared/decimate';
import type { DhProfile, EvalColumn, RunCurve, StepColumn } from '../src/shared/panelProtocol';
import type { Table } from '../src/shared/series';

export type XAxis = 'step' | 'chars';
/** [lo, hi] of x shown, or null for everything */
export type Range = readonly [number, number] | null;
/** x values, then one array per series, all the same length (uPlot's aligned data) */
export type Columns = (number | null)[][];

export interface Sources {
  steps: Table<StepColumn>;
  evals: Table<EvalColumn>;
}

const xColumn = (x: XAxis) => (x === 'step' ? 'step' : 'charsSeen');
const toBits = 1 / Math.LN2;

/** Rows [from, to) of an ascending column that fall in the range. */
export function rowsIn(x: ArrayLike<number>, range: Range): [number, number] {
  if (!range) return [0, x.length];
  return [lowerBound(x, range[0]), upperBound(x, range[1])];
}

/**
 * Adds a sparse series (at its own x values) to aligned columns: where an x matches a row, the
 * value joins that row; otherwise a row is inserted with gaps in the other series.
 */
export function mergeSparse(cols: Columns, sx: ArrayLike<number>, sy: ArrayLike<number | null>): Columns {
  const [x, ...ys] = cols;
  const out: Columns = [[], ...ys.map(() => []), []];
  let i = 0, j = 0;
  while (i < x.length || j < sx.length) {
    const xi = i < x.length ? (x[i] as number) : Infinity, xj = j < sx.length ? sx[j] : Infinity;
    if (xi <= xj) {
      out[0].push(xi);
      ys.forEach((y, s) => out[s + 1].push(y[i]));
      out[ys.length + 1].push(xi === xj ? sy[j++] : null);
      i++;
    } else {
      out[0].push(xj);
      ys.forEach((_, s) => out[s + 1].push(null));
      out[ys.length + 1].push(sy[j++]);
    }
  }
  return out;
}

/** Chart 1: training loss per step (raw and smoothed) and validation, all in bits per char. */
export function lossColumns(src: Sources, xAxis: XAxis, range: Range, buckets: number): Columns {
  const s = src.steps, x = s.col(xColumn(xAxis));
  const [from, to] = rowsIn(x, range);
  const idx = decimateIndices(x, [s.col('loss'), s.col('smoothLoss')], from, to, buckets);
  const cols: Columns = [gather(x, idx), gather(s.col('loss'), idx, false, toBits), gather(s.col('smoothLoss'), idx, false, toBits)];
  const ex = src.evals.col(xColumn(xAxis));
  const [ef, et] = rowsIn(ex, range);
  const eIdx = Int32Array.from({ length: et - ef }, (_, k) => ef + k);
  return mergeSparse(cols, ex.subarray(ef, et), gather(src.evals.col('valBitsPerChar'), eIdx));
}

/** Chart 2: gradient norm before clipping (log scale), the clipping threshold, clipped steps. */
export function gradColumns(src: Sources, xAxis: XAxis, range: Range, buckets: number, clip: number): Columns {
  const s = src.steps, x = s.col(xColumn(xAxis));
  const [from, to] = rowsIn(x, range);
  const idx = decimateIndices(x, [s.col('gradNorm')], from, to, buckets);
  const norm = gather(s.col('gradNorm'), idx, true);
  // a bucket keeps its largest norm, so a bucket with a clipped step shows one
  const clipped = s.col('clipped');
  const marks = Array.from(idx, (i, k) => (clipped[i] ? norm[k] : null));
  const line = Array.from(idx, () => (clip > 0 ? clip : null));
  return [gather(x, idx), norm, line, marks];
}

/** Chart 4: characters per second and learning rate. */
export function rateColumns(src: Sources, xAxis: XAxis, range: Range, buckets: number): Columns {
  const s = src.steps, x = s.col(xColumn(xAxis));
  const [from, to] = rowsIn(x, range);
  const idx = decimateIndices(x, [s.col('charsPerSec'), s.col('lr')], from, to, buckets);
  return [gather(x, idx), gather(s.col('charsPerSec'), idx), gather(s.col('lr'), idx)];
}

/** Chart 3: ||dL/dh_t|| over the BPTT window, latest and running mean (log scale: v > 0). */
export function dhColumns(dh: DhProfile | null): Columns {
  if (!dh) return [[], [], []];
  const positive = (v: number) => (Number.isFinite(v) && v > 0 ? v : null);
  return [dh.latest.map((_, t) => t), dh.latest.map(positive), dh.mean.map(positive)];
}

/** Run overlay: each run's smoothed and validation bits/char on one shared x. */
export function overlayColumns(curves: readonly RunCurve[], xAxis: XAxis): Columns {
  const parts: { x: number[]; y: number[] }[] = [];
  for (const c of curves) {
    parts.push({ x: xAxis === 'step' ? c.step : c.charsSeen, y: c.bpc });
    parts.push({ x: xAxis === 'step' ? c.val.step : c.val.charsSeen, y: c.val.bpc });
  }
  return joinSeries(parts);
}

/** Aligns series with their own ascending x values onto the union of all x (gaps as null). */
export function joinSeries(parts: readonly { x: ArrayLike<number>; y: ArrayLike<number> }[]): Columns {
  const xs = [...new Set(parts.flatMap((p) => Array.from(p.x)))].sort((a, b) => a - b);
  const at = new Map(xs.map((v, i) => [v, i]));
  const cols: Columns = [xs];
  for (const p of parts) {
    const y = new Array<number | null>(xs.length).fill(null);
    for (let k = 0; k < p.x.length; k++) y[at.get(p.x[k])!] = Number.isFinite(p.y[k]) ? p.y[k] : null;
    cols.push(y);
  }
  return cols;
}
