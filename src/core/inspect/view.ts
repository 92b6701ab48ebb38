// What the panel draws of hidden states h_t: the units that vary most, as in "Visualizing and
// Understanding Recurrent Networks", and the 2-D PCA path. Pure arithmetic on the states, no
// model: the panel's protocol (src/shared) takes the HiddenView type from here.
import { pca } from './pca';

/** Hidden states of the top layer over a text: the most active units and a 2-D PCA path. */
export interface HiddenView {
  /** one entry per character (code point) */
  chars: string[];
  /** indices of the units shown, most active first */
  units: number[];
  /** activations, units.length rows of chars.length values */
  values: number[];
  /** PCA coordinates, chars.length pairs (pc1, pc2) */
  path: number[];
  /** share of the variance each of the two components explains */
  explained: [number, number];
  hidden: number;
}

/** Indices of the k units with the largest standard deviation over the n rows, largest first. */
export function mostActiveUnits(h: ArrayLike<number>, n: number, H: number, k: number): number[] {
  const spread = new Float64Array(H);
  for (let j = 0; j < H; j++) {
    let s = 0, s2 = 0;
    for (let t = 0; t < n; t++) { const v = h[t * H + j]; s += v; s2 += v * v; }
    // var = E[h^2] - E[h]^2
    spread[j] = n > 0 ? s2 / n - (s / n) ** 2 : 0;
  }
  return Array.from({ length: H }, (_, j) => j).sort((a, b) => spread[b] - spread[a] || a - b).slice(0, Math.min(k, H));
}

/** The view of n = chars.length rows of H values h: the `units` most active units and the PCA path. */
export function viewOf(chars: string[], h: Float32Array, H: number, units: number): HiddenView {
  const n = chars.length;
  const top = mostActiveUnits(h, n, H, units);
  const values: number[] = [];
  for (const j of top) for (let t = 0; t < n; t++) values.push(h[t * H + j]);
  const p = pca(h, n, H, Math.min(2, H));
  const path = Array.from({ length: n * 2 }, (_, a) => (p.scores.length === n * 2 ? p.scores[a] : a % 2 ? 0 : p.scores[a >> 1]));
  const share = (c: number) => (p.totalVariance > 0 && c < p.variance.length ? p.variance[c] / p.totalVariance : 0);
  return { chars, units: top, values, path, explained: [share(0), share(1)], hidden: H };
}
