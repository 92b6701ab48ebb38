import assert from 'node:assert/strict';
import type { StepMetrics } from '../../src/core/metrics';
import { decodeTables, encodeTables } from '../../src/extension/panel/codec';
import { exportName, runCsv, runJson } from '../../src/extension/panel/exportRun';
import { RunHistory, curveOf } from '../../src/extension/panel/runs';
import { DH_MEAN_RATE, DhTracker, evalRow, evalTable, stepRow, stepTable } from '../../src/shared/series';
import { config, fakeMetrics, memoryStorage } from './panel-helpers';

function filled(n: number) {
  const steps = stepTable(), evals = evalTable();
  for (const m of fakeMetrics(0, n, 25)) m.kind === 'step' ? steps.push(stepRow(m)) : evals.push(evalRow(m));
  return { steps, evals };
}

describe('panel metric tables', () => {
  it('grow by doubling and hold 100,000 steps in well under 10 MB', () => {
    const t = stepTable(16);
    const row = stepRow(fakeMetrics(0, 1)[0] as StepMetrics);
    for (let i = 0; i < 100_000; i++) t.push({ ...row, step: i });
    assert.equal(t.length, 100_000);
    assert.equal(t.get('step', 99_999), 99_999);
    assert.ok(t.bytes < 10e6 && t.bytes >= 100_000 * 52, `${t.bytes} bytes`);
  });

  it('store counters exactly and measurements as float32', () => {
    const t = stepTable();
    const m = { ...(fakeMetrics(0, 1)[0] as StepMetrics), step: 2 ** 40 + 1, charsSeen: 2 ** 33 + 3, loss: 0.1, clipped: true };
    t.push(stepRow(m));
    assert.equal(t.get('step', 0), 2 ** 40 + 1);
    assert.equal(t.get('charsSeen', 0), 2 ** 33 + 3);
    assert.equal(t.get('loss', 0), Math.fround(0.1));
    assert.equal(t.get('clipped', 0), 1);
  });

  it('append replaces the rows from `from` on (a replay overlaps, a resumed run truncates) and refuses gaps', () => {
    const t = filled(10).steps;
    const rows = t.rows(6, 10);
    t.append(rows);
    assert.equal(t.length, 10);
    t.append({ ...t.rows(4, 5) });
    assert.equal(t.length, 5);
    assert.throws(() => t.append(filled(3).steps.rows(7, 8)), /rows start at 7 but only 5 are held/);
  });

  it('round-trips through the binary metrics file, and refuses a damaged one', () => {
    const t = filled(777);
    const back = decodeTables(encodeTables(t));
    assert.deepEqual(back.steps.rows(), t.steps.rows());
    assert.deepEqual(back.evals.rows(), t.evals.rows());
    const bytes = encodeTables(t);
    assert.throws(() => decodeTables(bytes.subarray(0, bytes.length - 100), 'f'), /f: steps column \w+ runs past the end|f: evals column/);
    assert.throws(() => decodeTables(new Uint8Array(16), 'f'), /f: not a metrics file/);
  });

  it('tracks the latest dh profile and its running mean, restarting when the window changes', () => {
    const dh = new DhTracker();
    assert.equal(dh.profile(), null);
    dh.add([1, 2]);
    dh.add([3, 2]);
    // mean = (1 - a) * 1 + a * 3
    assert.deepEqual(dh.profile(), { latest: [3, 2], mean: [1 + DH_MEAN_RATE * 2, 2] });
    dh.add([5, 5, 5]);
    assert.deepEqual(dh.profile(), { latest: [5, 5, 5], mean: [5, 5, 5] });
  });
});

describe('panel run exports and curves', () => {
  it('writes one CSV row per step, with validation on the evaluated steps', () => {
    const t = filled(60);
    const lines = runCsv(t).trim().split('\n');
    assert.equal(lines.length, 61);
    const head = lines[0].split(',');
    assert.deepEqual(head.slice(0, 3), ['step', 'epoch', 'loss']);
    const at = (row: number, col: string) => lines[row + 1].split(',')[head.indexOf(col)];
    assert.equal(at(24, 'valBitsPerChar'), String(Number(t.evals.get('valBitsPerChar', 0).toPrecision(7))));
    assert.equal(at(23, 'valBitsPerChar'), '');
    assert.equal(Number(at(10, 'bitsPerChar')), Number((t.steps.get('loss', 10) / Math.LN2).toPrecision(7)));
  });

  it('writes JSON with the run and every column', async () => {
    const history = new RunHistory(memoryStorage());
    const summary = await history.begin(config(), false);
    history.record(fakeMetrics(0, 30, 10));
    const json = JSON.parse(runJson(summary, history.current!));
    assert.equal(json.run.id, summary.id);
    assert.equal(json.steps.step.length, 30);
    assert.equal(json.evals.valBitsPerChar.length, 3);
    assert.match(exportName(summary, 'csv'), /^char-rnn-lstm-1x16-\d{4}-\d\d-\d\dT\d\d-\d\d\.csv$/);
  });

  it('thins a run\'s curve for overlays, keeping its ends, in bits per character', async () => {
    const history = new RunHistory(memoryStorage());
    await history.begin(config(), false);
    history.record(fakeMetrics(0, 5000, 100));
    const run = history.current!;
    const c = curveOf(run);
    assert.ok(c.step.length <= 1600 && c.step.length > 100);
    assert.equal(c.step[0], 0);
    assert.equal(c.step[c.step.length - 1], 4999);
    assert.ok(Math.abs(c.bpc[0] - run.steps.get('smoothLoss', 0) / Math.LN2) < 1e-12);
    assert.equal(c.val.step.length, 50);
  });
});
