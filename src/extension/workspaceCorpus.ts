// The training corpus from the open workspace: files matching the include globs in every folder,
// minus `files.exclude`, the user's exclude globs, .gitignore'd paths and the engine's skip rules
// (src/core/corpus.ts). Reads go through workspace.fs, so any file system provider works.
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { CorpusConfig } from '../core/config';
import { DEFAULT_CORPUS_OPTIONS, IgnoreRules, decodeSource, describeSkip, globMatcher, readIgnoreFile, skipByPath, type RedactedFile } from '../core/corpus';
import type { CorpusFile } from '../core/corpus';
import { describeRefusal, insideTree, readRegularFile } from '../core/safeRead';
import { describeFindings, screen } from '../core/secrets';

export interface Skipped { path: string; reason: string }

export interface WorkspaceCorpus {
  files: CorpusFile[];
  skipped: Skipped[];
  /** files used with their credentials replaced by placeholders */
  redacted: RedactedFile[];
  bytes: number;
  /** the user cancelled while files were read; `files` holds what was read until then */
  cancelled: boolean;
}

export class NoFolderError extends Error {
  constructor() { super('no folder is open'); }
}

/** Found at most per folder and include glob: a guard against pathological workspaces. */
const MAX_FILES = 100_000;
/** Files read at once. */
const PARALLEL = 16;

/** `root`: the real path of the folder on disk, for files of the `file` scheme */
interface Candidate { uri: vscode.Uri; path: string; root?: string }

/**
 * `files.exclude` of a folder (its plain `true` entries) plus the directories never read, as one
 * glob for findFiles. Entries with braces of their own cannot nest in it: those are matched here.
 */
function folderExcludes(folder: vscode.WorkspaceFolder): { glob: string; matches: (rel: string) => boolean } {
  const filesExclude = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude') ?? {};
  const globs = Object.entries(filesExclude).filter(([, on]) => on === true).map(([g]) => g);
  const braced = globs.filter((g) => g.includes('{'));
  const plain = [...globs.filter((g) => !g.includes('{')), '**/node_modules/**', '**/.git/**'];
  return { glob: `{${plain.join(',')}}`, matches: globMatcher(braced) };
}

async function gitignoreRules(folder: vscode.WorkspaceFolder, token: vscode.CancellationToken): Promise<IgnoreRules> {
  const rules = new IgnoreRules();
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), '{**/node_modules/**,**/.git/**}', 10_000, token);
  for (const uri of found) {
    const rel = relativePath(folder, uri);
    const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
    const text = uri.scheme === 'file' ? await readIgnoreFile(uri.fsPath) : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    if (text !== undefined) rules.add(dir, text);
  }
  return rules;
}

function relativePath(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string {
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : vscode.workspace.asRelativePath(uri, false);
}

/** Every file that the include globs find and the path rules keep; the rest go to `skipped`. */
async function candidates(cfg: CorpusConfig, skipped: Skipped[], token: vscode.CancellationToken): Promise<Candidate[]> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new NoFolderError();
  const userExclude = globMatcher(cfg.exclude);
  const out: Candidate[] = [];
  for (const folder of folders) {
    const rules = await gitignoreRules(folder, token);
    const root = folder.uri.scheme === 'file' ? await fs.realpath(folder.uri.fsPath).catch(() => folder.uri.fsPath) : undefined;
    const exclude = folderExcludes(folder);
    const seen = new Set<string>();
    for (const glob of cfg.include) {
      for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), exclude.glob, MAX_FILES, token)) {
        const key = uri.toString();
        if (seen.has(key)) continue;
        seen.add(key);
        const rel = relativePath(folder, uri);
        // several folders: name each path by its folder, as the explorer does
        const path = folders.length > 1 ? `${folder.name}/${rel}` : rel;
        const byPath = skipByPath(rel);
        if (exclude.matches(rel)) skipped.push({ path, reason: `${describeSkip('excluded')} (files.exclude)` });
        else if (userExclude(rel)) skipped.push({ path, reason: `${describeSkip('excluded')} (charRnn.training.exclude)` });
        else if (rules.ignoresFile(rel)) skipped.push({ path, reason: describeSkip('ignored') });
        else if (byPath) skipped.push({ path, reason: describeSkip(byPath) });
        else out.push({ uri, path, root });
      }
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Reads the workspace's training files. `progress` hears (files read, files found) as reading
 * goes; a cancelled token stops it with what was read so far.
 */
export async function readWorkspaceCorpus(
  cfg: CorpusConfig, token: vscode.CancellationToken, progress: (done: number, total: number) => void = () => {},
): Promise<WorkspaceCorpus> {
  const skipped: Skipped[] = [], redacted: RedactedFile[] = [];
  const cancelled = (): WorkspaceCorpus => ({ files: [], skipped, redacted, bytes: 0, cancelled: true });
  let found: Candidate[];
  try {
    found = await candidates(cfg, skipped, token);
  } catch (err) {
    // a search cancelled midway may end in an error rather than an empty result
    if (token.isCancellationRequested) return cancelled();
    throw err;
  }
  if (token.isCancellationRequested) return cancelled();
  const decodeOpts = { maxFileBytes: cfg.maxFileBytes, maxLineLength: cfg.maxLineLength, maxAvgLineLength: DEFAULT_CORPUS_OPTIONS.maxAvgLineLength };
  const files: CorpusFile[] = [];
  let bytes = 0, full = false;
  progress(0, found.length);
  for (let i = 0; i < found.length; i += PARALLEL) {
    if (token.isCancellationRequested) return { files, skipped, redacted, bytes, cancelled: true };
    const group = found.slice(i, i + PARALLEL);
    const read = await Promise.all(group.map((c) => readOne(c, cfg.maxFileBytes)));
    group.forEach((c, j) => {
      const r = read[j];
      if (full) return void skipped.push({ path: c.path, reason: describeSkip('corpus-limit') });
      if (typeof r === 'string') return void skipped.push({ path: c.path, reason: r });
      const decoded = decodeSource(r, decodeOpts);
      if ('skip' in decoded) return void skipped.push({ path: c.path, reason: describeSkip(decoded.skip) });
      const screened = screen(decoded.text, c.path);
      if (screened.action === 'skip') return void skipped.push({ path: c.path, reason: `${describeSkip('holds-secret')}: ${describeFindings(screened.findings)}` });
      if (bytes + r.length > cfg.maxCorpusBytes) {
        full = true;
        return void skipped.push({ path: c.path, reason: describeSkip('corpus-limit') });
      }
      bytes += r.length;
      if (screened.action === 'redact') redacted.push({ path: c.path, findings: screened.findings });
      files.push({ path: c.path, text: screened.text });
    });
    progress(Math.min(i + PARALLEL, found.length), found.length);
  }
  return { files, skipped, redacted, bytes, cancelled: false };
}

/** A file's bytes, or why it was not read (in words). */
async function readOne(c: Candidate, maxBytes: number): Promise<Uint8Array | string> {
  if (c.root !== undefined) {
    // on disk: only regular files, the limit held while reading, no link out of the folder
    if (!(await insideTree(c.root, c.uri.fsPath))) return describeSkip('outside');
    const r = await readRegularFile(c.uri.fsPath, maxBytes);
    if ('bytes' in r) return r.bytes;
    if (r.refused === 'too-large') return `${describeSkip('too-large')} (${r.detail})`;
    return r.refused === 'not-regular' ? describeSkip('not-regular') : describeRefusal(r.refused, r.detail);
  }
  try {
    // another file system: its stat says what the file is; the size first, so a huge file is never read
    const st = await vscode.workspace.fs.stat(c.uri);
    if (st.type & vscode.FileType.SymbolicLink) return 'a symbolic link (where it leads cannot be checked on this file system)';
    if (!(st.type & vscode.FileType.File)) return describeSkip('not-regular');
    if (st.size > maxBytes) return describeSkip('too-large');
    return await vscode.workspace.fs.readFile(c.uri);
  } catch {
    return describeSkip('unreadable');
  }
}

export interface GatherOptions {
  /** no progress notification (tests, other features) */
  silent?: boolean;
  /** cancels reading as the notification's Cancel button does */
  token?: vscode.CancellationToken;
  onProgress?: (done: number, total: number) => void;
}

/** The file list each log last showed. */
const listed = new WeakMap<vscode.LogOutputChannel, string>();

/**
 * Reads the corpus under a cancellable progress notification and logs the files used and
 * skipped (once: while they stay the same, later reads say so in one line). Resolves undefined
 * when the user cancelled.
 */
export async function gatherCorpus(cfg: CorpusConfig, log: vscode.LogOutputChannel, o: GatherOptions = {}): Promise<WorkspaceCorpus | undefined> {
  const read = async (token: vscode.CancellationToken, report: (message: string) => void) => {
    const linked = new vscode.CancellationTokenSource();
    const subs = [token.onCancellationRequested(() => linked.cancel()), o.token?.onCancellationRequested(() => linked.cancel())];
    try {
      return await readWorkspaceCorpus(cfg, linked.token, (done, total) => {
        report(`${done} of ${total} files`);
        o.onProgress?.(done, total);
      });
    } finally {
      subs.forEach((s) => s?.dispose());
      linked.dispose();
    }
  };
  log.info(`reading files: include ${cfg.include.join(' ')}${cfg.exclude.length ? `, exclude ${cfg.exclude.join(' ')}` : ''}`);
  const corpus = o.silent
    ? await read(o.token ?? new vscode.CancellationTokenSource().token, () => {})
    : await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Char-RNN: reading files', cancellable: true },
      (progress, token) => read(token, (message) => progress.report({ message })),
    );
  // each Train, Resume and Evaluate reads the files again: list them only when they changed
  // (the files come sorted; the skipped ones in the order the searches found them, which varies)
  const skipped = [...corpus.skipped].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const listing = [
    ...corpus.files.map((f) => `  using ${f.path} (${f.text.length} characters)`),
    ...skipped.map((s) => `  skipped ${s.path}: ${s.reason}`),
    ...corpus.redacted.map((r) => `  redacted ${r.path}: ${describeFindings(r.findings)} (each replaced by a placeholder of the same shape)`),
  ];
  if (listed.get(log) === listing.join('\n')) log.info('  the same files as last time (listed above)');
  else for (const line of listing) log.info(line);
  listed.set(log, listing.join('\n'));
  log.info(`${corpus.files.length} files (${corpus.bytes} bytes) used, ${corpus.skipped.length} skipped${corpus.cancelled ? '; reading was cancelled' : ''}`);
  return corpus.cancelled ? undefined : corpus;
}
