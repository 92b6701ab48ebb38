import assert from 'node:assert/strict';
import { decimateIndices, gather, lowerBound, maxDecimated, upperBound } from '../../src/shared/decimate';
import { rng } from './panel-helpers';

/** x = 0, 1, 2, ... and a noisy falling loss with spikes, n points */
function series(n: number, seed = 7): { x: Float64Array; a: Float32Array; b: Float32Array } {
  const r = rng(seed);
  const x = Float64Array.from({ length: n }, (_, i) => i);
  const a = Float32Array.from({ length: n }, (_, i) => 4 * Math.exp(-i / (n / 5)) + r() + (r() < 0.001 ? 30 : 0));
  const b = Float32Array.from({ length: n }, () => r() * 10);
  return { x, a, b };
}

/** Bucket of x within [x0, x0+span] for `buckets` buckets (the last x in the last bucket). */
const bucketOf = (x: number, x0: number, span: number, buckets: number) => Math.min(buckets - 1, Math.floor(((x - x0) / span) * buckets));

describe('panel decimation', () => {
  it('keeps everything when there are few points', () => {
    const { x, a } = series(50);
    assert.deepEqual(Array.from(decimateIndices(x, [a], 0, 50, 100)), Array.from({ length: 50 }, (_, i) => i));
    assert.deepEqual(Array.from(decimateIndices(x, [a], 10, 20, 100)), Array.from({ length: 10 }, (_, i) => 10 + i));
  });

  it('bounds the output by the width for 200,000 points, ascending and unique, first and last kept', () => {
    const n = 200_000, { x, a, b } = series(n);
    for (const buckets of [1, 37, 800]) {
      const idx = decimateIndices(x, [a, b], 0, n, buckets);
      assert.ok(idx.length <= maxDecimated(buckets, 2), `${idx.length} > ${maxDecimated(buckets, 2)}`);
      assert.ok(idx.length >= Math.min(n, 2 * buckets), `only ${idx.length} points for ${buckets} buckets`);
      for (let k = 1; k < idx.length; k++) assert.ok(idx[k] > idx[k - 1], `not ascending at ${k}`);
      assert.equal(idx[0], 0);
      assert.equal(idx[idx.length - 1], n - 1);
    }
  });

  it('keeps every bucket\'s minimum and maximum of every series (spikes survive)', () => {
    const n = 120_000, buckets = 300, { x, a, b } = series(n, 3);
    const from = 1234, to = 110_000;
    const idx = decimateIndices(x, [a, b], from, to, buckets);
    const x0 = x[from], span = x[to - 1] - x0;
    for (const y of [a, b]) {
      const lo = new Float64Array(buckets).fill(Infinity), hi = new Float64Array(buckets).fill(-Infinity);
      for (let i = from; i < to; i++) { const k = bucketOf(x[i], x0, span, buckets); lo[k] = Math.min(lo[k], y[i]); hi[k] = Math.max(hi[k], y[i]); }
      const keptLo = new Float64Array(buckets).fill(Infinity), keptHi = new Float64Array(buckets).fill(-Infinity);
      for (const i of idx) {
        assert.ok(i >= from && i < to, `index ${i} outside [${from}, ${to})`);
        const k = bucketOf(x[i], x0, span, buckets);
        keptLo[k] = Math.min(keptLo[k], y[i]); keptHi[k] = Math.max(keptHi[k], y[i]);
      }
      assert.deepEqual(Array.from(keptLo), Array.from(lo));
      assert.deepEqual(Array.from(keptHi), Array.from(hi));
    }
  });

  it('buckets by x, not by index: uneven x spacing still gives one bucket per pixel column', () => {
    // the first 10,000 points sit at x < 1, the next 10,000 spread over [1, 1000]
    const x = Float64Array.from({ length: 20_000 }, (_, i) => (i < 10_000 ? i / 10_000 : 1 + (i - 10_000) * 0.1));
    const y = Float64Array.from({ length: 20_000 }, (_, i) => Math.sin(i));
    const idx = decimateIndices(x, [y], 0, x.length, 100);
    const inFirstBucket = Array.from(idx).filter((i) => x[i] < 10).length;
    assert.ok(inFirstBucket <= 4, `the first bucket (x < 10) kept ${inFirstBucket} points`);
  });

  it('never picks NaN as an extreme, and gathers non-finite values (and v <= 0 on log scales) as gaps', () => {
    const n = 10_000, x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? NaN : i % 100));
    const idx = decimateIndices(x, [y], 0, n, 10);
    const values = gather(y, idx).filter((v) => v !== null) as number[];
    assert.ok(values.includes(0) && values.includes(99));
    assert.deepEqual(gather([1, NaN, Infinity, -2, 0], [0, 1, 2, 3, 4]), [1, null, null, -2, 0]);
    assert.deepEqual(gather([1, NaN, Infinity, -2, 0], [0, 1, 2, 3, 4], true), [1, null, null, null, null]);
    assert.deepEqual(gather([2, 4], [1, 0], false, 0.5), [2, 1]);
  });

  it('finds row ranges by binary search', () => {
    const x = [1, 2, 2, 2, 5, 9];
    assert.deepEqual([lowerBound(x, 2), upperBound(x, 2)], [1, 4]);
    assert.deepEqual([lowerBound(x, 0), upperBound(x, 10)], [0, 6]);
    assert.deepEqual([lowerBound(x, 6), upperBound(x, 6)], [5, 5]);
  });

  it('refuses a bad bucket count or row range', () => {
    assert.throws(() => decimateIndices([1, 2], [], 0, 2, 0), /buckets must be a positive integer/);
    assert.throws(() => decimateIndices([1, 2], [], 0, 3, 4), /outside 0..2/);
  });
});
