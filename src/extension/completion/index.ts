// Inline completions as a feature of the extension: the provider (registered for the languages
// the settings name, re-registered when they change), the Toggle command and its per-language
// twin, Snooze, and a status bar item that shows whether suggestions are on here and whether
// the model is ready to make them, and opens the extension's menu (../statusMenu.ts).
import * as vscode from 'vscode';
import { CMD } from '../ids';
import type { CharRnnServices } from '../extensionServices';
import { documentFilters, languageEnabled, toggleLanguage } from './languages';
import { CharRnnInlineProvider } from './provider';
import { Snooze, SNOOZE_CHOICES } from './snooze';
import { completionView } from './view';
import { registerStatusMenu } from '../statusMenu';

/** how long the cursor rests before its document is read ahead into the state cache */
const WARM_AFTER_MS = 300;

export function registerCompletion(context: vscode.ExtensionContext, services: CharRnnServices): CharRnnInlineProvider {
  const snooze = new Snooze(() => update());
  const configured = () => services.settings.current.completions;
  // what the provider reads: a snooze turns suggestions off without touching the setting
  const settings = () => (snooze.active ? { ...configured(), enabled: false } : configured());
  const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'completion-worker.js').fsPath;
  let toldFailure = false;
  const provider = new CharRnnInlineProvider(settings, services.model, script, {
    memoryMb: () => services.settings.current.train.memoryMb, log: (line) => services.log.info(line),
    // said once a session: a worker failing again is logged, and started again as before
    onFailure: (message) => { if (!toldFailure) void services.notifier.warn(message); else services.log.warn(message); toldFailure = true; },
  });
  let registered = settings().languages.join('\n');
  let registration = vscode.languages.registerInlineCompletionItemProvider(documentFilters(settings().languages), provider);
  const item = vscode.window.createStatusBarItem('charRnn.completions', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Char-RNN Inline Completions';
  item.command = CMD.showMenu;
  let warmTimer: ReturnType<typeof setTimeout> | undefined;

  /** The model's held-out bits/char: the running training's latest evaluation, else the saved model's. */
  const heldOut = (): number | undefined => {
    const st = services.training.state;
    if (st.kind === 'training') return st.lastEval?.valBitsPerChar;
    return (st.kind === 'finished' ? st.lastEval?.valBitsPerChar : undefined) ?? services.model.summary?.valBitsPerChar;
  };
  const language = () => vscode.window.activeTextEditor?.document.languageId;

  function update(): void {
    const languageId = language(), cfg = configured();
    const view = completionView({
      enabled: cfg.enabled, languageId, languageOn: languageId ? languageEnabled(cfg.languages, languageId) : true,
      hasModel: services.model.hasModel, training: services.training.state.kind === 'training',
      snoozedUntil: snooze.snoozedUntil, valBitsPerChar: heldOut(),
    });
    item.text = view.text;
    item.tooltip = new vscode.MarkdownString(view.tooltip);
    item.accessibilityInformation = { label: `Char-RNN inline completions ${view.on ? 'on' : 'off'}: ${view.text.replace(/\$\([^)]*\)\s*/g, '')}` };
  }

  const toggle = async (a: { silent?: boolean } = {}) => {
    const enabled = !configured().enabled;
    await services.settings.write('completions', 'enabled', enabled);
    void services.notifier.info(`Char-RNN inline completions ${enabled ? 'on' : 'off'}.`, { silent: a.silent });
    return enabled;
  };
  const toggleLanguageCmd = async (a: { languageId?: string; silent?: boolean } = {}) => {
    const id = a.languageId ?? language();
    if (!id) { void services.notifier.info('Char-RNN: open a file to switch inline completions for its language.', { silent: a.silent }); return undefined; }
    const languages = toggleLanguage(configured().languages, id);
    await services.settings.write('completions', 'languages', languages);
    const on = languageEnabled(languages, id);
    void services.notifier.info(`Char-RNN inline completions ${on ? 'on' : 'off'} for ${id}.`, { silent: a.silent });
    return on;
  };
  /** { minutes }: 0 ends a snooze; without it, asks how long. Resolves with when suggestions come back. */
  const snoozeCmd = async (a: { minutes?: number } = {}) => {
    let minutes = a.minutes;
    if (minutes === undefined) {
      const pick = await vscode.window.showQuickPick(SNOOZE_CHOICES.map((m) => ({ label: `${m} minutes`, minutes: m })), {
        title: 'Char-RNN: Snooze Inline Completions', placeHolder: 'Pause suggestions in this window for…',
      });
      if (!pick) return undefined;
      minutes = pick.minutes;
    }
    if (minutes === 0) snooze.end();
    else snooze.start(minutes);
    return snooze.snoozedUntil;
  };

  context.subscriptions.push(
    provider, item, snooze, { dispose: () => registration.dispose() },
    vscode.commands.registerCommand(CMD.toggleCompletions, toggle),
    vscode.commands.registerCommand(CMD.toggleCompletionsForLanguage, toggleLanguageCmd),
    vscode.commands.registerCommand(CMD.snoozeCompletions, snoozeCmd),
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
    services.model.onDidChange(() => {
      update();
      // a deleted model's copy and memory leave the completion worker with it
      if (!services.model.hasModel) void provider.worker.stop();
    }),
    services.training.onDidChangeState(update),
    vscode.window.onDidChangeActiveTextEditor((e) => { update(); provider.warmUp(e); }),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      // a jump elsewhere in a document: read up to the new cursor once the cursor rests
      clearTimeout(warmTimer);
      warmTimer = setTimeout(() => provider.warmUp(e.textEditor), WARM_AFTER_MS);
    }),
    { dispose: () => clearTimeout(warmTimer) },
  );
  registerStatusMenu(context, services, () => {
    const cfg = configured(), id = language();
    return { enabled: cfg.enabled, languageId: id, languageOn: id ? languageEnabled(cfg.languages, id) : true, snoozedUntil: snooze.snoozedUntil };
  });
  update();
  item.show();
  return provider;
}
