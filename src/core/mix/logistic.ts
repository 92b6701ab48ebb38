// The logistic domain paq mixes in: stretch(p) = ln(p / (1 - p)) and its inverse
// squash(x) = 1 / (1 + e^-x). Counters hold 12-bit-or-finer probabilities, so their stretch is
// read from a table of 4096 entries instead of a logarithm per node.

/** stretched values are kept within +-LIMIT: p from about 3e-4 to 1 - 3e-4 */
export const STRETCH_LIMIT = 8;

/** STRETCH12[i] = stretch((i + 0.5) / 4096) */
export const STRETCH12 = new Float32Array(4096);
for (let i = 0; i < 4096; i++) { const p = (i + 0.5) / 4096; STRETCH12[i] = Math.log(p / (1 - p)); }

/** stretch(p) = ln(p / (1 - p)), clamped to +-STRETCH_LIMIT */
export function stretch(p: number): number {
  const x = Math.log(p / (1 - p));
  return x > STRETCH_LIMIT ? STRETCH_LIMIT : x < -STRETCH_LIMIT || x !== x ? -STRETCH_LIMIT : x;
}

/** squash(x) = 1 / (1 + e^-x) */
export function squash(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
