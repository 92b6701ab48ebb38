// The word match: the most recent earlier identifier that begins as the one being written
// predicts how it goes on, and then the text after it, while the text agrees. The match model
// needs minMatch characters of context; this one needs the identifier's first character, so it
// knows what an editor's word completion knows (the identifiers just read), as one more model
// for the mixers to weigh. It shares the match model's history and hash table.
import { hashOn } from './contextTable';
import { type MixCursor, RING } from './cursor';
import { type MatchModel, WAYS } from './matchModel';

/** keeps the word's keys apart from the match model's in their shared table */
const SALT = 0x500000;
/** the confidence of a word match is learned per length: its characters matched, up to 15 */
export const WORD_BUCKETS = 16;

export class WordMatch {
  constructor(private readonly m: MatchModel, private readonly isWord: Uint8Array) {}

  /** The class the word match predicts next, or -1 without one. */
  expected(cur: MixCursor): number {
    const m = this.m;
    return cur.wlen > 0 && cur.wptr < m.pos && m.pos - cur.wptr <= m.hist.length ? m.hist[cur.wptr & (m.hist.length - 1)] : -1;
  }

  /** After cursor cur read class c (its word hash and, with append, the history already hold it),
   *  given what the word match expected before it: follow the match, or find the identifier. */
  next(cur: MixCursor, c: number, expected: number, append: boolean): void {
    const word = this.isWord[c] === 1;
    cur.wl = word ? cur.wl + 1 : 0;
    if (cur.wlen > 0 && expected === c) { cur.wlen++; cur.wptr++; } else cur.wlen = 0;
    if (!word) return;
    const key = hashOn(cur.word, SALT);
    if (cur.wlen === 0) {
      const row = this.m.rowOf(key), t = this.m.table;
      for (let w = 0; w < WAYS && cur.wlen === 0; w++) {
        const at = t[row + w] - 1;
        if (at < 0) break;
        if (this.startsAs(cur, at)) { cur.wptr = at; cur.wlen = cur.wl; }
      }
    }
    if (append) this.m.remember(key);
  }

  /** Whether the history before position `at` is an identifier that begins as the cursor's word
   *  (a hash collision predicts nothing): its characters, and no word character before them. */
  private startsAs(cur: MixCursor, at: number): boolean {
    const m = this.m, H = m.hist.length, n = Math.min(cur.wl, RING);
    if (at >= m.pos || m.pos - at > H || at < cur.wl) return false;
    for (let k = 1; k <= n; k++) if (m.hist[(at - k) & (H - 1)] !== cur.back(k)) return false;
    return at === cur.wl || this.isWord[m.hist[(at - cur.wl - 1) & (H - 1)]] === 0;
  }
}
