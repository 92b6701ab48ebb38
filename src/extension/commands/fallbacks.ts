// Stand-ins for commands whose feature module is not part of the build: Show Training Panel
// shows the training log; Toggle Inline Completions flips the setting.
import * as vscode from 'vscode';
import { CMD, type CommandId } from '../ids';
import type { CharRnnServices } from '../services';
import { settingKey } from '../settings';

export function registerFallbacks(context: vscode.ExtensionContext, s: CharRnnServices, claimed: ReadonlySet<CommandId>): void {
  if (!claimed.has(CMD.showPanel)) {
    context.subscriptions.push(vscode.commands.registerCommand(CMD.showPanel, () => {
      s.log.show(true);
      s.log.info('the training panel is not part of this build: this log shows the training instead');
    }));
  }
  if (!claimed.has(CMD.toggleCompletions)) {
    context.subscriptions.push(vscode.commands.registerCommand(CMD.toggleCompletions, async (a: { silent?: boolean } = {}) => {
      const enabled = !s.settings.current.completions.enabled;
      const [section, key] = splitKey(settingKey('completions', 'enabled'));
      await vscode.workspace.getConfiguration(section).update(key, enabled, vscode.ConfigurationTarget.Global);
      void s.notifier.info(`Char-RNN inline completions ${enabled ? 'on' : 'off'}.`, { silent: a.silent });
      return enabled;
    }));
  }
}

function splitKey(full: string): [string, string] {
  const cut = full.lastIndexOf('.');
  return [full.slice(0, cut), full.slice(cut + 1)];
}
