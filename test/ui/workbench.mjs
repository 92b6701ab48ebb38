// Helpers that drive the VS Code workbench the way a person does (palette, quick open, typing,
// reading ghost text, looking into webviews), for the UI tests in this folder. The runner,
// scripts/test-ui.mjs, starts code-server and the browser and hands them over with attach();
// each test file opens its own workbench window on a fresh copy of a fixture folder.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, openPage, resultsDir, root } from '../../scripts/vscode-server.mjs';

const shotsDir = join(resultsDir, 'ui');
let harness = null;
let lastPage = null;

/** Called by scripts/test-ui.mjs: the running server (from startServer) and browser, and
 *  whether the extension is installed in it (else each window loads it from the repository). */
export function attach(server, browser, { installed = false } = {}) {
  harness = { server, browser, installed };
}

/** The running server (its machineSettings file, for a setting of machine scope). */
export function server() {
  return harness?.server;
}

/** The page most recently opened with openWorkbench (the runner screenshots it after each test). */
export function currentPage() {
  return lastPage;
}

/**
 * Opens a workbench window with the extension (under development, or installed) on a fresh copy of
 * test/fixtures/<fixture>/ and waits until it shows that folder. Returns { page, folder }.
 * `settings` go into the copy's .vscode/settings.json before the window opens, so the window
 * starts with them (a file written later is seen only when the file watcher reports it).
 */
export async function openWorkbench({ fixture = 'workspace', settings } = {}) {
  if (!harness) throw new Error('no server: run the UI tests through scripts/test-ui.mjs (npm run test:ui)');
  const folder = copyFixture(fixture);
  if (settings) updateWorkspaceSettings(folder, settings);
  const payload = harness.installed ? undefined : [['extensionDevelopmentPath', harness.server.remote(root)]];
  const url = harness.server.workbenchUrl(folder, payload);
  const page = await openPage(harness.browser, url, join(resultsDir, 'ui.browser.log'));
  lastPage = page;
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  return { page, folder };
}

/** Polls `probe` (every 500 ms) until it returns something truthy; the error shows `show()`. */
export async function waitFor(what, probe, { timeout = 90_000, show } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await probe().catch((err) => { if (Date.now() > deadline) throw err; });
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${show ? `: ${JSON.stringify(await show().catch((e) => e.message))}` : ''}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Merges `values` into the workspace's .vscode/settings.json; the window picks them up live. */
export function updateWorkspaceSettings(folder, values) {
  const file = join(folder, '.vscode', 'settings.json');
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  const current = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  writeFileSync(file, JSON.stringify({ ...current, ...values }, null, 2));
}

/** Closes a window opened with openWorkbench (its extension host goes with it). */
export async function closeWorkbench(page) {
  if (lastPage === page) lastPage = null;
  await page?.context().close();
}

/** The labels of the rows the quick input lists right now. */
async function quickInputLabels(page) {
  const labels = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').allTextContents();
  return labels.map(normalize);
}

/**
 * Opens the command palette (F1), types `text`, and returns the titles it lists once at least
 * one title contains `expect` (or once any row shows, without `expect`). Leaves the palette open.
 */
export async function paletteItems(page, text, { expect, timeout = 30_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    await typeIntoQuickInput(page, 'F1', text);
    const attemptEnd = Math.min(deadline, Date.now() + 3000);
    for (;;) {
      const labels = await quickInputLabels(page);
      const ready = expect === undefined ? labels.length > 0 : labels.some((l) => l.includes(expect));
      if (ready || Date.now() > deadline) return labels;
      if (Date.now() > attemptEnd) break;
      await page.waitForTimeout(250);
    }
  }
}

/** Runs a command from the palette by its full title, e.g. "Char-RNN: Train Model on Workspace". */
export async function runCommand(page, title, { timeout = 30_000 } = {}) {
  await pickRow(page, 'F1', title, title, timeout);
}

/** Opens a workspace file by name with quick open (Ctrl+P) and waits for its editor tab. */
export async function openFile(page, name, { timeout = 30_000 } = {}) {
  const base = name.split('/').pop();
  await pickRow(page, 'Control+P', name, base, timeout);
  await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor({ timeout });
}

/** Types into the active editor; with atEnd the cursor first goes to the end of the file. */
export async function typeInEditor(page, text, { atEnd = true } = {}) {
  await activeEditor(page).locator('.view-lines').click();
  if (atEnd) await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

/** The visible lines of the active editor, top to bottom, joined with '\n'. */
export async function editorText(page) {
  return activeEditor(page).locator('.view-lines').evaluate((el) => {
    const lines = [...el.querySelectorAll(':scope > .view-line')];
    lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    return lines.map((l) => l.textContent.replace(/\u00a0/g, ' ')).join('\n');
  });
}

/**
 * The ghost text (inline completion) shown in the active editor, '' when there is none: the
 * part on the cursor's line, then any further lines the suggestion adds below it.
 */
export async function ghostText(page) {
  const editor = activeEditor(page);
  const inline = (await editor.locator('.ghost-text-decoration, .ghost-text-decoration-preview').allTextContents()).join('');
  const block = (await editor.locator('.ghost-text .view-line').allTextContents()).join('\n');
  return (block ? `${inline}\n${block}` : inline).replace(/\u00a0/g, ' ');
}

/** Waits until the active editor shows ghost text and returns it. */
export async function waitForGhostText(page, { timeout = 30_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await ghostText(page);
    if (text !== '' || Date.now() > deadline) return text;
    await page.waitForTimeout(250);
  }
}

/** The texts of the status bar's items (e.g. to find the extension's training state). */
export async function statusBarTexts(page) {
  return (await page.locator('.statusbar .statusbar-item').allTextContents()).map(normalize).filter((t) => t !== '');
}

/**
 * A playwright FrameLocator for the content of a webview (a panel such as the training charts):
 * VS Code nests it as iframe.webview > iframe#active-frame. `nth` picks among open webviews
 * (-1, the default, is the one opened last).
 */
export async function webviewFrame(page, { nth = -1, timeout = 30_000 } = {}) {
  const outer = page.locator('iframe.webview.ready').nth(nth);
  await outer.waitFor({ timeout });
  const inner = outer.contentFrame().locator('#active-frame');
  await inner.waitFor({ timeout });
  return inner.contentFrame();
}

/**
 * Saves a picture the README shows: into docs/images/ when the run was asked to make them
 * (`node scripts/test-ui.mjs --readme-images`), else beside the other screenshots, so that a test
 * run leaves the repository as it was. Returns the path.
 */
export function readmeImage(name, png) {
  const dir = process.env.CHAR_RNN_README_IMAGES ? join(root, 'docs', 'images') : join(shotsDir, 'readme');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), png);
  return join(dir, name);
}

/** Saves a PNG of the page under test-results/ui/ and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(shotsDir, { recursive: true });
  const path = join(shotsDir, `${name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '')}.png`);
  await page.screenshot({ path });
  return path;
}

function activeEditor(page) {
  return page.locator('.editor-group-container.active .monaco-editor').first();
}

async function typeIntoQuickInput(page, key, text) {
  await page.keyboard.press('Escape');
  await page.keyboard.press(key);
  await page.locator('.quick-input-widget .quick-input-box input').waitFor({ timeout: 10_000 });
  await page.keyboard.type(text);
}

/**
 * Opens the quick input with `key`, types `text`, and clicks the row whose label is exactly
 * `label`. Starts over with a fresh quick input every few seconds: one opened before the
 * extension host has registered its commands never lists them, and one can close between
 * finding the row and clicking it (a webview that was just clicked takes focus a moment later).
 */
async function pickRow(page, key, text, label, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    await typeIntoQuickInput(page, key, text);
    const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
      .first();
    try {
      await row.waitFor({ timeout: Math.max(1000, Math.min(3000, deadline - Date.now())) });
      await row.click({ timeout: 3000 });
      return;
    } catch (err) {
      if (Date.now() > deadline) {
        const listed = await quickInputLabels(page).catch(() => []);
        throw new Error(`could not pick "${label}" after typing "${text}" (${err.message.split('\n')[0]}); listed: ${listed.join(' | ') || 'nothing'}`);
      }
    }
  }
}

function normalize(text) {
  return text.replace(/\u00a0/g, ' ').trim();
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
