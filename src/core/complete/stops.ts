// Where a suggestion ends, and what of it to keep: the stop rules applied character by character
// while sampling, and the trims applied to the finished text. Pure; no model involved.

/** What a generated character is, as far as the stop rules care. */
export enum CharKind { Other = 0, Space = 1, Newline = 2, Return = 3 }

export function kindOf(ch: string): CharKind {
  if (ch === '\n') return CharKind.Newline;
  if (ch === '\r') return CharKind.Return;
  if (ch === ' ' || ch === '\t') return CharKind.Space;
  return CharKind.Other;
}

export interface StopOptions {
  /** continue past the end of the line (opt-in, only offered at the end of a line) */
  multiline: boolean;
  /** most lines in a multi-line suggestion */
  maxLines: number;
  /** most characters (code points) in a suggestion */
  maxChars: number;
  /** leading whitespace (characters) of the cursor's line: a later line indented less ends it */
  indent: number;
}

/** Why a suggestion ended: at a line break, dedent or blank line (natural), at a limit, or
 *  where the model stopped being sure of it (unsure). */
export enum StopReason { None = 0, Natural = 1, Limit = 2, Unsure = 3 }

/**
 * The stop rules for one candidate, fed one generated character at a time:
 * - single line: stop before the first line break;
 * - multi-line: stop before the line break that starts a blank line, a line indented less than
 *   the cursor's line, or line maxLines + 1;
 * - always: stop after maxChars characters.
 * `push` returns -1 to take the character and go on, or the length (UTF-16 units) of the text
 * generated so far to keep; `reason` then says why.
 */
export class StopRule {
  reason = StopReason.None;
  private o!: StopOptions;
  private chars = 0;
  private len = 0;
  private lines = 1;
  /** where the line break that began the current line starts (a '\r' of '\r\n' included) */
  private lineBreak = 0;
  private lineIndent = 0;
  private lineHasText = true;
  private afterReturn = false;

  constructor(o: StopOptions) { this.reset(o); }

  reset(o: StopOptions = this.o): void {
    this.o = o;
    this.reason = StopReason.None;
    this.chars = 0; this.len = 0; this.lines = 1;
    this.lineBreak = 0; this.lineIndent = 0; this.lineHasText = true; this.afterReturn = false;
  }

  push(kind: CharKind, units: number): number {
    const o = this.o;
    if (kind === CharKind.Newline || kind === CharKind.Return) {
      const breakAt = this.afterReturn && kind === CharKind.Newline ? this.len - 1 : this.len;
      if (!o.multiline) return this.stop(StopReason.Natural, breakAt);
      if (kind === CharKind.Newline) {
        if (this.lines > 1 && !this.lineHasText) return this.stop(StopReason.Natural, this.lineBreak);
        if (this.lines >= o.maxLines) return this.stop(StopReason.Natural, breakAt);
        this.lines++;
        this.lineBreak = breakAt;
        this.lineIndent = 0;
        this.lineHasText = false;
      }
    } else if (!this.lineHasText) {
      if (kind === CharKind.Space) this.lineIndent++;
      else {
        this.lineHasText = true;
        if (this.lineIndent < o.indent) return this.stop(StopReason.Natural, this.lineBreak);
      }
    }
    this.afterReturn = kind === CharKind.Return;
    this.len += units;
    this.chars++;
    return this.chars >= o.maxChars ? this.stop(StopReason.Limit, this.len) : -1;
  }

  /** Ends the suggestion before the character about to be pushed: the model is unsure of it. */
  unsure(): number { return this.stop(StopReason.Unsure, this.len); }

  private stop(reason: StopReason, keep: number): number {
    this.reason = reason;
    return keep;
  }
}

/** Leading whitespace of the last line of text (the cursor's line when text ends at the cursor). */
export function indentOf(text: string): number {
  const start = text.lastIndexOf('\n') + 1;
  let i = start;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i - start;
}

const OPEN = '([{';
const CLOSE = ')]}';
const QUOTES = '"\'`';

/** A suggestion is offered mid-line only when what follows the cursor is closing punctuation. */
export function suggestsHere(after: string): boolean {
  return /^[\s)\]}"'`;,]*$/.test(after);
}

/** The quote the cursor is inside of on its line (an odd number of unescaped ones before it), or ''. */
export function openQuote(lineBefore: string): string {
  let q = '';
  for (let i = 0; i < lineBefore.length; i++) {
    const ch = lineBefore[i];
    if (ch === '\\') i++;
    else if (q) { if (ch === q) q = ''; }
    else if (QUOTES.includes(ch)) q = ch;
  }
  return q;
}

/**
 * Trims the tail of a suggestion that would repeat the closing brackets and quotes already
 * right of the cursor. The suggestion "starts closing" at its first bracket it did not open
 * itself (or, when the cursor is inside a string, at the quote that ends it); if from there it
 * reads the same closers as the text after the cursor (all of them, or the first few), the
 * suggestion is cut there: `foo(|)` + `a, b);` gives `a, b`.
 */
export function trimDuplicateClosers(s: string, lineBefore: string, after: string): string {
  let k = 0;
  while (k < after.length && (CLOSE.includes(after[k]) || QUOTES.includes(after[k]))) k++;
  if (k === 0) return s;
  const closers = after.slice(0, k);
  const j = firstUnopenedCloser(s, openQuote(lineBefore));
  if (j < 0) return s;
  const tail = s.slice(j);
  return tail.startsWith(closers) || closers.startsWith(tail) ? s.slice(0, j) : s;
}

/** Index of the first character of s that closes something s did not open, or -1. Inside a
 *  string (quote), that is the first unescaped quote; brackets in strings s opens are skipped. */
function firstUnopenedCloser(s: string, quote: string): number {
  if (quote) {
    for (let i = 0; i < s.length; i++) {
      if (s[i] === '\\') i++;
      else if (s[i] === quote) return i;
    }
    return -1;
  }
  let depth = '', q = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (q) {
      if (ch === '\\') i++;
      else if (ch === q) q = '';
    } else if (QUOTES.includes(ch)) q = ch;
    else if (OPEN.includes(ch)) depth += ch;
    else if (CLOSE.includes(ch)) {
      if (depth === '' || OPEN.indexOf(depth[depth.length - 1]) !== CLOSE.indexOf(ch)) return i;
      depth = depth.slice(0, -1);
    }
  }
  return -1;
}

/** A suggestion without trailing white space, but for the one space the model wrote before it
 *  stopped mid-line: taking `const ` or `= ` whole saves the space the user types next. Where
 *  the line ends (a natural stop), that space would be trailing white space, and goes. */
export function trimTrailingSpace(s: string, reason: StopReason): string {
  const body = s.trimEnd();
  return body && reason !== StopReason.Natural && s.startsWith(' ', body.length) ? body + ' ' : body;
}

/** Whether position k of s does not fall inside a word (a prefix s[0..k) may be accepted alone). */
export function atWordBoundary(s: string, k: number): boolean {
  return k >= s.length || !(isWordChar(s.charCodeAt(k - 1)) && isWordChar(s.charCodeAt(k)));
}

/** [A-Za-z0-9_$] and any non-ASCII letter-ish code unit, as VS Code's default word pattern roughly. */
export function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
}
