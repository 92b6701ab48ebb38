// Hashed context statistics with a fixed size (paq's hash table of nibble buckets). A context
// (an order's hash and the tree node where a chunk starts) owns one bucket of 16 uint32 slots:
// slot 0 holds a 16-bit check and a 16-bit use count, slots 1..15 one adaptive bit counter per
// node of the chunk. A key may sit in either of two neighbouring buckets; a new key takes the
// one used less, so frequent contexts survive collisions. Memory never grows.
import { BUCKET } from './tree';

/** counter = p (22 bits, probability of a 1) << 10 | n (10 bits, times updated, capped) */
const COUNTER_INIT = (1 << 21) * 1024;
const P_ONE = (1 << 22) - 1;

export class ContextTable {
  readonly slots: Uint32Array;
  private readonly bucketMask: number;
  /** update rate 1 / (n + 1.5) by count, capped at the limit (the slowest rate) */
  private readonly rate: Float64Array;

  constructor(bytes: number, limit: number) {
    let buckets = 1;
    while (buckets * 2 * BUCKET * 4 <= bytes) buckets *= 2;
    this.slots = new Uint32Array(buckets * BUCKET);
    this.bucketMask = buckets - 1;
    this.rate = new Float64Array(1024);
    for (let n = 0; n < 1024; n++) this.rate[n] = 1 / (Math.min(n, limit) + 1.5);
  }

  /** The bucket of key h (slot index of its check word), or -1 when it holds none. */
  find(h: number): number {
    const chk = checkOf(h), b0 = (h & this.bucketMask) * BUCKET, b1 = b0 ^ BUCKET, s = this.slots;
    if (s[b0] >>> 16 === chk) return b0;
    if (s[b1] >>> 16 === chk) return b1;
    return -1;
  }

  /** The bucket of key h, taking the less used of its two places for a new key. */
  claim(h: number): number {
    const chk = checkOf(h), b0 = (h & this.bucketMask) * BUCKET, b1 = b0 ^ BUCKET, s = this.slots;
    let b = s[b0] >>> 16 === chk ? b0 : s[b1] >>> 16 === chk ? b1 : -1;
    if (b < 0) {
      b = (s[b0] & 0xffff) <= (s[b1] & 0xffff) ? b0 : b1;
      s[b] = chk << 16;
      s.fill(COUNTER_INIT, b + 1, b + BUCKET);
    }
    if ((s[b] & 0xffff) < 0xffff) s[b]++;
    return b;
  }

  /** Moves counter i toward bit y by 1 / (n + 1.5), so early updates count fully. */
  update(i: number, y: number): void {
    const v = this.slots[i], n = v & 1023, p = v >>> 10;
    // p += (y - p) / (n + 1.5)
    const q = p + Math.round(((y ? P_ONE : 0) - p) * this.rate[n]);
    this.slots[i] = (q * 1024 + (n < 1023 ? n + 1 : n)) >>> 0;
  }
}

/** 16-bit check of a key, never 0 (the check of an empty bucket) */
function checkOf(h: number): number {
  const c = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 16;
  return c === 0 ? 1 : c;
}

/** Combines a hash with a value: a 32-bit finaliser (murmur3's fmix32) of h ^ x * golden ratio. */
export function hashOn(h: number, x: number): number {
  h ^= Math.imul(x + 1, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
