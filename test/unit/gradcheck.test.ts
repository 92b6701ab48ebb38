// Central-difference gradient check in float64 for every cell type, 2 layers, every parameter.
import assert from 'node:assert/strict';
import { Net } from '../../src/core/net';
import { tsBackend } from '../../src/core/kernels/ts';
import { Rng } from '../../src/core/rng';
import type { CellType } from '../../src/core/config';

function setup(cell: CellType) {
  const B = 2, T = 4, V = 7, H = 5;
  const net = new Net({ cell, layers: 2, hidden: H, vocabSize: V, batch: B, seq: T, dtype: 'f64', backend: tsBackend });
  const rng = new Rng(42);
  for (let j = 0; j < net.nParams; j++) net.params[j] = rng.uniform(-0.6, 0.6);
  for (let j = 0; j < T * B; j++) { net.inputs[j] = rng.int(V); net.targets[j] = rng.int(V); }
  net.targets[3] = -1; // an ignored position must contribute nothing
  const h0 = Float64Array.from({ length: net.stateSize }, () => rng.uniform(-0.5, 0.5));
  // the check writes params directly: repack them before each pass
  const loss = (grad: boolean) => { net.repack(); net.loadState(h0); const r = net.lossAndGrad(T, grad); return r.nats / r.count; };
  return { net, loss };
}

for (const cell of ['rnn', 'lstm', 'gru'] as CellType[]) {
  describe(`gradient check: ${cell}, 2 layers, float64`, () => {
    it('every parameter\'s analytic gradient matches central differences to 1e-5 relative', () => {
      const { net, loss } = setup(cell);
      loss(true);
      const analytic = Float64Array.from(net.grads);
      const eps = 1e-4;
      let worst = 0, worstAt = '';
      for (const s of net.specs) {
        for (let j = s.offset; j < s.offset + s.size; j++) {
          const p = net.params[j];
          net.params[j] = p + eps; const lp = loss(false);
          net.params[j] = p - eps; const lm = loss(false);
          net.params[j] = p;
          const numeric = (lp - lm) / (2 * eps), a = analytic[j];
          const rel = Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric), 1e-7);
          if (rel > worst) { worst = rel; worstAt = `${s.name}[${j - s.offset}] analytic ${a} numeric ${numeric}`; }
        }
      }
      assert.ok(worst < 1e-5, `worst relative error ${worst} at ${worstAt}`);
    });

    it('the gradient is not trivially zero and the top layer reports dL/dh_t for each t', () => {
      const { net, loss } = setup(cell);
      loss(true);
      let norm = 0;
      for (const g of net.grads) norm += g * g;
      assert.ok(norm > 1e-6);
      assert.equal(net.dhNorms.length, 4);
      for (const d of net.dhNorms) assert.ok(d > 0 && Number.isFinite(d));
    });
  });
}
