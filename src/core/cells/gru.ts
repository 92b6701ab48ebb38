// GRU (nn.GRU), gates in PyTorch order r, z, n:
//   r = σ(W_ir x + b_ir + W_hr h + b_hr);  z = σ(W_iz x + b_iz + W_hz h + b_hz)
//   n = tanh(W_in x + b_in + r * (W_hn h + b_hn));  h_t = (1 - z) * n + z * h_{t-1}
import { HIDDEN_BIAS_UP_FRONT, addRecurrentGrad, hiddenBackward, hiddenProjection, inputBackward, inputProjection, type CellContext, type Layer } from './layer';
import type { Arr } from '../kernels/types';

export function gruForward(c: CellContext, L: Layer, T: number): void {
  const { k, B, H } = c, G = L.G;
  // gi = x W_ih^T + b_ih; b_hh stays on the hidden side because r multiplies W_hn h + b_hn
  inputProjection(c, L, T, HIDDEN_BIAS_UP_FRONT.gru);
  for (let t = 0; t < T; t++) {
    // gh_t = h_{t-1} W_hh^T + b_hh
    hiddenProjection(c, L, t, L.gh, t * B * G, false);
    k.addBias(B, G, L.gh, t * B * G, c.P, L.bhh);
    k.gruCell(B, H, L.gates, t * B * G, L.gh, t * B * G, L.hs, t * B * H, L.hs, (t + 1) * B * H);
  }
}

export function gruBackward(c: CellContext, L: Layer, T: number, dX: Arr | undefined): void {
  const { k, B, H } = c, G = L.G;
  L.dhNext.fill(0);
  for (let t = T - 1; t >= 0; t--) {
    addRecurrentGrad(c, L, t);
    // dgi_t, dgh_t, and the direct part dh_{t-1} = dh_t * z
    k.gruCellBackward(B, H, L.gates, t * B * G, L.gh, t * B * G, L.hs, t * B * H, L.dH, t * B * H,
      L.dgates, t * B * G, L.dgh, t * B * G, L.dhNext, 0);
    // dh_{t-1} += dgh_t W_hh
    hiddenBackward(c, L, L.dgh, t * B * G, true);
  }
  inputBackward(c, L, T, L.dgates, L.dgh, dX);
}
