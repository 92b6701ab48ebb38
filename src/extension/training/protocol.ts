// The one message protocol between the extension host and the training worker
// (src/extension/training/worker.ts). Every message is a `{ type }` object; both sides switch
// over `type` exhaustively. Everything here survives structured cloning (Maps and typed arrays
// included); large buffers travel as transfers.
import type { Checkpoint } from '../../core/checkpoint';
import type { Rollback } from '../../core/divergence';
import type { ModelConfig, TrainConfig } from '../../core/config';
import type { EvalMetrics, StepMetrics } from '../../core/metrics';
import type { StoredMix } from '../../core/checkpoint';
import type { SampleRequest } from '../../core/sample';
import type { CorpusFile } from '../../core/corpus';
import type { ModelWeights } from '../../core/weights';

export type Metrics = StepMetrics | EvalMetrics;

/** What a run looks like once the trainer has sized it. */
export interface RunInfo {
  model: ModelConfig;
  train: TrainConfig;
  /** effective streams and window (the trainer shrinks them for a small corpus) */
  batch: number;
  seq: number;
  vocabSize: number;
  paramCount: number;
  trainFiles: number;
  trainChars: number;
  valFiles: string[];
  /** the step the run starts at (above 0 when resumed) */
  startStep: number;
  /** training time before this run (a resumed run's budget in minutes counts it) */
  startElapsedMs: number;
  resumed: boolean;
  /** adjustments the trainer made to the requested configuration */
  notes: string[];
}

export interface Timing {
  /** at most one metrics message per this many ms */
  metricsMs: number;
  /** publish the weights to the host at most this often */
  publishMs: number;
  /** send a checkpoint this often while training */
  checkpointMs: number;
  /** train for about this long before looking at incoming messages */
  sliceMs: number;
}

export const DEFAULT_TIMING: Readonly<Timing> = { metricsMs: 100, publishMs: 3000, checkpointMs: 120_000, sliceMs: 50 };

/**
 * Failures a test may ask the worker to simulate at a given step (never in production): an
 * exception, an exit, running out of memory, one step whose loss is NaN ('nan'), or every step
 * from then on ('diverge').
 */
export interface Fault {
  kind: 'throw' | 'exit' | 'oom' | 'nan' | 'diverge';
  atStep: number;
}

export type HostToWorker =
  | {
    type: 'train'; files: CorpusFile[]; timing: Timing; fault?: Fault;
    /** what differs from the defaults; a resumed run takes the rest from its checkpoint */
    model: Partial<ModelConfig>;
    train: Partial<TrainConfig>;
    /** continue this checkpoint's run exactly */
    resume?: Checkpoint;
    /** or start a new run from these weights (a checkpoint without training state) */
    init?: Checkpoint;
    /** the checkpoint the run's first save would replace: a save much worse than it is kept out */
    previous?: Checkpoint;
  }
  /** finish the current step, then send the last metrics, weights and checkpoint, then `finished` */
  | { type: 'stop' }
  /** one-shot jobs: with `mix`, the mixing predictor rebuilt from that memory of the repository */
  | { type: 'sample'; weights: ModelWeights; request: SampleRequest; mix?: StoredMix }
  | { type: 'evaluate'; weights: ModelWeights; files: CorpusFile[]; mix?: StoredMix };

export interface EvaluationResult {
  /** the mixing predictor's */
  bitsPerChar: number;
  /** the network's alone */
  networkBitsPerChar: number;
  perplexity: number;
  /** characters predicted */
  chars: number;
  files: number;
}

export type WorkerToHost =
  | { type: 'started'; run: RunInfo }
  | { type: 'metrics'; items: Metrics[] }
  /** the latest weights, from training step `step` */
  | { type: 'weights'; weights: ModelWeights; step: number }
  /** an encoded checkpoint (encodeCheckpoint) for the host to write */
  | { type: 'checkpoint'; step: number; bytes: Uint8Array; final: boolean }
  /** a step's loss or gradient was not finite: the worker went back to the last good weights */
  | { type: 'rollback'; rollback: Rollback }
  /** a checkpoint that scored much worse than the one it would replace, and was not sent */
  | { type: 'kept'; step: number; final: boolean; reason: string }
  /** 'diverged': steps kept diverging; `message` says how, the last good weights were checkpointed */
  | { type: 'finished'; reason: 'budget' | 'stopped' | 'diverged'; step: number; message?: string }
  | { type: 'failed'; message: string; stack?: string }
  /** one text per requested temperature, in order */
  | { type: 'sampled'; texts: string[] }
  | { type: 'evaluated'; result: EvaluationResult };

/** Buffers in a message that can be moved instead of copied. */
export function transfersOf(msg: WorkerToHost | HostToWorker): ArrayBuffer[] {
  switch (msg.type) {
    case 'weights': return [msg.weights.params.buffer as ArrayBuffer];
    case 'checkpoint': return [msg.bytes.buffer as ArrayBuffer];
    case 'started': case 'metrics': case 'finished': case 'failed': case 'sampled': case 'evaluated': case 'rollback': case 'kept':
    case 'train': case 'stop': case 'sample': case 'evaluate':
      return [];
    default: return assertNever(msg);
  }
}

export function assertNever(x: never): never {
  throw new Error(`unexpected message ${JSON.stringify(x)}`);
}

/** The meta key under which the worker stores the last evaluation (EvalMetrics JSON) in a checkpoint. */
export const EVAL_META_KEY = 'charRnn.eval';
