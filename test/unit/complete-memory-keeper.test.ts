// The editor's keeper of the completer's memory of the repository (src/extension/completion/memory.ts):
// a newer checkpoint of the same text brings its learned weights without rebuilding the tables.
import assert from 'node:assert/strict';
import { Completer } from '../../src/core/complete/completer';
import { tsBackend } from '../../src/core/kernels/ts';
import { buildMixture, mixSpecFor, runToEnd } from '../../src/core/mix/memory';
import { Net } from '../../src/core/net';
import { Vocab } from '../../src/core/vocab';
import { weightsOf } from '../../src/core/weights';
import { MixtureKeeper } from '../../src/extension/completion/memory';
import { SlicedRunner } from '../../src/extension/completion/runner';

const TRAIN = ['export function computeTotalPrice(items, rate) {\n  return items.reduce((s, i) => s + i.price, 0) * (1 + rate);\n}\n'];
const HELD = ['let price = computeTotalPrice(cart, taxRate);\n'];

function setup() {
  const vocab = Vocab.build([...TRAIN, ...HELD, 'Z'], 256);
  const net = new Net({ cell: 'lstm', layers: 1, hidden: 16, vocabSize: vocab.size, batch: 1, seq: 16, backend: tsBackend });
  net.initParams(3);
  const spec = mixSpecFor(1);
  const stored = (train: string[], seed: number) => { net.initParams(seed); return runToEnd(buildMixture(net, vocab, train, HELD, { spec })).stored; };
  const completer = new Completer(weightsOf(net, vocab), { backend: tsBackend });
  const runner = new SlicedRunner(), log: string[] = [];
  return { stored, completer, runner, keeper: new MixtureKeeper(runner, () => 1, (l) => log.push(l)), log };
}

describe('completion: the memory keeper', () => {
  it('rebuilds a new text\'s memory; a newer checkpoint of the same text only brings its weights', async () => {
    const { stored, completer, runner, keeper, log } = setup();
    const first = stored(TRAIN, 3), later = stored(TRAIN, 4), other = stored([`${TRAIN[0]}Z`], 5);
    assert.notDeepEqual(Array.from(later.state), Array.from(first.state));
    keeper.update(completer, first);
    await runner.idle();
    const rebuilt = completer.mixture!;
    assert.deepEqual(Array.from(rebuilt.saveState()), Array.from(first.state));
    assert.equal(log.length, 1);

    keeper.update(completer, later);
    assert.equal(keeper.rebuilding, false, 'no rebuild for the same text');
    assert.equal(completer.mixture, rebuilt, 'the same tables stay in use');
    assert.deepEqual(Array.from(completer.mixture!.saveState()), Array.from(later.state));

    keeper.update(completer, other);
    assert.equal(keeper.rebuilding, true, 'another text is rebuilt');
    await runner.idle();
    assert.notEqual(completer.mixture, rebuilt);
    assert.deepEqual(Array.from(completer.mixture!.saveState()), Array.from(other.state));
    assert.equal(log.length, 2);
  });
});
