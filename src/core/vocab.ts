// Character vocabulary: class 0 is the unknown symbol, then the kept characters sorted by code
// point. A character is a Unicode code point (an emoji is one symbol); a lone surrogate counts
// as one code point, exactly as `for..of` yields it.

import { isHighSurrogate, isLowSurrogate } from './utf16';

const BMP = 0x10000;

/** Code point at UTF-16 index i and how many code units it spans (as for..of walks a string). */
function codePointAt(text: string, i: number): number {
  const hi = text.charCodeAt(i);
  if (isHighSurrogate(hi) && i + 1 < text.length) {
    const lo = text.charCodeAt(i + 1);
    // cp = 0x10000 + (hi - 0xD800) * 0x400 + (lo - 0xDC00)
    if (isLowSurrogate(lo)) return 0x10000 + (hi - 0xd800) * 0x400 + (lo - 0xdc00);
  }
  return hi;
}

const units = (cp: number): number => (cp >= BMP ? 2 : 1);

export class Vocab {
  /** Shown in place of the unknown symbol where something visible is wanted (see `decode`). */
  static readonly UNKNOWN_DISPLAY = '\uFFFD';

  readonly unk = 0;
  readonly size: number;
  /** class index → character; chars[0] = '' (unknown) */
  private readonly chars: string[];
  /** code point → class index for the Basic Multilingual Plane; 0 = unknown */
  private readonly bmp = new Int32Array(BMP);
  /** code point → class index above the BMP (emoji and the like) */
  private readonly astral = new Map<number, number>();

  private constructor(chars: string[]) {
    this.chars = chars;
    this.size = chars.length;
    for (let i = 1; i < chars.length; i++) {
      const cp = chars[i].codePointAt(0)!;
      if (cp < BMP) this.bmp[cp] = i;
      else this.astral.set(cp, i);
    }
  }

  /** Keeps the (maxVocab - 1) most frequent code points (ties: lower code point first). */
  static build(texts: Iterable<string>, maxVocab: number): Vocab {
    if (!Number.isInteger(maxVocab) || maxVocab < 1) {
      throw new Error(`maxVocab must be an integer of at least 1, got ${maxVocab}`);
    }
    const bmpCounts = new Float64Array(BMP);
    const astralCounts = new Map<number, number>();
    for (const text of texts) {
      for (let i = 0; i < text.length;) {
        const cp = codePointAt(text, i);
        if (cp < BMP) bmpCounts[cp]++;
        else astralCounts.set(cp, (astralCounts.get(cp) ?? 0) + 1);
        i += units(cp);
      }
    }
    const seen: [cp: number, count: number][] = [];
    for (let cp = 0; cp < BMP; cp++) if (bmpCounts[cp] > 0) seen.push([cp, bmpCounts[cp]]);
    for (const [cp, n] of astralCounts) seen.push([cp, n]);
    seen.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const kept = seen.slice(0, maxVocab - 1).map(([cp]) => cp).sort((a, b) => a - b);
    return new Vocab(['', ...kept.map((cp) => String.fromCodePoint(cp))]);
  }

  /** Rebuilds a vocabulary from its serialized class list; throws an Error saying what is wrong. */
  static fromJSON(entries: unknown): Vocab {
    if (!Array.isArray(entries)) throw new Error('vocab must be an array of strings');
    if (entries.length === 0 || entries[0] !== '') {
      throw new Error('vocab entry 0 must be "" (the unknown symbol)');
    }
    const seen = new Set<string>();
    for (let i = 1; i < entries.length; i++) {
      const e: unknown = entries[i];
      if (typeof e !== 'string') throw new Error(`vocab entry ${i} is not a string`);
      const cp = e.codePointAt(0);
      if (cp === undefined || e.length !== units(cp)) {
        throw new Error(`vocab entry ${i} (${JSON.stringify(e)}) must be exactly one character`);
      }
      if (seen.has(e)) throw new Error(`vocab entry ${i} (${JSON.stringify(e)}) is a duplicate`);
      seen.add(e);
    }
    return new Vocab(entries.slice());
  }

  toJSON(): string[] {
    return this.chars.slice();
  }

  /** Class of a character (its first code point); anything unknown is class 0. */
  index(ch: string): number {
    if (ch.length === 0) return this.unk;
    const cp = codePointAt(ch, 0);
    return cp < BMP ? this.bmp[cp] : (this.astral.get(cp) ?? this.unk);
  }

  /** Character of class i; the unknown class is '' (see UNKNOWN_DISPLAY for a visible stand-in). */
  char(i: number): string {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) {
      throw new RangeError(`class index ${i} outside the vocabulary (size ${this.size})`);
    }
    return this.chars[i];
  }

  /** Number of code points in text: the length `encode` returns. */
  static count(text: string): number {
    let n = 0;
    for (let i = 0; i < text.length; n++) i += units(codePointAt(text, i));
    return n;
  }

  encode(text: string): Int32Array {
    const out = new Int32Array(Vocab.count(text));
    this.encodeInto(text, out, 0);
    return out;
  }

  /** Writes the classes of text into out from offset on; returns how many it wrote. */
  encodeInto(text: string, out: Int32Array | Uint16Array | Uint32Array, offset: number): number {
    let k = offset;
    for (let i = 0; i < text.length; k++) {
      if (k >= out.length) {
        throw new RangeError(`encodeInto: output too short (${out.length}) for text from offset ${offset}`);
      }
      const cp = codePointAt(text, i);
      out[k] = cp < BMP ? this.bmp[cp] : (this.astral.get(cp) ?? this.unk);
      i += units(cp);
    }
    return k - offset;
  }

  /** Text of a class sequence; the unknown class becomes `unknownAs` ('' drops it). */
  decode(ids: ArrayLike<number>, unknownAs = ''): string {
    let s = '';
    for (let t = 0; t < ids.length; t++) {
      const i = ids[t];
      s += i === this.unk ? unknownAs : this.char(i);
    }
    return s;
  }
}
