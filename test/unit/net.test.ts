// Net behaviour beyond the gradient: dropout only in training, state save/restore, and batched
// evaluation of texts of different lengths equal to evaluating each alone.
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
