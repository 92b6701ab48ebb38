// UTF-16 surrogates: a code point above U+FFFF is stored as a high surrogate (D800-DBFF) followed
// by a low one (DC00-DFFF). A character here is a code point, as for..of yields it: a lone
// surrogate counts as one character.

export const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
export const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** UTF-16 code units of the character at index i of s: 2 for a surrogate pair, else 1. */
export function unitsAt(s: string, i: number): number {
  return isHighSurrogate(s.charCodeAt(i)) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1)) ? 2 : 1;
}

/** Characters (code points, a lone surrogate counting as one) of s[from..to). */
export function codePoints(s: string, from = 0, to = s.length): number {
  let n = 0;
  for (let i = from; i < to; i += unitsAt(s, i)) n++;
  return n;
}
