import assert from 'node:assert/strict';
import { contentSecurityPolicy, makeNonce, panelHtml } from '../../src/extension/panel/html';
import { evalRow, evalTable, stepRow, stepTable } from '../../src/shared/series';
import { dhColumns, gradColumns, joinSeries, lossColumns, mergeSparse, rateColumns, rowsIn } from '../../webview/chartData';
import { fakeMetrics } from './panel-helpers';

function sources(n: number, evalEvery = 100) {
  const steps = stepTable(), evals = evalTable();
  for (const m of fakeMetrics(0, n, evalEvery)) m.kind === 'step' ? steps.push(stepRow(m)) : evals.push(evalRow(m));
  return { steps, evals };
}

describe('panel chart data', () => {
  it('merges a sparse series into aligned columns, joining equal x and inserting the others', () => {
    const out = mergeSparse([[1, 2, 4], [10, 20, 40]], [2, 3, 5], [0.2, 0.3, 0.5]);
    assert.deepEqual(out, [[1, 2, 3, 4, 5], [10, 20, null, 40, null], [null, 0.2, 0.3, null, 0.5]]);
  });

  it('draws loss in bits per character with validation points at their own steps', () => {
    const src = sources(1000);
    const [x, raw, smooth, val] = lossColumns(src, 'step', null, 2000);
    assert.equal(x.length, 1000);
    assert.ok(Math.abs(raw[10]! - src.steps.get('loss', 10) / Math.LN2) < 1e-12);
    assert.ok(Math.abs(smooth[10]! - src.steps.get('smoothLoss', 10) / Math.LN2) < 1e-12);
    assert.deepEqual(x.filter((_, i) => val[i] !== null), [99, 199, 299, 399, 499, 599, 699, 799, 899, 999]);
  });

  it('thins 150,000 steps to the chart width, and only the zoomed range when zoomed', () => {
    const src = sources(150_000, 5000);
    const all = lossColumns(src, 'step', null, 600);
    assert.ok(all[0].length <= 600 * 6 + 30, `${all[0].length} points`);
    const zoom = lossColumns(src, 'chars', [256 * 1000, 256 * 2000], 600);
    assert.equal(zoom[0][0], 256 * 1000);
    assert.equal(zoom[0][zoom[0].length - 1], 256 * 2000);
    for (const cols of [all, zoom]) for (const c of cols) assert.equal(c.length, cols[0].length);
  });

  it('marks clipped steps and draws the threshold only when clipping is on', () => {
    const src = sources(2000);
    const [x, norm, line, marks] = gradColumns(src, 'step', null, 5000, 5);
    assert.equal(x.length, 2000);
    for (let i = 0; i < x.length; i++) {
      assert.equal(marks[i] !== null, src.steps.get('clipped', i) === 1, `step ${i}`);
      if (marks[i] !== null) assert.equal(marks[i], norm[i]);
    }
    assert.ok(line.every((v) => v === 5));
    assert.ok(gradColumns(src, 'step', null, 5000, 0)[2].every((v) => v === null));
    // thinned, a bucket that held a clipped step still shows one
    const thin = gradColumns(src, 'step', null, 40, 5);
    assert.equal(thin[3].some((v) => v !== null), true);
  });

  it('draws learning rate and throughput, and the dh profile (positive values only, for the log scale)', () => {
    const src = sources(300);
    const [x, cps, lr] = rateColumns(src, 'step', [100, 199], 1000);
    assert.equal(x.length, 100);
    assert.ok(Math.abs(lr[0]! - src.steps.get('lr', 100)) < 1e-12 && cps[0] === src.steps.get('charsPerSec', 100));
    assert.deepEqual(dhColumns({ latest: [0, 2, NaN], mean: [1, 1, 1] }), [[0, 1, 2], [null, 2, null], [1, 1, 1]]);
    assert.deepEqual(dhColumns(null), [[], [], []]);
  });

  it('aligns the overlay runs on the union of their x values', () => {
    const cols = joinSeries([{ x: [1, 3], y: [10, 30] }, { x: [2, 3], y: [NaN, 33] }]);
    assert.deepEqual(cols, [[1, 2, 3], [10, null, 30], [null, null, 33]]);
    assert.deepEqual(rowsIn([1, 2, 3, 4], [2, 3]), [1, 3]);
  });
});

describe('panel page', () => {
  const page = { cspSource: 'https://x.vscode-cdn.net', nonce: 'abc123', scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/dist/webview.css' };

  it('allows nothing by default, scripts only with the nonce, styles and images only from the extension', () => {
    const csp = contentSecurityPolicy(page);
    assert.match(csp, /^default-src 'none';/);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.match(csp, /style-src https:\/\/x\.vscode-cdn\.net(;|$)/);
    assert.match(csp, /img-src https:\/\/x\.vscode-cdn\.net data:(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('loads one script with the nonce and one stylesheet, and nothing inline', () => {
    const html = panelHtml(page);
    assert.deepEqual(html.match(/<script[^>]*>/g), ['<script nonce="abc123" src="https://x/dist/webview.js">']);
    assert.doesNotMatch(html, /style=|<style/);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/dist\/webview.css">/);
  });

  it('makes 32-character alphanumeric nonces from the random source', () => {
    let k = 0;
    const nonce = makeNonce((n) => Uint8Array.from({ length: n }, () => k++));
    assert.match(nonce, /^[A-Za-z0-9]{32}$/);
    assert.notEqual(nonce, makeNonce((n) => Uint8Array.from({ length: n }, () => k++)));
  });
});
