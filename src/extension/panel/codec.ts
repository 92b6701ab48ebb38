// A run's metric tables on disk: "CRNM", a little-endian u32 header length, a JSON header
// (row counts and column kinds), then each column's raw values, each starting on an 8-byte
// boundary. Compact, and read back without parsing a number at a time.
import { EVAL_KINDS, STEP_KINDS, Table, type Kind, type TypedColumn } from '../../shared/series';
import type { EvalColumn, StepColumn } from '../../shared/panelProtocol';

const MAGIC = 'CRNM';
const BYTES: Record<Kind, number> = { f64: 8, f32: 4, u8: 1 };
const pad8 = (n: number) => (n + 7) & ~7;

interface Header {
  steps: { rows: number; kinds: Record<string, Kind> };
  evals: { rows: number; kinds: Record<string, Kind> };
}

export interface RunTables {
  steps: Table<StepColumn>;
  evals: Table<EvalColumn>;
}

export function encodeTables(t: RunTables): Uint8Array {
  const header: Header = { steps: { rows: t.steps.length, kinds: STEP_KINDS }, evals: { rows: t.evals.length, kinds: EVAL_KINDS } };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const parts: TypedColumn[] = [];
  for (const table of [t.steps, t.evals] as Table<string>[]) for (const k of table.names) parts.push(table.col(k));
  let size = pad8(8 + json.length);
  for (const p of parts) size += pad8(p.byteLength);
  const out = new Uint8Array(size);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  let off = pad8(8 + json.length);
  for (const p of parts) {
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), off);
    off += pad8(p.byteLength);
  }
  return out;
}

export function decodeTables(bytes: Uint8Array, source = 'run metrics'): RunTables {
  const fail = (why: string): never => { throw new Error(`${source}: ${why}`); };
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) fail('not a metrics file (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = view.getUint32(4, true);
  if (8 + len > bytes.length) fail('header runs past the end of the file');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len))) as Header;
  } catch {
    return fail('header is not valid JSON');
  }
  let off = pad8(8 + len);
  const read = <K extends string>(part: Header['steps'], kinds: Record<K, Kind>, what: string): Table<K> => {
    if (!part || !Number.isInteger(part.rows) || part.rows < 0) fail(`${what} row count is missing`);
    const cols = {} as Record<K, ArrayLike<number>>;
    for (const k of Object.keys(kinds) as K[]) {
      if (part.kinds?.[k] !== kinds[k]) fail(`${what} column ${k} is missing or of another kind`);
      const n = part.rows * BYTES[kinds[k]];
      if (off + n > bytes.length) fail(`${what} column ${k} runs past the end of the file`);
      // copy: the source buffer need not be aligned for a typed view
      const raw = bytes.slice(off, off + n);
      cols[k] = kinds[k] === 'f64' ? new Float64Array(raw.buffer) : kinds[k] === 'f32' ? new Float32Array(raw.buffer) : raw;
      off += pad8(n);
    }
    return Table.from(kinds, cols);
  };
  const steps = read(header.steps, STEP_KINDS, 'steps');
  const evals = read(header.evals, EVAL_KINDS, 'evals');
  return { steps, evals };
}
