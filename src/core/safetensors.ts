// The safetensors container (https://github.com/huggingface/safetensors), F32 and U8 tensors:
//   [u64 little-endian N] [N bytes of JSON header, space-padded] [little-endian tensor data]
// Header: { name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string} },
// offsets relative to the start of the data section, which the tensors must cover exactly.

/** A checkpoint file that cannot be used; the message says what is wrong with it. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export interface TensorIn {
  name: string;
  shape: number[];
  /** a Uint8Array is stored as U8, anything else as F32 */
  data: Float32Array | Float64Array | Uint8Array;
}

export type Tensor = { shape: number[]; dtype: 'F32'; data: Float32Array } | { shape: number[]; dtype: 'U8'; data: Uint8Array };

/** bytes per element of each dtype read and written */
const DTYPE_BYTES: Record<Tensor['dtype'], number> = { F32: 4, U8: 1 };

export interface Safetensors {
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
}

const MAX_HEADER_BYTES = 100 * 1024 * 1024;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const fmtShape = (s: readonly number[]): string => `[${s.join(', ')}]`;

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function encodeSafetensors(tensors: TensorIn[], metadata: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    if (t.name === '__metadata__' || t.name in header) throw new Error(`tensor name ${t.name} is reserved or repeated`);
    if (!t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new Error(`tensor ${t.name}: bad shape ${fmtShape(t.shape)}`);
    const n = elementCount(t.shape);
    if (n !== t.data.length) throw new Error(`tensor ${t.name}: shape ${fmtShape(t.shape)} holds ${n} values, data has ${t.data.length}`);
    const bytes = t.data instanceof Uint8Array ? 1 : 4;
    header[t.name] = { dtype: bytes === 1 ? 'U8' : 'F32', shape: t.shape, data_offsets: [offset, offset + bytes * n] };
    offset += bytes * n;
  }
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') throw new Error(`metadata ${k} must be a string`);
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const N = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + N + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(N), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + N); // pad the header with spaces
  let p = 8 + N;
  for (const t of tensors) {
    if (t.data instanceof Uint8Array) {
      out.set(t.data, p);
      p += t.data.length;
    } else if (LITTLE_ENDIAN && t.data instanceof Float32Array) {
      out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), p);
      p += t.data.byteLength;
    } else {
      for (let i = 0; i < t.data.length; i++, p += 4) view.setFloat32(p, t.data[i], true);
    }
  }
  return out;
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

interface Entry {
  name: string;
  dtype: Tensor['dtype'];
  shape: number[];
  begin: number;
  end: number;
}

function parseEntry(name: string, e: unknown, dataBytes: number): Entry {
  const fail = (msg: string): never => {
    throw new CheckpointError(`tensor ${name}: ${msg}`);
  };
  if (!isObject(e)) return fail('header entry is not an object {dtype, shape, data_offsets}');
  for (const k of Object.keys(e)) {
    if (k !== 'dtype' && k !== 'shape' && k !== 'data_offsets') fail(`unexpected header field "${k}"`);
  }
  const { dtype, shape, data_offsets: off } = e;
  if (typeof dtype !== 'string') return fail('dtype missing or not a string');
  if (dtype !== 'F32' && dtype !== 'U8') fail(`dtype is ${dtype}; only F32 and U8 are supported`);
  if (!Array.isArray(shape)) return fail('shape missing or not an array');
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) fail(`shape ${JSON.stringify(shape)} must hold non-negative integers`);
  if (!Number.isSafeInteger(elementCount(shape))) fail(`shape ${JSON.stringify(shape)} is too large`);
  if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    return fail(`data_offsets ${JSON.stringify(off)} must be two non-negative integers [begin, end]`);
  }
  const [begin, end] = off as number[];
  const want = DTYPE_BYTES[dtype as Tensor['dtype']] * elementCount(shape);
  if (end < begin || end - begin !== want) {
    fail(`data_offsets [${begin}, ${end}] span ${end - begin} bytes, shape ${fmtShape(shape)} as ${dtype} needs ${want}`);
  }
  if (end > dataBytes) fail(`data_offsets [${begin}, ${end}] run past the data section (${dataBytes} bytes)`);
  return { name, dtype: dtype as Tensor['dtype'], shape: shape as number[], begin, end };
}

/** Reads a safetensors file, validating every header field; throws CheckpointError. */
export function decodeSafetensors(bytes: Uint8Array): Safetensors {
  if (bytes.length < 8) throw new CheckpointError(`file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) throw new CheckpointError(`not a safetensors checkpoint: its first 8 bytes give a header of ${n} bytes, more than the ${MAX_HEADER_BYTES / 2 ** 20} MB a header may have`);
  const N = Number(n);
  if (8 + N > bytes.length) throw new CheckpointError(`header length ${N} runs past the end of the file (${bytes.length} bytes): truncated or not a safetensors file`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + N)));
  } catch {
    throw new CheckpointError('header is not valid UTF-8 JSON');
  }
  if (!isObject(header)) throw new CheckpointError('header is not a JSON object');

  const metadata: Record<string, string> = {};
  const meta = header.__metadata__;
  if (meta !== undefined) {
    if (!isObject(meta)) throw new CheckpointError('__metadata__ is not an object');
    for (const [k, v] of Object.entries(meta)) {
      if (typeof v !== 'string') throw new CheckpointError(`__metadata__.${k} is not a string`);
      metadata[k] = v;
    }
  }

  const dataStart = 8 + N, dataBytes = bytes.length - dataStart;
  const entries = Object.entries(header)
    .filter(([name]) => name !== '__metadata__')
    .map(([name, e]) => parseEntry(name, e, dataBytes));
  // the data section must be covered exactly: no overlaps, no gaps, no trailing bytes
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0, last = '';
  for (const e of sorted) {
    if (e.begin < covered) throw new CheckpointError(`tensor ${e.name} overlaps tensor ${last} in the data section`);
    if (e.begin > covered) throw new CheckpointError(`gap in the data section: bytes ${covered}..${e.begin} belong to no tensor`);
    covered = e.end;
    last = e.name;
  }
  if (covered !== dataBytes) throw new CheckpointError(`data section has ${dataBytes} bytes but the tensors cover ${covered}: truncated or padded file`);

  const tensors = new Map<string, Tensor>();
  for (const e of entries) {
    const src = bytes.subarray(dataStart + e.begin, dataStart + e.end);
    if (e.dtype === 'U8') { tensors.set(e.name, { shape: e.shape, dtype: 'U8', data: src.slice() }); continue; }
    const data = new Float32Array((e.end - e.begin) / 4);
    // copying into a fresh array also fixes alignment: the data section need not be 4-aligned
    if (LITTLE_ENDIAN) new Uint8Array(data.buffer).set(src);
    else for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(dataStart + e.begin + 4 * i, true);
    tensors.set(e.name, { shape: e.shape, dtype: 'F32', data });
  }
  return { tensors, metadata };
}
