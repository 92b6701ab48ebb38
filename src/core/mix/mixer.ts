// Gated logistic mixing (paq's Mixer): p = squash(w_s . x), where x are the models' stretched
// predictions and s selects one of several weight sets by a small context (match length, the
// orders seen, the tree depth), so that each context learns whom to trust. Learning is one step
// of online gradient descent on coding cost per bit: w_s += lr * (y - p) * x, with a rate that
// starts BOOST times higher and falls to lr as the set sees its first thousands of bits, so a
// fresh set converges quickly and a trained one stays steady.

/** the first updates of a weight set are up to this many times the base rate */
const BOOST = 8;
/** updates over which the boost decays to half */
const HALF = 2048;

export class Mixer {
  readonly w: Float32Array;
  /** updates per weight set (for the rate schedule), saved with the weights */
  readonly n: Float32Array;

  constructor(readonly inputs: number, readonly sets: number, init: number) {
    this.w = new Float32Array(inputs * sets).fill(init);
    this.n = new Float32Array(sets);
  }

  /** w_s . x, x = x[xo .. xo + inputs) */
  dot(x: Float32Array, xo: number, s: number): number {
    const w = this.w, o = s * this.inputs;
    let z = 0;
    for (let i = 0; i < this.inputs; i++) z += w[o + i] * x[xo + i];
    return z;
  }

  /** w_s += lr * err * x, err = y - p */
  train(x: Float32Array, xo: number, s: number, err: number, lr: number): void {
    const n = this.n[s]++;
    const w = this.w, o = s * this.inputs, g = lr * (1 + (BOOST - 1) * (HALF / (HALF + n))) * err;
    for (let i = 0; i < this.inputs; i++) w[o + i] += g * x[xo + i];
  }
}
