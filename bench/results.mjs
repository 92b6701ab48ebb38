// Where the benchmarks keep what they measured: one JSON file per run under docs/results/<kind>/
// (kind: bench for `npm run bench`, quality for `npm run bench:quality`), named by its date and
// commit, with the machine it ran on. scripts/render-docs.mjs turns them into the tables of
// docs/performance.md, docs/quality.md and the README's current figures; saving a run renders
// them again.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDocs } from '../scripts/render-docs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** the commit measured, and whether the tree had changes to tracked files that can change a
 *  measurement: not the documents, which saving a run renders again (the next run of a series
 *  would otherwise say "with changes") */
function commit() {
  try {
    const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const changed = git('status', '--porcelain', '--untracked-files=no').split('\n').filter(Boolean).map((l) => l.slice(3));
    return { commit: git('rev-parse', '--short=7', 'HEAD').trim(), changes: changed.some((f) => !/^(README\.md$|docs\/)/.test(f)) };
  } catch {
    return { commit: undefined, changes: undefined };
  }
}

/** The fields every run starts with: what ran, when, on what. */
export function runHeader(command) {
  return { command, date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), ...commit(), cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length };
}

/** Writes the run to docs/results/<kind>/, renders the docs from it; returns the file's path. */
export function saveRun(kind, run) {
  const dir = join(root, 'docs', 'results', kind);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${run.date.replace(/:/g, '-')}-${run.commit ?? 'nocommit'}.json`);
  writeFileSync(file, `${JSON.stringify(run, null, 1)}\n`);
  const changed = renderDocs(root);
  process.stderr.write(`results: ${relative(root, file)}${changed.length ? `; rendered ${changed.join(', ')}` : ''}\n`);
  return file;
}
