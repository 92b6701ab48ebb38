// `char-rnn bench`: training throughput and single-stream inference time.
import { cpus } from 'node:os';
import { benchInference, benchTraining, benchWeightRead, parseConfig } from '../core/bench';
import { wasmVariant } from '../core/kernels';
import { numIn, parse, str, UsageError } from './args';
import { backendFlag } from './train';

export const BENCH_USAGE = 'usage: char-rnn bench [--configs lstm-1x128,lstm-2x256] [--batch N] [--seq N] [--threads N] [--backend auto|ts|wasm] [--json]';

export async function bench(argv: string[]): Promise<void> {
  const { flags, positionals } = parse(argv, {
    configs: { type: 'string' }, batch: { type: 'string' }, seq: { type: 'string' }, threads: { type: 'string' },
    backend: { type: 'string' }, json: { type: 'boolean' }, 'min-ms': { type: 'string' },
  });
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const batch = numIn(flags, 'batch', 1, 4096, true) ?? 32, seq = numIn(flags, 'seq', 1, 4096, true) ?? 64;
  const threads = numIn(flags, 'threads', 1, cpus().length * 4, true) ?? 1;
  const minMs = numIn(flags, 'min-ms', 1, 600_000, true) ?? 3000;
  const backend = backendFlag(flags);
  let configs;
  try { configs = (str(flags, 'configs') ?? 'lstm-1x128,lstm-2x256').split(',').map((s) => parseConfig(s, batch, seq, threads)); }
  catch (e) { throw new UsageError((e as Error).message); }
  for (const c of configs) {
    const t = benchTraining(c, backend, minMs);
    const inf = benchInference(c, backend);
    // the read floor needs the kernels' vector loads: the TypeScript loop would time itself
    const floor = backend.name === 'wasm' ? benchWeightRead(c, backend) : undefined;
    // the wasm build that ran: with fused multiply-add (relaxed-simd) or without (simd)
    const kernels = backend.name === 'wasm' ? `wasm ${wasmVariant()}` : backend.name;
    const row = { system: `char-rnn-${backend.name}`, kernels, node: process.version, ...c, charsPerSec: Math.round(t.charsPerSec), msPerStep: +t.msPerStep.toFixed(2), gflops: +t.gflops.toFixed(2), inferenceMsPerChar: +inf.msPerChar.toFixed(4), ...(floor ? { weightReadMsPerChar: +floor.msPerChar.toFixed(4), weightBytesPerChar: floor.bytesPerChar } : {}), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
    if (flags.json) process.stdout.write(`${JSON.stringify(row)}\n`);
    else process.stdout.write(`${c.cell}-${c.layers}x${c.hidden} B=${c.batch} T=${c.seq} threads=${c.threads} [${kernels}, Node ${process.version}]: ${row.charsPerSec.toLocaleString()} chars/s (${row.msPerStep} ms/step, ${row.gflops} GFLOP/s); inference ${row.inferenceMsPerChar} ms/char${floor ? ` (reading its ${(floor.bytesPerChar / 2 ** 20).toFixed(2)} MB of weights alone: ${row.weightReadMsPerChar} ms)` : ''}\n`);
  }
}
