// What Show Surprise draws, as plain data: the flagged characters (the worker's, at or above the
// threshold) grouped into heat levels and runs, moved along by edits, and the hover's words.
// Pure: no `vscode` import, so the tests run it in plain Node.
import type { Flagged } from '../../core/surprise/score';
import { percent } from '../../core/surprise/spans';

/** theme colours of the heat scale, coolest first (contributed in package.json, see manifest.ts) */
export const HEAT_COLORS = ['charRnn.surprise.low', 'charRnn.surprise.medium', 'charRnn.surprise.high'] as const;
/** bits between one heat level and the next */
export const LEVEL_BITS = 4;

/** 0 below the threshold, then 1..HEAT_COLORS.length, a level every LEVEL_BITS bits */
export function levelOf(bits: number, threshold: number): number {
  if (!(bits >= threshold)) return 0;
  return Math.min(HEAT_COLORS.length, 1 + Math.floor((bits - threshold) / LEVEL_BITS));
}

/** Runs of adjacent flagged characters of the same level, per level: ranges[level - 1] = [start, end][]. */
export function heatRanges(flags: readonly Flagged[], threshold: number): [number, number][][] {
  const out: [number, number][][] = HEAT_COLORS.map(() => []);
  let last: [number, number] | undefined, lastLevel = 0;
  for (const f of flags) {
    const level = levelOf(f.bits, threshold);
    if (level === 0) { last = undefined; continue; }
    if (last && level === lastLevel && last[1] === f.offset) last[1] = f.offset + f.length;
    else { last = [f.offset, f.offset + f.length]; lastLevel = level; out[level - 1].push(last); }
  }
  return out;
}

/** One edit of a document: `removed` units at `offset` replaced by `inserted` units (offsets
 *  of the document before the event, as VS Code's contentChanges give them). */
export interface Change { offset: number; removed: number; inserted: number }

/** The flags after the edits: a flag on a replaced character goes, a flag after it moves. */
export function shiftFlags(flags: readonly Flagged[], changes: readonly Change[]): Flagged[] {
  let out = flags.slice();
  // each change's offsets are the document's before the event: the last change first
  for (const c of [...changes].sort((a, b) => b.offset - a.offset)) {
    const end = c.offset + c.removed, delta = c.inserted - c.removed;
    out = out.filter((f) => !(f.offset < end && f.offset + f.length > c.offset))
      .map((f) => (f.offset >= end ? { ...f, offset: f.offset + delta } : f));
  }
  return out;
}

/** The flag over offset (a character spans [offset, offset + length)), if any. */
export function flagAt(flags: readonly Flagged[], offset: number): Flagged | undefined {
  let lo = 0, hi = flags.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1, f = flags[mid];
    if (offset < f.offset) hi = mid - 1;
    else if (offset >= f.offset + f.length) lo = mid + 1;
    else return f;
  }
  return undefined;
}

/** A character as a hover shows it: whitespace by name, anything else in code quotes. */
export function showChar(c: string): string {
  const names: Record<string, string> = { ' ': 'a space', '\n': 'a line break', '\r': 'a carriage return', '\t': 'a tab' };
  return names[c] ?? (c === '`' ? '`` ` ``' : `\`${c}\``);
}

/** The hover's Markdown for a flagged character. */
export function hoverMarkdown(f: Flagged, actual: string): string {
  const expected = f.expected.map((e) => `${showChar(e.char)} ${percent(e.p)}`).join(', ');
  return `**Char-RNN: ${f.bits.toFixed(1)} bits of surprise.** The model gave ${showChar(actual)} ${percent(2 ** -f.bits)}`
    + (expected ? `; it expected ${expected}.` : '.');
}
