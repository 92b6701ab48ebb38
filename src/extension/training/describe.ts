// Runs and metrics in words, for the log, the status bar and notifications. Pure.
import type { EvalMetrics, StepMetrics } from '../../core/metrics';
import type { RunInfo } from './protocol';

// n rounded, its thousands separated by commas as en-US writes them. Not toLocaleString: its
// first call sets up ICU's number formatting, 20-35 ms on Node 20 and 24, which the extension
// host paid in the middle of a run's "started" message
const int = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
export const bits = (b: number) => b.toFixed(3);

export function describeRun(r: RunInfo): string {
  const m = r.model, t = r.train;
  const lines = [
    `${r.resumed ? 'resumed' : 'started'} at step ${r.startStep}: ${m.cell.toUpperCase()} ${m.layers}x${m.hidden}` +
      `${m.dropout > 0 ? `, dropout ${m.dropout}` : ''}, ${int(r.paramCount)} parameters, vocabulary ${r.vocabSize}`,
    `  training on ${r.trainFiles} files (${int(r.trainChars)} characters); ${r.valFiles.length} held out for validation`,
    `  window ${r.seq}, batch ${r.batch}, ${t.optimizer} lr ${t.lr}` +
      `${t.lrDecay < 1 ? ` x${t.lrDecay} every ${t.lrDecayEvery} steps` : ''}, clip ${t.clip || 'off'}` +
      `${t.clipValue > 0 ? `, clip value ${t.clipValue}` : ''}, evaluate every ${t.evalEvery} steps, seed ${t.seed}`,
    `  budget: ${describeBudget(r)}`,
  ];
  for (const v of r.valFiles) lines.push(`  held out: ${v}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

/**
 * The run's limits as a person set them: a resumed run's budget counts from the start of the
 * first run, so it is told as what is left of it ("4 more minutes, 8.05 in all").
 */
export function describeBudget(r: RunInfo): string {
  const { steps, minutes } = r.train;
  const more = (n: number) => +n.toFixed(2);
  const stepPart = steps <= 0 ? 'no step limit'
    : r.startStep > 0 ? `${int(Math.max(0, steps - r.startStep))} more steps (${int(steps)} in all)` : `${int(steps)} steps`;
  const timePart = minutes <= 0 ? 'no time limit'
    : r.startElapsedMs > 0 ? `${more(Math.max(0, minutes - r.startElapsedMs / 60_000))} more minutes (${more(minutes)} in all)` : `${more(minutes)} minutes`;
  return `${stepPart}, ${timePart}`;
}

/** One progress line: the latest step, or an evaluation when given. */
export function progressLine(last: StepMetrics | undefined, evaluation: EvalMetrics | undefined): string {
  if (evaluation) {
    return `step ${int(evaluation.step)}: validation ${bits(evaluation.valBitsPerChar)} bits/char, perplexity ${evaluation.valPerplexity.toFixed(2)} (${int(evaluation.valChars)} characters)`;
  }
  if (!last) return 'no step yet';
  return `step ${int(last.step)}: loss ${bits(last.bitsPerChar)} bits/char (smoothed ${bits(last.smoothLoss / Math.LN2)}), ` +
    `gradient norm ${last.gradNorm.toFixed(2)}${last.clipped ? ' (clipped)' : ''}, ${int(last.charsPerSec)} characters/s`;
}

export { int as formatInt };
export { formatDuration } from '../../shared/timeLeft';
