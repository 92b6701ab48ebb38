// A step whose loss or gradient is not finite never reaches the weights: the trainer goes back
// to the last good state (the weights and optimizer state before the last update, kept in one
// copy made each step) and skips the window that diverged. A run that keeps diverging stops.
import type { Net } from './net';

/** One rolled-back step: where, and what its loss and gradient norm were. */
export interface Rollback { step: number; loss: number; gradNorm: number }

/** Training stopped because steps kept diverging; the weights are the last good ones. */
export class DivergedError extends Error {
  override name = 'DivergedError';
}

/** Rollbacks allowed without CLEAN_STEPS good steps in a row between them. */
export const MAX_ROLLBACKS = 5;
const CLEAN_STEPS = 100;
/** Beyond this, a squared gradient overflows float32 in the optimizer's moments. */
const MAX_GRAD_NORM = 1e18;

export function isDiverged(loss: number, gradNorm: number): boolean {
  return !Number.isFinite(loss) || !Number.isFinite(gradNorm) || gradNorm > MAX_GRAD_NORM;
}

/** The net's weights and optimizer slots as they were before the last update. */
export class LastGood {
  private readonly params: Float32Array;
  private readonly slots: Float32Array[];
  /** the step count that goes with them */
  step = 0;
  private clean = 0;
  private recent = 0;

  constructor(private readonly net: Net) {
    this.params = new Float32Array(net.nParams);
    this.slots = net.slots.map((s) => new Float32Array(s.length));
  }

  /** Called before each update whose step was finite. */
  keep(step: number): void {
    this.params.set(this.net.params.subarray(0, this.net.nParams));
    this.net.slots.forEach((s, i) => this.slots[i].set(s));
    this.step = step;
    if (++this.clean >= CLEAN_STEPS) this.recent = 0;
  }

  /**
   * Puts the weights and optimizer state back and starts the hidden state again from zero.
   * Throws DivergedError once MAX_ROLLBACKS happened without CLEAN_STEPS good steps between.
   */
  restore(r: Rollback, lr: number, clip: number): void {
    this.net.params.set(this.params);
    this.net.slots.forEach((s, i) => s.set(this.slots[i]));
    this.net.repack();
    this.net.resetState();
    this.clean = 0;
    if (++this.recent >= MAX_ROLLBACKS) {
      const what = Number.isFinite(r.loss) ? `gradient norm ${r.gradNorm}` : `loss ${r.loss}`;
      throw new DivergedError(
        `training diverged: ${MAX_ROLLBACKS} steps within ${CLEAN_STEPS} had a loss or gradient that was not finite (the last, at step ${r.step}, ${what}); ` +
        `the weights are those of step ${this.step}. A lower learning rate (now ${lr})${clip > 0 ? '' : ' or clipping the gradient norm (now off)'} may help`);
    }
  }
}
