// Inline completions as a person meets them: with no model the status bar offers Train; train a
// small model with the palette command, open a file, type, see ghost text, press Tab and find it
// in the file; Alt+\ asks for a suggestion where none shows; the status bar item says whether
// suggestions are on and whether the model is ready, and its menu turns them off, snoozes them and
// names everything else it holds; training again asks first, with the safe answer the default.
import * as assert from 'node:assert/strict';
import { closeWorkbench, editorText, ghostText, openFile, openWorkbench, readmeImage, runCommand, statusBarTexts, typeInEditor, waitFor, waitForGhostText } from './workbench.mjs';

/** A small quick model, no debounce, and no suggest widget over the ghost text. */
const SETTINGS = {
  'charRnn.model.layers': 1, 'charRnn.model.hidden': 64, 'charRnn.training.steps': 400, 'charRnn.training.minutes': 0,
  'charRnn.training.window': 32, 'charRnn.training.batch': 8, 'charRnn.training.learningRate': 0.01,
  'charRnn.completions.debounceMs': 0, 'charRnn.completions.temperature': 0,
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' }, 'editor.suggestOnTriggerCharacters': false,
};

/** The cursor's column, from the status bar's "Ln 50, Col 14". */
const cursorColumn = async (page) => Number((await statusBarTexts(page)).map((t) => /Col (\d+)/.exec(t)?.[1]).find(Boolean));

const completionItem = async (page) => (await statusBarTexts(page)).find((t) => /^RNN (on|off|rough|not ready|learning|snoozed)$|^RNN \(no model\)$/.test(t));
/** What the completions item says once a model exists and suggestions are on. */
const READY = /^RNN (on|rough|not ready)$/;

/** Opens the status bar item's menu and picks the row whose label contains `label`. */
async function menuPick(page, label) {
  await page.locator('.statusbar-item', { hasText: /RNN (on|off|rough|not ready|learning|snoozed)/ }).click();
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label });
  await row.waitFor({ timeout: 10_000 });
  await row.click();
}

describe('inline completions in the workbench', function () {
  this.timeout(300_000);
  let page;

  before(async function () {
    // the settings are in place when the window opens: written after, they take effect only when
    // the file watcher reports the change, and a run started before that trains the default 2x256
    ({ page } = await openWorkbench({ settings: SETTINGS }));
    await waitFor('the extension\'s status bar items', async () => (await statusBarTexts(page)).some((t) => t.includes('Char-RNN')) && await completionItem(page), { timeout: 60_000 });
  });
  after(() => closeWorkbench(page));

  it('offers Train in the status bar while there is no model, and shows ghost text from the model it trains; Tab inserts it', async () => {
    assert.ok((await statusBarTexts(page)).includes('Char-RNN: Train'), (await statusBarTexts(page)).join(' | '));
    assert.equal(await completionItem(page), 'RNN (no model)');
    await page.locator('.statusbar-item', { hasText: 'Char-RNN: Train' }).click();
    await waitFor('a trained model', async () => READY.test(await completionItem(page) ?? '') && (await statusBarTexts(page)).includes('Char-RNN'), { timeout: 180_000 });
    await openFile(page, 'src/stack.js');
    await typeInEditor(page, '\nclass Deque {\n  constructor() {\n    this.');
    const ghost = await waitForGhostText(page);
    assert.ok(ghost.length > 0, 'no ghost text appeared');
    // the README's picture: the lines above the cursor and the suggestion
    const editor = await page.locator('.editor-group-container.active .monaco-editor').first().boundingBox();
    const cursor = await page.locator('.editor-group-container.active .monaco-editor .cursor').first().boundingBox();
    const top = Math.max(editor.y, cursor.y - 200);
    readmeImage('suggestion.png', await page.screenshot({ clip: { x: editor.x, y: top, width: Math.min(editor.width, 640), height: Math.min(cursor.y + 60, editor.y + editor.height) - top } }));
    // the editor's lines show ghost text as if it were there: the cursor column tells it is
    const col = await cursorColumn(page);
    await page.keyboard.press('Tab');
    const first = ghost.split('\n')[0];
    await waitFor('the cursor after the accepted suggestion', async () => (await cursorColumn(page)) === col + first.length, { timeout: 10_000 });
    assert.ok((await editorText(page)).includes(`this.${first}`), 'the line holds what the ghost text showed');
  });

  it('Alt+\\ asks for a suggestion where none shows', async () => {
    await page.keyboard.type('\n    this.');
    await waitForGhostText(page);
    await page.keyboard.press('Escape');
    await waitFor('the ghost text to go', async () => (await ghostText(page)) === '', { timeout: 10_000 });
    // nothing typed since: only the key binding can bring a suggestion back
    await page.waitForTimeout(1500);
    assert.equal(await ghostText(page), '', 'a suggestion came back by itself');
    await page.keyboard.press('Alt+Backslash');
    assert.ok((await waitForGhostText(page, { timeout: 15_000 })).length > 0, 'Alt+\\ brought no ghost text');
    await page.keyboard.press('Escape');
  });

  it('the status bar menu turns suggestions off and on, snoozes them, and holds train, panel, output and settings', async () => {
    await menuPick(page, 'Turn inline completions off');
    await waitFor('the item to say off', async () => (await completionItem(page)) === 'RNN off', { timeout: 10_000 });
    await menuPick(page, 'Turn inline completions on');
    await waitFor('the item to say on', async () => READY.test(await completionItem(page) ?? ''), { timeout: 10_000 });

    await menuPick(page, 'Snooze suggestions');
    await page.locator('.quick-input-widget .monaco-list-row[aria-label="5 minutes"]').click();
    await waitFor('the item to say snoozed', async () => (await completionItem(page)) === 'RNN snoozed', { timeout: 10_000 });
    await page.locator('.statusbar-item', { hasText: 'RNN snoozed' }).click();
    const rows = async () => (await page.locator('.quick-input-widget .monaco-list-row').allTextContents()).map((t) => t.replace(/\s+/g, ' '));
    const labels = ['Resume suggestions now', 'Turn off for javascript', 'Train a model on this workspace', 'Show training panel', 'Show output', 'Settings'];
    await waitFor('every entry of the menu', async () => { const r = await rows(); return labels.every((l) => r.some((x) => x.includes(l))); },
      { timeout: 10_000, show: rows });
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Resume suggestions now' }).click();
    await waitFor('the item to say on again', async () => READY.test(await completionItem(page) ?? ''), { timeout: 10_000 });
  });

  it('asks before training a new model over the one there is, with Resume Instead the default', async () => {
    await runCommand(page, 'Char-RNN: Train Model on Workspace');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    assert.match(await dialog.innerText(), /Train a new model\?/);
    // the default button has the focus: what Enter presses (Linux puts it last in the row)
    await waitFor('the focus on the default button', async () => (await page.evaluate(() => document.activeElement?.textContent?.trim())) === 'Resume Instead',
      { timeout: 5000, show: () => page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200)) });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  });
});
