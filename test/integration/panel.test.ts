// The training panel in a real VS Code: opened during a run, its charts receive points and draw
// (the webview reports the pixels its canvases inked), closing it leaves training running, and
// a reopened panel is rebuilt from the host's replay.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import pkg from '../../package.json';
import { CMD } from '../../src/extension/ids';
import { PANEL_STATE_COMMAND, PANEL_VIEW_TYPE, type PanelState } from '../../src/extension/panel';
import { waitFor } from './extension-helpers';

interface Api {
  services: { training: { state: { kind: string; last?: { step: number } } } };
}

const panelState = () => vscode.commands.executeCommand<PanelState | undefined>(PANEL_STATE_COMMAND);
const chart = (s: PanelState | undefined, id: string) => s?.lastDraw?.charts.find((c) => c.id === id);
const panelTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
  .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(PANEL_VIEW_TYPE));

describe('the training panel', function () {
  this.timeout(300_000);
  let api: Api;
  let run: Thenable<unknown> | undefined;

  before(async () => {
    const ext = vscode.extensions.getExtension<Api>(`${pkg.publisher}.${pkg.name}`);
    assert.ok(ext, 'the extension is not installed');
    api = await ext.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand(CMD.stop);
    await run;
    await vscode.window.tabGroups.close(panelTabs());
  });

  it('opens during a run, and its charts receive points and draw', async () => {
    run = vscode.commands.executeCommand(CMD.train, {
      silent: true,
      model: { cell: 'lstm', layers: 1, hidden: 32 },
      train: { seq: 16, batch: 4, evalEvery: 20, steps: 0, minutes: 4 },
    });
    await waitFor('training to report steps', () => (api.services.training.state.last?.step ?? 0) >= 5);
    await vscode.commands.executeCommand(CMD.showPanel);
    const s = await waitFor('the loss chart to draw', async () => {
      const st = await panelState();
      const loss = chart(st, 'loss');
      return loss && loss.points >= 5 && loss.inked > 0 ? st : undefined;
    });
    assert.equal(s.visible, true);
    assert.ok(s.readyCount >= 1);
    for (const id of ['loss', 'grad', 'bptt', 'rate']) {
      const c = chart(s, id);
      assert.ok(c && c.points > 0 && c.inked > 0, `chart ${id} drew nothing: ${JSON.stringify(c)}`);
    }
    assert.equal(s.lastDraw?.cspViolations, 0, 'the page reported Content Security Policy violations');
    assert.ok(s.runs >= 1, 'the run is not in the history');
  });

  it('closing the panel leaves training running; reopened, it replays the run', async () => {
    const before = chart(await panelState(), 'loss')!.points;
    await vscode.window.tabGroups.close(panelTabs());
    assert.equal(await panelState(), undefined, 'the panel is still open');
    const step = api.services.training.state.last?.step ?? 0;
    await waitFor('training to go on without the panel', () => api.services.training.state.kind === 'training' && (api.services.training.state.last?.step ?? 0) > step + 5);

    await vscode.commands.executeCommand(CMD.showPanel);
    const s = await waitFor('the reopened panel to draw the whole run', async () => {
      const st = await panelState();
      const loss = chart(st, 'loss');
      return loss && loss.points > before ? st : undefined;
    });
    assert.equal(s.readyCount, 1, 'a new panel loads its page once');
    assert.ok(chart(s, 'loss')!.inked > 0);
  });
});
