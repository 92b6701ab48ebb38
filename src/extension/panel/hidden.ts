// The hidden-state view: run a batch-1 copy of the model over a text one character at a time,
// record the top layer's h_t, and reduce it for drawing (the units that vary most, as in
// "Visualizing and Understanding Recurrent Networks", and a 2-D PCA path). A few hundred
// characters cost milliseconds; this runs on demand only, never during a training step.
import { netFromWeights, type ModelWeights } from '../../core/weights';
import { pca } from './pca';
import type { HiddenView } from '../../shared/panelProtocol';

export const HIDDEN_MAX_CHARS = 400;
export const HIDDEN_UNITS = 24;

/** h_t of the top layer after each character: chars.length rows of H values. */
export function hiddenStates(w: ModelWeights, text: string): { chars: string[]; h: Float32Array; H: number } {
  const { net, vocab } = netFromWeights(w, 1, 1);
  const { cell, layers, hidden: H } = w;
  const chars = Array.from(text);
  const ids = vocab.encode(text);
  const state = new Float32Array(net.stateSize);
  // saveState lays out each layer's h, then its c for an LSTM, bottom layer first
  const top = (layers - 1) * H * (cell === 'lstm' ? 2 : 1);
  const h = new Float32Array(chars.length * H);
  net.resetState();
  for (let t = 0; t < ids.length; t++) {
    net.inputs[0] = ids[t];
    net.forward(1, false);
    net.carryState(1);
    net.saveState(state);
    h.set(state.subarray(top, top + H), t * H);
  }
  return { chars, h, H };
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

/** Everything the panel draws for a text (its last HIDDEN_MAX_CHARS characters). */
export function hiddenView(w: ModelWeights, text: string, units = HIDDEN_UNITS): HiddenView {
  const all = Array.from(text);
  if (all.length === 0) throw new Error('select some text in an editor first: the view shows the hidden state over the selection');
  const shown = all.slice(-HIDDEN_MAX_CHARS).join('');
  const { chars, h, H } = hiddenStates(w, shown);
  const n = chars.length;
  const top = mostActiveUnits(h, n, H, units);
  const values: number[] = [];
  for (const j of top) for (let t = 0; t < n; t++) values.push(h[t * H + j]);
  const p = pca(h, n, H, Math.min(2, H));
  const path = Array.from({ length: n * 2 }, (_, a) => (p.scores.length === n * 2 ? p.scores[a] : a % 2 ? 0 : p.scores[a >> 1]));
  const share = (c: number) => (p.totalVariance > 0 && c < p.variance.length ? p.variance[c] / p.totalVariance : 0);
  return { chars, units: top, values, path, explained: [share(0), share(1)], hidden: H };
}
