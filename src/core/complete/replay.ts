// Replaying a file as a user typing it, to count the keystrokes suggestions save.
//
// Keystroke accounting, the same for the model and for the baseline:
// - the user types the file from its first character to its last, in order, with nothing right
//   of the cursor (no auto-closing brackets); every character (code point) typed costs one
//   keystroke: letters, spaces, each character of indentation, and a line break (Enter);
// - at every position the suggester is asked once; a non-empty answer is "offered";
// - strict accounting (the default): Tab takes a suggestion whole, one keystroke, and only when
//   the text that comes next starts with all of it; otherwise the user may take an inline
//   suggestion word by word with Accept Word (Ctrl+Right, VS Code's acceptNextWord: a word, or
//   the punctuation up to the next word, and the spaces after it), one keystroke per word, as
//   far as it agrees with the text, and does so when that saves keystrokes. The word baseline
//   (VS Code's suggest widget) is taken whole or not at all;
// - loose accounting (`--accounting loose`, the earlier rule): one keystroke takes the whole
//   suggestion or its longest prefix that agrees with the text and does not end inside a word;
// - a suggestion is "accepted" when at least a word of it was taken, and taking fewer than 2
//   characters saves nothing, so it never happens;
// - what is typed key by key is also counted by kind: indentation (white space before a line's
//   first other character: an editor's auto-indent would type most of it), line breaks,
//   identifier characters, and the rest;
// - keystrokes saved = 1 - keystrokes / characters; acceptance rate = accepted / offered, where
//   in strict accounting "offered" counts suggestions shown, and the rest of one still shown
//   while the user types through it or takes it word by word is the same suggestion (loose
//   accounting counts an offer at every position, as before).
import { codePoints } from '../utf16';
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
  /** keystrokes that typed a character, by its kind */
  typed: Typed;
}

export interface Typed { indentation: number; lineBreaks: number; identifiers: number; other: number }
export const TYPED_KINDS: readonly (keyof Typed)[] = ['indentation', 'lineBreaks', 'identifiers', 'other'];

export const emptyStats = (): ReplayStats => ({
  chars: 0, keystrokes: 0, offered: 0, accepted: 0, acceptedChars: 0, typed: { indentation: 0, lineBreaks: 0, identifiers: 0, other: 0 },
});

export function addStats(a: ReplayStats, b: ReplayStats): ReplayStats {
  return {
    chars: a.chars + b.chars, keystrokes: a.keystrokes + b.keystrokes, offered: a.offered + b.offered,
    accepted: a.accepted + b.accepted, acceptedChars: a.acceptedChars + b.acceptedChars,
    typed: {
      indentation: a.typed.indentation + b.typed.indentation, lineBreaks: a.typed.lineBreaks + b.typed.lineBreaks,
      identifiers: a.typed.identifiers + b.typed.identifiers, other: a.typed.other + b.typed.other,
    },
  };
}

/** The kind of the character at text[pos], as Typed counts it. */
export function typedKind(text: string, pos: number): keyof Typed {
  const c = text.charCodeAt(pos);
  if (c === 10 || c === 13) return 'lineBreaks';
  if (isWordChar(c)) return 'identifiers';
  if (c !== 32 && c !== 9) return 'other';
  let i = pos - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  return i < 0 || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13 ? 'indentation' : 'other';
}

export function summary(s: ReplayStats) {
  return {
    keystrokesSaved: s.chars > 0 ? 1 - s.keystrokes / s.chars : 0,
    acceptanceRate: s.offered > 0 ? s.accepted / s.offered : 0,
    meanAcceptedLength: s.accepted > 0 ? s.acceptedChars / s.accepted : 0,
  };
}

export type Accounting = 'strict' | 'loose';
export const ACCOUNTINGS: readonly Accounting[] = ['strict', 'loose'];

/** What the user takes of a suggestion: UTF-16 length and keystrokes (0 and 0 when nothing). */
export interface Take { units: number; keys: number }
const NOTHING: Take = Object.freeze({ units: 0, keys: 0 });

/** VS Code's JavaScript word pattern, and white space; global, so a search starts at lastIndex */
const WORD = /(-?\d*\.\d\w*)|([^`~!@#%^&*()\-=+[{\]}\\|;:'",.<>/?\s]+)/g, SPACE = /\s+/g;

/** The first word of s[from..] as acceptNextWord takes it: a word at the start, or what comes before
 *  the first word (punctuation), cut after the first run of white space if that ends sooner.
 *  Words are JavaScript's word pattern in VS Code (numbers like -1.5, or runs of characters
 *  other than punctuation and white space). */
export function nextWordLength(s: string, from = 0): number {
  // searched from `from` (lastIndex), not in a slice: callers step through a text word by word
  WORD.lastIndex = from;
  const m = WORD.exec(s);
  let n = m ? (m.index === from ? m[0].length : m.index - from) : s.length - from;
  SPACE.lastIndex = from;
  const ws = SPACE.exec(s);
  if (ws && ws.index - from + ws[0].length < n) n = ws.index - from + ws[0].length;
  return n;
}

/** What the user takes of suggestion s at text[pos..] (see the rules above). `byWord`: the
 *  suggestion is inline, so Accept Word can take part of it. */
export function take(s: string, text: string, pos: number, accounting: Accounting, byWord: boolean): Take {
  if (accounting === 'loose') {
    const k = acceptedLength(s, text, pos);
    return k > 0 ? { units: k, keys: 1 } : NOTHING;
  }
  if (text.startsWith(s, pos)) return codePoints(s, 0, s.length) >= 2 ? { units: s.length, keys: 1 } : NOTHING;
  if (!byWord) return NOTHING;
  // Accept Word, word after word, while the words agree with the text; the best place to stop
  // is where the most keystrokes were saved
  let at = 0, keys = 0, best = NOTHING;
  while (at < s.length) {
    const n = nextWordLength(s, at);
    if (n === 0 || !text.startsWith(s.slice(at, at + n), pos + at)) break;
    at += n;
    keys++;
    if (codePoints(s, 0, at) - keys > codePoints(s, 0, best.units) - best.keys) best = { units: at, keys };
  }
  return best.units > 0 && codePoints(s, 0, best.units) >= 2 ? best : NOTHING;
}

/** UTF-16 length of the part of suggestion s the user accepts at text[pos..] in loose accounting, or 0. */
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

/** Replays text; suggest(pos) is what is offered with the cursor after text[0..pos).
 *  `byWord`: the suggestions are inline, so Accept Word can take part of one (strict accounting). */
export function replay(text: string, suggest: (pos: number) => string | undefined, accounting: Accounting = 'strict', byWord = true): ReplayStats {
  const st = emptyStats();
  st.chars = codePoints(text, 0, text.length);
  // the suggestion on screen: where it was first shown, its text, whether any of it was taken
  let shownAt = -1, shown = '', taken = false;
  let p = 0;
  while (p < text.length) {
    const s = suggest(p);
    if (s) {
      const same = accounting === 'strict' && shownAt >= 0 && p > shownAt && shown.length - (p - shownAt) === s.length
        && shown.endsWith(s) && text.startsWith(shown.slice(0, p - shownAt), shownAt);
      if (!same) { st.offered++; shownAt = p; shown = s; taken = false; }
      const t = take(s, text, p, accounting, byWord);
      if (t.units > 0) {
        if (!taken) st.accepted++;
        taken = true;
        st.acceptedChars += codePoints(s, 0, t.units);
        st.keystrokes += t.keys;
        p += t.units;
        continue;
      }
    }
    st.keystrokes++;
    st.typed[typedKind(text, p)]++;
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
