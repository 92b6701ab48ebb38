// What the panel needs from the rest of the extension (the training host service), written as
// an interface so the panel can be tested in plain Node with a fake. `Event` has the shape of
// vscode.Event, so a vscode.EventEmitter's `event` fits as is.
import type { EvalMetrics, StepMetrics } from '../../core/metrics';
import type { ModelWeights } from '../../core/weights';
import type { PanelStatus, RunConfig } from '../../shared/panelProtocol';

export interface Disposable {
  dispose(): unknown;
}

export type Event<T> = (listener: (e: T) => unknown) => Disposable;

export interface RunStart {
  /** the configuration the trainer actually runs (after its adjustments) */
  config: RunConfig;
  /** true when the run continues a checkpoint's training */
  resumed: boolean;
}

export interface PanelServices {
  /** the training state changed (reading files, training, paused, ready, failed...) */
  readonly onDidChangeStatus: Event<PanelStatus>;
  /** a run (new or resumed) has started: fired before its first metrics */
  readonly onDidStartRun: Event<RunStart>;
  /** metrics as the worker reports them, in order, at most about ten batches a second */
  readonly onMetrics: Event<readonly (StepMetrics | EvalMetrics)[]>;
  status(): PanelStatus;
  /** the configuration a new run would use now (the settings) */
  config(): RunConfig;
  /** starts a new run with this configuration (the panel's form) */
  start(config: RunConfig): Promise<void>;
  stop(): Promise<void>;
  resume(): Promise<void>;
  /** `length` characters after `prime` at each of `temperatures`, sampled from the latest weights
   *  (one text per temperature, in order) */
  sample(prime: string, temperatures: number[], length: number): Promise<string[]>;
  /** the latest weights published by training (or loaded from the checkpoint), if any */
  weights(): ModelWeights | undefined;
}
