// The models Which Model Wrote This? compares besides the workspace's own: a copy of each
// finished run's checkpoint (kept while the run is in the panel's run history) and of each
// imported model, in a "models" folder of the workspace's storage, the newest LIMIT of each kind.
// The copies hold what the checkpoint holds, the memory of the repository's text included, so
// Delete Model deletes them too.
import * as vscode from 'vscode';
import type { RunSummary } from '../../shared/panelProtocol';

export interface KeptModel {
  kind: 'run' | 'imported';
  /** the run's id (kind 'run'), or the imported file's name */
  key: string;
  label: string;
  file: string;
  addedAt: number;
}

const INDEX = 'index.json';
export const LIMIT = 8;

export class ModelLibrary {
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly root: vscode.Uri, private readonly runs: () => readonly RunSummary[] | undefined, private readonly now = () => Date.now()) {}

  /** Keeps a copy of a finished run's checkpoint (a resumed run replaces its earlier copy). */
  keepRun(run: RunSummary, checkpoint: vscode.Uri): Promise<void> {
    return this.add({ kind: 'run', key: run.id, label: runLabel(run), file: `run-${safe(run.id)}.safetensors`, addedAt: this.now() },
      (to) => vscode.workspace.fs.copy(checkpoint, to, { overwrite: true }));
  }

  /** Keeps a copy of an imported checkpoint. */
  keepImported(name: string, bytes: Uint8Array): Promise<void> {
    return this.add({ kind: 'imported', key: name, label: `imported ${name}`, file: `imported-${safe(name)}`, addedAt: this.now() },
      (to) => vscode.workspace.fs.writeFile(to, bytes));
  }

  /** The kept models, newest first; a run no longer in the history loses its copy. */
  async list(): Promise<(KeptModel & { uri: vscode.Uri })[]> {
    await this.writing;
    const index = await this.read(), runs = this.runs();
    const gone = runs ? index.filter((m) => m.kind === 'run' && !runs.some((r) => r.id === m.key)) : [];
    if (gone.length) await this.update(() => index.filter((m) => !gone.includes(m)), gone);
    return index.filter((m) => !gone.includes(m)).sort((a, b) => b.addedAt - a.addedAt).map((m) => ({ ...m, uri: this.at(m.file) }));
  }

  /** Deletes every copy. */
  clear(): Promise<void> {
    return this.queue(async () => this.update(() => [], await this.read()));
  }

  private add(entry: KeptModel, write: (to: vscode.Uri) => Thenable<void>): Promise<void> {
    return this.queue(async () => {
      await vscode.workspace.fs.createDirectory(this.root);
      await write(this.at(entry.file));
      const index = (await this.read()).filter((m) => m.file !== entry.file);
      index.push(entry);
      const same = index.filter((m) => m.kind === entry.kind).sort((a, b) => b.addedAt - a.addedAt);
      const dropped = same.slice(LIMIT);
      await this.update(() => index.filter((m) => !dropped.includes(m)), dropped);
    });
  }

  /** Changes run one after another; a listing waits for those begun before it. */
  private queue(work: () => Promise<void>): Promise<void> {
    const job = this.writing.then(work);
    this.writing = job.catch(() => {});
    return job;
  }

  private async update(next: () => KeptModel[], remove: readonly KeptModel[]): Promise<void> {
    for (const m of remove) await vscode.workspace.fs.delete(this.at(m.file)).then(undefined, () => {});
    await vscode.workspace.fs.createDirectory(this.root);
    await vscode.workspace.fs.writeFile(this.at(INDEX), new TextEncoder().encode(JSON.stringify({ version: 1, models: next() })));
  }

  private async read(): Promise<KeptModel[]> {
    try {
      const data = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(this.at(INDEX)))) as { models?: unknown };
      return Array.isArray(data.models) ? data.models.filter(isKept) : [];
    } catch {
      return [];
    }
  }

  private at(name: string): vscode.Uri { return vscode.Uri.joinPath(this.root, name); }
}

const safe = (s: string) => s.replace(/[^\w.-]/g, '_');

function isKept(m: unknown): m is KeptModel {
  const k = m as KeptModel;
  return typeof k === 'object' && k !== null && (k.kind === 'run' || k.kind === 'imported') && typeof k.key === 'string'
    && typeof k.label === 'string' && typeof k.file === 'string' && /^[\w.-]+$/.test(k.file) && typeof k.addedAt === 'number';
}

/** "run of 2026-11-23 14:05, LSTM 2x256, 400 steps, 3.04 bits/char" */
export function runLabel(run: RunSummary): string {
  const d = new Date(run.startedAt), two = (n: number) => String(n).padStart(2, '0');
  const m = run.config.model, when = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
  return `run of ${when}, ${m.cell.toUpperCase()} ${m.layers}x${m.hidden}, ${run.steps} steps${run.valBpc !== null ? `, ${run.valBpc.toFixed(2)} bits/char held out` : ''}`;
}
