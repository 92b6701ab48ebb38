// A character as a path of binary decisions. Class c in [0, V) is written with D = ceil(log2 V)
// bits, most significant first; node n of the tree (root 1, children 2n and 2n + 1) decides one
// bit, and p(c) is the product of the bit probabilities along c's path, as paq codes a byte as
// eight bits. Classes are ordered by code point (vocab.ts), so a node's two sides are ranges of
// similar characters (digits, capitals, lower case). Contexts are looked up once per chunk of
// CHUNK levels: the 15 nodes of a chunk live in one 64-byte bucket (contextTable.ts).

export const CHUNK = 4;
/** slots per bucket: a check word, then the 2^CHUNK - 1 nodes of one chunk */
export const BUCKET = 1 << CHUNK;

/** D = ceil(log2 V), at least 1 */
export function depthFor(V: number): number {
  let D = 1;
  while (1 << D < V) D++;
  return D;
}

/** Prefix sums of a probability row: cs[i] = sum of q[off + c] for c < i, i in [0, V]. */
export function prefixSums(q: ArrayLike<number>, off: number, V: number, cs: Float64Array): void {
  let s = 0;
  cs[0] = 0;
  for (let c = 0; c < V; c++) { s += q[off + c]; cs[c + 1] = s; }
}
