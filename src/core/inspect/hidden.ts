// The hidden-state view: run a batch-1 copy of the model over a text one character at a time,
// record the top layer's h_t, and reduce it for drawing (./view.ts). A few hundred
// characters cost milliseconds; this runs on demand only, never during a training step.
import { netFromWeights, type ModelWeights } from '../weights';
import { viewOf, type HiddenView } from './view';

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

/** Everything the panel draws for a text (its last HIDDEN_MAX_CHARS characters). */
export function hiddenView(w: ModelWeights, text: string, units = HIDDEN_UNITS): HiddenView {
  const all = Array.from(text);
  if (all.length === 0) throw new Error('select some text in an editor first: the view shows the hidden state over the selection');
  const shown = all.slice(-HIDDEN_MAX_CHARS).join('');
  const { chars, h, H } = hiddenStates(w, shown);
  return viewOf(chars, h, H, units);
}
