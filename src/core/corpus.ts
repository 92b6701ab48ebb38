// Reading source files for training. The skip rules (paths, bytes) are pure functions that the
// extension reuses on files it finds with vscode.workspace.findFiles; readCorpus walks real
// directories with them, honouring .gitignore files the way git does.
import ignore, { type Ignore } from 'ignore';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CORPUS, type CorpusConfig } from './config';
import { readRegularFile, insideTree } from './safeRead';
import { describeFindings, screen, secretFileName, type Finding } from './secrets';

export type SkipReason =
  | 'binary' | 'invalid-utf8' | 'minified' | 'too-large' | 'lock-file' | 'secret'
  | 'holds-secret' | 'not-regular' | 'outside' | 'empty' | 'ignored' | 'excluded' | 'corpus-limit' | 'unreadable';

const SKIP_TEXT: Record<SkipReason, string> = {
  'binary': 'binary file (NUL byte)',
  'invalid-utf8': 'not valid UTF-8',
  'minified': 'minified or generated (very long lines)',
  'too-large': 'larger than the file size limit',
  'lock-file': 'lock file',
  'secret': 'may hold secrets',
  'holds-secret': 'holds credentials',
  'not-regular': 'not a regular file (a device, pipe or socket)',
  'outside': 'a symbolic link to a file outside the folder',
  'empty': 'empty',
  'ignored': 'ignored by .gitignore, or in .git or node_modules',
  'excluded': 'matches an exclude pattern',
  'corpus-limit': 'corpus size limit reached',
  'unreadable': 'could not be read',
};

export function describeSkip(reason: SkipReason): string {
  return SKIP_TEXT[reason];
}

/** The corpus settings of config.ts plus the second minified-file rule. */
export interface CorpusOptions extends CorpusConfig {
  /** a file whose mean line length (characters per line, newlines included) exceeds this counts as minified */
  maxAvgLineLength: number;
}

/** Defaults come from config.ts, the one typed source; `include` also takes extensions ('.ts'). */
export const DEFAULT_CORPUS_OPTIONS: Readonly<CorpusOptions> = Object.freeze({ ...DEFAULT_CORPUS, maxAvgLineLength: 300 });

/** Directories never read, whatever .gitignore says. */
export const ALWAYS_SKIPPED_DIRS: readonly string[] = ['.git', 'node_modules'];

const LOCK_FILES = [
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'Cargo.lock', 'poetry.lock',
  'Gemfile.lock', 'composer.lock', 'go.sum', 'bun.lockb', 'packages.lock.json', '*.lock', '*.lockfile',
];
/**
 * A glob as a RegExp, case-insensitive: `**` crosses directories, `*` and `?` do not, `{a,b}`
 * alternates. A glob without '/' matches the file name alone, as in .gitignore.
 */
export function globToRegExp(glob: string): RegExp {
  const anchored = glob.includes('/');
  let re = '', braces = 0;
  for (let i = anchored && glob.startsWith('/') ? 1 : 0; i < glob.length; i++) {
    const c = glob[i];
    if (glob.startsWith('**/', i)) { re += '(?:.*/)?'; i += 2; }
    else if (glob.startsWith('**', i)) { re += '.*'; i += 1; }
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') { re += '(?:'; braces++; }
    else if (c === '}' && braces > 0) { re += ')'; braces--; }
    else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$(){}|[\]\\]/g, '\\$&');
  }
  if (braces > 0) throw new Error(`unbalanced braces in glob ${glob}`);
  return new RegExp(anchored ? `^${re}$` : `(?:^|/)${re}$`, 'i');
}

function anyOf(globs: readonly string[]): RegExp {
  return new RegExp(globs.map((g) => `(?:${globToRegExp(g).source})`).join('|'), 'i');
}

const LOCK_RE = anyOf(LOCK_FILES);

/** Globs ('.ts' means '*.ts') as one matcher of '/'-separated relative paths; none match nothing. */
export function globMatcher(globs: readonly string[]): (relPath: string) => boolean {
  if (globs.length === 0) return () => false;
  const re = anyOf(globs.map((p) => (/^\.[^/*?{}]+$/.test(p) ? `*${p}` : p)));
  return (relPath) => re.test(relPath);
}

/** Skips decided by the path alone: lock files, secret-bearing files, .git and node_modules. */
export function skipByPath(relPath: string): SkipReason | undefined {
  const parts = relPath.split(/[\\/]+/).filter((p) => p !== '');
  const dirs = parts.slice(0, -1);
  if (dirs.some((d) => ALWAYS_SKIPPED_DIRS.includes(d))) return 'ignored';
  if (secretFileName(parts.join('/'))) return 'secret';
  const name = parts[parts.length - 1] ?? '';
  if (LOCK_RE.test(name)) return 'lock-file';
  return undefined;
}

export type DecodeOptions = Pick<CorpusOptions, 'maxFileBytes' | 'maxLineLength' | 'maxAvgLineLength'>;

/** Text of a file's bytes, or why it is not source text to learn from. */
export function decodeSource(bytes: Uint8Array, opts: Partial<DecodeOptions> = {}): { text: string } | { skip: SkipReason } {
  const o = { ...DEFAULT_CORPUS_OPTIONS, ...opts };
  if (bytes.length === 0) return { skip: 'empty' };
  if (bytes.length > o.maxFileBytes) return { skip: 'too-large' };
  if (bytes.subarray(0, 8192).includes(0)) return { skip: 'binary' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { skip: 'invalid-utf8' };
  }
  if (text.trim() === '') return { skip: 'empty' };
  let lines = 0, longest = 0, start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      if (i > start || i < text.length) lines++;
      longest = Math.max(longest, i - start);
      start = i + 1;
    }
  }
  if (longest > o.maxLineLength || text.length / lines > o.maxAvgLineLength) return { skip: 'minified' };
  return { text };
}

/**
 * The .gitignore files of a tree. Git's precedence: within one file the last matching rule wins;
 * across files the deepest file with a matching rule wins; nothing below an ignored directory
 * can be re-included.
 */
export class IgnoreRules {
  /** directory relative to the tree's root ('' = root) → its rules */
  private readonly byDir = new Map<string, Ignore>();

  add(dir: string, gitignoreText: string): void {
    const key = dir.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
    const ig = this.byDir.get(key) ?? ignore();
    this.byDir.set(key, ig.add(gitignoreText));
  }

  /** Whether this path itself is ignored (the caller did not descend into ignored directories). */
  ignores(relPath: string, isDir: boolean): boolean {
    let dir = relPath;
    for (;;) {
      const cut = dir.lastIndexOf('/');
      dir = cut < 0 ? '' : dir.slice(0, cut);
      const ig = this.byDir.get(dir);
      if (ig) {
        const r = ig.test(relPath.slice(dir === '' ? 0 : dir.length + 1) + (isDir ? '/' : ''));
        if (r.ignored) return true;
        if (r.unignored) return false;
      }
      if (dir === '') return false;
    }
  }

  /** For flat file lists: a file is ignored if it or any directory above it is. */
  ignoresFile(relPath: string): boolean {
    const parts = relPath.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (this.ignores(parts.slice(0, i).join('/'), true)) return true;
    }
    return this.ignores(relPath, false);
  }
}

export interface CorpusFile { path: string; text: string }
/** `detail` says more where the reason alone does not (which credentials, and on which lines) */
export interface SkippedFile { path: string; reason: SkipReason; detail?: string }
/** A file used with its credentials replaced by placeholders (src/core/secrets). */
export interface RedactedFile { path: string; findings: Finding[] }
export interface Corpus { files: CorpusFile[]; skipped: SkippedFile[]; redacted: RedactedFile[] }

const posix = (p: string): string => p.split(path.sep).join('/');

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(() => true, () => false);
}

/** .gitignore rules from the enclosing git work tree's top down to `root`, keyed relative to the top. */
async function ancestorRules(root: string): Promise<{ rules: IgnoreRules; prefix: string }> {
  const rules = new IgnoreRules();
  let top = root;
  while (!(await exists(path.join(top, '.git')))) {
    const up = path.dirname(top);
    if (up === top) return { rules, prefix: '' }; // not in a git work tree: the root's own rules only
    top = up;
  }
  const prefix = posix(path.relative(top, root));
  const chain = prefix === '' ? [] : prefix.split('/');
  for (let i = 0; i < chain.length; i++) {
    const dir = chain.slice(0, i).join('/');
    const text = await readIgnoreFile(path.join(top, dir, '.gitignore'));
    if (text !== undefined) rules.add(dir, text);
  }
  return { rules, prefix: prefix === '' ? '' : prefix + '/' };
}

/** A .gitignore's text, when it is a regular file of at most 1 MB. */
export async function readIgnoreFile(file: string): Promise<string | undefined> {
  const r = await readRegularFile(file, 1 << 20);
  return 'bytes' in r ? new TextDecoder().decode(r.bytes) : undefined;
}

interface Candidate { abs: string; rel: string }
interface Filter { include: (rel: string) => boolean; exclude: (rel: string) => boolean }

/** Files under root that pass .gitignore and the include patterns, sorted by relative path. */
async function walk(root: string, wanted: Filter, skipped: SkippedFile[]): Promise<Candidate[]> {
  const { rules, prefix } = await ancestorRules(root);
  const realRoot = await fs.realpath(root);
  const found: Candidate[] = [];
  const visit = async (abs: string, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(abs, { withFileTypes: true });
    } catch {
      skipped.push({ path: rel + '/', reason: 'unreadable' });
      return;
    }
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      const text = (await readIgnoreFile(path.join(abs, '.gitignore'))) ?? '';
      rules.add(prefix + rel, text);
    }
    for (const e of entries) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      // symbolic links are followed to files inside the tree, never into directories (no cycles)
      const isFile = e.isFile() || (e.isSymbolicLink() && (await fs.stat(path.join(abs, e.name)).then((s) => s.isFile(), () => false)));
      const special = !isFile && !e.isDirectory() && !e.isSymbolicLink();
      if (special) {
        if (wanted.include(r)) skipped.push({ path: r, reason: 'not-regular' });
      } else if (e.isDirectory()) {
        if (ALWAYS_SKIPPED_DIRS.includes(e.name) || rules.ignores(prefix + r, true)) skipped.push({ path: r + '/', reason: 'ignored' });
        else await visit(path.join(abs, e.name), r);
      } else if (isFile) {
        const reason = rules.ignores(prefix + r, false) ? 'ignored' : wanted.exclude(r) ? 'excluded' : skipByPath(r);
        // ignored and excluded files are only worth reporting when they look like sources
        const quiet = (reason === 'ignored' || reason === 'excluded') && !wanted.include(r);
        if (reason && !quiet) skipped.push({ path: r, reason });
        else if (!reason && wanted.include(r)) {
          const file = path.join(abs, e.name);
          if (e.isSymbolicLink() && !(await insideTree(realRoot, file))) skipped.push({ path: r, reason: 'outside' });
          else found.push({ abs: file, rel: r });
        }
      }
    }
  };
  await visit(root, '');
  return found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/**
 * Reads the given files and directories. A directory is walked (honouring .gitignore, skipping
 * .git and node_modules, anything not matching `include` and anything matching `exclude`,
 * both relative to that directory); a file given by name is taken
 * whatever its extension, but lock-file, secret and content rules still apply to it.
 * Paths in the result are relative to the directory they were found in, or as given for files.
 */
export async function readCorpus(paths: string[], opts: Partial<CorpusOptions> = {}): Promise<Corpus> {
  const o: CorpusOptions = { ...DEFAULT_CORPUS_OPTIONS, ...opts };
  for (const k of ['maxFileBytes', 'maxCorpusBytes', 'maxLineLength', 'maxAvgLineLength'] as const) {
    if (!(o[k] > 0)) throw new Error(`${k} must be a positive number, got ${o[k]}`);
  }
  const wanted: Filter = { include: globMatcher(o.include), exclude: globMatcher(o.exclude) };
  const files: CorpusFile[] = [], skipped: SkippedFile[] = [], redacted: RedactedFile[] = [];
  const seen = new Set<string>();
  let total = 0, full = false;

  const take = async ({ abs, rel }: Candidate): Promise<void> => {
    if (seen.has(abs)) return;
    seen.add(abs);
    const skip = (reason: SkipReason, detail?: string): void => { skipped.push({ path: rel, reason, ...(detail ? { detail } : {}) }); };
    if (full) return skip('corpus-limit');
    const read = await readRegularFile(abs, o.maxFileBytes);
    if ('refused' in read) return skip(read.refused === 'too-large' || read.refused === 'not-regular' ? read.refused : 'unreadable', read.detail);
    const { bytes } = read;
    const r = decodeSource(bytes, o);
    if ('skip' in r) return skip(r.skip);
    const screened = screen(r.text, rel);
    if (screened.action === 'skip') return skip('holds-secret', describeFindings(screened.findings));
    if (total + bytes.length > o.maxCorpusBytes) {
      full = true;
      return skip('corpus-limit');
    }
    total += bytes.length;
    if (screened.action === 'redact') redacted.push({ path: rel, findings: screened.findings });
    files.push({ path: rel, text: screened.text });
  };

  for (const p of paths) {
    const abs = path.resolve(p);
    const st = await fs.stat(abs).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') throw new Error(`no such file or directory: ${p}`);
      throw new Error(`cannot read ${p}: ${err.message}`);
    });
    if (st.isDirectory()) {
      for (const c of await walk(abs, wanted, skipped)) await take(c);
    } else {
      // a link named on the command line is read, but its target's name counts too (notes.md -> id_rsa)
      const target = await fs.realpath(abs).catch(() => abs);
      const reason = skipByPath(posix(p)) ?? (secretFileName(posix(target)) ? 'secret' : undefined);
      if (reason) skipped.push({ path: p, reason });
      else await take({ abs, rel: p });
    }
  }
  return { files, skipped, redacted };
}
