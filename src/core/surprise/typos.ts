// The typo benchmark's two halves, kept here so the tests check them: injecting random
// single-character edits into texts (substitution, deletion, insertion, transposition of
// neighbours), and the recall of those places among a text's most surprising characters.
import { Rng } from '../rng';

export type EditKind = 'substitute' | 'delete' | 'insert' | 'transpose';
export const EDIT_KINDS: readonly EditKind[] = ['substitute', 'delete', 'insert', 'transpose'];

export interface Edit {
  /** index of the text */
  text: number;
  kind: EditKind;
  /** UTF-16 offset in the edited text: the character put in, the one after a deletion, the
   *  first of a transposed pair */
  at: number;
  /** what the edit did, for a report: the characters before and after */
  before: string;
  after: string;
}

export interface InjectOptions {
  seed?: number;
  /** no edit within the first `skip` characters of a text (the model reads its context there) */
  skip?: number;
  /** edits at least this many characters apart, so each is its own place */
  spacing?: number;
}

const plain = (c: number) => c < 0xd800 || c > 0xdfff;

/** Puts `count` random edits into texts, at places drawn uniformly over all characters past
 *  `skip`, one per place; a substitution or insertion draws its character from the same text
 *  (so mostly letters, as a slip of the hand does). */
export function injectEdits(texts: readonly string[], count: number, o: InjectOptions = {}): { texts: string[]; edits: Edit[] } {
  const rng = new Rng(o.seed ?? 1), skip = o.skip ?? 200, spacing = o.spacing ?? 8;
  const room = texts.map((t) => Math.max(0, t.length - 1 - skip));
  const total = room.reduce((a, b) => a + b, 0);
  const chosen = texts.map(() => [] as { p: number; kind: EditKind; c: string }[]);
  const drawChar = (t: string, not: string) => {
    for (let k = 0; k < 10_000; k++) {
      const c = t[rng.int(t.length)];
      if (c !== not && plain(c.charCodeAt(0))) return c;
    }
    throw new Error('a text of one repeated character has no other character to put in');
  };
  if (total === 0 && count > 0) throw new Error(`no text is longer than ${skip + 1} characters`);
  let tries = 0;
  while (chosen.reduce((n, c) => n + c.length, 0) < count) {
    if (++tries > 1000 * count) throw new Error(`the texts have room for fewer than ${count} edits ${spacing} characters apart past their first ${skip}`);
    let r = rng.int(total), i = 0;
    while (r >= room[i]) r -= room[i++];
    const t = texts[i], p = skip + r, kind = EDIT_KINDS[rng.int(EDIT_KINDS.length)];
    if (!plain(t.charCodeAt(p)) || !plain(t.charCodeAt(p + 1))) continue;
    if (kind === 'transpose' && t[p] === t[p + 1]) continue;
    if (chosen[i].some((e) => Math.abs(e.p - p) < spacing)) continue;
    chosen[i].push({ p, kind, c: kind === 'substitute' || kind === 'insert' ? drawChar(t, t[p]) : '' });
  }
  const edits: Edit[] = [];
  const out = texts.map((t, i) => {
    let s = '', from = 0, shift = 0;
    for (const e of chosen[i].sort((a, b) => a.p - b.p)) {
      s += t.slice(from, e.p);
      const at = e.p + shift;
      switch (e.kind) {
        case 'substitute': s += e.c; from = e.p + 1; edits.push({ text: i, kind: e.kind, at, before: t[e.p], after: e.c }); break;
        case 'delete': from = e.p + 1; shift--; edits.push({ text: i, kind: e.kind, at, before: t[e.p], after: '' }); break;
        case 'insert': s += e.c; from = e.p; shift++; edits.push({ text: i, kind: e.kind, at, before: '', after: e.c }); break;
        case 'transpose': s += t[e.p + 1] + t[e.p]; from = e.p + 2; edits.push({ text: i, kind: e.kind, at, before: t.slice(e.p, e.p + 2), after: t[e.p + 1] + t[e.p] }); break;
      }
    }
    return s + t.slice(from);
  });
  return { texts: out, edits };
}

export interface Recall {
  /** share of the edits found */
  recall: number;
  found: number;
  /** characters flagged (the top share of all) and the bits from which a character is flagged */
  flagged: number;
  threshold: number;
  /** per edit: whether it was found */
  hits: boolean[];
}

/** Recall of the edits among the top `share` most surprising characters of all texts together
 *  (bits[i] per UTF-16 unit of text i): an edit counts when a flagged character lies within
 *  `radius` characters of it. */
export function recallOf(bits: readonly Float32Array[], edits: readonly Edit[], share = 0.01, radius = 2): Recall {
  const all = bits.reduce((n, b) => n + b.length, 0), k = Math.max(1, Math.ceil(share * all));
  const merged = new Float32Array(all);
  let o = 0;
  for (const b of bits) { merged.set(b, o); o += b.length; }
  const threshold = merged.sort()[all - k];
  const hits = edits.map((e) => {
    const b = bits[e.text], last = e.at + (e.kind === 'transpose' ? 1 : 0);
    for (let i = Math.max(0, e.at - radius); i <= Math.min(b.length - 1, last + radius); i++) if (b[i] >= threshold) return true;
    return false;
  });
  const found = hits.filter(Boolean).length;
  return { recall: found / edits.length, found, flagged: k, threshold, hits };
}
