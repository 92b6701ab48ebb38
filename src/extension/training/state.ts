// A training run's state and outcome as the host sees them. Pure types, shared with the status
// bar and the feature modules.
import type { EvalMetrics, StepMetrics } from '../../core/metrics';
import type { RunInfo } from './protocol';

export type TrainingState =
  | { kind: 'idle' }
  | { kind: 'reading'; done: number; total: number }
  | { kind: 'training'; stopping: boolean; run?: RunInfo; last?: StepMetrics; lastEval?: EvalMetrics; savedStep?: number }
  | { kind: 'finished'; reason: 'budget' | 'stopped'; step: number; run?: RunInfo; last?: StepMetrics; lastEval?: EvalMetrics; savedStep?: number }
  | { kind: 'failed'; message: string; savedStep?: number };

export type RunOutcome =
  | { result: 'finished' | 'stopped'; step: number; savedStep?: number; lastEval?: EvalMetrics }
  | { result: 'failed'; message: string; savedStep?: number }
  | { result: 'cancelled' | 'no-folder' | 'no-files' | 'busy' };
