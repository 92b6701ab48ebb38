// Inline completions as a feature of the extension: the provider (registered for the languages
// the settings name, re-registered when they change), the Toggle command and its per-language
// twin, and a status bar item that shows whether suggestions are on here and opens a menu.
import * as vscode from 'vscode';
import { CMD } from '../ids';
import type { CharRnnServices } from '../extensionServices';
import { documentFilters, languageEnabled, toggleLanguage } from './languages';
import { CharRnnInlineProvider } from './provider';
import { completionView } from './view';

const MENU_COMMAND = 'charRnn._completionsMenu';
/** how long the cursor rests before its document is read ahead into the state cache */
const WARM_AFTER_MS = 300;

export function registerCompletion(context: vscode.ExtensionContext, services: CharRnnServices): CharRnnInlineProvider {
  const settings = () => services.settings.current.completions;
  const provider = new CharRnnInlineProvider(settings, services.model, undefined, () => services.settings.current.train.memoryMb, (line) => services.log.info(line));
  let registered = settings().languages.join('\n');
  let registration = vscode.languages.registerInlineCompletionItemProvider(documentFilters(settings().languages), provider);
  const item = vscode.window.createStatusBarItem('charRnn.completions', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Char-RNN Inline Completions';
  item.command = MENU_COMMAND;
  let warmTimer: ReturnType<typeof setTimeout> | undefined;

  const update = () => {
    const languageId = vscode.window.activeTextEditor?.document.languageId;
    const cfg = settings();
    const view = completionView({
      enabled: cfg.enabled, languageId, languageOn: languageId ? languageEnabled(cfg.languages, languageId) : true,
      hasModel: services.model.hasModel, training: services.training.state.kind === 'training',
    });
    item.text = view.text;
    item.tooltip = new vscode.MarkdownString(view.tooltip);
    item.accessibilityInformation = { label: `Char-RNN inline completions ${view.on ? 'on' : 'off'}` };
  };

  const toggle = async (a: { silent?: boolean } = {}) => {
    const enabled = !settings().enabled;
    await services.settings.write('completions', 'enabled', enabled);
    void services.notifier.info(`Char-RNN inline completions ${enabled ? 'on' : 'off'}.`, { silent: a.silent });
    return enabled;
  };
  const toggleLanguageCmd = async (a: { languageId?: string; silent?: boolean } = {}) => {
    const id = a.languageId ?? vscode.window.activeTextEditor?.document.languageId;
    if (!id) { void services.notifier.info('Char-RNN: open a file to switch inline completions for its language.', { silent: a.silent }); return undefined; }
    const languages = toggleLanguage(settings().languages, id);
    await services.settings.write('completions', 'languages', languages);
    const on = languageEnabled(languages, id);
    void services.notifier.info(`Char-RNN inline completions ${on ? 'on' : 'off'} for ${id}.`, { silent: a.silent });
    return on;
  };
  const menu = async () => {
    const cfg = settings(), id = vscode.window.activeTextEditor?.document.languageId;
    const picks: (vscode.QuickPickItem & { run: () => unknown })[] = [
      { label: cfg.enabled ? '$(circle-slash) Turn inline completions off' : '$(sparkle) Turn inline completions on', run: () => toggle({ silent: true }) },
    ];
    if (id) {
      const on = languageEnabled(cfg.languages, id);
      picks.push({ label: on ? `$(circle-slash) Turn off for ${id}` : `$(sparkle) Turn on for ${id}`, run: () => toggleLanguageCmd({ languageId: id, silent: true }) });
    }
    picks.push({ label: '$(gear) Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'charRnn.completions') });
    const pick = await vscode.window.showQuickPick(picks, { title: 'Char-RNN Inline Completions' });
    await pick?.run();
  };

  context.subscriptions.push(
    provider, item, { dispose: () => registration.dispose() },
    vscode.commands.registerCommand(CMD.toggleCompletions, toggle),
    vscode.commands.registerCommand(CMD.toggleCompletionsForLanguage, toggleLanguageCmd),
    vscode.commands.registerCommand(MENU_COMMAND, menu),
    services.settings.onDidChange((e) => {
      if (!e.affects('completions')) return;
      const langs = settings().languages.join('\n');
      if (langs !== registered) {
        registration.dispose();
        registration = vscode.languages.registerInlineCompletionItemProvider(documentFilters(settings().languages), provider);
        registered = langs;
      }
      update();
    }),
    services.model.onDidChange(update),
    services.training.onDidChangeState(update),
    vscode.window.onDidChangeActiveTextEditor((e) => { update(); provider.warmUp(e); }),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      // a jump elsewhere in a document: read up to the new cursor once the cursor rests
      clearTimeout(warmTimer);
      warmTimer = setTimeout(() => provider.warmUp(e.textEditor), WARM_AFTER_MS);
    }),
    { dispose: () => clearTimeout(warmTimer) },
  );
  update();
  item.show();
  return provider;
}
