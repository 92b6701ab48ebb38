// What the completions status bar item says: whether suggestions are on here, and whether the
// model is ready to make them (its held-out bits/char and what to expect). Pure: no `vscode` import.
import { clockTime } from '../../shared/timeLeft';
import { expectation, readiness } from '../readiness';

export interface CompletionFacts {
  /** charRnn.completions.enabled */
  enabled: boolean;
  /** the active editor's language, when there is one */
  languageId?: string;
  /** whether that language is in charRnn.completions.languages */
  languageOn: boolean;
  hasModel: boolean;
  training: boolean;
  /** suggestions come back then (epoch ms), while snoozed */
  snoozedUntil?: number;
  /** the model's bits per character on the held-out files, when known */
  valBitsPerChar?: number;
}

export interface CompletionView {
  /** suggestions are offered here (on, a language that is on, not snoozed) */
  on: boolean;
  text: string;
  /** Markdown */
  tooltip: string;
}

const KEYS = 'Tab accepts a suggestion, Shift+Tab its first line, Alt+\\\\ asks for one, Esc dismisses it.';
const CLICK = '_Click for the menu: on and off, per language, snooze, train, panel, output, settings._';

export function completionView(f: CompletionFacts): CompletionView {
  const lang = f.languageId ? ` for ${f.languageId}` : '';
  const on = f.enabled && f.languageOn && f.snoozedUntil === undefined;
  const ready = readiness(f.valBitsPerChar);
  const why = !f.enabled ? 'turned off'
    : f.snoozedUntil !== undefined ? `snoozed until ${clockTime(f.snoozedUntil)}`
      : !f.languageOn ? `turned off${lang}`
        : !f.hasModel ? 'waiting for a model' : `on${lang}`;
  const text = !f.enabled || !f.languageOn ? '$(circle-slash) RNN off'
    : f.snoozedUntil !== undefined ? '$(clock) RNN snoozed'
      : !f.hasModel ? '$(sparkle) RNN (no model)'
        : ready === 'noise' ? '$(sparkle) RNN not ready'
          : ready === 'rough' ? '$(sparkle) RNN rough'
            : ready === 'unmeasured' && f.training ? '$(sparkle) RNN learning' : '$(sparkle) RNN on';
  const model = !f.hasModel ? 'No model yet: train one on this workspace (in the menu), or import one.'
    : `${expectation(f.valBitsPerChar, f.training)}\n\n${f.training ? 'Suggestions come from the weights the running training last published.' : 'Suggestions come from the saved model.'}`;
  return { on, text, tooltip: `**Char-RNN inline completions: ${why}**\n\n${model}\n\n${KEYS}\n\n${CLICK}` };
}
