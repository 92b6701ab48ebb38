import assert from 'node:assert/strict';
import { MODEL_PARAMS, TRAIN_PARAMS } from '../../src/core/config';
import {
  EVAL_COLUMNS, ProtocolError, STEP_COLUMNS, parseHostMessage, parseWebviewMessage, type HostMessage, type WebviewMessage,
} from '../../src/shared/panelProtocol';
import { config } from './panel-helpers';

/** What postMessage does to a message: JSON (NaN and infinities become null). */
const wire = (m: unknown): unknown => JSON.parse(JSON.stringify(m));

const run = { id: 'r1', startedAt: 1700000000000, config: config(), running: true, steps: 12, charsSeen: 3072, elapsedMs: 340, trainBpc: 3.2, valBpc: null };
const rows = <K extends string>(cols: readonly K[], n: number, from = 0) =>
  ({ from, ...Object.fromEntries(cols.map((c, j) => [c, Array.from({ length: n }, (_, i) => i * 10 + j)])) }) as { from: number } & Record<K, number[]>;

const hostMessages: HostMessage[] = [
  { type: 'init', status: { state: 'training', detail: 'step 12', canResume: false }, config: config(), runs: [run], runId: 'r1' },
  { type: 'init', status: { state: 'idle', detail: '', canResume: true }, config: config({ cell: 'gru' }), runs: [], runId: null },
  { type: 'status', status: { state: 'error', detail: 'out of memory', canResume: true } },
  { type: 'run', run },
  { type: 'runs', runs: [run, { ...run, id: 'r0', running: false, valBpc: 2.5 }] },
  { type: 'metrics', runId: 'r1', steps: rows(STEP_COLUMNS, 3, 5), evals: rows(EVAL_COLUMNS, 1, 2), dh: { latest: [1, 0.5], mean: [0.9, 0.4] } },
  { type: 'metrics', runId: 'r1', steps: rows(STEP_COLUMNS, 0), evals: rows(EVAL_COLUMNS, 0), dh: null },
  { type: 'samples', samples: { step: 250, prime: 'def ', items: [{ temperature: 0.2, text: 'foo()' }, { temperature: 1.5, text: 'q#z' }] } },
  { type: 'curves', curves: [{ id: 'r1', step: [1, 2], charsSeen: [256, 512], bpc: [4, 3.9], val: { step: [2], charsSeen: [512], bpc: [4.1] } }] },
  { type: 'hidden', view: { chars: ['a', '\n'], units: [3, 1], values: [0.1, -0.2, 0.3, 0.4], path: [0, 1, 2, 3], explained: [0.6, 0.2], hidden: 16 } },
  { type: 'samples', samples: null },
  { type: 'hidden', view: null },
  { type: 'notice', level: 'error', message: 'no model yet' },
];

const webviewMessages: WebviewMessage[] = [
  { type: 'ready' }, { type: 'stop' }, { type: 'resume' }, { type: 'hidden' },
  { type: 'start', config: config({ cell: 'rnn', layers: 3 }, { optimizer: 'sgd', lr: 0.1 }) },
  { type: 'sample', prime: 'import ', temperatures: [0.2, 0.5, 1, 1.5] },
  { type: 'curves', ids: ['a', 'b'] },
  { type: 'export', runId: 'r1', format: 'csv' },
  { type: 'export', runId: 'r1', format: 'json' },
  { type: 'png', name: 'loss', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
  { type: 'deleteRun', runId: 'r0' },
  { type: 'drawn', report: { charts: [{ id: 'loss', points: 120, inked: 800 }], cspViolations: 0 } },
  { type: 'error', message: 'boom' },
];

describe('panel protocol', () => {
  it('carries every host message through JSON unchanged', () => {
    for (const m of hostMessages) assert.deepEqual(parseHostMessage(wire(m)), m, m.type);
  });

  it('carries every webview message through JSON unchanged', () => {
    for (const m of webviewMessages) assert.deepEqual(parseWebviewMessage(wire(m)), m, m.type);
  });

  it('covers every message type of both unions in these round trips', () => {
    // the Records make tsc list every type of each union; the lists above must use them all
    const hostTypes: Record<HostMessage['type'], true> = { init: true, status: true, run: true, runs: true, metrics: true, samples: true, curves: true, hidden: true, notice: true };
    const webTypes: Record<WebviewMessage['type'], true> = {
      ready: true, start: true, stop: true, resume: true, sample: true, hidden: true, curves: true, export: true, png: true, deleteRun: true, drawn: true, error: true,
    };
    assert.deepEqual([...new Set(hostMessages.map((m) => m.type))].sort(), Object.keys(hostTypes).sort());
    assert.deepEqual([...new Set(webviewMessages.map((m) => m.type))].sort(), Object.keys(webTypes).sort());
  });

  it('brings NaN back from the null JSON makes of it', () => {
    const m: HostMessage = { type: 'metrics', runId: 'r', steps: { ...rows(STEP_COLUMNS, 2), loss: [NaN, 1] }, evals: rows(EVAL_COLUMNS, 0), dh: null };
    const back = parseHostMessage(wire(m));
    assert.ok(back.type === 'metrics' && Number.isNaN(back.steps.loss[0]) && back.steps.loss[1] === 1);
  });

  it('rejects unknown types and malformed messages with a message that says what is wrong', () => {
    const bad: [unknown, RegExp][] = [
      [null, /message must be an object/],
      [{ type: 'launch' }, /unknown message type "launch"/],
      [{ type: 'sample', prime: 'x', temperatures: [] }, /1 to 8 numbers/],
      [{ type: 'sample', prime: 'x', temperatures: [9] }, /in \[0, 5\]/],
      [{ type: 'sample', prime: 3, temperatures: [1] }, /sample.prime must be a string/],
      [{ type: 'export', runId: 'r', format: 'xml' }, /export.format must be one of csv, json/],
      [{ type: 'png', name: 'x', dataUrl: 'data:text/html;base64,PHNjcmlwdD4=' }, /base64 PNG data URL/],
      [{ type: 'curves', ids: [1] }, /list of strings/],
      [{ type: 'start', config: { model: {}, train: {} } }, /out of bounds/],
    ];
    for (const [raw, why] of bad) assert.throws(() => parseWebviewMessage(raw), (e: Error) => e instanceof ProtocolError && why.test(e.message), JSON.stringify(raw));
  });

  it('checks a start request against the settings bounds', () => {
    for (const [group, key, param] of [['model', 'hidden', MODEL_PARAMS.hidden], ['train', 'seq', TRAIN_PARAMS.seq]] as const) {
      const c = config();
      (c[group] as unknown as Record<string, number>)[key] = param.max! + 1;
      assert.throws(() => parseWebviewMessage({ type: 'start', config: c }), new RegExp(`${key} must be at most ${param.max}`));
      (c[group] as unknown as Record<string, number>)[key] = param.max!;
      assert.doesNotThrow(() => parseWebviewMessage({ type: 'start', config: c }));
    }
    const c = config();
    (c.model as unknown as Record<string, unknown>).cell = 'transformer';
    assert.throws(() => parseWebviewMessage({ type: 'start', config: c }), /cell must be one of rnn, lstm, gru/);
  });

  it('rejects rows whose columns differ in length, and negative row offsets', () => {
    const m = { type: 'metrics', runId: 'r', steps: { ...rows(STEP_COLUMNS, 3), lr: [1, 2] }, evals: rows(EVAL_COLUMNS, 0), dh: null };
    assert.throws(() => parseHostMessage(m), /metrics.steps.lr has 2 rows, not 3/);
    assert.throws(() => parseHostMessage({ ...m, steps: rows(STEP_COLUMNS, 1, -1) }), /from must be a row index/);
    assert.throws(() => parseHostMessage({ ...m, steps: rows(STEP_COLUMNS.slice(1), 1) }), /metrics.steps.step must be a list of numbers/);
  });
});
