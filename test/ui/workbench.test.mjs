// The workbench opens on the fixture folder and the helpers can drive it: run a built-in
// command from the palette, open a file by name, type into it.
import * as assert from 'node:assert/strict';
import { basename } from 'node:path';
import { closeWorkbench, editorText, openFile, openWorkbench, runCommand, typeInEditor, waitFor } from './workbench.mjs';

describe('the workbench', () => {
  let page;
  let folder;
  before(async () => {
    ({ page, folder } = await openWorkbench());
  });
  after(() => closeWorkbench(page));

  it('opens with the fixture folder in the explorer', async () => {
    const rows = await page.locator('.explorer-folders-view .monaco-list-row').allTextContents();
    assert.ok(rows.some((r) => r.includes('src')), `explorer rows: ${rows.join(', ')}`);
    assert.ok(rows.some((r) => r.includes('README.md')), `explorer rows: ${rows.join(', ')}`);
    assert.ok((await page.title()).includes(basename(folder)), `window title: ${await page.title()}`);
  });

  it('opens a file by name and types into it', async () => {
    await openFile(page, 'strings.ts');
    assert.match(await editorText(page), /export function capitalize/);
    await typeInEditor(page, '\n// typed by a test');
    // the editor draws what was typed on its next frame, later on a busy machine
    await waitFor('the typed line in the editor', async () => /\/\/ typed by a test/.test(await editorText(page)), { timeout: 10_000, show: () => editorText(page) });
  });

  it('runs a command from the palette by its title', async () => {
    await runCommand(page, 'File: New Untitled Text File');
    await page.locator('.tabs-container .tab.active', { hasText: 'Untitled-' }).waitFor({ timeout: 10_000 });
  });
});
