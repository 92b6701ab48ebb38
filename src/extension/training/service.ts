// Training runs, as the extension host sees them: reads the workspace, starts the worker, turns
// its messages into state and events, writes its checkpoints, and reports how a run ended,
// including a worker that crashed or ran out of memory.
import * as vscode from 'vscode';
import type { Checkpoint } from '../../core/checkpoint';
import type { CorpusFile } from '../../core/corpus';
import type { CorpusConfig, ModelConfig, TrainConfig } from '../../core/config';
import { CTX } from '../ids';
import type { ModelStore } from '../model/store';
import type { Notifier } from '../notifier';
import { describeWriteError } from '../../core/atomic';
import { NoFolderError, gatherCorpus } from '../workspaceCorpus';
import type { ModelWeights } from '../../core/weights';
import { assertNever, DEFAULT_TIMING, type Fault, type Metrics, type RunInfo, type Timing, type WorkerToHost } from './protocol';
import { describeEnd, heapLimitMb, WorkerClient } from './workerClient';
import type { RunOutcome, TrainingState } from './state';

export type { RunOutcome, TrainingState } from './state';
import { bits, describeRun, progressLine } from './describe';

export interface RunRequest {
  corpus: CorpusConfig;
  /** the run's configuration: complete for a new run; for a resumed one, only what changes (its budget) */
  model: Partial<ModelConfig>;
  train: Partial<TrainConfig>;
  resume?: Checkpoint;
  init?: Checkpoint;
  /** the checkpoint the run's saves replace (the saved model): a save much worse than it is kept out */
  previous?: Checkpoint;
  silent?: boolean;
  timing?: Partial<Timing>;
  /** tests only: make the worker fail */
  fault?: Fault;
  /** a heap limit in MB instead of one fitted to the corpus (tests of running out of memory) */
  heapMb?: number;
}

/** How long a stop may wait for the step in progress and the last checkpoint. */
const STOP_GRACE_MS = 60_000;
const DEACTIVATE_GRACE_MS = 5_000;
const LOG_EVERY_MS = 10_000;

export class TrainingService implements vscode.Disposable {
  private current: TrainingState = { kind: 'idle' };
  private client?: WorkerClient;
  private reading?: vscode.CancellationTokenSource;
  private running?: Promise<RunOutcome>;
  private readonly stateEmitter = new vscode.EventEmitter<TrainingState>();
  private readonly metricsEmitter = new vscode.EventEmitter<Metrics[]>();
  private readonly weightsEmitter = new vscode.EventEmitter<ModelWeights>();
  private readonly runEmitter = new vscode.EventEmitter<RunInfo>();
  readonly onDidChangeState = this.stateEmitter.event;
  /** metrics in batches, at most about ten a second */
  readonly onDidMetrics = this.metricsEmitter.event;
  /** the latest weights, every few seconds while training and at the end of a run */
  readonly onDidPublishWeights = this.weightsEmitter.event;
  /** a run began, with its effective hyperparameters */
  readonly onDidStartRun = this.runEmitter.event;

  constructor(
    private readonly workerScript: string,
    private readonly store: ModelStore,
    private readonly notifier: Notifier,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Time the extension host has spent handling the worker's messages (for the benchmark). */
  readonly handling = { messages: 0, busyMs: 0, maxMs: {} as Partial<Record<WorkerToHost['type'], number>> };

  get state(): TrainingState {
    return this.current;
  }

  get busy(): boolean {
    return this.current.kind === 'reading' || this.current.kind === 'training';
  }

  /** Reads the workspace and trains on it; resolves when the run has ended. */
  run(req: RunRequest): Promise<RunOutcome> {
    if (this.busy) return Promise.resolve({ result: 'busy' });
    this.running = this.execute(req).finally(() => { this.running = undefined; });
    return this.running;
  }

  private async execute(req: RunRequest): Promise<RunOutcome> {
    this.reading = new vscode.CancellationTokenSource();
    this.setState({ kind: 'reading', done: 0, total: 0 });
    // checked before anything is read or trained: a run that cannot be saved is not started
    const unwritable = await this.store.prepare();
    if (unwritable) {
      this.reading.dispose();
      this.reading = undefined;
      return this.fail(`the model cannot be saved: ${unwritable}`, req.silent);
    }
    let corpus;
    try {
      corpus = await gatherCorpus(req.corpus, this.log, {
        silent: req.silent, token: this.reading.token,
        onProgress: (done, total) => this.setState({ kind: 'reading', done, total }),
      });
    } catch (err) {
      if (err instanceof NoFolderError) {
        this.setState({ kind: 'idle' });
        return { result: 'no-folder' };
      }
      return this.fail(`reading the files failed: ${(err as Error).message}`, req.silent);
    } finally {
      this.reading.dispose();
      this.reading = undefined;
    }
    if (!corpus) {
      this.setState({ kind: 'idle' });
      return { result: 'cancelled' };
    }
    if (corpus.files.length === 0) {
      this.setState({ kind: 'idle' });
      return { result: 'no-files' };
    }
    const timing = { ...DEFAULT_TIMING, ...req.timing };
    this.log.info(req.resume ? 'resuming the saved run' : req.init ? 'training from the saved weights' : 'training a new model');
    try {
      return await this.train(corpus.files, timing, req, heapLimitMb(corpus.bytes));
    } catch (err) {
      return this.fail(`the worker could not start: ${(err as Error).message}`, req.silent);
    }
  }

  private fail(message: string, silent?: boolean): RunOutcome {
    this.setState({ kind: 'failed', message });
    void this.notifier.error(`Training stopped: ${message}.`, { silent });
    return { result: 'failed', message };
  }

  /** After an import or a deletion, a finished run no longer describes the model. */
  forgetRun(): void {
    if (!this.busy) this.setState({ kind: 'idle' });
  }

  private train(files: CorpusFile[], timing: Timing, req: RunRequest, heapMb: number): Promise<RunOutcome> {
    return new Promise<RunOutcome>((resolve) => {
      let failure: string | undefined, finished: Extract<WorkerToHost, { type: 'finished' }> | undefined;
      let savedStep: number | undefined, saves: Promise<unknown> = Promise.resolve(), lastLog = 0, warnedRollback = false;
      const training = () => (this.current.kind === 'training' ? this.current : undefined);
      const onMessage = (m: WorkerToHost) => {
        const t = training();
        switch (m.type) {
          case 'started':
            this.log.info(describeRun(m.run));
            if (t) this.setState({ ...t, run: m.run });
            this.runEmitter.fire(m.run);
            break;
          case 'metrics': {
            let last = t?.last, lastEval = t?.lastEval;
            for (const x of m.items) {
              if (x.kind === 'step') last = x;
              else { lastEval = x; this.log.info(progressLine(last, x)); }
            }
            if (last && Date.now() - lastLog > LOG_EVERY_MS) { lastLog = Date.now(); this.log.info(progressLine(last, undefined)); }
            if (t) this.setState({ ...t, last, lastEval });
            this.metricsEmitter.fire(m.items);
            break;
          }
          case 'weights':
            this.store.publish(m.weights, m.step);
            this.weightsEmitter.fire(m.weights);
            break;
          case 'checkpoint':
            saves = this.store.save(m.bytes).then(() => {
              savedStep = Math.max(savedStep ?? 0, m.step);
              const now = training();
              if (now) this.setState({ ...now, savedStep });
              this.log.info(`checkpoint saved at step ${m.step}${m.final ? ' (end of run)' : ''}: ${this.store.file.fsPath}`);
            }, (err: Error) => this.notifier.error(`Char-RNN could not save the checkpoint of step ${m.step} (${describeWriteError(err)}); ${savedStep !== undefined ? `the one of step ${savedStep}` : this.store.saved ? 'the previous one' : 'no earlier one'} is kept.`, { silent: req.silent }));
            break;
          case 'rollback': {
            const { step, loss, gradNorm } = m.rollback;
            const what = Number.isFinite(loss) ? `the gradient norm was ${gradNorm}` : `the loss was ${loss}`;
            this.log.warn(`step ${step}: ${what}; training went back to the weights before the last update and skipped that window`);
            // once a run: the log has every one
            if (!warnedRollback) {
              warnedRollback = true;
              void this.notifier.warn(`Char-RNN: training diverged at step ${step} (${what}); it went back to the last good weights and goes on. A lower learning rate (charRnn.training.learningRate) may help.`, { silent: req.silent });
            }
            break;
          }
          case 'kept':
            if (m.final) this.store.discardPublished();
            void this.notifier.warn(`Char-RNN kept the saved model: ${m.reason}${m.final ? '' : `; training goes on (step ${m.step})`}.`, { silent: req.silent || !m.final });
            break;
          case 'finished': finished = m; break;
          case 'failed': failure = m.message; if (m.stack) this.log.debug(m.stack); break;
          case 'sampled': case 'evaluated': break;
          default: assertNever(m);
        }
      };
      const savedBefore = this.store.saved;
      this.client = new WorkerClient(this.workerScript, (m) => {
        const t0 = performance.now();
        onMessage(m);
        // what the editor's thread spends on training, listeners included
        const dt = performance.now() - t0;
        this.handling.messages++;
        this.handling.busyMs += dt;
        this.handling.maxMs[m.type] = Math.max(this.handling.maxMs[m.type] ?? 0, dt);
      }, req.heapMb ?? heapMb);
      this.setState({ kind: 'training', stopping: false });
      this.client.post({ type: 'train', files, model: req.model, train: req.train, timing, resume: req.resume, init: req.init, previous: req.previous, fault: req.fault });
      void this.client.ended.then(async (end) => {
        this.client = undefined;
        await saves;
        const last = training();
        if (finished?.reason === 'diverged') {
          const kept = savedStep !== undefined ? `the last good weights (step ${savedStep}) were saved` : 'the model saved before this run is kept';
          const message = `${finished.message ?? 'training diverged'}; ${kept}`;
          this.setState({ kind: 'failed', message, savedStep });
          void this.notifier.error(`Char-RNN: ${message}.`, { silent: req.silent });
          resolve({ result: 'failed', message, savedStep });
          return;
        }
        if (finished) {
          const { step } = finished, reason = finished.reason === 'budget' ? 'budget' : 'stopped', lastEval = last?.lastEval;
          this.setState({ kind: 'finished', reason, step, run: last?.run, last: last?.last, lastEval, savedStep });
          const val = lastEval ? ` Validation: ${bits(lastEval.valBitsPerChar)} bits/char.` : '';
          if (reason === 'budget') void this.notifier.info(`Char-RNN: training finished at step ${step}.${val}`, { silent: req.silent });
          else void this.notifier.info(`Char-RNN: training paused at step ${step}; Resume Training continues it.${val}`, { silent: req.silent });
          resolve({ result: reason === 'budget' ? 'finished' : 'stopped', step, savedStep, lastEval });
          return;
        }
        const why = describeEnd(end, failure);
        this.setState({ kind: 'failed', message: why, savedStep });
        const kept = savedStep !== undefined ? `the last checkpoint (step ${savedStep}) is intact`
          : savedBefore ? 'the model saved before this run is intact' : 'no checkpoint had been saved yet';
        void this.notifier.error(`Training stopped: ${why}; ${kept}.`, { silent: req.silent, actions: ['Show Log'] }).then((a) => {
          if (a === 'Show Log') this.log.show(true);
        });
        resolve({ result: 'failed', message: why, savedStep });
      });
    });
  }

  /** Stops the run: reading is cancelled; training finishes its step and saves a checkpoint. */
  async stop(): Promise<RunOutcome | undefined> {
    const t = this.current;
    if (t.kind === 'reading') this.reading?.cancel();
    if (t.kind === 'training' && this.client) {
      this.setState({ ...t, stopping: true });
      const client = this.client;
      client.post({ type: 'stop' });
      const timer = setTimeout(() => void client.terminate(), STOP_GRACE_MS);
      void client.ended.finally(() => clearTimeout(timer));
    }
    return this.running;
  }

  private setState(s: TrainingState): void {
    const wasBusy = this.busy;
    this.current = s;
    if (wasBusy !== this.busy) void vscode.commands.executeCommand('setContext', CTX.training, this.busy);
    this.stateEmitter.fire(s);
  }

  /** On deactivation: stop with a short grace for the last checkpoint, then end the worker. */
  async shutdown(): Promise<void> {
    this.reading?.cancel();
    const client = this.client;
    if (!client) return;
    client.post({ type: 'stop' });
    const timer = setTimeout(() => void client.terminate(), DEACTIVATE_GRACE_MS);
    await client.ended;
    clearTimeout(timer);
    await this.running;
  }

  dispose(): void {
    void this.client?.terminate();
    this.stateEmitter.dispose();
    this.metricsEmitter.dispose();
    this.weightsEmitter.dispose();
    this.runEmitter.dispose();
  }
}
