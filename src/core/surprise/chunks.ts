// What the classifier scores: whole files, or files cut into chunks of N characters.
import { unitsAt } from '../utf16';

export interface Unit {
  file: string;
  /** UTF-16 offsets of the unit in its file, [start, end) */
  start: number;
  end: number;
  text: string;
}

/** Offsets [start, end) of consecutive pieces of n characters (code points, as the vocabulary
 *  counts them: an emoji is one). A tail shorter than n is left out. */
export function chunkOffsets(text: string, n: number): [number, number][] {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`a chunk is a whole number of characters, at least 1; got ${n}`);
  const out: [number, number][] = [];
  let start = 0, count = 0;
  for (let i = 0; i < text.length;) {
    i += unitsAt(text, i);
    if (++count === n) { out.push([start, i]); start = i; count = 0; }
  }
  return out;
}

/** The units of files: each file whole (chunk undefined), or its chunks. */
export function unitsOf(files: readonly { path: string; text: string }[], chunk?: number): Unit[] {
  if (chunk === undefined) return files.map((f) => ({ file: f.path, start: 0, end: f.text.length, text: f.text }));
  return files.flatMap((f) => chunkOffsets(f.text, chunk).map(([start, end]) => ({ file: f.path, start, end, text: f.text.slice(start, end) })));
}

/** Every k-th of items so that at most `max` remain, spread evenly from the first. */
export function spread<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return items.slice();
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)]);
}
