// The match model (paq's MatchModel): the text read so far is kept as a history of class ids,
// and a hash of the last minLen characters points to the WAYS most recent places they occurred.
// Of those, the one whose earlier text agrees longest with the current context is followed:
// while the context continues it, the character that came next there is predicted, one bit at a
// time, with a confidence learned per match length (mixture.ts). Long matches in code (an
// identifier, an import, a repeated statement) are nearly always right.
import { hashOn } from './contextTable';
import { MixCursor, RING } from './cursor';

/** candidate places kept per hashed context */
export const WAYS = 4;
/** length buckets: the confidence of a match is learned per bucket */
export const LENGTH_BUCKETS = 32;

/** confidence bucket of a match length: exact up to 15, then by fours, then by sixteens */
export function lengthBucket(len: number): number {
  if (len < 16) return len;
  if (len < 48) return 16 + ((len - 16) >> 2);
  return Math.min(LENGTH_BUCKETS - 1, 24 + ((len - 48) >> 4));
}

export class MatchModel {
  readonly hist: Uint16Array;
  private readonly histMask: number;
  /** characters appended so far (positions are absolute; the ring keeps the last hist.length) */
  pos = 0;
  /** per hashed context, WAYS slots of (position after it + 1), most recent first (0 = none) */
  readonly table: Int32Array;
  private readonly rowMask: number;

  constructor(historyChars: number, tableEntries: number, readonly minLen: number) {
    let h = 1; while (h * 2 <= historyChars) h *= 2;
    let t = WAYS; while (t * 2 <= tableEntries) t *= 2;
    this.hist = new Uint16Array(h);
    this.histMask = h - 1;
    this.table = new Int32Array(t);
    this.rowMask = t / WAYS - 1;
  }

  get bytes(): number { return this.hist.byteLength + this.table.byteLength; }

  /** The class the match predicts next, or -1 without a match. */
  expected(cur: MixCursor): number {
    return cur.len > 0 && cur.ptr < this.pos ? this.hist[cur.ptr & this.histMask] : -1;
  }

  /** After cursor cur read class c (already in its ring): follow the match or look for a new one;
   *  with `append`, c also joins the history and the table learns the context. */
  next(cur: MixCursor, c: number, append: boolean): void {
    if (this.expected(cur) === c && this.pos - cur.ptr <= this.hist.length) {
      cur.len++;
      cur.ptr++;
    } else cur.len = 0;
    if (append) { this.hist[this.pos & this.histMask] = c; this.pos++; }
    if (cur.count < this.minLen) return;
    let h = 0;
    for (let k = 1; k <= this.minLen; k++) h = hashOn(h, cur.back(k));
    const row = this.rowOf(h), t = this.table;
    if (cur.len === 0) {
      // the candidate whose preceding text agrees longest with the cursor's
      for (let w = 0; w < WAYS; w++) {
        const at = t[row + w] - 1;
        if (at < 0) break;
        const n = this.verify(cur, at);
        if (n > cur.len) { cur.len = n; cur.ptr = at; }
      }
    }
    if (append) this.remember(h);
  }

  /** The first of key h's WAYS slots in the table: (position + 1) of what followed it, most recent first. */
  rowOf(h: number): number {
    return (h & this.rowMask) * WAYS;
  }

  /** Key h was just read: the next character appended follows it. */
  remember(h: number): void {
    const row = this.rowOf(h), t = this.table;
    for (let w = WAYS - 1; w > 0; w--) t[row + w] = t[row + w - 1];
    t[row] = this.pos + 1;
  }

  /** How many characters before history position `at` equal the cursor's last ones (at most
   *  RING), or 0 when fewer than minLen do. */
  private verify(cur: MixCursor, at: number): number {
    if (at >= this.pos || this.pos - at > this.hist.length) return 0;
    const lim = Math.min(RING, cur.count, at, this.hist.length - (this.pos - at));
    let n = 0;
    while (n < lim && this.hist[(at - 1 - n) & this.histMask] === cur.back(n + 1)) n++;
    return n >= this.minLen ? n : 0;
  }
}
