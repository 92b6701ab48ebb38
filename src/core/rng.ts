// A small seeded generator (mulberry32): fast, 32-bit state, so a run's randomness is one
// number that a checkpoint can store and a resumed run can continue exactly.
export class Rng {
  constructor(public state: number) { this.state = state >>> 0; }

  /** uniform in [0, 1) */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** uniform in [lo, hi) */
  uniform(lo: number, hi: number): number { return lo + (hi - lo) * this.next(); }

  /** integer in [0, n) */
  int(n: number): number { return Math.floor(this.next() * n); }

  /** Fisher-Yates shuffle in place */
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) { const j = this.int(i + 1); [a[i], a[j]] = [a[j], a[i]]; }
    return a;
  }
}
