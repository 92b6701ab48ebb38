// Thinning what is drawn, never what is stored: a chart `w` pixels wide cannot show more than a
// few points per pixel column, so each column keeps its first and last point and every series'
// minimum and maximum (min/max decimation). Spikes survive, and the output is bounded by the
// width, whatever the number of points.

/** First index i in [lo, hi) with x[i] >= v (x ascending), or hi. */
export function lowerBound(x: ArrayLike<number>, v: number, lo = 0, hi = x.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i in [lo, hi) with x[i] > v (x ascending), or hi. */
export function upperBound(x: ArrayLike<number>, v: number, lo = 0, hi = x.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Most indices decimateIndices returns for `buckets` buckets and `series` series. */
export const maxDecimated = (buckets: number, series: number) => buckets * (2 + 2 * series);

/**
 * Indices (ascending, unique) of the points to draw from rows [from, to) of an x-sorted table:
 * the x range is cut into `buckets` equal parts, and each keeps its first and last row and the
 * rows where each of `ys` is smallest and largest. NaN values are never chosen as extremes.
 * With no more rows than the bound, every row is kept.
 */
export function decimateIndices(x: ArrayLike<number>, ys: readonly ArrayLike<number>[], from: number, to: number, buckets: number): Int32Array {
  if (!(buckets >= 1) || !Number.isInteger(buckets)) throw new Error(`buckets must be a positive integer, got ${buckets}`);
  if (from < 0 || to > x.length || from > to) throw new Error(`rows [${from}, ${to}) are outside 0..${x.length}`);
  const n = to - from, S = ys.length;
  if (n <= maxDecimated(buckets, S)) return Int32Array.from({ length: n }, (_, i) => from + i);

  const x0 = x[from], span = x[to - 1] - x0;
  const out = new Int32Array(maxDecimated(buckets, S));
  const pick = new Int32Array(2 + 2 * S);
  const lo = new Float64Array(S), hi = new Float64Array(S);
  let m = 0, i = from, b = -1;
  while (i < to) {
    // bucket b holds rows with floor((x - x0) / span * buckets) = b; the last x joins the last bucket.
    // b only grows, so rounding at a boundary cannot visit a bucket twice.
    b = span > 0 ? Math.min(buckets - 1, Math.max(b + 1, Math.floor(((x[i] - x0) / span) * buckets))) : 0;
    const end = span > 0 && b < buckets - 1 ? lowerBound(x, x0 + (span * (b + 1)) / buckets, i + 1, to) : to;
    pick[0] = i;
    pick[1] = end - 1;
    for (let s = 0; s < S; s++) { pick[2 + 2 * s] = -1; pick[3 + 2 * s] = -1; lo[s] = Infinity; hi[s] = -Infinity; }
    for (let j = i; j < end; j++) {
      for (let s = 0; s < S; s++) {
        const v = ys[s][j];
        if (v < lo[s]) { lo[s] = v; pick[2 + 2 * s] = j; }
        if (v > hi[s]) { hi[s] = v; pick[3 + 2 * s] = j; }
      }
    }
    m = mergeSorted(pick, out, m);
    i = end;
  }
  return out.slice(0, m);
}

/** Appends the distinct non-negative entries of `pick` to out[m..] in ascending order. */
function mergeSorted(pick: Int32Array, out: Int32Array, m: number): number {
  pick.sort();
  for (let k = 0; k < pick.length; k++) {
    const v = pick[k];
    if (v >= 0 && (m === 0 || out[m - 1] !== v)) out[m++] = v;
  }
  return m;
}

/** Values of `col` at `idx`, with non-finite values (and, for log scales, v <= 0) as gaps. */
export function gather(col: ArrayLike<number>, idx: ArrayLike<number>, log = false, scale = 1): (number | null)[] {
  const out = new Array<number | null>(idx.length);
  for (let k = 0; k < idx.length; k++) {
    const v = col[idx[k]] * scale;
    out[k] = Number.isFinite(v) && (!log || v > 0) ? v : null;
  }
  return out;
}
