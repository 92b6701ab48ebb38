// Batching for a stream of items that must not flood a message channel: items collect, and a
// batch goes out at most once per interval (steps that take longer than the interval go out one
// by one). Pure: the caller passes the clock.

export class Batcher<T> {
  private items: T[] = [];
  private last = -Infinity;

  constructor(private readonly intervalMs: number) {
    if (!(intervalMs >= 0)) throw new Error(`the batching interval must be a non-negative number of ms, got ${intervalMs}`);
  }

  /** Adds an item; returns the batch to send when the interval has passed since the last one. */
  push(item: T, now: number): T[] | undefined {
    this.items.push(item);
    return this.poll(now);
  }

  /** The pending batch when one is due, else undefined. */
  poll(now: number): T[] | undefined {
    if (this.items.length === 0 || now - this.last < this.intervalMs) return undefined;
    this.last = now;
    return this.take();
  }

  /** Everything pending, due or not (at the end of a run). */
  drain(): T[] | undefined {
    return this.items.length ? this.take() : undefined;
  }

  get pending(): number { return this.items.length; }

  private take(): T[] {
    const out = this.items;
    this.items = [];
    return out;
  }
}

/** True once every `intervalMs` (the first call counts from `start`). */
export class Every {
  private last: number;
  constructor(private readonly intervalMs: number, start: number) { this.last = start; }

  due(now: number): boolean {
    if (now - this.last < this.intervalMs) return false;
    this.last = now;
    return true;
  }
}
