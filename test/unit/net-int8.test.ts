// A Net of precision 'int8': the forward pass of every cell close to the float32 net's, new
// weights repacked, and training refused. (The kernels themselves: kernels.test.ts and
// kernels-int8.test.ts; the quality on trained models: docs/int8.md.)
import assert from 'node:assert/strict';
import type { CellType, Precision } from '../../src/core/config';
import { tsBackend } from '../../src/core/kernels/ts';
import { wasmBackend } from '../../src/core/kernels/wasm';
import type { Backend } from '../../src/core/kernels/types';
import { Net } from '../../src/core/net';
import { Rng } from '../../src/core/rng';

const V = 20, B = 3, T = 12;

function make(cell: CellType, backend: Backend, precision: Precision, seed = 3): Net {
  const net = new Net({ cell, layers: 2, hidden: 64, vocabSize: V, batch: B, seq: T, backend, precision });
  // PyTorch's init doubled, so that the gates leave their linear range (fourfold makes the RNN
  // chaotic: any difference grows until the logits differ by their own size)
  net.initParams(seed);
  net.setParams(Float32Array.from(net.params, (p) => 2 * p));
  const rng = new Rng(2);
  for (let j = 0; j < T * B; j++) { net.inputs[j] = rng.int(V); net.targets[j] = rng.int(V); }
  return net;
}

for (const [name, backend] of [['TypeScript reference', tsBackend], ['wasm', wasmBackend]] as const) {
  describe(`Net, int8 precision (${name})`, () => {
    for (const cell of ['rnn', 'lstm', 'gru'] as CellType[]) {
      it(`a 2-layer ${cell}: loss within 0.3% and logits within a tenth of their range of float32's, over four windows`, () => {
        // measured: 0.001-0.12% and 0.016-0.059 of the largest logit
        const f = make(cell, backend, 'f32'), q = make(cell, backend, 'int8');
        for (let w = 0; w < 3; w++) {
          const lf = f.lossAndGrad(T, false).nats, lq = q.lossAndGrad(T, false).nats;
          assert.ok(Math.abs(lq - lf) <= 0.003 * lf, `window ${w}: ${lq} nats, float32 ${lf}`);
        }
        f.forward(T, false); q.forward(T, false);
        f.head(0, T * B); q.head(0, T * B);
        let worst = 0, range = 0;
        for (let j = 0; j < T * B * V; j++) { worst = Math.max(worst, Math.abs(f.logits[j] - q.logits[j])); range = Math.max(range, Math.abs(f.logits[j])); }
        assert.ok(worst > 0 && worst < 0.1 * range, `largest logit difference ${worst}, largest logit ${range}`);
      });
    }

    it('new weights are packed again: the same logits as a net made with them', () => {
      const a = make('lstm', backend, 'int8', 3), b = make('lstm', backend, 'int8', 4);
      a.setParams(b.params);
      for (const n of [a, b]) { n.resetState(); n.forward(T, false); n.head(0, T * B); }
      assert.deepEqual(a.logits, b.logits);
    });

    it('runs forward only, in float32', () => {
      const q = make('gru', backend, 'int8');
      assert.throws(() => q.lossAndGrad(T, true), /int8 net runs forward only/);
      assert.throws(() => new Net({ cell: 'rnn', layers: 1, hidden: 8, vocabSize: V, batch: 1, seq: 1, backend: tsBackend, dtype: 'f64', precision: 'int8' }), /float32/);
    });
  });
}
