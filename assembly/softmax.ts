// Row-wise softmax: with cross-entropy and its gradient (training), and with a temperature
// (sampling). Full vectors for the body of a row, scalars for its last V mod 4 entries.
import { hmax } from './lanes';
import { expRow } from './math';

function rowMax(row: usize, V: i32): f32 {
  let mv = f32x4.splat(-Infinity);
  let v = 0;
  for (; v + 4 <= V; v += 4) mv = f32x4.pmax(mv, v128.load(row + <usize>v * 4));
  let mx = hmax(mv);
  for (; v < V; v++) { const x = load<f32>(row + <usize>v * 4); if (x > mx) mx = x; }
  return mx;
}

// x *= k over the row
function scaleRow(row: usize, V: i32, k: f32): void {
  const kv = f32x4.splat(k);
  let v = 0;
  for (; v + 4 <= V; v += 4) { const p = row + <usize>v * 4; v128.store(p, f32x4.mul(v128.load(p), kv)); }
  for (; v < V; v++) { const p = row + <usize>v * 4; store<f32>(p, load<f32>(p) * k); }
}

/** summed -ln p[target] over rows with a target >= 0; logits := scale (p - onehot), 0 if ignored */
export function softmaxXent(N: i32, V: i32, logits: usize, targets: usize, scale: f64): f64 {
  let loss: f64 = 0;
  for (let n = 0; n < N; n++) {
    const row = logits + <usize>(n * V) * 4, t = load<i32>(targets + <usize>n * 4);
    if (t < 0) { memory.fill(row, 0, <usize>V * 4); continue; }
    const mx = rowMax(row, V), zt = load<f32>(row + <usize>t * 4);
    const s = expRow(row, V, mx, 1);
    const inv = 1 / <f64>s;
    // -ln p[t] = ln s - (z_t - max): finite where e_t / s underflows to 0
    loss += Math.log(<f64>s) - (<f64>zt - <f64>mx);
    scaleRow(row, V, <f32>(inv * scale));
    const pt = row + <usize>t * 4;
    store<f32>(pt, <f32>(<f64>load<f32>(pt) - scale));
  }
  return loss;
}

/** p = softmax(logits / temperature), row by row in place */
export function softmax(N: i32, V: i32, logits: usize, temperature: f64): void {
  const k = <f32>(1 / temperature);
  for (let n = 0; n < N; n++) {
    const row = logits + <usize>(n * V) * 4;
    const s = expRow(row, V, rowMax(row, V), k);
    scaleRow(row, V, <f32>(1 / <f64>s));
  }
}
