// The first run: in a folder with no model the walkthrough opens by itself (once walkthroughs may
// open, which the other UI tests turn off), its first step says what training does, and its
// button starts training on the workspace.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { closeWorkbench, openWorkbench, runCommand, screenshot, server, statusBarTexts, waitFor } from './workbench.mjs';

/** A run of a few seconds. */
const SETTINGS = { 'charRnn.model.layers': 1, 'charRnn.model.hidden': 32, 'charRnn.training.steps': 30, 'charRnn.training.minutes': 0, 'charRnn.training.batch': 4 };

describe('the walkthrough (first run)', function () {
  this.timeout(240_000);
  let page;
  let before;

  beforeEach(() => {
    // a setting of machine scope: the extension host reads it from the server's settings
    const file = server().machineSettings;
    before = readFileSync(file, 'utf8');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(before), 'workbench.welcomePage.walkthroughs.openOnInstall': true }, null, 2));
  });
  afterEach(async () => {
    writeFileSync(server().machineSettings, before);
    await closeWorkbench(page);
  });

  it('opens by itself in a folder with no model, and its first step trains on the workspace', async () => {
    ({ page } = await openWorkbench({ settings: SETTINGS }));
    const walkthrough = page.locator('.gettingStartedContainer');
    await waitFor('the walkthrough', async () => /Get started with Char-RNN Code/.test(await walkthrough.innerText().catch(() => '')), { timeout: 60_000 });
    const step = walkthrough.locator('button.getting-started-step[data-step-id$="train"]');
    await step.waitFor({ timeout: 10_000 });
    if ((await step.getAttribute('aria-expanded')) !== 'true') await step.click();
    assert.match(await step.innerText(), /Train a model on this workspace[\s\S]*nothing leaves the machine/);
    assert.equal(await step.getAttribute('aria-checked'), 'false');
    await screenshot(page, 'walkthrough-first-step');
    await walkthrough.getByRole('button', { name: 'Train Model', exact: true }).click();
    // the run shows in the status bar (reading the files, then training), then the model is ready
    await waitFor('training to start and finish', async () => (await statusBarTexts(page)).includes('Char-RNN'), {
      timeout: 120_000, show: () => statusBarTexts(page),
    });
    await runCommand(page, 'Char-RNN: Get Started');
    await waitFor('the step to be checked off', async () => (await walkthrough.locator('button.getting-started-step[data-step-id$="train"]').getAttribute('aria-checked')) === 'true', {
      timeout: 15_000, show: () => step.getAttribute('aria-checked'),
    });
  });
});
