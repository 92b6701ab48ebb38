// Mutated checkpoints, and what must happen to each: refused with a CheckpointError, or loaded
// and (when it holds training state) resumed for two steps with finite numbers, and saved
// again. Anything else (another exception, a NaN, a step or clock that is not a number) is a
// failure. Used by checkpoint-fuzz.test.ts (a few hundred cases) and scripts/fuzz-checkpoints.mjs.
import { CheckpointError, decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../src/core/checkpoint';
import type { CorpusFile } from '../../src/core/corpus';
import { DivergedError } from '../../src/core/divergence';
import { Rng } from '../../src/core/rng';
import { Trainer } from '../../src/core/train';
import { netFromWeights } from '../../src/core/weights';

export const FUZZ_FILES: CorpusFile[] = [
  { path: 'a.ts', text: 'export function twice(x: number): number {\n  return 2 * x;\n}\n'.repeat(12) },
  { path: 'b.ts', text: 'const xs = [1, 2, 3].map((x) => x * x);\n'.repeat(10) },
  { path: 'c.ts', text: 'if (a < b) { swap(a, b); }\n'.repeat(8) },
];

/** A small trained checkpoint with Adam state, the carried hidden state and a 'train' entry. */
export function baseCheckpoint(): Uint8Array {
  const tr = new Trainer(FUZZ_FILES, { model: { cell: 'lstm', layers: 1, hidden: 8 }, train: { batch: 3, seq: 8, steps: 3, minutes: 0, valFrac: 0.34 } });
  while (!tr.done()) tr.trainStep();
  const bytes = encodeCheckpoint(tr.toCheckpoint());
  tr.dispose();
  return bytes;
}

const HOSTILE: unknown[] = [
  null, '', 'abc', '12', -1, -0.5, 0, 1.5, 1e300, -1e300, 2 ** 53, 2 ** 32, 4294967296, 13019054472, true, false,
  [], [1, 2], {}, { a: 1 }, 'lstm', 'adam', 1e9, 1024, 513, 100000,
];
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

/** Paths into the 'train' entry, e.g. ['train', 'lr']. */
function paths(o: unknown, prefix: string[] = []): string[][] {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return [prefix];
  return [prefix, ...Object.entries(o).flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function mutateTrainEntry(entry: string, rng: Rng): { text: string; what: string } {
  const roll = rng.int(10);
  if (roll === 0) { const cut = rng.int(entry.length); return { text: entry.slice(0, cut), what: `train entry cut at ${cut}` }; }
  if (roll === 1) { const v = JSON.stringify(pick(rng, HOSTILE)); return { text: v, what: `train entry replaced by ${v}` }; }
  const obj = JSON.parse(entry) as Record<string, unknown>;
  const all = paths(obj).filter((p) => p.length > 0);
  const edits: string[] = [];
  for (let n = 1 + rng.int(3); n > 0; n--) {
    const p = pick(rng, all);
    let parent: Record<string, unknown> = obj;
    for (const k of p.slice(0, -1)) parent = parent[k] as Record<string, unknown>;
    if (typeof parent !== 'object' || parent === null) continue;
    const key = p[p.length - 1];
    if (rng.int(3) === 0) { delete parent[key]; edits.push(`delete ${p.join('.')}`); }
    else { const v = pick(rng, HOSTILE); parent[key] = v; edits.push(`${p.join('.')} = ${JSON.stringify(v)}`); }
  }
  return { text: JSON.stringify(obj), what: `train entry: ${edits.join(', ')}` };
}

function mutateOptim(ck: Checkpoint, rng: Rng): string {
  const names = [...(ck.optim?.keys() ?? [])];
  const name = pick(rng, names);
  const data = ck.optim!.get(name)!;
  switch (rng.int(4)) {
    case 0: ck.optim!.delete(name); return `drop ${name}`;
    case 1: ck.optim!.set(name, data.slice(0, rng.int(data.length))); return `truncate ${name}`;
    case 2: { const d = Float32Array.from(data); d[rng.int(d.length)] = -Math.abs(rng.uniform(0.1, 10)); ck.optim!.set(name, d); return `negative value in ${name}`; }
    default: { const d = new Float32Array(data.length + 1 + rng.int(50)); d.set(data); ck.optim!.set(name, d); return `extend ${name}`; }
  }
}

/** One mutation of a valid checkpoint's bytes, with what was done. */
export function mutate(base: Uint8Array, rng: Rng): { bytes: Uint8Array; what: string } {
  const kind = rng.int(5);
  if (kind <= 1) {
    const ck = decodeCheckpoint(base);
    const m = kind === 0 ? mutateTrainEntry(ck.meta!.train, rng) : { text: ck.meta!.train, what: mutateOptim(ck, rng) };
    return { bytes: encodeCheckpoint({ ...ck, meta: { ...ck.meta, train: m.text } }), what: m.what };
  }
  const b = Uint8Array.from(base), headerEnd = 8 + Number(new DataView(b.buffer).getBigUint64(0, true));
  if (kind === 2) {
    // bytes of the JSON header: names, shapes, offsets, metadata
    const n = 1 + rng.int(4), at: number[] = [];
    for (let i = 0; i < n; i++) { const j = 8 + rng.int(headerEnd - 8); b[j] = pick(rng, [0x30 + rng.int(10), 0x22, 0x2c, 0x7b, 0x5d, 0x2d, rng.int(256)]); at.push(j); }
    return { bytes: b, what: `header bytes changed at ${at.join(', ')}` };
  }
  if (kind === 3) { const cut = rng.int(b.length); return { bytes: b.subarray(0, cut), what: `cut at ${cut} of ${b.length}` }; }
  const j = rng.int(8);
  b[j] = rng.int(256);
  return { bytes: b, what: `header length byte ${j} changed` };
}

export type Outcome = 'refused' | 'loaded' | 'resumed' | 'diverged';

/** What a hostile file leads to; throws (with `what`) on anything but the allowed outcomes. */
export function tryCheckpoint(bytes: Uint8Array, what: string): Outcome {
  const fail = (why: string): never => { throw new Error(`${what}: ${why}`); };
  let ck: Checkpoint;
  try {
    ck = decodeCheckpoint(bytes, 'fuzz.safetensors');
  } catch (err) {
    if (err instanceof CheckpointError) return 'refused';
    return fail(`decoding threw ${(err as Error).stack}`);
  }
  // what sample and eval do with it
  const { net } = netFromWeights(ck, 1, 8);
  net.dispose();
  if (!ck.meta?.train) return 'loaded';
  let tr: Trainer;
  try {
    tr = new Trainer(FUZZ_FILES, { resume: ck, train: { minutes: 0 } });
  } catch (err) {
    if (err instanceof CheckpointError) return 'refused';
    return fail(`resuming threw ${(err as Error).stack}`);
  }
  try {
    for (const [k, v] of Object.entries({ step: tr.step, elapsedMs: tr.elapsedMs, lr: tr.lr, epoch: tr.epoch, charsSeen: tr.charsSeen })) {
      if (!Number.isFinite(v)) fail(`${k} is ${v} after resuming`);
    }
    for (let i = 0; i < 2 && !tr.done(); i++) {
      try {
        const m = tr.trainStep();
        if (!Number.isFinite(m.loss) || !Number.isFinite(m.gradNorm)) fail(`step ${m.step} gave loss ${m.loss}, gradient norm ${m.gradNorm}`);
      } catch (err) {
        if (err instanceof DivergedError) return 'diverged';
        throw err;
      }
    }
    if (!tr.net.params.every(Number.isFinite)) fail('the weights are not finite after two steps');
    decodeCheckpoint(encodeCheckpoint(tr.toCheckpoint()));
    return 'resumed';
  } finally {
    tr.dispose();
  }
}

/** Runs `cases` mutations from `seed`; returns the count of each outcome and the slowest case. */
export function fuzz(cases: number, seed: number): { counts: Record<Outcome, number>; slowest: { ms: number; what: string } } {
  const base = baseCheckpoint(), rng = new Rng(seed);
  const counts: Record<Outcome, number> = { refused: 0, loaded: 0, resumed: 0, diverged: 0 };
  let slowest = { ms: 0, what: '' };
  for (let i = 0; i < cases; i++) {
    const { bytes, what } = mutate(base, rng);
    const t0 = performance.now();
    counts[tryCheckpoint(bytes, `case ${i} (${what})`)]++;
    const ms = performance.now() - t0;
    if (ms > slowest.ms) slowest = { ms, what };
  }
  return { counts, slowest };
}
