// Vanilla RNN (nn.RNN, tanh): h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)
import { HIDDEN_BIAS_UP_FRONT, addRecurrentGrad, hiddenBackward, hiddenProjection, inputBackward, inputProjection, type CellContext, type Layer } from './layer';
import type { Arr } from '../kernels/types';

export function rnnForward(c: CellContext, L: Layer, T: number): void {
  const { k, B, H } = c;
  inputProjection(c, L, T, HIDDEN_BIAS_UP_FRONT.rnn);
  for (let t = 0; t < T; t++) {
    // pre_t += h_{t-1} W_hh^T
    hiddenProjection(c, L, t, L.gates, t * B * H, true);
    k.rnnCell(B, H, L.gates, t * B * H, L.hs, (t + 1) * B * H);
  }
}

export function rnnBackward(c: CellContext, L: Layer, T: number, dX: Arr | undefined): void {
  const { k, B, H } = c;
  L.dhNext.fill(0);
  for (let t = T - 1; t >= 0; t--) {
    addRecurrentGrad(c, L, t);
    // dpre_t = (1 - h_t^2) * dh_t, in place in dH
    k.rnnCellBackward(B, H, L.hs, (t + 1) * B * H, L.dH, t * B * H);
    // dh_{t-1} = dpre_t W_hh
    hiddenBackward(c, L, L.dH, t * B * H, false);
  }
  inputBackward(c, L, T, L.dH, L.dH, dX);
}
