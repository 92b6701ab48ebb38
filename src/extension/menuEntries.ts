// The one menu of the status bar items: suggestions on and off (everywhere, for this language,
// snoozed for a while), the model (train, stop, resume), the panel, the output, the settings and
// the walkthrough. Each entry runs a command. Pure: no `vscode` import.
import { clockTime } from '../shared/timeLeft';
import { CMD, EXTENSION_ID } from './ids';

export interface MenuFacts {
  /** charRnn.completions.enabled */
  enabled: boolean;
  /** the active editor's language, when there is one */
  languageId?: string;
  languageOn: boolean;
  /** suggestions come back then (epoch ms), while snoozed */
  snoozedUntil?: number;
  hasModel: boolean;
  /** a run is reading files or training */
  training: boolean;
}

export type MenuEntry =
  | { kind: 'separator'; label: string }
  | { kind: 'item'; label: string; description?: string; command: string; args?: unknown };

export function menuEntries(f: MenuFacts): MenuEntry[] {
  const item = (label: string, command: string, args?: unknown, description?: string): MenuEntry => ({ kind: 'item', label, command, args, description });
  const out: MenuEntry[] = [{ kind: 'separator', label: 'Inline suggestions' }];
  out.push(f.enabled
    ? item('$(circle-slash) Turn inline completions off', CMD.toggleCompletions, { silent: true }, 'everywhere')
    : item('$(sparkle) Turn inline completions on', CMD.toggleCompletions, { silent: true }, 'everywhere'));
  if (f.languageId) {
    out.push(f.languageOn
      ? item(`$(circle-slash) Turn off for ${f.languageId}`, CMD.toggleCompletionsForLanguage, { languageId: f.languageId, silent: true })
      : item(`$(sparkle) Turn on for ${f.languageId}`, CMD.toggleCompletionsForLanguage, { languageId: f.languageId, silent: true }));
  }
  out.push(f.snoozedUntil !== undefined
    ? item('$(bell) Resume suggestions now', CMD.snoozeCompletions, { minutes: 0 }, `snoozed until ${clockTime(f.snoozedUntil)}`)
    : item('$(clock) Snooze suggestions…', CMD.snoozeCompletions, undefined, 'for a few minutes, in this window'));
  out.push({ kind: 'separator', label: 'Model' });
  if (f.training) out.push(item('$(debug-stop) Stop training', CMD.stop, undefined, 'a checkpoint is kept'));
  else {
    out.push(item('$(play) Train a model on this workspace', CMD.train, undefined, f.hasModel ? 'replaces the current model' : 'on your CPU; nothing leaves the machine'));
    if (f.hasModel) out.push(item('$(debug-continue) Resume training', CMD.resume));
  }
  out.push(item('$(graph-line) Show training panel', CMD.showPanel));
  out.push(item('$(output) Show output', CMD.showOutput, undefined, 'files read, runs, errors'));
  out.push(item('$(gear) Settings', 'workbench.action.openSettings', `@ext:${EXTENSION_ID}`));
  out.push(item('$(book) Get started', CMD.openWalkthrough, undefined, 'the walkthrough'));
  return out;
}
