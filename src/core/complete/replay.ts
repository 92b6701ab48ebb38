// Replaying a file as a user typing it, to count the keystrokes suggestions save.
//
// Keystroke accounting, the same for the model and for the baseline:
// - the user types the file from its first character to its last, in order, with nothing right
//   of the cursor (no auto-closing brackets); every character (code point) typed costs one
//   keystroke: letters, spaces, each character of indentation, and a line break (Enter);
// - at every position the suggester is asked once; a non-empty answer is "offered";
// - the user accepts an offered suggestion when the text that comes next starts with it, or with
//   a prefix of it that does not end inside a word (as Accept Word would leave it), and that
//   accepted part is at least 2 characters (accepting 1 saves nothing). Accepting costs one
//   keystroke (Tab) and moves past the accepted characters;
// - keystrokes saved = 1 - keystrokes / characters; acceptance rate = accepted / offered.
import { atWordBoundary, isWordChar } from './stops';
import { isLowSurrogate, unitsAt } from '../utf16';

export interface ReplayStats {
  /** characters (code points) of the replayed text: the keystrokes without suggestions */
  chars: number;
  keystrokes: number;
  offered: number;
  accepted: number;
  /** characters inserted by accepted suggestions */
  acceptedChars: number;
}

export const emptyStats = (): ReplayStats => ({ chars: 0, keystrokes: 0, offered: 0, accepted: 0, acceptedChars: 0 });

export function addStats(a: ReplayStats, b: ReplayStats): ReplayStats {
  return {
    chars: a.chars + b.chars, keystrokes: a.keystrokes + b.keystrokes, offered: a.offered + b.offered,
    accepted: a.accepted + b.accepted, acceptedChars: a.acceptedChars + b.acceptedChars,
  };
}

export function summary(s: ReplayStats) {
  return {
    keystrokesSaved: s.chars > 0 ? 1 - s.keystrokes / s.chars : 0,
    acceptanceRate: s.offered > 0 ? s.accepted / s.offered : 0,
    meanAcceptedLength: s.accepted > 0 ? s.acceptedChars / s.accepted : 0,
  };
}

const codePoints = (s: string, from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) if (!isLowSurrogate(s.charCodeAt(i))) n++;
  return n;
};

/** UTF-16 length of the part of suggestion s the user accepts at text[pos..], or 0. */
export function acceptedLength(s: string, text: string, pos: number): number {
  let m = 0;
  while (m < s.length && pos + m < text.length && s.charCodeAt(m) === text.charCodeAt(pos + m)) m++;
  if (m === s.length) return codePoints(s, 0, m) >= 2 ? m : 0;
  let k = m;
  while (k > 0 && !atWordBoundary(s, k)) k--;
  // never split a surrogate pair
  if (k > 0 && k < s.length && isLowSurrogate(s.charCodeAt(k))) k--;
  return codePoints(s, 0, k) >= 2 ? k : 0;
}

/** Replays text; suggest(pos) is what is offered with the cursor after text[0..pos). */
export function replay(text: string, suggest: (pos: number) => string | undefined): ReplayStats {
  const st = emptyStats();
  st.chars = codePoints(text, 0, text.length);
  let p = 0;
  while (p < text.length) {
    const s = suggest(p);
    if (s) {
      st.offered++;
      const k = acceptedLength(s, text, p);
      if (k > 0) {
        st.accepted++;
        st.acceptedChars += codePoints(s, 0, k);
        st.keystrokes++;
        p += k;
        continue;
      }
    }
    st.keystrokes++;
    p += unitsAt(text, p);
  }
  return st;
}

/**
 * What VS Code's word-based suggestions would offer with no model: the most frequent word of
 * the document so far that extends the word being typed (ties: the one that got there first).
 * `advance(text, pos)` reads the completed words of text[..pos); positions only move forward.
 */
export class WordSuggester {
  private readonly counts = new Map<string, number>();
  /** prefix -> most frequent word extending it, and that word's count */
  private readonly best = new Map<string, { word: string; count: number }>();
  private read = 0;

  advance(text: string, pos: number): void {
    let i = this.read;
    while (i < pos) {
      if (!isWordChar(text.charCodeAt(i))) { i++; continue; }
      let j = i;
      while (j < text.length && isWordChar(text.charCodeAt(j))) j++;
      // a word counts once it is complete: the character after it has been typed
      if (j >= pos) break;
      this.add(text.slice(i, j));
      i = j;
    }
    this.read = i;
  }

  /** The rest of the best word for the word ending at pos, or undefined. */
  suggest(text: string, pos: number): string | undefined {
    let i = pos;
    while (i > 0 && isWordChar(text.charCodeAt(i - 1))) i--;
    if (i === pos) return undefined;
    const b = this.best.get(text.slice(i, pos));
    return b ? b.word.slice(pos - i) : undefined;
  }

  private add(word: string): void {
    const n = (this.counts.get(word) ?? 0) + 1;
    this.counts.set(word, n);
    for (let k = 1; k < word.length; k++) {
      const pre = word.slice(0, k), b = this.best.get(pre);
      if (!b) this.best.set(pre, { word, count: n });
      else if (b.word === word) b.count = n;
      else if (n > b.count) { b.word = word; b.count = n; }
    }
  }
}

/**
 * The provider's typing-through rule: while the user types the start of what is shown, the rest
 * stays shown (no new request, no flicker). Returns that rest, or undefined.
 */
export function continuation(shown: { before: string; text: string } | undefined, before: string): string | undefined {
  if (!shown || before.length <= shown.before.length) return undefined;
  const typed = before.length - shown.before.length;
  if (typed >= shown.text.length) return undefined;
  if (!before.startsWith(shown.text.slice(0, typed), shown.before.length) || !before.startsWith(shown.before)) return undefined;
  return shown.text.slice(typed);
}
