// The model of this workspace: one checkpoint file in the extension's storage, read only when
// something needs it, written atomically, plus the newer weights a running training publishes.
import * as vscode from 'vscode';
import { checkWritable, removeStaleTemps, writeFileAtomic } from '../../core/atomic';
import { CheckpointError, decodeCheckpoint, type Checkpoint, type StoredMix } from '../../core/checkpoint';
import { CHECKPOINT_FILE, CTX } from '../ids';
import type { Notifier } from '../notifier';
import { sameModel, weightsOnly, type ModelWeights } from '../../core/weights';
import { summarize, type ModelSummary } from './summary';

export class ModelStore implements vscode.Disposable {
  readonly file: vscode.Uri;
  private onDisk = false;
  /** the file's decoded content, once something needed it */
  private loaded?: { ck: Checkpoint; summary: ModelSummary; weights?: ModelWeights };
  /** weights a running or finished training published after the file was written, and their step */
  private live?: { weights: ModelWeights; step: number };
  private reported?: string;
  private pending?: Uint8Array;
  private writing?: Promise<void>;
  private readonly emitter = new vscode.EventEmitter<void>();
  /** the model changed: new weights from training, a save, an import, a deletion */
  readonly onDidChange = this.emitter.event;
  private readonly importEmitter = new vscode.EventEmitter<{ name: string; bytes: Uint8Array }>();
  /** a checkpoint file was imported (and saved as the model) */
  readonly onDidImport = this.importEmitter.event;

  constructor(private readonly dir: vscode.Uri, private readonly notifier: Notifier) {
    this.file = vscode.Uri.joinPath(dir, CHECKPOINT_FILE);
  }

  get hasModel(): boolean {
    return this.onDisk || this.live !== undefined;
  }

  /** Whether a checkpoint file exists (as last seen). */
  get saved(): boolean {
    return this.onDisk;
  }

  /** What is known without reading the file: from the latest weights or the loaded file. */
  get summary(): ModelSummary | undefined {
    if (this.live) {
      const { cell, layers, hidden, vocab } = this.live.weights;
      return { cell, layers, hidden, vocabSize: vocab.length, step: this.live.step, resumable: true };
    }
    return this.loaded?.summary;
  }

  /** Whether the file exists (a stat, no read); sets the `charRnn.hasModel` context key. */
  async probe(): Promise<boolean> {
    this.onDisk = await vscode.workspace.fs.stat(this.file).then(() => true, () => false);
    this.changed();
    return this.onDisk;
  }

  /**
   * The checkpoint on disk, decoded and checked (cached). A file that cannot be read or is not a
   * valid checkpoint is reported once and treated as no model; the file is left as it is.
   */
  async checkpoint(silent = false): Promise<Checkpoint | undefined> {
    await this.writing;
    if (this.loaded) return this.loaded.ck;
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(this.file);
    } catch {
      return undefined;
    }
    try {
      const ck = decodeCheckpoint(bytes, CHECKPOINT_FILE);
      this.loaded = { ck, summary: summarize(ck) };
      this.reported = undefined;
      return ck;
    } catch (err) {
      const text = err instanceof CheckpointError ? err.message : `cannot read ${CHECKPOINT_FILE}: ${(err as Error).message}`;
      if (this.reported !== text) {
        this.reported = text;
        void this.notifier.error(`Char-RNN: the saved model cannot be used (${text}). Train a new model, import one, or delete it.`, { silent });
      }
      return undefined;
    }
  }

  /** The latest weights: published by training, else the checkpoint's. */
  async weights(silent = false): Promise<ModelWeights | undefined> {
    if (this.live) return this.live.weights;
    const ck = await this.checkpoint(silent);
    if (!ck || !this.loaded) return undefined;
    // the weights alone: they travel to worker threads, the training state need not
    this.loaded.weights ??= weightsOnly(ck);
    return this.loaded.weights;
  }

  /**
   * The latest weights if they are in memory, without waiting. When only the file holds them,
   * this starts loading it (onDidChange fires when done) and answers undefined for now.
   */
  peekWeights(): ModelWeights | undefined {
    const w = this.live?.weights ?? this.loaded?.weights;
    if (!w && this.onDisk && !this.reported) void this.weights(true).then((loaded) => { if (loaded) this.changed(); });
    return w;
  }

  /**
   * The memory of the repository (the mixing predictor's) that the saved checkpoint holds, when
   * it belongs to a model with w's shape and vocabulary: after a run, newer weights of the same
   * model keep using it. Loads the file when needed.
   */
  async memoryOf(w: ModelWeights): Promise<StoredMix | undefined> {
    const ck = await this.checkpoint(true);
    return ck?.mix && sameModel(ck, w) ? ck.mix : undefined;
  }

  /** memoryOf without waiting: undefined until the file is loaded (peekWeights loads it). */
  peekMemoryOf(w: ModelWeights): StoredMix | undefined {
    const ck = this.loaded?.ck;
    if (!ck && this.onDisk && !this.reported) void this.checkpoint(true).then((c) => { if (c) this.changed(); });
    return ck?.mix && sameModel(ck, w) ? ck.mix : undefined;
  }

  /** Newer weights from training; they win over the file until the next import or deletion. */
  publish(weights: ModelWeights, step: number): void {
    this.live = { weights, step };
    this.changed();
  }

  /** Training's weights were not good enough to save: the file's are the model again. */
  discardPublished(): void {
    this.live = undefined;
    this.changed();
  }

  /**
   * Before a run: the storage folder exists and takes a new file, and the temporary files of
   * saves that a killed window left are gone. Returns what is wrong, in words, or undefined.
   */
  async prepare(): Promise<string | undefined> {
    try {
      await vscode.workspace.fs.createDirectory(this.dir);
    } catch (err) {
      return `its folder ${this.dir.fsPath} cannot be created (${(err as Error).message})`;
    }
    if (this.file.scheme !== 'file') return undefined;
    const problem = await checkWritable(this.file.fsPath);
    if (!problem) await removeStaleTemps(this.file.fsPath);
    return problem;
  }

  /** Writes checkpoint bytes atomically; while a write runs, only the newest pending bytes follow it. */
  save(bytes: Uint8Array): Promise<void> {
    this.pending = bytes;
    this.writing ??= this.flush();
    return this.writing;
  }

  private async flush(): Promise<void> {
    try {
      await vscode.workspace.fs.createDirectory(this.dir);
      while (this.pending) {
        const bytes = this.pending;
        this.pending = undefined;
        if (this.file.scheme === 'file') await writeFileAtomic(this.file.fsPath, bytes);
        else await vscode.workspace.fs.writeFile(this.file, bytes);
        this.onDisk = true;
        this.loaded = undefined;
        this.reported = undefined;
      }
    } finally {
      this.writing = undefined;
      this.changed();
    }
  }

  /** Replaces the model with an imported checkpoint (already decoded and checked) from file `name`. */
  async replace(ck: Checkpoint, bytes: Uint8Array, name = CHECKPOINT_FILE): Promise<void> {
    await this.save(bytes);
    this.loaded = { ck, summary: summarize(ck) };
    this.live = undefined;
    this.changed();
    this.importEmitter.fire({ name, bytes });
  }

  /** Copies the file on disk (the last saved checkpoint) to `target`. */
  async exportTo(target: vscode.Uri): Promise<void> {
    await this.writing;
    await vscode.workspace.fs.copy(this.file, target, { overwrite: true });
  }

  async delete(): Promise<void> {
    await this.writing;
    await vscode.workspace.fs.delete(this.file, { useTrash: false }).then(undefined, (err: unknown) => {
      if (!(err instanceof vscode.FileSystemError && err.code === 'FileNotFound')) throw err;
    });
    this.onDisk = false;
    this.loaded = undefined;
    this.live = undefined;
    this.reported = undefined;
    this.changed();
  }

  private changed(): void {
    void vscode.commands.executeCommand('setContext', CTX.hasModel, this.hasModel);
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
    this.importEmitter.dispose();
  }
}
