// The worker's metrics batching: at most one message per interval, nothing lost.
import * as assert from 'node:assert/strict';
import { Batcher, Every } from '../../src/extension/training/throttle';

describe('metrics batching', () => {
  it('sends the first item at once, then collects until the interval has passed', () => {
    const b = new Batcher<number>(100);
    assert.deepEqual(b.push(1, 0), [1]);
    assert.equal(b.push(2, 30), undefined);
    assert.equal(b.push(3, 99), undefined);
    assert.deepEqual(b.push(4, 100), [2, 3, 4]);
    assert.equal(b.pending, 0);
  });

  it('never sends two batches within one interval, whatever the step rate', () => {
    const b = new Batcher<number>(100);
    const sentAt: number[] = [];
    const received: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const now = i * 3.7;
      const batch = b.push(i, now);
      if (batch) { sentAt.push(now); received.push(...batch); }
    }
    received.push(...(b.drain() ?? []));
    for (let i = 1; i < sentAt.length; i++) assert.ok(sentAt[i] - sentAt[i - 1] >= 100, `batches at ${sentAt[i - 1]} and ${sentAt[i]}`);
    assert.deepEqual(received, Array.from({ length: 1000 }, (_, i) => i), 'items were lost or reordered');
  });

  it('sends each item alone when steps are slower than the interval', () => {
    const b = new Batcher<string>(100);
    assert.deepEqual(b.push('a', 0), ['a']);
    assert.deepEqual(b.push('b', 250), ['b']);
    assert.deepEqual(b.push('c', 500), ['c']);
  });

  it('polls out a due batch without a new item, and drains the rest at the end', () => {
    const b = new Batcher<number>(100);
    b.push(1, 0);
    b.push(2, 10);
    assert.equal(b.poll(50), undefined);
    assert.deepEqual(b.poll(120), [2]);
    b.push(3, 130);
    assert.deepEqual(b.drain(), [3]);
    assert.equal(b.drain(), undefined);
  });

  it('refuses a negative interval', () => {
    assert.throws(() => new Batcher(-1), /non-negative/);
  });

  it('Every is due once per interval', () => {
    const e = new Every(1000, 0);
    assert.equal(e.due(999), false);
    assert.equal(e.due(1000), true);
    assert.equal(e.due(1500), false);
    assert.equal(e.due(2000), true);
  });
});
