// What the extension reads from a checkpoint beyond its weights: the run's position and budget
// (the trainer's 'train' metadata) and the last evaluation. Pure: no `vscode` import.
import type { Checkpoint } from '../../core/checkpoint';
import { TRAIN_PARAMS, type TrainConfig } from '../../core/config';
import type { EvalMetrics } from '../../core/metrics';
import { EVAL_META_KEY } from '../training/protocol';

export interface ModelSummary {
  cell: string;
  layers: number;
  hidden: number;
  vocabSize: number;
  /** training step the weights are from (0 when the file does not say) */
  step: number;
  /** validation bits per character at the last evaluation, when known */
  valBitsPerChar?: number;
  /** the run can be resumed exactly (the file holds the trainer's state) */
  resumable: boolean;
}

/** The part of the trainer's 'train' metadata that resuming needs. */
export interface SavedRun {
  step: number;
  elapsedMs: number;
  budget: Pick<TrainConfig, 'steps' | 'minutes'>;
  valFiles: string[];
}

export function readSavedRun(ck: Checkpoint): SavedRun | undefined {
  const text = ck.meta?.train;
  if (!text) return undefined;
  try {
    const r = JSON.parse(text) as { step?: unknown; elapsedMs?: unknown; train?: { steps?: unknown; minutes?: unknown }; valFiles?: unknown };
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
    return {
      step: num(r.step), elapsedMs: num(r.elapsedMs),
      budget: { steps: num(r.train?.steps), minutes: num(r.train?.minutes) },
      valFiles: Array.isArray(r.valFiles) ? r.valFiles.filter((f): f is string => typeof f === 'string') : [],
    };
  } catch {
    return undefined;
  }
}

export function summarize(ck: Checkpoint): ModelSummary {
  const run = readSavedRun(ck);
  let valBitsPerChar: number | undefined;
  try {
    const e = JSON.parse(ck.meta?.[EVAL_META_KEY] ?? 'null') as EvalMetrics | null;
    if (e && typeof e.valBitsPerChar === 'number') valBitsPerChar = e.valBitsPerChar;
  } catch {
    // a file from elsewhere may carry anything under this key; the summary just lacks it
  }
  return { cell: ck.cell, layers: ck.layers, hidden: ck.hidden, vocabSize: ck.vocab.length, step: run?.step ?? 0, valBitsPerChar, resumable: run !== undefined };
}

/**
 * The budget of a resumed run. A run stopped before its budget was spent continues to that
 * budget; a spent one gets `more` again on top of where it is (0 = that limit stays off).
 */
export function resumeBudget(run: SavedRun, more: Pick<TrainConfig, 'steps' | 'minutes'>): Pick<TrainConfig, 'steps' | 'minutes'> {
  const { steps, minutes } = run.budget;
  const stepsLeft = steps === 0 || run.step < steps;
  const timeLeft = minutes === 0 || run.elapsedMs < minutes * 60_000;
  if (stepsLeft && timeLeft && (steps > 0 || minutes > 0)) return { steps, minutes };
  return {
    steps: more.steps > 0 ? Math.min(run.step + more.steps, TRAIN_PARAMS.steps.max!) : 0,
    minutes: more.minutes > 0 ? Math.min(run.elapsedMs / 60_000 + more.minutes, TRAIN_PARAMS.minutes.max!) : 0,
  };
}
