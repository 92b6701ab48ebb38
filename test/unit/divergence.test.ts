// A diverging step never reaches the weights: the trainer rolls back to the last good state and
// skips the window; a run that keeps diverging stops with a message; a checkpoint much worse
// than the one it would replace is kept out.
import assert from 'node:assert/strict';
import type { CorpusFile } from '../../src/core/corpus';
import { DivergedError, MAX_ROLLBACKS } from '../../src/core/divergence';
import { judge, judgeTrainer } from '../../src/core/replaceGuard';
import { Trainer } from '../../src/core/train';

const files: CorpusFile[] = [
  { path: 'a.ts', text: 'export function add(a: number, b: number) { return a + b; }\n'.repeat(30) },
  { path: 'b.ts', text: 'const total = [1, 2, 3].reduce((s, x) => s + x, 0);\n'.repeat(30) },
];
const small = { model: { cell: 'lstm' as const, layers: 1, hidden: 16 }, train: { batch: 4, seq: 16, steps: 0, minutes: 0, valFrac: 0.5, lr: 0.01 } };

describe('divergence', () => {
  it('a non-finite loss or gradient rolls back to the weights and optimizer state before the last update, and training goes on', () => {
    const tr = new Trainer(files, small);
    for (let i = 0; i < 3; i++) tr.trainStep();
    const before = { params: Float32Array.from(tr.net.params), slots: tr.net.slots.map((s) => Float32Array.from(s)) };
    tr.trainStep();
    // what an update that overflowed would leave: the next step's loss is not finite
    tr.net.params[tr.net.nParams - 1] = Infinity;
    tr.net.repack();
    const m = tr.trainStep();
    assert.equal(tr.rollbacks.length, 1);
    assert.equal(tr.rollbacks[0].step, 5);
    assert.ok(!Number.isFinite(tr.rollbacks[0].loss) || !Number.isFinite(tr.rollbacks[0].gradNorm));
    // the rolled-back step is trained again on the next window, from the weights of step 4's start
    assert.equal(m.step, 4);
    assert.ok(Number.isFinite(m.loss) && tr.net.params.every(Number.isFinite));
    assert.notDeepEqual(Array.from(tr.net.params), Array.from(before.params));
    tr.dispose();
  });

  it(`stops after ${MAX_ROLLBACKS} rollbacks close together, with the last good weights and a message`, () => {
    const tr = new Trainer(files, small);
    tr.trainStep();
    const good = Float32Array.from(tr.net.params);
    tr.trainStep();
    // every window from now on diverges
    tr.net.lossAndGrad = () => ({ nats: NaN, count: 1 });
    assert.throws(() => tr.trainStep(), (err: Error) => {
      assert.ok(err instanceof DivergedError);
      assert.match(err.message, /^training diverged: 5 steps within 100 had a loss or gradient that was not finite \(the last, at step 2, loss NaN\); the weights are those of step 1\. A lower learning rate \(now 0\.01\) may help$/);
      return true;
    });
    assert.equal(tr.rollbacks.length, MAX_ROLLBACKS);
    assert.deepEqual(Array.from(tr.net.params), Array.from(good));
    assert.equal(tr.step, 1);
    tr.dispose();
  });

  it('judges a replacement: refused when not finite or more than twice the bits and one more', () => {
    assert.equal(judge(2.9, 1.5, 'checkpoint').replace, true);
    assert.equal(judge(3.1, 1.5, 'checkpoint').replace, false);
    assert.equal(judge(1.4, 0.3, 'checkpoint').replace, false);
    assert.equal(judge(1.2, 0.3, 'checkpoint').replace, true);
    assert.equal(judge(Infinity, 1.5, 'checkpoint').replace, false);
    assert.equal(judge(NaN, 1.5, 'checkpoint').replace, false);
    assert.equal(judge(3, Infinity, 'checkpoint').replace, true);
  });

  it('scores a run against the checkpoint it would replace on the same held-out text, and writes any finite one where there is none', () => {
    const tr = new Trainer(files, { ...small, train: { ...small.train, steps: 30 } });
    while (!tr.done()) tr.trainStep();
    const fresh = judgeTrainer(tr, undefined);
    assert.equal(fresh.against, 'nothing');
    assert.ok(fresh.replace && Number.isFinite(fresh.newBits) && Number.isNaN(fresh.oldBits), JSON.stringify(fresh));
    const trained = tr.toCheckpoint();
    const worse = new Trainer(files, { ...small, train: { ...small.train, steps: 1 } });
    worse.trainStep();
    const v = judgeTrainer(worse, trained);
    assert.equal(v.against, 'checkpoint');
    assert.ok(Math.abs(v.oldBits - fresh.newBits) < 1e-9, `${v.oldBits} vs ${fresh.newBits}`);
    assert.equal(judgeTrainer(tr, worse.toCheckpoint()).replace, true);
    tr.dispose();
    worse.dispose();
  });
});
