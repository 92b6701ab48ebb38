import assert from 'node:assert/strict';
import { PanelHub, SAMPLE_EVERY, SAMPLE_MIN_INTERVAL_MS } from '../../src/extension/panel/hub';
import { RunHistory } from '../../src/extension/panel/runs';
import { FakeServices, config, fakeMetrics, fakeUi, memoryStorage, recordingView } from './panel-helpers';
import type { HostMessage } from '../../src/shared/panelProtocol';

async function setup() {
  const services = new FakeServices(), ui = fakeUi(), view = recordingView();
  let clock = 0;
  const hub = new PanelHub(services, new RunHistory(memoryStorage(), () => 1e12 + clock), ui, () => clock);
  hub.attach(view);
  const tick = (ms: number) => { clock += ms; };
  const of = <T extends HostMessage['type']>(type: T) => view.messages.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);
  return { services, ui, view, hub, tick, of };
}

describe('panel host', () => {
  it('samples by itself every few hundred steps while visible, at the chosen temperatures and prime', async () => {
    const { services, hub, view, tick, of } = await setup();
    services.model = { cell: 'rnn', layers: 1, hidden: 8, vocab: ['', 'a'], params: new Float32Array(0) };
    await hub.receive({ type: 'sample', prime: 'fn ', temperatures: [0.5, 1.5] });
    assert.deepEqual(of('samples').at(-1)?.samples?.items.map((i) => i.text), ['fn |t=0.5|xxxxx', 'fn |t=1.5|xxxxx']);
    services.start$.fire({ config: config(), resumed: false });
    let step = 0;
    const train = async (steps: number, ms: number) => {
      services.metrics$.fire(fakeMetrics(step, step + steps).filter((m) => m.kind === 'step'));
      step += steps;
      tick(ms);
      await hub.settled();
      await new Promise((r) => setImmediate(r));
    };
    const count = () => of('samples').length;
    const before = count();
    await train(SAMPLE_EVERY + 10, 1000);
    assert.equal(count(), before, 'sampled before the minimum interval passed');
    tick(SAMPLE_MIN_INTERVAL_MS);
    await train(1, 0);
    assert.equal(count(), before + 1);
    assert.deepEqual(of('samples').at(-1)?.samples?.items.map((i) => i.temperature), [0.5, 1.5]);
    tick(SAMPLE_MIN_INTERVAL_MS);
    await train(10, 0);
    assert.equal(count(), before + 1, 'sampled again after 10 steps');
    view.visible = false;
    await train(SAMPLE_EVERY, SAMPLE_MIN_INTERVAL_MS);
    view.visible = true;
    assert.equal(count(), before + 1, 'sampled while hidden');
  });

  it('samples the last weights when a run ends, at once when visible, else when next shown', async () => {
    const { services, hub, view, of } = await setup();
    services.model = { cell: 'rnn', layers: 1, hidden: 8, vocab: ['', 'a'], params: new Float32Array(0) };
    const run = async (steps: number) => {
      services.start$.fire({ config: config(), resumed: false });
      services.setStatus('training');
      services.metrics$.fire(fakeMetrics(0, steps).filter((m) => m.kind === 'step'));
      services.setStatus('paused');
      await hub.settled();
      await new Promise((r) => setImmediate(r));
    };
    await run(30);
    assert.equal(of('samples').at(-1)?.samples?.step, 29, 'no samples of the run\'s last step');
    view.visible = false;
    const before = of('samples').length;
    await run(45);
    assert.equal(of('samples').length, before, 'sampled while hidden');
    view.visible = true;
    await hub.receive({ type: 'ready' });
    await new Promise((r) => setImmediate(r));
    assert.equal(of('samples').at(-1)?.samples?.step, 44);
  });

  it('forgets the samples and the hidden state of a model that was deleted', async () => {
    const { services, hub, ui, of } = await setup();
    services.model = { cell: 'rnn', layers: 1, hidden: 8, vocab: ['', 'a'], params: new Float32Array(8 * 2 + 8 * 8 + 8 * 2 + 2 * 8 + 2) };
    ui.text = 'aa';
    await hub.receive({ type: 'sample', prime: '', temperatures: [1] });
    await hub.receive({ type: 'hidden' });
    assert.ok(of('hidden').at(-1)?.view, of('notice').map((n) => n.message).join('; '));
    services.model = undefined;
    services.setStatus('idle');
    await hub.settled();
    assert.equal(of('samples').at(-1)?.samples, null);
    assert.equal(of('hidden').at(-1)?.view, null);
    const restored = hub.restoreMessages().map((m) => m.type);
    assert.ok(!restored.includes('samples') && !restored.includes('hidden'), restored.join());
  });

  it('says why it cannot sample, and forwards start, stop and resume', async () => {
    const { services, hub, of } = await setup();
    await hub.receive({ type: 'sample', prime: '', temperatures: [1] });
    assert.match(of('notice').at(-1)!.message, /no model to sample from yet/);
    const c = config({ cell: 'gru' });
    await hub.receive({ type: 'start', config: c });
    await hub.receive({ type: 'stop' });
    await hub.receive({ type: 'resume' });
    assert.deepEqual(services.started, [c]);
    assert.deepEqual(services.calls, ['stop', 'resume']);
  });

  it('drops malformed messages with a log line, and never starts an out-of-bounds run', async () => {
    const { services, hub, ui } = await setup();
    await hub.receive({ type: 'start', config: config({ hidden: 100_000 }) });
    await hub.receive({ type: 'nonsense' });
    assert.deepEqual(services.started, []);
    assert.equal(ui.logs.length, 2);
    assert.match(ui.logs[0], /hidden must be at most 1024/);
  });

  it('exports a run as CSV and JSON, a chart as PNG, and deletes a run', async () => {
    const { services, hub, ui, of } = await setup();
    services.start$.fire({ config: config(), resumed: false });
    services.metrics$.fire(fakeMetrics(0, 40, 20));
    services.setStatus('ready');
    await hub.settled();
    const id = of('runs').at(-1)!.runs[0].id;
    await hub.receive({ type: 'export', runId: id, format: 'csv' });
    await hub.receive({ type: 'export', runId: id, format: 'json' });
    await hub.receive({ type: 'png', name: 'char-rnn loss', dataUrl: `data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64')}` });
    assert.deepEqual(ui.saved.map((f) => f.name.replace(/\d{4}-.*\./, 'DATE.')), ['char-rnn-lstm-1x16-DATE.csv', 'char-rnn-lstm-1x16-DATE.json', 'char-rnn-loss.png']);
    assert.equal(new TextDecoder().decode(ui.saved[0].data).trim().split('\n').length, 41);
    assert.equal(JSON.parse(new TextDecoder().decode(ui.saved[1].data)).steps.step.length, 40);
    assert.deepEqual([...ui.saved[2].data], [0x89, 0x50, 0x4e, 0x47]);
    assert.match(of('notice').at(-1)!.message, /^saved \/tmp\/char-rnn-loss.png$/);

    await hub.receive({ type: 'export', runId: 'nope', format: 'csv' });
    assert.match(of('notice').at(-1)!.message, /run nope has no stored metrics/);
    await hub.receive({ type: 'deleteRun', runId: id });
    assert.deepEqual(of('runs').at(-1)!.runs, []);
  });
});
