import assert from 'node:assert/strict';
import { Net } from '../../src/core/net';
import { Vocab } from '../../src/core/vocab';
import { HIDDEN_MAX_CHARS, hiddenStates, hiddenView } from '../../src/core/inspect/hidden';
import { mostActiveUnits } from '../../src/core/inspect/view';
import { specOf, weightsOf, type ModelWeights } from '../../src/core/weights';
import type { CellType } from '../../src/core/config';
import { FakeServices, fakeUi, memoryStorage, recordingView } from './panel-helpers';
import { PanelHub } from '../../src/extension/panel/hub';
import { RunHistory } from '../../src/extension/panel/runs';

const TEXT = 'def add(a, b):\n    return a + b\n';

function weights(cell: CellType, layers: number, hidden = 6, seed = 3): ModelWeights {
  const vocab = Vocab.build([TEXT], 64);
  const net = new Net({ cell, layers, hidden, vocabSize: vocab.size, batch: 1, seq: 1 });
  net.initParams(seed);
  return weightsOf(net, vocab);
}

/** The top layer's h after the whole text, by one forward pass over a window of its length. */
function lastTopH(w: ModelWeights, text: string): Float32Array {
  const vocab = Vocab.fromJSON(w.vocab), ids = vocab.encode(text);
  const net = new Net({ ...specOf(w), batch: 1, seq: ids.length });
  net.setParams(w.params);
  net.inputs.set(ids);
  net.forward(ids.length, false);
  net.carryState(ids.length);
  const state = new Float32Array(net.stateSize);
  net.saveState(state);
  const per = w.hidden * (w.cell === 'lstm' ? 2 : 1);
  return state.subarray((w.layers - 1) * per, (w.layers - 1) * per + w.hidden);
}

describe('panel hidden-state view', () => {
  for (const [cell, layers] of [['rnn', 1], ['lstm', 2], ['gru', 3]] as const) {
    it(`records the top layer's h_t character by character (${cell}, ${layers} layers)`, () => {
      const w = weights(cell, layers);
      const { chars, h, H } = hiddenStates(w, TEXT);
      assert.equal(chars.length, TEXT.length);
      // step by step must match one pass over the whole text, at the end and halfway
      for (const upTo of [TEXT.length, 9]) {
        const expect = lastTopH(w, TEXT.slice(0, upTo));
        const got = h.subarray((upTo - 1) * H, upTo * H);
        for (let j = 0; j < H; j++) assert.ok(Math.abs(got[j] - expect[j]) < 1e-6, `${cell} unit ${j} after ${upTo} chars: ${got[j]} vs ${expect[j]}`);
      }
    });
  }

  it('ranks units by how much they vary over the text', () => {
    // unit 0 constant, unit 1 varies a little, unit 2 a lot
    const n = 4, H = 3, h = [0.5, 0, 0.9, 0.5, 0.1, -0.9, 0.5, 0, 0.9, 0.5, 0.1, -0.9];
    assert.deepEqual(mostActiveUnits(h, n, H, 2), [2, 1]);
    assert.deepEqual(mostActiveUnits(h, n, H, 10), [2, 1, 0]);
  });

  it('reduces to the shown units, a 2-D path and explained shares, keeping the last 400 characters', () => {
    const w = weights('lstm', 2, 12);
    const long = TEXT.repeat(20);
    const v = hiddenView(w, long, 5);
    assert.equal(v.chars.length, HIDDEN_MAX_CHARS);
    assert.equal(v.chars.join(''), Array.from(long).slice(-HIDDEN_MAX_CHARS).join(''));
    assert.equal(v.units.length, 5);
    assert.equal(v.values.length, 5 * HIDDEN_MAX_CHARS);
    assert.equal(v.path.length, 2 * HIDDEN_MAX_CHARS);
    assert.ok(v.explained[0] >= v.explained[1] && v.explained[0] + v.explained[1] <= 1 + 1e-9);
    assert.throws(() => hiddenView(w, ''), /select some text/);
  });

  it('refuses weights that do not fit their model', () => {
    const w = weights('gru', 1);
    assert.throws(() => hiddenStates({ ...w, params: w.params.subarray(1) }, 'ab'), /weights have \d+ values; a 1x6 gru over \d+ symbols needs \d+/);
  });

  it('is computed by the host on request, for the selection, and explained when impossible', async () => {
    const services = new FakeServices(), ui = fakeUi(), view = recordingView();
    const hub = new PanelHub(services, new RunHistory(memoryStorage()), ui);
    hub.attach(view);
    await hub.receive({ type: 'hidden' });
    assert.match(JSON.stringify(view.messages.at(-1)), /no model yet/);
    services.model = weights('rnn', 1);
    await hub.receive({ type: 'hidden' });
    assert.match(JSON.stringify(view.messages.at(-1)), /open a file and select some text/);
    ui.text = 'return a';
    await hub.receive({ type: 'hidden' });
    const last = view.messages.at(-1)!;
    assert.ok(last.type === 'hidden' && last.view?.chars.join('') === 'return a');
  });
});
