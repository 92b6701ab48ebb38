// What the model knows about your code, as a feature of the extension: Show Surprise (the
// toggle, its hover and its worker) and Which Model Wrote This? with the models it compares,
// kept as runs finish and models are imported.
import * as vscode from 'vscode';
import { CMD } from '../ids';
import type { CharRnnServices } from '../extensionServices';
import type { RunHistory } from '../panel/runs';
import { ModelLibrary } from './library';
import { SurpriseView, type SurpriseState } from './showSurprise';
import { registerWhichModel } from './whichModel';

/** Hidden command for tests: what Show Surprise shows. */
export const SURPRISE_STATE_COMMAND = 'charRnn._surpriseState';

export function registerSurprise(context: vscode.ExtensionContext, s: CharRnnServices, history: RunHistory): SurpriseView {
  const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'surprise-worker.js').fsPath;
  const storage = context.storageUri ?? context.globalStorageUri;
  const library = new ModelLibrary(vscode.Uri.joinPath(storage, 'models'), () => history.summaries());
  const view = new SurpriseView(s, script);
  let hadModel = s.model.hasModel;
  const keep = (what: string, work: Promise<void>) => work.catch((err: Error) => s.log.warn(`could not keep a copy of ${what} for Which Model Wrote This?: ${err.message}`));

  context.subscriptions.push(
    view,
    vscode.commands.registerCommand(CMD.toggleSurprise, (a: { silent?: boolean } = {}) => view.toggle(a.silent)),
    vscode.commands.registerCommand(SURPRISE_STATE_COMMAND, (): SurpriseState => view.state()),
    // a finished run's model joins the comparison, named as the run history names the run
    s.training.onDidChangeState((t) => {
      const run = history.current?.summary;
      if (t.kind === 'finished' && t.savedStep !== undefined && run) void keep('the run\'s model', library.keepRun({ ...run, steps: t.step }, s.model.file));
    }),
    s.model.onDidImport((e) => void keep(e.name, library.keepImported(e.name, e.bytes))),
    // Delete Model takes the copies with it: they hold the same memory of the repository's text
    s.model.onDidChange(() => {
      if (hadModel && !s.model.hasModel) void library.clear().catch((err: Error) => s.log.warn(`could not delete the kept models: ${err.message}`));
      hadModel = s.model.hasModel;
    }),
  );
  registerWhichModel(context, s, library, script, CMD.whichModel);
  return view;
}
