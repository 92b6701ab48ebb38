// Recurrent states saved along a document, so a request feeds only what was typed since the
// nearest saved point. A state at offset o is the model's state after reading the document's
// text before o; it stays usable exactly as long as that text is unchanged, which is checked by
// comparing the text itself (never by trusting offsets: an edit can keep every length the same).

export interface Checkpoint {
  /** UTF-16 offset in the document */
  offset: number;
  state: Float32Array;
}

/** The state at the last request's cursor, with the probabilities of the character that comes next. */
export interface Tip extends Checkpoint {
  probs: Float32Array;
}

/** Length of the longest common prefix of a and b. */
export function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  if (a.length <= b.length ? b.startsWith(a) : a.startsWith(b)) return n;
  // native comparisons of 1 KiB slices (V8 slices share the parent string), then the last slice char by char
  const CHUNK = 1024;
  let i = 0;
  while (i + CHUNK <= n && a.startsWith(b.slice(i, i + CHUNK), i)) i += CHUNK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The saved states of one document, ordered by offset. */
export class DocStates {
  /** document text the checkpoints were read from: each is valid for text.slice(0, offset) */
  private text = '';
  /** states at line starts */
  readonly points: Checkpoint[] = [];
  tip?: Tip;
  /** the mixing predictor has learned the text before this offset (docLearning.ts) */
  learnedTo = 0;

  constructor(private readonly maxPoints: number) {}

  /** Drops every checkpoint an edit before it has made stale; `before` is the text before the
   *  cursor. When the cursor only moved back (before is a prefix of the known text), every
   *  checkpoint stays: those after the cursor are usable again if it comes back unchanged. */
  sync(before: string): void {
    const m = commonPrefixLength(this.text, before);
    if (m === before.length) return;
    let n = this.points.length;
    while (n > 0 && this.points[n - 1].offset > m) n--;
    this.points.length = n;
    if (this.tip && this.tip.offset > m) this.tip = undefined;
    if (this.learnedTo > m) this.learnedTo = m;
    this.text = before;
  }

  /** Forgets every saved state (they belong to other weights); what was learned stays learned. */
  dropStates(): void {
    this.points.length = 0;
    this.tip = undefined;
  }

  /** The checkpoint (line start or tip) nearest before or at offset, not earlier than `notBefore`. */
  nearest(offset: number, notBefore: number): Checkpoint | undefined {
    let best: Checkpoint | undefined;
    for (let i = this.points.length - 1; i >= 0; i--) {
      if (this.points[i].offset <= offset) { best = this.points[i]; break; }
    }
    const t = this.tip;
    if (t && t.offset <= offset && (!best || t.offset > best.offset)) best = t;
    return best && best.offset >= notBefore ? best : undefined;
  }

  /** Saves the state and next-character probabilities at the cursor (offset within the synced text). */
  setTip(offset: number, state: ArrayLike<number>, probs: ArrayLike<number>): void {
    if (offset > this.text.length) throw new RangeError(`tip offset ${offset} is past the synced text (${this.text.length})`);
    if (!this.tip || this.tip.state.length !== state.length || this.tip.probs.length !== probs.length) {
      this.tip = { offset, state: Float32Array.from(state), probs: Float32Array.from(probs) };
    } else {
      this.tip.offset = offset;
      this.tip.state.set(state);
      this.tip.probs.set(probs);
    }
  }

  /** Saves a copy of state at offset, which must not pass the text given to the last `sync`;
   *  when full, forgets the checkpoint farthest from this one. */
  add(offset: number, state: ArrayLike<number>): void {
    if (offset > this.text.length) throw new RangeError(`checkpoint offset ${offset} is past the synced text (${this.text.length})`);
    let i = this.points.length;
    while (i > 0 && this.points[i - 1].offset > offset) i--;
    if (i > 0 && this.points[i - 1].offset === offset) {
      this.points[i - 1].state.set(state);
      return;
    }
    let copy: Float32Array;
    if (this.points.length >= this.maxPoints) {
      const far = Math.abs(this.points[0].offset - offset) >= Math.abs(this.points[this.points.length - 1].offset - offset) ? 0 : this.points.length - 1;
      copy = this.points.splice(far, 1)[0].state;
      if (far < i) i--;
      copy.set(state);
    } else copy = Float32Array.from(state);
    this.points.splice(i, 0, { offset, state: copy });
  }
}

/** DocStates for the most recently used documents. */
export class StateCache {
  private readonly docs = new Map<string, DocStates>();

  constructor(readonly maxDocs = 8, readonly maxPointsPerDoc = 128) {}

  /** The document's states (most recently used first on eviction order). */
  doc(key: string): DocStates {
    let d = this.docs.get(key);
    if (d) this.docs.delete(key);
    else d = new DocStates(this.maxPointsPerDoc);
    this.docs.set(key, d);
    if (this.docs.size > this.maxDocs) this.docs.delete(this.docs.keys().next().value!);
    return d;
  }

  forget(key: string): void { this.docs.delete(key); }

  clear(): void { this.docs.clear(); }

  /** Every document's saved states go (new weights), its learned extent stays (the same mixture). */
  dropStates(): void { for (const d of this.docs.values()) d.dropStates(); }

  get size(): number { return this.docs.size; }
}
