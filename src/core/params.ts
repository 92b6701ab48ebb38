// Parameter layout: names, shapes and order exactly as a PyTorch state dict of
// `rnn = nn.LSTM(V, H, num_layers=L)` (or nn.RNN / nn.GRU) plus `head = nn.Linear(H, V)`,
// so weights move between the two unchanged.
import type { CellType } from './config';

export interface ModelSpec {
  cell: CellType;
  layers: number;
  hidden: number;
  /** vocabulary size V (one-hot input width and head output width) */
  vocabSize: number;
}

export interface ParamSpec {
  name: string;
  shape: number[];
  /** element offset in the flat parameter buffer */
  offset: number;
  size: number;
}

/** gate blocks per cell: RNN 1, LSTM 4 (i, f, g, o), GRU 3 (r, z, n) */
export const GATES: Record<CellType, number> = { rnn: 1, lstm: 4, gru: 3 };

export function paramSpecs(m: ModelSpec): ParamSpec[] {
  const G = GATES[m.cell] * m.hidden, H = m.hidden, V = m.vocabSize;
  const shapes: [string, number[]][] = [];
  for (let l = 0; l < m.layers; l++) {
    const I = l === 0 ? V : H;
    shapes.push([`rnn.weight_ih_l${l}`, [G, I]], [`rnn.weight_hh_l${l}`, [G, H]],
      [`rnn.bias_ih_l${l}`, [G]], [`rnn.bias_hh_l${l}`, [G]]);
  }
  shapes.push(['head.weight', [V, H]], ['head.bias', [V]]);
  let offset = 0;
  return shapes.map(([name, shape]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const p = { name, shape, offset, size };
    offset += size;
    return p;
  });
}

export function paramCount(m: ModelSpec): number {
  const specs = paramSpecs(m);
  const last = specs[specs.length - 1];
  return last.offset + last.size;
}
