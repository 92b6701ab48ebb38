// What a mixture knows about one stream of text at its current position: the last RING
// characters (for the context hashes), the word being written, and where in the shared history
// the match model's longest recent match and the word match continue. Cheap to copy, so
// candidates of a suggestion each carry one.

export const RING = 64;

export class MixCursor {
  /** last characters, ring[(count - 1) & (RING - 1)] the most recent */
  readonly ring = new Int32Array(RING);
  /** characters seen by this cursor */
  count = 0;
  /** hash of the word being written (0 between words) and of the word before it */
  word = 0;
  prevWord = 0;
  /** match: absolute history position of the predicted next character, and the match length (0 = none) */
  ptr = 0;
  len = 0;
  /** characters of the word being written; the word match's next position and length (0 = none) */
  wl = 0;
  wptr = 0;
  wlen = 0;

  /** the k-th most recent character (k = 1 the last one), or -1 before the start */
  back(k: number): number {
    return k <= this.count && k <= RING ? this.ring[(this.count - k) & (RING - 1)] : -1;
  }

  reset(): void {
    this.count = 0; this.word = 0; this.prevWord = 0; this.ptr = 0; this.len = 0; this.wl = 0; this.wptr = 0; this.wlen = 0;
  }

  copyFrom(o: MixCursor): void {
    this.ring.set(o.ring);
    this.count = o.count; this.word = o.word; this.prevWord = o.prevWord; this.ptr = o.ptr; this.len = o.len; this.wl = o.wl; this.wptr = o.wptr; this.wlen = o.wlen;
  }
}
