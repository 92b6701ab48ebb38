// Inline completions as a person meets them: train a small model with the palette command, open
// a file, type, see ghost text, press Tab and find it in the file; the status bar item says
// whether suggestions are on, and its menu turns them off.
import * as assert from 'node:assert/strict';
import { closeWorkbench, editorText, openFile, openWorkbench, runCommand, statusBarTexts, typeInEditor, waitFor, waitForGhostText } from './workbench.mjs';

/** A small quick model, no debounce, and no suggest widget over the ghost text. */
const SETTINGS = {
  'charRnn.model.layers': 1, 'charRnn.model.hidden': 64, 'charRnn.training.steps': 400, 'charRnn.training.minutes': 0,
  'charRnn.training.window': 32, 'charRnn.training.batch': 8, 'charRnn.training.learningRate': 0.01,
  'charRnn.completions.debounceMs': 0, 'charRnn.completions.temperature': 0,
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' }, 'editor.suggestOnTriggerCharacters': false,
};

/** The cursor's column, from the status bar's "Ln 50, Col 14". */
const cursorColumn = async (page) => Number((await statusBarTexts(page)).map((t) => /Col (\d+)/.exec(t)?.[1]).find(Boolean));

const completionItem = async (page) => (await statusBarTexts(page)).find((t) => /^RNN (on|off)|^RNN \(no model\)/.test(t));

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

  it('shows ghost text from a model trained on the workspace, and Tab inserts it', async () => {
    await runCommand(page, 'Char-RNN: Train Model on Workspace');
    await waitFor('a trained model', async () => (await completionItem(page)) === 'RNN on' && !(await statusBarTexts(page)).some((t) => /Char-RNN (\d|:)/.test(t)), { timeout: 120_000 });
    await openFile(page, 'src/stack.js');
    await typeInEditor(page, '\nclass Deque {\n  constructor() {\n    this.');
    const ghost = await waitForGhostText(page);
    assert.ok(ghost.length > 0, 'no ghost text appeared');
    // the editor's lines show ghost text as if it were there: the cursor column tells it is
    const col = await cursorColumn(page);
    await page.keyboard.press('Tab');
    const first = ghost.split('\n')[0];
    await waitFor('the cursor after the accepted suggestion', async () => (await cursorColumn(page)) === col + first.length, { timeout: 10_000 });
    assert.ok((await editorText(page)).includes(`this.${first}`), 'the line holds what the ghost text showed');
  });

  it('the status bar menu turns suggestions off and on', async () => {
    await page.locator('.statusbar-item', { hasText: 'RNN on' }).click();
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Turn inline completions off' }).click();
    await waitFor('the item to say off', async () => (await completionItem(page)) === 'RNN off', { timeout: 10_000 });
    await page.locator('.statusbar-item', { hasText: 'RNN off' }).click();
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Turn inline completions on' }).click();
    await waitFor('the item to say on', async () => (await completionItem(page)) === 'RNN on', { timeout: 10_000 });
  });
});
