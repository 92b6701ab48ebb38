// The language Sample Text opens its text in: the one of the file being edited, else the most
// common one among the workspace's training files, so the sample is coloured as code.
import * as vscode from 'vscode';
import type { CorpusConfig } from '../../core/config';

/** Files looked at to find the workspace's most common extension. */
const LOOK_AT = 500;

/** The extension most paths have ('ts' for a.ts, b.ts, c.py), undefined when none has one. */
export function mostCommonExtension(paths: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const p of paths) {
    const name = p.slice(p.lastIndexOf('/') + 1), dot = name.lastIndexOf('.');
    if (dot > 0) counts.set(name.slice(dot + 1).toLowerCase(), (counts.get(name.slice(dot + 1).toLowerCase()) ?? 0) + 1);
  }
  let best: string | undefined, n = 0;
  for (const [ext, c] of counts) if (c > n) { best = ext; n = c; }
  return best;
}

export async function sampleLanguage(editor: vscode.TextEditor | undefined, corpus: CorpusConfig): Promise<string> {
  const own = editor?.document.languageId;
  if (own && own !== 'plaintext' && editor?.document.uri.scheme !== 'output') return own;
  if (!vscode.workspace.workspaceFolders?.length) return 'plaintext';
  const found = (await Promise.all(corpus.include.map((g) => vscode.workspace.findFiles(g, '**/node_modules/**', LOOK_AT)))).flat();
  const ext = mostCommonExtension(found.map((u) => u.path));
  const file = found.find((u) => u.path.toLowerCase().endsWith(`.${ext}`));
  // VS Code knows which language an extension is: ask it through one such file
  return file ? (await vscode.workspace.openTextDocument(file)).languageId : 'plaintext';
}
