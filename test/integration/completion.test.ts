// Inline completions in a real VS Code: a small model trained here on the fixture workspace
// answers the provider; typing in an editor brings a suggestion, committing it inserts it;
// explicit requests give several; a cancelled request returns nothing and leaves nothing running
// in the completion worker, where the suggestions are made.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_COMPLETION, type CompletionConfig } from '../../src/core/config';
import { Trainer } from '../../src/core/train';
import { CharRnnInlineProvider } from '../../src/extension/completion/provider';
import { weightsOf, type ModelWeights } from '../../src/core/weights';
import { completionWorkerScript, waitFor } from './extension-helpers';

/** A 1x64 LSTM trained for a few hundred steps on the fixture's source files. */
async function trainFixtureModel(): Promise<ModelWeights> {
  const uris = await vscode.workspace.findFiles('**/*.{js,ts,py}', '**/node_modules/**');
  const files = await Promise.all(uris.map(async (u) => ({ path: u.fsPath, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(u)) })));
  const tr = new Trainer(files, { model: { cell: 'lstm', layers: 1, hidden: 64 }, train: { steps: 400, minutes: 0, batch: 8, seq: 32, lr: 1e-2, valFrac: 0, evalEvery: 1e9, seed: 3 } });
  while (!tr.done()) tr.trainStep();
  return weightsOf(tr.net, tr.vocab);
}

describe('inline completions', function () {
  this.timeout(180_000);
  let weights: ModelWeights | undefined;
  let config: CompletionConfig;
  let provider: CharRnnInlineProvider;
  const calls: { kind: vscode.InlineCompletionTriggerKind; offset: number; texts: string[] }[] = [];
  const disposables: vscode.Disposable[] = [];

  const editorSettings: [string, unknown][] = [['quickSuggestions', false], ['suggestOnTriggerCharacters', false], ['wordBasedSuggestions', 'off']];

  before(async () => {
    // the extension's own provider (if registered) stays quiet: only the one under test answers;
    // and no suggest widget opens over the ghost text while typing
    await vscode.workspace.getConfiguration('charRnn.completions').update('enabled', false, vscode.ConfigurationTarget.Workspace);
    for (const [k, v] of editorSettings) await vscode.workspace.getConfiguration('editor').update(k, v, vscode.ConfigurationTarget.Workspace);
    weights = await trainFixtureModel();
    // the mechanics of the provider, with every suggestion shown (the gate is tested in completion-memory.test.ts)
    config = { ...DEFAULT_COMPLETION, temperature: 0, debounceMs: 0, minConfidence: 0 };
    provider = new CharRnnInlineProvider(() => config, { peekWeights: () => weights }, completionWorkerScript());
    disposables.push(provider, vscode.languages.registerInlineCompletionItemProvider({ pattern: '**' }, {
      async provideInlineCompletionItems(doc, pos, ctx, token) {
        const items = await provider.provideInlineCompletionItems(doc, pos, ctx, token);
        calls.push({ kind: ctx.triggerKind, offset: doc.offsetAt(pos), texts: (items ?? []).map((i) => String(i.insertText)) });
        return items;
      },
    }));
  });

  after(async () => {
    disposables.forEach((d) => d.dispose());
    await vscode.workspace.getConfiguration('charRnn.completions').update('enabled', undefined, vscode.ConfigurationTarget.Workspace);
    for (const [k] of editorSettings) await vscode.workspace.getConfiguration('editor').update(k, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function editorWith(text: string): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument({ language: 'javascript', content: text });
    const editor = await vscode.window.showTextDocument(doc);
    const end = doc.positionAt(text.length);
    editor.selection = new vscode.Selection(end, end);
    return editor;
  }

  it('typing brings a suggestion, and committing it inserts its text', async () => {
    const editor = await editorWith('class Stack {\n  constructor() {\n');
    // A person types into the editor that has keyboard focus, one keystroke at a time; a single
    // `type` of the whole text sometimes brought no automatic request at all from this workbench.
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    calls.length = 0;
    for (const ch of '    this.') {
      await vscode.commands.executeCommand('type', { text: ch });
      await new Promise((r) => setTimeout(r, 30));
    }
    const before = editor.document.getText();
    const atEnd = () => calls.filter((c) => c.kind === vscode.InlineCompletionTriggerKind.Automatic && c.offset === before.length && c.texts.length > 0);
    await waitFor('an automatic suggestion after the last keystroke', () => atEnd().length > 0, 30_000)
      .catch((e: Error) => { throw new Error(`${e.message}; calls ${JSON.stringify(calls)}, text ${JSON.stringify(before)}`); });
    // The ghost text shows a moment after the provider answers (the workbench renders it and sets
    // the context key that enables the commit command); a person presses Tab once they see it.
    await waitFor('the suggestion in the document', async () => {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      return editor.document.getText() !== before;
    }, 30_000)
      .catch((e: Error) => { throw new Error(`${e.message}; calls ${JSON.stringify(calls)}`); });
    const offered = atEnd().flatMap((c) => c.texts);
    const inserted = editor.document.getText().slice(before.length);
    assert.ok(editor.document.getText().startsWith(before) && offered.includes(inserted), `inserted ${JSON.stringify(inserted)}, offered ${JSON.stringify(offered)}`);
  });

  it('an explicit request gives several distinct candidates, greedy ones included', async () => {
    const editor = await editorWith('class Stack {\n  push(item) {\n    this.');
    const src = new vscode.CancellationTokenSource();
    config = { ...config, temperature: 0, candidates: 3 };
    const items = await provider.provideInlineCompletionItems(editor.document, editor.selection.active,
      { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined }, src.token);
    assert.ok(items && items.length >= 2, `expected several candidates, got ${items?.length}`);
    const texts = items.map((i) => String(i.insertText));
    assert.equal(new Set(texts).size, texts.length);
    for (const i of items) assert.ok(i.range?.isEmpty && i.range.start.isEqual(editor.selection.active));
  });

  it('runs on the precision the setting names, and a change of it takes effect at the next request', async () => {
    const editor = await editorWith('class Stack {\n  push(item) {\n    this.');
    const ask = () => provider.provideInlineCompletionItems(editor.document, editor.selection.active,
      { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined }, new vscode.CancellationTokenSource().token);
    const saved = config;
    let completers: number | undefined;
    try {
      for (const precision of ['int8', 'f32', 'int8'] as const) {
        config = { ...saved, temperature: 0, candidates: 2, precision };
        const items = await ask();
        const status = await provider.worker.status();
        assert.equal(status?.precision, precision);
        assert.ok(items && items.length > 0, `${precision}: no suggestion`);
        // the same completer with other nets: its mixture keeps what it learned
        if (completers !== undefined) assert.equal(status?.completers, completers);
        completers = status?.completers;
      }
    } finally { config = saved; }
  });

  it('extends the item selected in the suggest widget and replaces its range', async () => {
    const editor = await editorWith('class Stack {\n  push(item) {\n    this.it');
    const pos = editor.selection.active, range = new vscode.Range(pos.translate(0, -2), pos);
    const items = await provider.provideInlineCompletionItems(editor.document, pos,
      { triggerKind: vscode.InlineCompletionTriggerKind.Automatic, selectedCompletionInfo: { range, text: 'items' } }, new vscode.CancellationTokenSource().token);
    for (const i of items ?? []) {
      assert.ok(String(i.insertText).startsWith('items'));
      assert.ok(i.range?.isEqual(range));
    }
  });

  it('offers nothing with a selection, with several cursors, or without a model', async () => {
    const editor = await editorWith('class Stack {\n  push(item) {\n    this.');
    const ctx = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined };
    const ask = () => provider.provideInlineCompletionItems(editor.document, editor.selection.active, ctx, new vscode.CancellationTokenSource().token);
    const end = editor.selection.active;
    editor.selection = new vscode.Selection(end.translate(0, -3), end);
    assert.equal(await ask(), undefined);
    editor.selections = [new vscode.Selection(end, end), new vscode.Selection(0, 0, 0, 0)];
    assert.equal(await ask(), undefined);
    editor.selection = new vscode.Selection(end, end);
    const saved = weights;
    weights = undefined;
    try { assert.equal(await ask(), undefined); } finally { weights = saved; }
    assert.ok(await ask(), 'with the model back, it answers again');
  });

  it('a cancelled request returns nothing and leaves no work running', async () => {
    // 105,000 characters, read from the first: the memory takes in all but the last 500, some 300 ms
    const editor = await editorWith('function f(a) {\n  return a;\n}\n'.repeat(3500));
    config = { ...config, temperature: 0.5, candidates: 4, maxChars: 200, primeChars: 100_000 };
    const ctx = { triggerKind: vscode.InlineCompletionTriggerKind.Automatic, selectedCompletionInfo: undefined };
    const idle = async () => {
      const s = await provider.worker.status(true);
      assert.equal(s?.busy, false);
      return s!;
    };
    // cancelled before it is sent: the worker is not asked
    const read = (s: { fedChars: number; absorbedChars: number }) => s.fedChars + s.absorbedChars;
    const was = read(await idle());
    assert.equal(await provider.provideInlineCompletionItems(editor.document, editor.selection.active, ctx, cancelledToken()), undefined);
    assert.equal(read(await idle()), was, 'nothing was read');

    // cancelled while the worker primes the document
    const src = new vscode.CancellationTokenSource();
    setTimeout(() => src.cancel(), 40);
    assert.equal(await provider.provideInlineCompletionItems(editor.document, editor.selection.active, ctx, src.token), undefined);
    const s = await idle();
    assert.ok(read(s) > 0 && read(s) < 100_000, `it had begun priming and stopped: ${read(s)} characters read`);
  });
});

function cancelledToken(): vscode.CancellationToken {
  const src = new vscode.CancellationTokenSource();
  src.cancel();
  return src.token;
}
