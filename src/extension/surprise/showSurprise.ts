// Show Surprise: while it is on, the active editor's document is scored by the model completions
// use (in the surprise worker, off the editor's thread), and the characters it finds surprising
// are coloured on a heat scale of theme colours, with a hover that says what it expected there.
// Edits move the colours along at once and ask for a new score once typing pauses; switching it
// off removes every colour and ends the worker.
import * as vscode from 'vscode';
import type { Flagged } from '../../core/surprise/score';
import type { CharRnnServices } from '../extensionServices';
import { CTX } from '../ids';
import { SurpriseWorker } from './client';
import { flagAt, heatRanges, HEAT_COLORS, hoverMarkdown, shiftFlags } from './view';

/** quiet time after an edit before the document is scored again */
const RESCORE_AFTER_MS = 600;
/** a longer document is scored up to here */
export const MAX_CHARS = 500_000;

interface DocScore {
  /** the document's version the flags describe (moved along by edits since the score) */
  version: number;
  /** the version that was scored */
  scored: number;
  flags: Flagged[];
  threshold: number;
}

/** What the view shows, for tests: per document, its flags' ranges by heat level; per visible
 *  editor, the ranges last set on it. */
export interface SurpriseState {
  on: boolean;
  documents: { uri: string; version: number; scored: number; ranges: [number, number][][] }[];
  decorated: { uri: string; ranges: number }[];
}

export class SurpriseView implements vscode.Disposable {
  private on = false;
  private readonly types: vscode.TextEditorDecorationType[];
  private readonly scores = new Map<string, DocScore>();
  /** decorated ranges per visible editor, as last set */
  private readonly decorated = new Map<vscode.TextEditor, number>();
  private readonly worker: SurpriseWorker;
  private subs: vscode.Disposable[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  private warnedLong = false;

  constructor(private readonly s: CharRnnServices, script: string) {
    this.worker = new SurpriseWorker(script, (w) => s.log.warn(`surprise: ${w}`));
    this.types = HEAT_COLORS.map((color, level) => vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor(color),
      ...(level > 0 ? { overviewRulerColor: new vscode.ThemeColor(color), overviewRulerLane: vscode.OverviewRulerLane.Right } : {}),
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }));
  }

  get shown(): boolean { return this.on; }

  async toggle(silent = false): Promise<boolean> {
    if (this.on) await this.hide();
    else this.show(silent);
    return this.on;
  }

  private show(silent: boolean): void {
    if (!this.s.model.hasModel) {
      void this.s.notifier.info('Char-RNN has no model yet: train or import one, then Show Surprise colours what it finds surprising.', { silent });
      return;
    }
    this.on = true;
    void vscode.commands.executeCommand('setContext', CTX.surpriseShown, true);
    this.subs = [
      vscode.window.onDidChangeActiveTextEditor((e) => { if (e) void this.request(e.document); }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.redrawAll()),
      vscode.workspace.onDidChangeTextDocument((e) => this.edited(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.scores.delete(d.uri.toString())),
      vscode.languages.registerHoverProvider('*', { provideHover: (doc, pos) => this.hover(doc, pos) }),
      this.s.settings.onDidChange((e) => { if (e.affects('surprise')) this.rescoreActive(); }),
      this.s.model.onDidChange(() => {
        if (!this.s.model.hasModel) void this.hide();
        else if (this.s.training.state.kind !== 'training') this.rescoreActive();
      }),
    ];
    this.rescoreActive();
  }

  private async hide(): Promise<void> {
    this.on = false;
    clearTimeout(this.timer);
    this.subs.forEach((d) => d.dispose());
    this.subs = [];
    for (const editor of vscode.window.visibleTextEditors) this.clear(editor);
    for (const editor of [...this.decorated.keys()]) this.clear(editor);
    this.scores.clear();
    void vscode.commands.executeCommand('setContext', CTX.surpriseShown, false);
    await this.worker.stop();
  }

  private rescoreActive(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc) void this.request(doc);
  }

  /** Scores a document (replacing any request still running) and draws the result. */
  private async request(doc: vscode.TextDocument): Promise<void> {
    clearTimeout(this.timer);
    if (!this.on || doc.uri.scheme === 'output') return;
    const w = await this.s.model.weights(true);
    if (!w || !this.on) return;
    this.worker.use(w, await this.s.model.memoryOf(w), this.s.settings.current.train.memoryMb);
    const version = doc.version, threshold = this.s.settings.current.surprise.threshold;
    let text = doc.getText();
    if (text.length > MAX_CHARS) {
      text = text.slice(0, MAX_CHARS);
      if (!this.warnedLong) this.s.log.info(`surprise: documents longer than ${MAX_CHARS.toLocaleString('en-US')} characters are scored up to there`);
      this.warnedLong = true;
    }
    let scored;
    try {
      scored = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Char-RNN: scoring surprise' },
        () => this.worker.score(text, threshold));
    } catch (err) {
      void this.s.notifier.error(`Char-RNN: Show Surprise could not score ${doc.uri.path.split('/').pop()}: ${(err as Error).message}`);
      return;
    }
    // a newer request replaced this one, or the document changed meanwhile (a new score follows)
    if (!scored || !this.on || doc.isClosed || doc.version !== version) return;
    this.scores.set(doc.uri.toString(), { version, scored: version, flags: scored.flagged, threshold });
    this.redraw(doc);
  }

  private edited(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return;
    const doc = e.document, r = this.scores.get(doc.uri.toString());
    if (r) {
      r.flags = shiftFlags(r.flags, e.contentChanges.map((c) => ({ offset: c.rangeOffset, removed: c.rangeLength, inserted: c.text.length })));
      r.version = doc.version;
      this.redraw(doc);
    }
    if (doc === vscode.window.activeTextEditor?.document) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.request(doc), RESCORE_AFTER_MS);
    }
  }

  private redrawAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.draw(editor);
    for (const editor of [...this.decorated.keys()]) if (!vscode.window.visibleTextEditors.includes(editor)) this.decorated.delete(editor);
  }

  private redraw(doc: vscode.TextDocument): void {
    for (const editor of vscode.window.visibleTextEditors) if (editor.document === doc) this.draw(editor);
  }

  private draw(editor: vscode.TextEditor): void {
    const r = this.scores.get(editor.document.uri.toString());
    if (!r || r.version !== editor.document.version) return;
    const doc = editor.document, levels = heatRanges(r.flags, r.threshold);
    levels.forEach((ranges, i) => editor.setDecorations(this.types[i], ranges.map(([a, b]) => new vscode.Range(doc.positionAt(a), doc.positionAt(b)))));
    this.decorated.set(editor, levels.reduce((n, l) => n + l.length, 0));
  }

  private clear(editor: vscode.TextEditor): void {
    for (const t of this.types) editor.setDecorations(t, []);
    this.decorated.delete(editor);
  }

  private hover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const r = this.scores.get(doc.uri.toString());
    if (!this.on || !r || r.version !== doc.version) return undefined;
    const f = flagAt(r.flags, doc.offsetAt(pos));
    if (!f) return undefined;
    const range = new vscode.Range(doc.positionAt(f.offset), doc.positionAt(f.offset + f.length));
    return new vscode.Hover(new vscode.MarkdownString(hoverMarkdown(f, doc.getText(range))), range);
  }

  state(): SurpriseState {
    return {
      on: this.on,
      documents: [...this.scores].map(([uri, r]) => ({ uri, version: r.version, scored: r.scored, ranges: heatRanges(r.flags, r.threshold) })),
      decorated: [...this.decorated].map(([editor, ranges]) => ({ uri: editor.document.uri.toString(), ranges })),
    };
  }

  dispose(): void {
    void this.hide();
    this.types.forEach((t) => t.dispose());
  }
}
