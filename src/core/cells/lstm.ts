// LSTM (nn.LSTM), gates in PyTorch order i, f, g, o:
//   [i f g o] = x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh, then σ, σ, tanh, σ
//   c_t = f * c_{t-1} + i * g;  h_t = o * tanh(c_t)
import { HIDDEN_BIAS_UP_FRONT, addRecurrentGrad, hiddenBackward, hiddenProjection, inputBackward, inputProjection, type CellContext, type Layer } from './layer';
import type { Arr } from '../kernels/types';

export function lstmForward(c: CellContext, L: Layer, T: number): void {
  const { k, B, H } = c, G = L.G;
  inputProjection(c, L, T, HIDDEN_BIAS_UP_FRONT.lstm);
  for (let t = 0; t < T; t++) {
    // gates_t += h_{t-1} W_hh^T
    hiddenProjection(c, L, t, L.gates, t * B * G, true);
    k.lstmCell(B, H, L.gates, t * B * G, L.cs, t * B * H, L.cs, (t + 1) * B * H, L.tcs, t * B * H, L.hs, (t + 1) * B * H);
  }
}

export function lstmBackward(c: CellContext, L: Layer, T: number, dX: Arr | undefined): void {
  const { k, B, H } = c, G = L.G;
  L.dhNext.fill(0);
  L.dcNext.fill(0);
  for (let t = T - 1; t >= 0; t--) {
    addRecurrentGrad(c, L, t);
    // dgates_t from dh_t and dc_t; dcNext becomes dc_{t-1}
    k.lstmCellBackward(B, H, L.gates, t * B * G, L.cs, t * B * H, L.tcs, t * B * H,
      L.dH, t * B * H, L.dcNext, 0, L.dgates, t * B * G);
    // dh_{t-1} = dgates_t W_hh
    hiddenBackward(c, L, L.dgates, t * B * G, false);
  }
  inputBackward(c, L, T, L.dgates, L.dgates, dX);
}
