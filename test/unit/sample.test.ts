// The one sampler (src/core/sample.ts): greedy, temperature, top-k, top-p and the k most likely,
// over a probability row at any offset, never class 0, reporting ln p untempered.
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/rng';
import { Sampler, type SampleOptions } from '../../src/core/sample';

// class 0 (unknown) first; the row sits at offset 2 of a longer array
const P = [0.5, 0.25, 0.15, 0.1];
const ROW = [9, 9, ...P, 9];
const OFF = 2;

/** How often each class is drawn in n draws. */
function frequencies(o: SampleOptions, n = 40_000, row: ArrayLike<number> = ROW, off = OFF): number[] {
  const s = new Sampler(4), rng = new Rng(11), seen = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) seen[s.choose(row, off, o, rng)]++;
  return seen.map((c) => c / n);
}

/** p^(1/T) over the known classes, renormalized, restricted to `kept` */
function tempered(T: number, kept = [1, 2, 3]): number[] {
  const q = P.map((p, v) => (kept.includes(v) ? p ** (1 / T) : 0));
  const z = q.reduce((a, b) => a + b, 0);
  return q.map((x) => x / z);
}

function near(got: number[], want: number[], tol = 0.01): void {
  got.forEach((g, v) => assert.ok(Math.abs(g - want[v]) < tol, `class ${v}: ${g} drawn, ${want[v]} expected (${got} vs ${want})`));
}

describe('sampler', () => {
  it('greedy takes the most likely known class, never the unknown one, and reports ln p', () => {
    const s = new Sampler(4);
    assert.equal(s.choose(ROW, OFF, { temperature: 0, topK: 0, topP: 1 }, new Rng(1)), 1);
    assert.equal(s.logp, Math.log(0.25));
  });

  it('draws from p^(1/T) renormalized, at any temperature, never class 0', () => {
    for (const T of [0.5, 1, 2]) near(frequencies({ temperature: T, topK: 0, topP: 1 }), tempered(T));
  });

  it('reports ln p of the chosen class under the untempered distribution', () => {
    const s = new Sampler(4), rng = new Rng(3);
    for (const o of [{ temperature: 0.3, topK: 0, topP: 1 }, { temperature: 2, topK: 2, topP: 0.5 }]) {
      for (let i = 0; i < 50; i++) {
        const id = s.choose(ROW, OFF, o, rng);
        assert.equal(s.logp, Math.log(P[id]));
      }
    }
  });

  it('top-k keeps the k most likely classes; top-k 1 is greedy', () => {
    near(frequencies({ temperature: 1, topK: 2, topP: 1 }), tempered(1, [1, 2]));
    assert.deepEqual(frequencies({ temperature: 1.5, topK: 1, topP: 1 }, 200), [0, 1, 0, 0]);
  });

  it('top-p keeps the smallest set of most likely classes whose tempered mass reaches p', () => {
    // at T = 1 classes 1 and 2 hold 0.8 of the known mass (0.25 + 0.15 of 0.5): enough for 0.75
    near(frequencies({ temperature: 1, topK: 0, topP: 0.75 }), tempered(1, [1, 2]));
    // at T = 2 the same two hold less than 0.75 of the tempered mass, so all three stay
    assert.ok(tempered(2)[1] + tempered(2)[2] < 0.75);
    near(frequencies({ temperature: 2, topK: 0, topP: 0.75 }), tempered(2));
    // and at T = 0.5 class 1 alone holds more than 0.6
    assert.ok(tempered(0.5)[1] >= 0.6);
    assert.deepEqual(frequencies({ temperature: 0.5, topK: 0, topP: 0.6 }, 200), [0, 1, 0, 0]);
    // top-k and top-p together: whichever keeps fewer
    assert.deepEqual(frequencies({ temperature: 1, topK: 1, topP: 0.99 }, 200), [0, 1, 0, 0]);
  });

  it('reads a row of any array type at an offset, and draws the same from the same seed', () => {
    const o = { temperature: 0.8, topK: 0, topP: 1 };
    near(frequencies(o, 40_000, Float32Array.from(P), 0), tempered(0.8));
    const draws = (seed: number) => { const s = new Sampler(4), rng = new Rng(seed); return Array.from({ length: 30 }, () => s.choose(ROW, OFF, o, rng)); };
    assert.deepEqual(draws(5), draws(5));
    assert.notDeepEqual(draws(5), draws(6));
  });

  it('at a temperature that would underflow p^(1/T), still draws the most likely class', () => {
    const s = new Sampler(4);
    for (let i = 0; i < 20; i++) assert.equal(s.choose(ROW, OFF, { temperature: 1e-4, topK: 0, topP: 1 }, new Rng(i)), 1);
  });

  it('the k most likely, best first, with their ln p', () => {
    const s = new Sampler(4), out = new Int32Array(4), logps = new Float64Array(4);
    assert.equal(s.top(ROW, OFF, 2, out, logps), 2);
    assert.deepEqual([...out.subarray(0, 2)], [1, 2]);
    assert.deepEqual([...logps.subarray(0, 2)], [Math.log(0.25), Math.log(0.15)]);
    assert.equal(s.top(ROW, OFF, 9, out, logps), 3, 'no more than the known classes');
    assert.deepEqual([...out.subarray(0, 3)], [1, 2, 3]);
  });

  it('keeps the classes repeated selection of the largest kept, in its order, and draws the same', () => {
    // Sampler.choose as it was before its heap (commit 11acbf7): the largest q left (the lower
    // class among equals) again and again until k are kept or their mass reaches topP of the whole
    function selection(p: Float64Array, o: SampleOptions, rng: Rng): number {
      const V = p.length, q = new Float64Array(V), order = new Int32Array(V);
      let mx = 0;
      for (let v = 1; v < V; v++) if (p[v] > mx) mx = p[v];
      const invT = 1 / o.temperature, power = Number.isInteger(invT) && invT <= 64 ? invT : 0;
      let total = 0;
      for (let v = 1; v < V; v++) {
        let r = p[v] / mx, x = 1;
        if (power > 0) for (let n = power; n > 0; n >>= 1, r *= r) { if (n & 1) x *= r; }
        else x = Math.exp(invT * Math.log(r));
        q[v] = x;
        total += q[v];
      }
      const k = o.topK > 0 ? Math.min(o.topK, V - 1) : V - 1;
      let n = 0, mass = 0;
      if (k < V - 1 || o.topP < 1) {
        while (n < k && mass < o.topP * total) {
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
      for (let i = 0; i < n; i++) { u -= q[order[i]]; if (u < 0) return order[i]; }
      return order[n - 1];
    }
    const V = 96, s = new Sampler(V), g = new Rng(5);
    for (let trial = 0; trial < 600; trial++) {
      // coarse logits give ties; a wide spread underflows q at low temperature; a flat row keeps most classes
      const spread = [0.3, 3, 40][trial % 3], z = Array.from({ length: V }, () => Math.round(g.uniform(-spread, spread) * 4) / 4);
      const e = z.map(Math.exp), sum = e.reduce((a, b) => a + b, 0), p = Float64Array.from(e, (x) => x / sum);
      const o = { temperature: [0.2, 0.7, 1.5, 0.25][trial % 4], topK: [0, 0, 3, 40, 0][trial % 5], topP: [0.5, 0.9, 0.95, 1, 0.99, 0.2, 0.8][trial % 7] };
      const a = s.choose(p, 0, o, new Rng(trial)), b = selection(p, o, new Rng(trial));
      assert.equal(a, b, `trial ${trial}: spread ${spread}, ${JSON.stringify(o)}`);
      assert.equal(s.logp, Math.log(p[a]));
    }
  });

  it('refuses a vocabulary with nothing to sample', () => {
    assert.throws(() => new Sampler(1), /nothing to sample/);
  });
});
