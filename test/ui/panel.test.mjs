// The training panel as a person uses it: open it beside a file, fill in the model and training
// form, press Start, and find its charts drawn (canvas pixels), samples and the runs table
// filled, the hidden-state view for a selection, in a dark and a light theme. Screenshots of the
// panel go to test-results/ui/panel-*.png for a person to look at.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultsDir } from '../../scripts/vscode-server.mjs';
import { closeWorkbench, openFile, openWorkbench, runCommand, screenshot, updateWorkspaceSettings, waitFor, webviewFrame } from './workbench.mjs';

/** Small and quick, so that seconds show a falling loss, evaluations and samples. */
const FORM = { 'f-model-layers': '1', 'f-model-hidden': '48', 'f-train-seq': '32', 'f-train-batch': '8', 'f-train-evalEvery': '25', 'f-train-minutes': '4' };

/** Per chart: its id, the share of its canvas that is not transparent, and how many colours it holds. */
function inkedCharts(frame) {
  return frame.locator('body').evaluate(() => [...document.querySelectorAll('section.chart')].map((sec) => {
    const c = sec.querySelector('canvas');
    if (!c || c.width === 0) return { id: sec.dataset.chart, share: 0, colours: 0 };
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    const colours = new Set();
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0) { n++; if (d[i + 3] === 255) colours.add((d[i] >> 4) * 256 + (d[i + 1] >> 4) * 16 + (d[i + 2] >> 4)); }
    }
    return { id: sec.dataset.chart, share: n / (c.width * c.height), colours: colours.size };
  }));
}

const THEMES = { 'vs-dark': 'Default Dark Modern', vs: 'Default Light Modern' };

/**
 * Switches the workbench to a dark ('vs-dark') or light ('vs') theme through the workspace's
 * settings file, as a person editing settings.json would, and waits for the window to take it.
 * (Toggling from the palette right after start-up was sometimes lost in this workbench.)
 */
async function setTheme(page, folder, kind) {
  updateWorkspaceSettings(folder, { 'workbench.colorTheme': THEMES[kind] });
  const classes = async () => (await page.locator('.monaco-workbench').getAttribute('class')).split(' ');
  await waitFor(`the ${kind} theme`, async () => (await classes()).includes(kind), { timeout: 30_000 });
}

/**
 * Each chart is inked over more than 0.5% of its canvas, in at least two opaque colours: the axes'
 * text is one (grid lines are translucent), so an empty chart has one and a drawn series adds more.
 */
const drawn = (charts, ids) => ids.every((id) => { const c = charts.find((x) => x.id === id); return c && c.share > 0.005 && c.colours >= 2; });

/** Saves the whole panel, maximized in a tall window and scrolled to the top, and the window beside it. */
async function panelShot(page, name) {
  await screenshot(page, `${name}-window`);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1300, height: 1500 });
  await page.locator('.tabs-container .tab', { hasText: 'Char-RNN Training' }).click();
  await runCommand(page, 'View: Toggle Maximize Editor Group');
  await page.waitForTimeout(1500);
  await (await webviewFrame(page)).locator('body').evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  mkdirSync(join(resultsDir, 'ui'), { recursive: true });
  writeFileSync(join(resultsDir, 'ui', `${name}.png`), await page.locator('iframe.webview.ready').last().screenshot());
  await runCommand(page, 'View: Toggle Maximize Editor Group');
  await page.setViewportSize(size);
}

/** Accepts the save dialog's proposed path and waits for a file whose name matches `re` in `folder`. */
async function acceptSave(page, folder, re) {
  await page.locator('.quick-input-widget .quick-input-box input').waitFor({ timeout: 20_000 });
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
  const name = await waitFor(`a file like ${re}`, async () => readdirSync(folder).find((f) => re.test(f)), { timeout: 20_000 });
  return readFileSync(join(folder, name));
}

describe('the training panel (UI)', function () {
  this.timeout(300_000);
  let page;
  let folder;
  before(async () => {
    ({ page, folder } = await openWorkbench());
    await setTheme(page, folder, 'vs-dark');
  });
  after(async () => {
    await runCommand(page, 'Char-RNN: Stop Training').catch(() => {});
    await closeWorkbench(page);
  });

  it('starts a run from its form and draws live charts and samples (dark theme)', async () => {
    await openFile(page, 'strings.ts');
    await runCommand(page, 'View: Close Primary Side Bar');
    await runCommand(page, 'Char-RNN: Show Training Panel');
    const frame = await webviewFrame(page);
    await frame.locator('vscode-tab-header', { hasText: 'Model & training' }).click();
    for (const [id, value] of Object.entries(FORM)) await frame.locator(`#${id} input`).fill(value);
    await frame.locator('#start').click();
    await waitFor('the panel to show training', async () => /Training/.test(await frame.locator('#state').innerText()));
    await frame.locator('vscode-tab-header', { hasText: 'Training' }).first().click();
    const charts = await waitFor('every chart to draw', async () => { const c = await inkedCharts(frame); return drawn(c, ['loss', 'grad', 'bptt', 'rate']) && c; }, { show: () => inkedCharts(frame) });
    assert.deepEqual(charts.map((c) => c.id), ['loss', 'grad', 'bptt', 'rate', 'overlay']);
    await waitFor('four samples', async () => (await frame.locator('.samples-grid .sample').count()) === 4, { timeout: 120_000 });
    await panelShot(page, 'panel-dark');
  });

  it('follows the theme: the light theme redraws the charts in its colours', async () => {
    const before = await (await webviewFrame(page)).locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
    await setTheme(page, folder, 'vs');
    const frame = await webviewFrame(page);
    const after = await waitFor('the page to change colours', async () => {
      const bg = await frame.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
      return bg !== before && bg;
    }, { timeout: 20_000 });
    assert.notEqual(after, before);
    await waitFor('the charts to redraw', async () => drawn(await inkedCharts(frame), ['loss', 'grad', 'bptt', 'rate']), { show: () => inkedCharts(frame) });
    await panelShot(page, 'panel-light');
  });

  it('compares runs, and shows the hidden state of a selection', async () => {
    const frame = await webviewFrame(page);
    await frame.locator('vscode-tab-header', { hasText: 'Runs' }).click();
    await frame.locator('table.runs tbody tr').first().waitFor({ timeout: 30_000 });
    assert.match(await frame.locator('table.runs tbody tr').first().innerText(), /LSTM 1×48/);
    await waitFor('the overlay chart', async () => drawn(await inkedCharts(frame), ['overlay']), { show: () => inkedCharts(frame) });
    await panelShot(page, 'panel-runs');

    await frame.locator('table.runs tbody tr').first().locator('vscode-button', { hasText: 'CSV' }).click();
    const csv = (await acceptSave(page, folder, /^char-rnn-lstm-1x48-.*\.csv$/)).toString('utf8').trim().split('\n');
    assert.match(csv[0], /^step,epoch,loss,smoothLoss,gradNorm,clipped,lr,charsPerSec,charsSeen,elapsedMs,/);
    assert.ok(csv.length > 20, `${csv.length} lines`);
    await frame.locator('section.chart[data-chart="overlay"] vscode-button', { hasText: 'PNG' }).click();
    const png = await acceptSave(page, folder, /^char-rnn-overlay\.png$/);
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);

    await page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+A');
    await frame.locator('vscode-tab-header', { hasText: 'Hidden state' }).click();
    await frame.locator('#hidden-show').click();
    await waitFor('the heatmap', async () => /\d+ characters, 24 of 48 units/.test(await frame.locator('.hidden-view .caption').first().innerText()),
      { timeout: 30_000, show: () => frame.locator('.notice').innerText() });
    await panelShot(page, 'panel-hidden');
  });
});
