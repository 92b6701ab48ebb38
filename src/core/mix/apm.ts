// An adaptive probability map (paq's APM, also called SSE): a calibration stage that maps a
// probability, in a context, to the probability observed for it there. Each context holds 33
// points over stretch(p) in [-8, 8]; a prediction interpolates the two points around its input
// and learning moves both toward the bit, in proportion to their weights.
import { squash, STRETCH_LIMIT } from './logistic';

const POINTS = 33;
const STEP = (2 * STRETCH_LIMIT) / (POINTS - 1);

export class Apm {
  readonly t: Float32Array;
  // per slot (a depth of the tree): the lower point of the last prediction and its weight
  private readonly lo: Int32Array;
  private readonly frac: Float32Array;

  constructor(readonly contexts: number, slots: number, private readonly rate = 0.02) {
    this.t = new Float32Array(contexts * POINTS);
    this.lo = new Int32Array(slots);
    this.frac = new Float32Array(slots);
    for (let c = 0; c < contexts; c++) for (let j = 0; j < POINTS; j++) this.t[c * POINTS + j] = squash(-STRETCH_LIMIT + j * STEP);
  }

  /** the calibrated probability of x = stretch(p) in context cx, remembered in `slot` */
  p(x: number, cx: number, slot: number): number {
    const u = (Math.min(Math.max(x, -STRETCH_LIMIT), STRETCH_LIMIT) + STRETCH_LIMIT) / STEP;
    const j = Math.min(Math.floor(u), POINTS - 2), lo = cx * POINTS + j, f = u - j;
    this.lo[slot] = lo;
    this.frac[slot] = f;
    return this.t[lo] * (1 - f) + this.t[lo + 1] * f;
  }

  /** moves the two points of slot's last prediction toward bit y */
  update(slot: number, y: number): void {
    const t = this.t, i = this.lo[slot], f = this.frac[slot], r = this.rate;
    t[i] += r * (1 - f) * (y - t[i]);
    t[i + 1] += r * f * (y - t[i + 1]);
  }
}
