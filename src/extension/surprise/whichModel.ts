// Which Model Wrote This?: the selection (or the active file) scored by the workspace's model and
// every kept model (./library.ts: past runs, imported files), each with its memory of its own
// repository, in a worker; the answer is a ranked list with bits per character.
//
// Arguments (optional; for tests): { text?: string; silent?: boolean } — `text` instead of the
// editor's, `silent` returns the rows without showing them.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { CharRnnServices } from '../extensionServices';
import { CancelledError } from '../training/workerClient';
import { rankModels } from './client';
import type { ModelLibrary } from './library';
import type { RankModel, RankRow } from './protocol';

export interface WhichModelArgs { text?: string; silent?: boolean }

/** The models to compare: the workspace's, then the kept ones; a copy of the same file once. */
async function gather(s: CharRnnServices, library: ModelLibrary): Promise<RankModel[]> {
  const models: RankModel[] = [], seen = new Set<string>();
  const key = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');
  const w = s.model.hasModel ? await s.model.weights(true) : undefined;
  if (w) {
    const ck = await s.model.checkpoint(true), m = s.model.summary;
    const label = `this workspace's model${m ? ` (${m.cell.toUpperCase()} ${m.layers}x${m.hidden}, step ${m.step})` : ''}`;
    if (ck && ck.params === w.params) {
      const bytes = await vscode.workspace.fs.readFile(s.model.file);
      seen.add(key(bytes));
      models.push({ label, bytes });
    } else models.push({ label: `${label}, its newest weights`, weights: w, mix: await s.model.memoryOf(w) });
  }
  for (const kept of await library.list()) {
    const bytes = await vscode.workspace.fs.readFile(kept.uri).then((b) => b, () => undefined);
    if (!bytes || seen.has(key(bytes))) continue;
    seen.add(key(bytes));
    models.push({ label: kept.label, bytes });
  }
  return models;
}

export function registerWhichModel(context: vscode.ExtensionContext, s: CharRnnServices, library: ModelLibrary, script: string, command: string): void {
  async function whichModel(a: WhichModelArgs = {}): Promise<RankRow[] | undefined> {
    const editor = vscode.window.activeTextEditor;
    const text = a.text ?? (editor && (editor.selection.isEmpty ? editor.document.getText() : editor.document.getText(editor.selection)));
    if (!text?.trim()) {
      void s.notifier.info('Char-RNN: open a file or select some text first; Which Model Wrote This? scores it with each model.', { silent: a.silent });
      return undefined;
    }
    const models = await gather(s, library);
    if (models.length === 0) {
      void s.notifier.info('Char-RNN has no model to ask: train one or import one first.', { silent: a.silent });
      return undefined;
    }
    const chars = text.length.toLocaleString('en-US');
    let rows: RankRow[];
    try {
      rows = await vscode.window.withProgress({
        location: vscode.ProgressLocation.Notification, cancellable: true,
        title: `Char-RNN: scoring ${chars} characters with ${models.length} model${models.length > 1 ? 's' : ''}`,
      }, (progress, token) => rankModels(script, text, models, s.settings.current.train.memoryMb,
        (done, total) => progress.report({ increment: 100 / total, message: `${done} of ${total}` }),
        (cancel) => token.onCancellationRequested(cancel)));
    } catch (err) {
      if (err instanceof CancelledError) return undefined;
      void s.notifier.error(`Char-RNN: Which Model Wrote This? failed: ${(err as Error).message}`, { silent: a.silent });
      return undefined;
    }
    for (const r of rows) if (r.error) s.log.warn(`which model: ${r.label} could not score the text: ${r.error}`);
    if (!a.silent) {
      const best = rows[0].bitsPerChar ?? NaN;
      void vscode.window.showQuickPick(rows.map((r, i) => ({
        label: `${i + 1}. ${r.label}`,
        description: r.bitsPerChar !== undefined ? `${r.bitsPerChar.toFixed(3)} bits/char` : 'could not score it',
        detail: r.error ?? (i === 0 ? 'the least surprised: most likely the codebase this came from' : `${(r.bitsPerChar! - best).toFixed(3)} bits/char more than the first`),
      })), { title: `Char-RNN: Which Model Wrote This? (${chars} characters, fewest bits per character first)` });
    }
    return rows;
  }
  context.subscriptions.push(vscode.commands.registerCommand(command, whichModel));
}
