// What the completions status bar item says. Pure: no `vscode` import.

export interface CompletionFacts {
  /** charRnn.completions.enabled */
  enabled: boolean;
  /** the active editor's language, when there is one */
  languageId?: string;
  /** whether that language is in charRnn.completions.languages */
  languageOn: boolean;
  hasModel: boolean;
  training: boolean;
}

export interface CompletionView {
  on: boolean;
  text: string;
  /** Markdown */
  tooltip: string;
}

export function completionView(f: CompletionFacts): CompletionView {
  const lang = f.languageId ? ` for ${f.languageId}` : '';
  const on = f.enabled && f.languageOn;
  const why = !f.enabled ? 'turned off' : !f.languageOn ? `turned off${lang}` : !f.hasModel ? 'waiting for a model' : `on${lang}`;
  const model = !f.hasModel ? 'No model yet: run _Char-RNN: Train Model on Workspace_ or import one.'
    : f.training ? 'Suggestions come from the weights the running training last published.'
      : 'Suggestions come from the saved model.';
  const text = !on ? '$(circle-slash) RNN off' : f.hasModel ? '$(sparkle) RNN on' : '$(sparkle) RNN (no model)';
  return { on, text, tooltip: `**Char-RNN inline completions: ${why}**\n\n${model}\n\n_Click to turn them on or off, here or for this language._` };
}
