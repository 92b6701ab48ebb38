// A webview that was hidden or reloaded rebuilds itself from the host: init + a replay of the
// run's metrics must leave it holding exactly what a webview that saw every live message holds.
import assert from 'node:assert/strict';
import { PanelHub } from '../../src/extension/panel/hub';
import type { HostMessage } from '../../src/shared/panelProtocol';
import { RunHistory } from '../../src/extension/panel/runs';
import { PanelStore } from '../../webview/store';
import { FakeServices, batches, config, fakeMetrics, fakeUi, memoryStorage, recordingView } from './panel-helpers';

/** Everything a webview draws from, as plain data. */
function snapshot(s: PanelStore) {
  return {
    ready: s.ready, status: s.status, runs: s.runs, runId: s.runId, dh: s.dh, samples: s.samples, hidden: s.hidden,
    steps: s.steps.rows(), evals: s.evals.rows(),
  };
}

function replayInto(messages: HostMessage[]): PanelStore {
  const store = new PanelStore();
  for (const m of messages) {
    const changes = store.apply(JSON.parse(JSON.stringify(m)));
    assert.ok(!changes.includes('resync'), `replay of ${m.type} left a gap`);
  }
  return store;
}

async function setup(storage = memoryStorage()) {
  const services = new FakeServices();
  const history = new RunHistory(storage, () => 1_700_000_000_000 + storage.files.size);
  const hub = new PanelHub(services, history, fakeUi());
  const view = recordingView();
  hub.attach(view);
  await hub.receive({ type: 'ready' });
  return { services, history, hub, view, storage };
}

describe('panel state restore', () => {
  it('a fresh webview fed init and the replay equals one that saw every live message', async () => {
    const { services, hub, view } = await setup();
    services.setStatus('training');
    services.start$.fire({ config: config(), resumed: false });
    for (const b of batches(fakeMetrics(0, 2600), 37)) services.metrics$.fire(b);
    await hub.settled();
    await hub.receive({ type: 'sample', prime: 'def ', temperatures: [0.5, 1] });

    const live = replayInto(view.messages);
    assert.equal(live.steps.length, 2600);
    assert.equal(live.evals.length, 52);
    assert.deepEqual(snapshot(replayInto(hub.restoreMessages())), snapshot(live));
  });

  it('splits a long run into several replay messages', async () => {
    const { services, hub, history } = await setup();
    services.start$.fire({ config: config(), resumed: false });
    for (const b of batches(fakeMetrics(0, 45_000, 500), 1000)) services.metrics$.fire(b);
    await hub.settled();
    const replay = history.replay(20_000);
    assert.equal(replay.length, 3);
    const store = replayInto([hub.restoreMessages()[0], ...replay]);
    assert.equal(store.steps.length, 45_000);
    assert.equal(store.steps.get('step', 44_999), 44_999);
  });

  it('a webview that missed messages (it was hidden) asks again, and catches up', async () => {
    const { services, hub, view } = await setup();
    services.start$.fire({ config: config(), resumed: false });
    services.metrics$.fire(fakeMetrics(0, 100));
    await hub.settled();
    const store = replayInto(view.messages);
    view.visible = false;
    services.metrics$.fire(fakeMetrics(100, 200));
    await hub.settled();
    view.visible = true;
    view.messages.length = 0;
    services.metrics$.fire(fakeMetrics(200, 300));
    await hub.settled();
    assert.deepEqual(store.apply(view.messages[0]), ['resync']);
    for (const m of hub.restoreMessages()) store.apply(m);
    assert.equal(store.steps.length, 300);
  });

  it('keeps the history across a reload: a new host reads runs and metrics back from storage', async () => {
    const first = await setup();
    first.services.setStatus('training');
    first.services.start$.fire({ config: config({ cell: 'rnn' }), resumed: false });
    first.services.metrics$.fire(fakeMetrics(0, 400));
    first.services.setStatus('paused');
    await first.hub.settled();
    const before = replayInto(first.hub.restoreMessages());
    assert.equal(before.runs[0].running, false);

    const second = await setup(first.storage);
    await second.hub.settled();
    assert.deepEqual(second.history.summaries(), first.history.summaries());
    const tables = await second.history.tables(first.history.summaries()[0].id);
    assert.deepEqual(tables?.steps.rows(), before.steps.rows());
    assert.deepEqual(tables?.evals.rows(), before.evals.rows());
  });

  it('a resumed run continues the last run, replacing the steps it redoes', async () => {
    const first = await setup();
    first.services.start$.fire({ config: config(), resumed: false });
    first.services.metrics$.fire(fakeMetrics(0, 300));
    first.services.setStatus('paused');
    await first.hub.settled();

    // after a reload, training resumes from a checkpoint saved at step 250
    const second = await setup(first.storage);
    second.services.start$.fire({ config: config(), resumed: true });
    second.services.metrics$.fire(fakeMetrics(250, 400, 50, 99));
    await second.hub.settled();
    const runs = second.history.summaries();
    assert.equal(runs.length, 1);
    const store = replayInto(second.view.messages);
    assert.equal(store.steps.length, 400);
    assert.deepEqual(Array.from(store.steps.col('step')), Array.from({ length: 400 }, (_, i) => i));
    assert.deepEqual(Array.from(store.evals.col('step')), [49, 99, 149, 199, 249, 299, 349, 399]);
    assert.deepEqual(snapshot(replayInto(second.hub.restoreMessages())), snapshot(store));
  });

  it('a new run (or a resumed one with another model) starts a new row in the runs table', async () => {
    const { services, hub, history } = await setup();
    services.start$.fire({ config: config({ cell: 'rnn' }), resumed: false });
    services.metrics$.fire(fakeMetrics(0, 10));
    services.start$.fire({ config: config({ cell: 'lstm' }), resumed: true });
    services.metrics$.fire(fakeMetrics(0, 10));
    await hub.settled();
    const runs = history.summaries();
    assert.deepEqual(runs.map((r) => r.config.model.cell), ['lstm', 'rnn']);
    assert.deepEqual(runs.map((r) => r.running), [true, false]);
    await assert.rejects(history.delete(runs[0].id), /cannot be deleted; stop it first/);
    assert.equal(await history.delete(runs[1].id), true);
    assert.equal(history.summaries().length, 1);
  });

  it('keeps posting nothing while the panel is hidden, and recording all the same', async () => {
    const { services, hub, view, history } = await setup();
    view.visible = false;
    const posted = view.messages.length;
    services.start$.fire({ config: config(), resumed: false });
    services.metrics$.fire(fakeMetrics(0, 500));
    await hub.settled();
    assert.equal(view.messages.length, posted);
    assert.equal(history.current?.steps.length, 500);
  });
});
