// Durations and times of day in words, and how long a run has left of its budget: shown by the status bar (the
// extension) and the panel (the webview) alike. Pure.

/** 42 s, 3 min 5 s, 1 h 20 min. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** 14:05, the local time of an epoch-ms instant. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** A run's limits: 0 means none (TrainConfig's steps and minutes). */
export interface Budget {
  steps: number;
  minutes: number;
}

/** Where the run is, from its latest step's metrics (elapsedMs and charsSeen count from the run's very start). */
export interface Progress {
  step: number;
  elapsedMs: number;
  charsSeen: number;
  charsPerSec: number;
}

/**
 * Milliseconds until the first of the budget's limits is reached: the time budget as it is, the
 * step budget at the latest speed. Undefined with no limit, or a step limit and no speed yet.
 */
export function remainingMs(budget: Budget, at: Progress): number | undefined {
  const left: number[] = [];
  if (budget.minutes > 0) left.push(budget.minutes * 60_000 - at.elapsedMs);
  if (budget.steps > 0 && at.step > 0 && at.charsPerSec > 0) {
    // characters per step are the same all run (streams x window): charsSeen / step
    const msPerStep = (1000 * at.charsSeen) / at.step / at.charsPerSec;
    left.push((budget.steps - at.step) * msPerStep);
  }
  return left.length > 0 ? Math.max(0, Math.min(...left)) : undefined;
}

/** "about 3 min left", "under a minute left", or "no time or step limit". */
export function describeRemaining(budget: Budget, at: Progress): string {
  const ms = remainingMs(budget, at);
  if (ms === undefined) return budget.steps > 0 ? 'measuring the speed' : 'no time or step limit';
  if (ms < 60_000) return 'under a minute left';
  return `about ${formatDuration(Math.round(ms / 60_000) * 60_000).replace(/ 0 s$/, '')} left`;
}
