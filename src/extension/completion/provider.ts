// The inline completion provider: decides whether to answer (setting, language, one empty
// cursor, a model), waits out the debounce, then runs the request on the shared Completer
// through the SlicedRunner, checking the CancellationToken between generated characters.
import * as vscode from 'vscode';
import type { StoredMix } from '../../core/checkpoint';
import { Completer, type SuggestSettings } from '../../core/complete/completer';
import { continuation } from '../../core/complete/replay';
import { TRAIN_PARAMS, type CompletionConfig, type Precision } from '../../core/config';
import { getBackend } from '../../core/kernels';
import { sameModel, type ModelWeights } from '../../core/weights';
import { languageEnabled } from './languages';
import { LearnGate } from './learnGate';
import { MixtureKeeper } from './memory';
import { SlicedRunner } from './runner';

/** Where the latest weights and the repository's memory come from without waiting (the ModelStore). */
export interface WeightsSource {
  peekWeights(): ModelWeights | undefined;
  peekMemoryOf?(w: ModelWeights): StoredMix | undefined;
}

/** Characters primed per unit of work between event-loop turns: about 5 ms for an LSTM 2x256
 *  on the wasm kernels, about 15 ms on the TypeScript ones (some 20 times slower). */
const PRIME_WINDOW = { wasm: 64, ts: 8 };

/** While training publishes every few seconds, newer weights are adopted at most this often:
 *  new weights make every saved state stale, and a cold document costs a full prime. */
const ADOPT_EVERY_MS = 15_000;

export class CharRnnInlineProvider implements vscode.InlineCompletionItemProvider, vscode.Disposable {
  readonly runner = new SlicedRunner();
  private completer?: Completer;
  private weights?: ModelWeights;
  private adoptedAt = 0;
  /** the last suggestion shown per document, for typing through it */
  private readonly shown = new Map<string, { before: string; text: string }>();
  private readonly subscriptions: vscode.Disposable[];

  readonly memory: MixtureKeeper;
  /** whether a document may be learned: the secret screening training uses */
  private readonly learnGate: LearnGate;

  constructor(private readonly config: () => CompletionConfig, private readonly source: WeightsSource, private readonly now = () => performance.now(),
    memoryMb: () => number = () => TRAIN_PARAMS.memoryMb.default, log?: (line: string) => void) {
    this.subscriptions = [vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri.toString()))];
    this.memory = new MixtureKeeper(this.runner, memoryMb, log);
    this.learnGate = new LearnGate(log);
  }

  /** the Completer in use, if a model has been seen */
  get current(): Completer | undefined { return this.completer; }

  async provideInlineCompletionItems(document: vscode.TextDocument, position: vscode.Position,
    context: vscode.InlineCompletionContext, token: vscode.CancellationToken): Promise<vscode.InlineCompletionItem[] | undefined> {
    const cfg = this.config();
    if (!cfg.enabled || !languageEnabled(cfg.languages, document.languageId)) return undefined;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    if (editor && (editor.selections.length > 1 || !editor.selection.isEmpty)) return undefined;
    if (!this.source.peekWeights()) return undefined;
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
    const settings: SuggestSettings = cfg;
    const count = explicit ? cfg.candidates : 1;
    const result = await this.runner.run(() => {
      if (token.isCancellationRequested) return undefined;
      const completer = this.adopt(cfg.precision);
      const learn = this.learnGate.allows(doc, document.uri.path, before);
      return completer?.run({ doc, before, after, count, settings, learn, isCancelled: () => token.isCancellationRequested });
    });
    if (!result || token.isCancellationRequested) return undefined;
    if (result.length > 0 && !sel) this.shown.set(doc, { before, text: result[0].text });
    else this.shown.delete(doc);
    return items(result.map((s) => s.text));
  }

  /** The Completer for the latest weights at the precision set: rebuilt for another model,
   *  refreshed for newer weights of the same one or another precision (its mixture stays).
   *  Called between requests only (inside the runner). */
  private adopt(precision: Precision): Completer | undefined {
    const w = this.source.peekWeights();
    if (!w) { this.completer = undefined; this.weights = undefined; return undefined; }
    if (this.completer && this.completer.precision !== precision) { this.completer.setPrecision(precision); this.shown.clear(); }
    if (w === this.weights && this.completer) { this.memory.update(this.completer, this.source.peekMemoryOf?.(w)); return this.completer; }
    const same = this.completer && this.weights && sameModel(this.weights, w);
    if (same && this.now() - this.adoptedAt < ADOPT_EVERY_MS) return this.completer;
    if (same) this.completer!.setParams(w.params);
    else {
      const backend = getBackend('auto');
      const primeWindow = backend.name === 'wasm' ? PRIME_WINDOW.wasm : PRIME_WINDOW.ts;
      this.completer = new Completer(w, { backend, primeWindow, precision });
    }
    this.weights = w;
    this.adoptedAt = this.now();
    this.shown.clear();
    this.memory.update(this.completer!, this.source.peekMemoryOf?.(w));
    return this.completer;
  }

  /**
   * Reads the editor's document up to its cursor into the state cache in the background, so the
   * first suggestion there starts warm. Only once a model is in use (warming never loads one),
   * and it gives way to any request that arrives meanwhile.
   */
  warmUp(editor: vscode.TextEditor | undefined): void {
    const cfg = this.config(), completer = this.completer;
    if (!editor || !completer || !cfg.enabled || !languageEnabled(cfg.languages, editor.document.languageId)) return;
    if (this.runner.busy || editor.selections.length > 1) return;
    const doc = editor.document, before = doc.getText(new vscode.Range(new vscode.Position(0, 0), editor.selection.active));
    void this.runner.run(() => (this.completer === completer && !completer.running
      ? completer.warm(doc.uri.toString(), before, cfg.primeChars, () => this.runner.queued > 1 || doc.isClosed, this.learnGate.allows(doc.uri.toString(), doc.uri.path, before))
      : undefined));
  }

  private forget(doc: string): void {
    this.shown.delete(doc);
    this.learnGate.forget(doc);
    this.completer?.cache.forget(doc);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
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
