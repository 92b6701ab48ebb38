// The extension's commands reach the command palette under the "Char-RNN:" category.
import * as assert from 'node:assert/strict';
import { closeWorkbench, openWorkbench, paletteItems } from './workbench.mjs';

describe('the command palette', () => {
  let page;
  before(async () => {
    ({ page } = await openWorkbench());
  });
  after(() => closeWorkbench(page));

  it('lists "Char-RNN: Train Model on Workspace"', async () => {
    const title = 'Char-RNN: Train Model on Workspace';
    const items = await paletteItems(page, 'Char-RNN:', { expect: title });
    assert.ok(items.includes(title), `palette lists: ${items.join(' | ') || 'nothing'}`);
    await page.keyboard.press('Escape');
  });
});
