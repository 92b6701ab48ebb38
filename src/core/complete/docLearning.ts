// The completer's side of the mixing predictor. Documents are learned as the completer reads
// them: each character once, scored with the network's prediction before it is learned (or only
// absorbed when no prediction was made for it, after a jump from a saved state). Candidates
// follow the text they write with cursors of their own, which read but never learn.
import { MixCursor, RING } from '../mix/cursor';
import type { Mixture } from '../mix/mixture';
import type { Vocab } from '../vocab';
import { isLowSurrogate } from '../utf16';
import type { DocStates } from './stateCache';

export class DocLearning {
  private readonly cur = new MixCursor();
  /** where cur stands: the document and the UTF-16 offset of the next character it learns */
  private doc?: DocStates;
  private at = -1;

  constructor(readonly mix: Mixture, private readonly vocab: Vocab) {}

  /** Learns class c, the character at offset pos of text P (`units` code units long), unless the
   *  document has been learned past it; q[off..off+V) is the network's prediction of it, if any. */
  learn(d: DocStates, P: string, pos: number, units: number, c: number, q: ArrayLike<number> | undefined, off: number): void {
    if (pos < d.learnedTo) return;
    if (this.doc !== d || this.at !== pos) this.seek(this.cur, P, pos);
    if (q) this.mix.learn(q, off, this.cur, c);
    else this.mix.absorb(this.cur, c);
    this.doc = d;
    this.at = pos + units;
    d.learnedTo = this.at;
  }

  /** Sets cur to read what follows P[0..pos): the last RING characters read, nothing learned. */
  seek(cur: MixCursor, P: string, pos: number): void {
    let start = Math.max(0, pos - RING);
    if (start > 0 && isLowSurrogate(P.charCodeAt(start))) start++;
    cur.reset();
    for (const c of this.vocab.encode(P.slice(start, pos))) this.mix.advance(cur, c, false);
  }
}
