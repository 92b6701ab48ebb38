// `char-rnn bench`: training throughput and single-stream inference time, the latter with the
// float32 weights and with their int8 copies (or one of them: --precision).
import { cpus } from 'node:os';
import { benchInference, benchTraining, benchWeightRead, parseConfig, type BenchConfig } from '../core/bench';
import { COMPLETION_PARAMS, type Precision } from '../core/config';
import { int8Path, wasmVariant, type Backend } from '../core/kernels';
import { numIn, parse, str, UsageError } from './args';
import { backendFlag, precisionFlag, PRECISION_OPTION, PRECISION_USAGE } from './train';

export const BENCH_USAGE = `usage: char-rnn bench [--configs lstm-1x128,lstm-2x256] [--batch N] [--seq N] [--threads N] [--backend auto|ts|wasm] ${PRECISION_USAGE} [--json]`;

/** a JSON field of one precision: inferenceMsPerChar (float32), int8InferenceMsPerChar, ... */
const field = (p: Precision, name: string) => (p === 'f32' ? name : `${p}${name[0].toUpperCase()}${name.slice(1)}`);

/** inference at one precision, and the time to read its weights (wasm only: the TypeScript loop
 *  would time itself) */
function inference(c: BenchConfig, backend: Backend, precision: Precision): Record<string, number> {
  const inf = benchInference(c, backend, precision);
  const floor = backend.name === 'wasm' ? benchWeightRead(c, backend, precision) : undefined;
  const key = (k: string) => field(precision, k);
  return {
    [key('inferenceMsPerChar')]: +inf.msPerChar.toFixed(4),
    ...(floor ? { [key('weightReadMsPerChar')]: +floor.msPerChar.toFixed(4), [key('weightBytesPerChar')]: floor.bytesPerChar } : {}),
  };
}

export async function bench(argv: string[]): Promise<void> {
  const { flags, positionals } = parse(argv, {
    configs: { type: 'string' }, batch: { type: 'string' }, seq: { type: 'string' }, threads: { type: 'string' },
    backend: { type: 'string' }, json: { type: 'boolean' }, 'min-ms': { type: 'string' }, ...PRECISION_OPTION,
  });
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const batch = numIn(flags, 'batch', 1, 4096, true) ?? 32, seq = numIn(flags, 'seq', 1, 4096, true) ?? 64;
  const threads = numIn(flags, 'threads', 1, cpus().length * 4, true) ?? 1;
  const minMs = numIn(flags, 'min-ms', 1, 600_000, true) ?? 3000;
  const backend = backendFlag(flags);
  const one = precisionFlag(flags), precisions = one ? [one] : [...COMPLETION_PARAMS.precision.enum!];
  let configs;
  try { configs = (str(flags, 'configs') ?? 'lstm-1x128,lstm-2x256').split(',').map((s) => parseConfig(s, batch, seq, threads)); }
  catch (e) { throw new UsageError((e as Error).message); }
  for (const c of configs) {
    const t = benchTraining(c, backend, minMs);
    const inf = Object.assign({}, ...precisions.map((p) => inference(c, backend, p))) as Record<string, number>;
    // the wasm build that ran: with fused multiply-add (relaxed-simd) or without (simd); and its
    // int8 products' dot product (relaxed-dot or i16-dot)
    const kernels = backend.name === 'wasm' ? `wasm ${wasmVariant()}` : backend.name;
    const int8 = backend.name === 'wasm' && precisions.includes('int8') ? { int8Kernels: int8Path() } : {};
    const row = { system: `char-rnn-${backend.name}`, kernels, ...int8, node: process.version, ...c, charsPerSec: Math.round(t.charsPerSec), msPerStep: +t.msPerStep.toFixed(2), gflops: +t.gflops.toFixed(2), ...inf, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
    if (flags.json) { process.stdout.write(`${JSON.stringify(row)}\n`); continue; }
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(2);
    const infer = precisions.map((p) => {
      const k = (name: string) => inf[field(p, name)];
      const floor = k('weightReadMsPerChar') === undefined ? '' : ` (reading its ${mb(k('weightBytesPerChar'))} MB of weights alone: ${k('weightReadMsPerChar')} ms)`;
      return `inference ${p} ${k('inferenceMsPerChar')} ms/char${floor}`;
    }).join('; ');
    process.stdout.write(`${c.cell}-${c.layers}x${c.hidden} B=${c.batch} T=${c.seq} threads=${c.threads} [${kernels}${int8.int8Kernels ? `, int8 ${int8.int8Kernels}` : ''}, Node ${process.version}]: ${row.charsPerSec.toLocaleString()} chars/s (${row.msPerStep} ms/step, ${row.gflops} GFLOP/s); ${infer}\n`);
  }
}
