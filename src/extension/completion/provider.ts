// The inline completion provider: decides whether to answer (setting, language, one empty
// cursor, a model), waits out the debounce, then asks the completion worker (./client.ts), which
// does the work off the extension host's thread; a cancelled token cancels the request there.
import * as vscode from 'vscode';
import { continuation } from '../../core/complete/replay';
import type { CompletionConfig } from '../../core/config';
import { CompletionWorker, type CompletionWorkerOptions, type WeightsSource } from './client';
import { languageEnabled } from './languages';

export class CharRnnInlineProvider implements vscode.InlineCompletionItemProvider, vscode.Disposable {
  /** where the suggestions are made */
  readonly worker: CompletionWorker;
  /** the last suggestion shown per document, for typing through it */
  private readonly shown = new Map<string, { before: string; text: string }>();
  private readonly subscriptions: vscode.Disposable[];

  /** `script`: the completion worker's bundle (dist/completion-worker.js) */
  constructor(private readonly config: () => CompletionConfig, source: WeightsSource, script: string, o: CompletionWorkerOptions = {}) {
    this.worker = new CompletionWorker(script, source, o);
    this.worker.onModel = () => this.shown.clear();
    this.subscriptions = [vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri.toString()))];
  }

  async provideInlineCompletionItems(document: vscode.TextDocument, position: vscode.Position,
    context: vscode.InlineCompletionContext, token: vscode.CancellationToken): Promise<vscode.InlineCompletionItem[] | undefined> {
    const cfg = this.config();
    if (!cfg.enabled || !languageEnabled(cfg.languages, document.languageId)) return undefined;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    if (editor && (editor.selections.length > 1 || !editor.selection.isEmpty)) return undefined;
    if (!this.worker.hasModel) return undefined;
    const explicit = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke;

    // the text as it will be once the item selected in the suggest widget is accepted
    const sel = context.selectedCompletionInfo;
    const start = sel ? sel.range.start : position, end = sel ? sel.range.end : position;
    const lead = sel ? sel.text : '';
    const before = document.getText(new vscode.Range(new vscode.Position(0, 0), start)) + lead;
    const line = document.lineAt(position.line).text;
    const after = line.slice(Math.max(end.character, position.character));
    const doc = document.uri.toString();
    const items = (texts: string[]) => texts.map((t) => new vscode.InlineCompletionItem(lead + t, new vscode.Range(start, end)));

    if (!explicit && !sel) {
      // typing what is shown keeps the rest shown, at once: no request, no flicker
      const rest = continuation(this.shown.get(doc), before);
      if (rest) return items([rest]);
    }
    if (!explicit && cfg.debounceMs > 0) {
      await delay(cfg.debounceMs, token);
      if (token.isCancellationRequested) return undefined;
    }
    if (token.isCancellationRequested) return undefined;
    let cancelling: vscode.Disposable | undefined;
    const result = await this.worker.complete(
      { doc, path: document.uri.path, before, after, count: explicit ? cfg.candidates : 1, settings: cfg, precision: cfg.precision },
      (cancel) => { cancelling = token.onCancellationRequested(cancel); },
    );
    cancelling?.dispose();
    if (!result || token.isCancellationRequested) return undefined;
    if (result.length > 0 && !sel) this.shown.set(doc, { before, text: result[0].text });
    else this.shown.delete(doc);
    return items(result.map((s) => s.text));
  }

  /**
   * Has the worker read the editor's document up to its cursor, so the first suggestion there
   * starts warm. Only once a model is in use (warming never loads one), and it gives way to any
   * request that arrives meanwhile.
   */
  warmUp(editor: vscode.TextEditor | undefined): void {
    const cfg = this.config();
    if (!editor || !cfg.enabled || !languageEnabled(cfg.languages, editor.document.languageId) || editor.selections.length > 1) return;
    // the text is read only for a worker that has a model to read it with
    if (!this.worker.running) return;
    const doc = editor.document;
    this.worker.warm(doc.uri.toString(), doc.uri.path, doc.getText(new vscode.Range(new vscode.Position(0, 0), editor.selection.active)), cfg.primeChars);
  }

  private forget(doc: string): void {
    this.shown.delete(doc);
    this.worker.forget(doc);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    void this.worker.stop();
  }
}

/** Waits ms, or less if the token is cancelled first. */
function delay(ms: number, token: vscode.CancellationToken): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const sub = token.onCancellationRequested(done);
    function done() { clearTimeout(timer); sub.dispose(); resolve(); }
  });
}
