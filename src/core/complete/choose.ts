// Choosing the next character from one row of logits: greedy, the k most likely, or sampled with
// temperature and top-p. Besides the class it reports the model's own log-probability of it
// (temperature 1), which ranks candidates. Class 0 (the unknown symbol) is never chosen: it
// stands for characters the model cannot write. Allocates nothing per call.
import type { Arr } from '../kernels/types';
import type { Rng } from '../rng';

export class Chooser {
  /** log-probability (nats, temperature 1) of the class last returned */
  logp = 0;
  private readonly q: Float64Array;
  private readonly order: Int32Array;
  private lse = 0;

  constructor(readonly V: number) {
    if (V < 2) throw new Error(`a vocabulary of ${V} classes has nothing to suggest`);
    this.q = new Float64Array(V);
    this.order = new Int32Array(V);
  }

  /** lse = log sum_v exp(z_v) over all classes, the normalizer of log p(v) = z_v - lse */
  private logSumExp(z: Arr, off: number): number {
    let m = -Infinity;
    for (let v = 0; v < this.V; v++) if (z[off + v] > m) m = z[off + v];
    let s = 0;
    for (let v = 0; v < this.V; v++) s += Math.exp(z[off + v] - m);
    return m + Math.log(s);
  }

  greedy(z: Arr, off: number): number {
    let best = 1;
    for (let v = 2; v < this.V; v++) if (z[off + v] > z[off + best]) best = v;
    this.logp = z[off + best] - this.logSumExp(z, off);
    return best;
  }

  /** Writes the k most likely known classes, best first, into out; returns how many (k or V-1). */
  top(z: Arr, off: number, k: number, out: Int32Array, logps: Float64Array): number {
    const n = Math.min(k, this.V - 1), lse = this.logSumExp(z, off);
    for (let j = 0; j < n; j++) {
      let best = -1;
      for (let v = 1; v < this.V; v++) {
        if (best >= 0 && z[off + v] <= z[off + best]) continue;
        let taken = false;
        for (let i = 0; i < j; i++) if (out[i] === v) { taken = true; break; }
        if (!taken) best = v;
      }
      out[j] = best;
      logps[j] = z[off + best] - lse;
    }
    return n;
  }

  /** Samples from softmax(z / temperature) restricted to the smallest set of classes whose
   *  probability reaches topP (the nucleus), renormalized. */
  sample(z: Arr, off: number, temperature: number, topP: number, rng: Rng): number {
    const V = this.V, q = this.q, order = this.order;
    this.lse = this.logSumExp(z, off);
    // q_v = exp((z_v - max) / temperature) for v >= 1, q_0 = 0
    let m = -Infinity;
    for (let v = 1; v < V; v++) if (z[off + v] > m) m = z[off + v];
    let total = 0;
    q[0] = 0;
    for (let v = 1; v < V; v++) { q[v] = Math.exp((z[off + v] - m) / temperature); total += q[v]; }
    // the nucleus by repeated selection of the largest left: at low temperature it is a few classes
    let n = 0, mass = 0;
    if (topP < 1) {
      while (mass < topP * total && n < V - 1) {
        let best = -1;
        for (let v = 1; v < V; v++) if (q[v] > 0 && (best < 0 || q[v] > q[best])) best = v;
        if (best < 0) break;
        order[n++] = best;
        mass += q[best];
        q[best] = -q[best];
      }
      for (let i = 0; i < n; i++) q[order[i]] = -q[order[i]];
    } else {
      for (let v = 1; v < V; v++) order[n++] = v;
      mass = total;
    }
    let u = rng.next() * mass;
    let id = order[n - 1];
    for (let i = 0; i < n; i++) {
      u -= q[order[i]];
      if (u < 0) { id = order[i]; break; }
    }
    this.logp = z[off + id] - this.lse;
    return id;
  }
}
