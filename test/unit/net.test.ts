// Net behaviour beyond the gradient: dropout only in training, state save/restore, batched
// evaluation of texts of different lengths equal to evaluating each alone, and running fewer rows
// than the net was sized for.
import assert from 'node:assert/strict';
import { evaluateEncoded } from '../../src/core/evaluate';
import { Net } from '../../src/core/net';
import { Rng } from '../../src/core/rng';
import { tsBackend } from '../../src/core/kernels/ts';

const spec = { cell: 'lstm' as const, layers: 2, hidden: 8, vocabSize: 11 };

function randomTexts(n: number, rng: Rng): Int32Array[] {
  return Array.from({ length: n }, (_, i) => Int32Array.from({ length: 5 + 17 * i }, () => 1 + rng.int(10)));
}

describe('Net', () => {
  it('applies dropout in training passes only, with a fresh mask each pass', () => {
    const net = new Net({ ...spec, batch: 2, seq: 6, dropout: 0.5, backend: tsBackend });
    net.initParams(3);
    const rng = new Rng(1);
    for (let j = 0; j < 12; j++) { net.inputs[j] = 1 + rng.int(10); net.targets[j] = 1 + rng.int(10); }
    const run = (train: boolean) => { net.resetState(); return net.lossAndGrad(6, train).nats; };
    const a = run(false), b = run(false), c = run(true), d = run(true);
    assert.equal(a, b);
    assert.notEqual(c, a);
    assert.notEqual(c, d);
  });

  it('saveState and loadState restore the exact recurrent state', () => {
    const net = new Net({ ...spec, batch: 1, seq: 4, backend: tsBackend });
    net.initParams(5);
    for (let t = 0; t < 4; t++) net.inputs[t] = t + 1;
    net.forward(4, false); net.carryState(4);
    const saved = new Float32Array(net.stateSize);
    net.saveState(saved);
    net.inputs[0] = 7; net.forward(1, false); net.head(0, 1);
    const first = Array.from(net.logits.subarray(0, 11));
    net.resetState(); net.loadState(saved);
    net.inputs[0] = 7; net.forward(1, false); net.head(0, 1);
    assert.deepEqual(Array.from(net.logits.subarray(0, 11)), first);
  });

  it('run on its first rows, computes what a net sized for those rows computes, loss and gradients included', () => {
    for (const dropout of [0, 0.3]) {
      const wide = new Net({ ...spec, batch: 5, seq: 6, dropout, backend: tsBackend });
      const narrow = new Net({ ...spec, batch: 3, seq: 6, dropout, backend: tsBackend });
      wide.initParams(4); narrow.setParams(wide.params);
      wide.rows = 3;
      const rng = new Rng(6);
      for (let j = 0; j < 18; j++) {
        wide.inputs[j] = narrow.inputs[j] = 1 + rng.int(10);
        wide.targets[j] = narrow.targets[j] = 1 + rng.int(10);
      }
      for (let w = 0; w < 2; w++) {
        // two windows: the carried state of the three rows goes on from the first
        const a = wide.lossAndGrad(6, true), b = narrow.lossAndGrad(6, true);
        assert.deepEqual(a, b, `window ${w}, dropout ${dropout}`);
        assert.deepEqual(wide.grads, narrow.grads, `window ${w}, dropout ${dropout}`);
        assert.deepEqual(wide.dhNorms, narrow.dhNorms);
      }
      const sw = new Float32Array(wide.stateSize), sn = new Float32Array(narrow.stateSize);
      wide.saveState(sw); narrow.saveState(sn);
      assert.deepEqual(sw.subarray(0, sn.length), sn);
      wide.head(0, 3); narrow.head(0, 3);
      assert.deepEqual(wide.logits.subarray(0, 3 * 11), narrow.logits.subarray(0, 3 * 11));
    }
    const net = new Net({ ...spec, batch: 2, seq: 1, backend: tsBackend });
    assert.throws(() => { net.rows = 3; }, /rows must be an integer in \[1, 2\]/);
    assert.throws(() => { net.rows = 0; }, RangeError);
  });

  it('evaluates texts of different lengths side by side exactly as one by one', () => {
    const rng = new Rng(9), texts = randomTexts(5, rng);
    const wide = new Net({ ...spec, batch: 3, seq: 7, dtype: 'f64', backend: tsBackend });
    const narrow = new Net({ ...spec, batch: 1, seq: 4, dtype: 'f64', backend: tsBackend });
    wide.initParams(2); narrow.setParams(wide.params);
    const together = evaluateEncoded(wide, texts);
    let nats = 0, count = 0;
    for (const t of texts) { const r = evaluateEncoded(narrow, [t]); nats += r.nats; count += r.count; }
    assert.equal(together.count, texts.reduce((s, t) => s + t.length - 1, 0));
    assert.equal(together.count, count);
    assert.ok(Math.abs(together.nats - nats) < 1e-9 * nats);
  });
});
