// Show Menu… (what the status bar items open: ./menuEntries.ts decides what it lists) and Show
// Output.
import * as vscode from 'vscode';
import type { CharRnnServices } from './extensionServices';
import { CMD } from './ids';
import { menuEntries, type MenuFacts } from './menuEntries';

export type SuggestionFacts = Pick<MenuFacts, 'enabled' | 'languageId' | 'languageOn' | 'snoozedUntil'>;

export function registerStatusMenu(context: vscode.ExtensionContext, s: CharRnnServices, suggestions: () => SuggestionFacts): void {
  const facts = (): MenuFacts => ({ ...suggestions(), hasModel: s.model.hasModel, training: s.training.busy });
  const menu = async () => {
    type Pick = vscode.QuickPickItem & { command?: string; args?: unknown };
    const picks: Pick[] = menuEntries(facts()).map((e) => (e.kind === 'separator'
      ? { label: e.label, kind: vscode.QuickPickItemKind.Separator }
      : { label: e.label, description: e.description, command: e.command, args: e.args }));
    const pick = await vscode.window.showQuickPick(picks, { title: 'Char-RNN', placeHolder: 'Suggestions, training, panel, output, settings' });
    if (pick?.command) await vscode.commands.executeCommand(pick.command, ...(pick.args === undefined ? [] : [pick.args]));
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(CMD.showMenu, menu),
    vscode.commands.registerCommand(CMD.showOutput, () => s.log.show(true)),
  );
}
