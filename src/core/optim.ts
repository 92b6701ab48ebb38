// Optimizers over the flat parameter buffer, with PyTorch's update rules (no weight decay).
// Their state lives in the net's optimizer slots, so it is checkpointed and resumed exactly.
import type { OptimizerName } from './config';
import type { Net } from './net';

export const OPTIMIZER_SLOTS: Record<OptimizerName, number> = { sgd: 0, adagrad: 1, rmsprop: 1, adam: 2 };
export const OPTIMIZER_STATE_NAMES: Record<OptimizerName, string[]> = {
  sgd: [], adagrad: ['optim.sum'], rmsprop: ['optim.square_avg'], adam: ['optim.exp_avg', 'optim.exp_avg_sq'],
};

export interface ClipResult { gradNorm: number; clipped: boolean }

/** Global-norm clipping (clip_grad_norm_) then optional element-wise clipping (np.clip). */
export function clipGradients(net: Net, clip: number, clipValue: number): ClipResult {
  const n = net.nParams, k = net.k;
  const gradNorm = Math.sqrt(k.sumSquares(n, net.grads, 0));
  let clipped = false;
  // scale = max_norm / (total_norm + 1e-6), applied only when below 1 (PyTorch)
  if (clip > 0 && gradNorm > clip) { k.scale(n, net.grads, 0, clip / (gradNorm + 1e-6)); clipped = true; }
  if (clipValue > 0) k.clampAbs(n, net.grads, 0, clipValue);
  return { gradNorm, clipped };
}

/** One update of net.params from net.grads, then the net's packed copies of them. step counts from 1. */
export function optimizerStep(net: Net, name: OptimizerName, lr: number, step: number): void {
  update(net, name, lr, step);
  net.repack();
}

function update(net: Net, name: OptimizerName, lr: number, step: number): void {
  const p = net.params, g = net.grads, n = net.nParams;
  switch (name) {
    case 'sgd':
      // p -= lr * g
      for (let j = 0; j < n; j++) p[j] -= lr * g[j];
      return;
    case 'adagrad': {
      // sum += g^2;  p -= lr * g / (sqrt(sum) + 1e-10)
      const s = net.slots[0];
      for (let j = 0; j < n; j++) { s[j] += g[j] * g[j]; p[j] -= lr * g[j] / (Math.sqrt(s[j]) + 1e-10); }
      return;
    }
    case 'rmsprop': {
      // v = 0.99 v + 0.01 g^2;  p -= lr * g / (sqrt(v) + 1e-8)
      const v = net.slots[0];
      for (let j = 0; j < n; j++) { v[j] = 0.99 * v[j] + 0.01 * g[j] * g[j]; p[j] -= lr * g[j] / (Math.sqrt(v[j]) + 1e-8); }
      return;
    }
    case 'adam':
      net.k.adam(n, p, g, net.slots[0], net.slots[1], 0, lr, 0.9, 0.999, 1e-8, step);
      return;
  }
}
