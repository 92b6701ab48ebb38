// The surprising parts of a text, from its per-character bits (./score.ts): runs of characters
// at or above a threshold, joined across short gaps, the most surprising first; and where they
// are, as an editor counts lines and columns.

/** a probability as people read it: 12.5%, or 0.02% for a small one */
export const percent = (p: number): string => (p >= 0.001 ? `${(100 * p).toFixed(1)}%` : `${(100 * p).toPrecision(1)}%`);

export interface Span {
  /** UTF-16 offsets [start, end) */
  start: number;
  end: number;
  /** offset of the most surprising character and its bits */
  peak: number;
  peakBits: number;
  /** mean bits of the characters in the span at or above the threshold */
  meanBits: number;
}

/** Runs of characters of at least `threshold` bits, joined when at most `gap` characters apart,
 *  ordered by their most surprising character (then by position). */
export function surpriseSpans(bits: Float32Array, threshold: number, gap = 2): Span[] {
  const spans: Span[] = [];
  let s: Span | undefined, n = 0, sum = 0;
  const close = () => { if (s) { s.meanBits = sum / n; spans.push(s); s = undefined; } };
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i];
    if (!(b >= threshold)) continue;
    if (s && i - s.end > gap) close();
    if (!s) { s = { start: i, end: i + 1, peak: i, peakBits: b, meanBits: 0 }; n = 0; sum = 0; }
    s.end = i + 1;
    n++; sum += b;
    if (b > s.peakBits) { s.peak = i; s.peakBits = b; }
  }
  close();
  return spans.sort((a, b) => b.peakBits - a.peakBits || a.start - b.start);
}

/** 1-based line and column (in UTF-16 units, as editors count) of offsets in a text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  at(offset: number): { line: number; column: number } {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}
