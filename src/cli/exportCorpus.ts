// `char-rnn export-corpus <paths...> --out DIR`: the corpus exactly as `train` would read, split
// and encode it, for another trainer (python/char_rnn_torch, PyTorch's DistributedDataParallel):
//   train.u16    the training files' classes, joined by newlines (encodeCorpus), uint16 LE
//   heldout.u16  the held-out files' classes, one after another (lengths in corpus.json)
//   heldout/     the held-out files as text, for `char-rnn eval --ckpt F DIR/heldout`
//   vocab.json   the classes' characters, as a checkpoint's 'vocab' metadata
//   config.json  { model, train, schema }: values and bounds under config.ts's names
//   corpus.json  what the files are and where they came from
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MODEL, DEFAULT_TRAIN, MODEL_PARAMS, TRAIN_PARAMS, validate, type ModelConfig, type TrainConfig } from '../core/config';
import { EVAL_MAX_CHARS, prepareCorpus, type PreparedCorpus } from '../core/train';
import { parse, str, UsageError } from './args';
import { schemaUsage } from './flags';
import { modelFlags, readOrFail, TRAIN_OPTIONS, trainFlags } from './train';

export const EXPORT_CORPUS_USAGE = `usage: char-rnn export-corpus <paths...> --out DIR ${schemaUsage(MODEL_PARAMS)} ${schemaUsage(TRAIN_PARAMS)} [--json]`;

/** The format a reader checks before anything else. */
export const CORPUS_FORMAT = 'char-rnn-corpus/1';
const MANIFEST = 'corpus.json';

/** train's flags but those that start from a checkpoint or pick this machine's kernels */
const OPTIONS = Object.fromEntries(Object.entries(TRAIN_OPTIONS).filter(([k]) => !['init', 'resume', 'backend'].includes(k))) as Omit<typeof TRAIN_OPTIONS, 'init' | 'resume' | 'backend'>;

export interface HeldOutFile { path: string; file: string; length: number }

export interface CorpusManifest {
  format: typeof CORPUS_FORMAT;
  sources: string[];
  vocab: string;
  config: string;
  /** characters of each held-out file a training run's evaluation reads */
  evalMaxChars: number;
  train: { tokens: string; length: number; files: string[] };
  heldout: { tokens: string; files: HeldOutFile[] };
  skipped: { path: string; reason: string }[];
}

export async function exportCorpus(argv: string[]): Promise<void> {
  const { flags, positionals } = parse(argv, OPTIONS);
  if (positionals.length === 0) throw new UsageError('export-corpus needs at least one file or directory');
  const out = str(flags, 'out');
  if (!out) throw new UsageError('export-corpus needs --out DIR');
  const model: ModelConfig = { ...DEFAULT_MODEL, ...modelFlags(flags) };
  const t = trainFlags(flags);
  // threads are the training machine's business: the default unless given, not this machine's cores
  const train: TrainConfig = { ...DEFAULT_TRAIN, ...t, threads: flags.threads === undefined ? DEFAULT_TRAIN.threads : t.threads! };
  const errs = [...validate(MODEL_PARAMS, model), ...validate(TRAIN_PARAMS, train)];
  if (errs.length) throw new UsageError(errs.join('; '));
  await checkTarget(out);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const corpus = await readOrFail(positionals, log);
  const prepared = prepareCorpus(corpus.files, train);
  const manifest = await writeAtomicDir(out, (dir) => writeCorpus(dir, positionals, prepared, corpus.skipped, model, train));
  const summary = {
    kind: 'exported', out, trainFiles: prepared.train.length, trainChars: prepared.data.length,
    heldoutFiles: manifest.heldout.files.length, vocab: prepared.vocab.size,
  };
  if (flags.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else log(`exported ${summary.trainFiles} training files (${summary.trainChars} chars, vocabulary ${summary.vocab}) and ${summary.heldoutFiles} held-out files to ${out}`);
}

/** A new or empty directory, or an earlier export (replaced); anything else is left alone. */
async function checkTarget(out: string): Promise<void> {
  const st = await fs.stat(out).catch(() => undefined);
  if (!st) return;
  if (!st.isDirectory()) throw new Error(`${out} exists and is not a directory; choose a new directory for --out`);
  const entries = await fs.readdir(out);
  if (entries.length > 0 && !entries.includes(MANIFEST)) {
    throw new Error(`${out} is not empty and holds no exported corpus (${MANIFEST}); choose a new or empty directory for --out so nothing in it is lost`);
  }
}

/** Builds the export in a sibling directory, then swaps it in: a failure leaves `out` as it was. */
async function writeAtomicDir<T>(out: string, write: (dir: string) => Promise<T>): Promise<T> {
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = `${out}.tmp-${tag}`, old = `${out}.old-${tag}`;
  await fs.mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await fs.mkdir(tmp);
  try {
    const result = await write(tmp);
    const existed = await fs.rename(out, old).then(() => true, (e: NodeJS.ErrnoException) => { if (e.code === 'ENOENT') return false; throw e; });
    await fs.rename(tmp, out);
    if (existed) await fs.rm(old, { recursive: true, force: true });
    return result;
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

async function writeCorpus(dir: string, sources: string[], c: PreparedCorpus, skipped: CorpusManifest['skipped'], model: ModelConfig, train: TrainConfig): Promise<CorpusManifest> {
  await fs.writeFile(path.join(dir, 'train.u16'), littleEndian(c.data));
  const names = heldOutNames(c.val.map((f) => f.path));
  const encoded = c.val.map((f) => c.vocab.encode(f.text));
  const heldout = new Uint16Array(encoded.reduce((n, e) => n + e.length, 0));
  let o = 0;
  for (const e of encoded) { heldout.set(e, o); o += e.length; }
  await fs.writeFile(path.join(dir, 'heldout.u16'), littleEndian(heldout));
  for (let i = 0; i < c.val.length; i++) {
    const file = path.join(dir, ...names[i].split('/'));
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, c.val[i].text, 'utf8');
  }
  await fs.writeFile(path.join(dir, 'vocab.json'), `${JSON.stringify(c.vocab.toJSON())}\n`);
  await fs.writeFile(path.join(dir, 'config.json'), `${JSON.stringify({ model, train, schema: { model: MODEL_PARAMS, train: TRAIN_PARAMS } }, null, 2)}\n`);
  const manifest: CorpusManifest = {
    format: CORPUS_FORMAT, sources, vocab: 'vocab.json', config: 'config.json', evalMaxChars: EVAL_MAX_CHARS,
    train: { tokens: 'train.u16', length: c.data.length, files: c.train.map((f) => f.path) },
    heldout: { tokens: 'heldout.u16', files: c.val.map((f, i) => ({ path: f.path, file: names[i], length: encoded[i].length })) },
    skipped,
  };
  await fs.writeFile(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** uint16 little-endian bytes, whatever the machine's byte order */
function littleEndian(a: Uint16Array): Uint8Array {
  const bytes = new Uint8Array(a.length * 2), view = new DataView(bytes.buffer);
  for (let i = 0; i < a.length; i++) view.setUint16(2 * i, a[i], true);
  return bytes;
}

/**
 * Where each held-out file goes under heldout/: its path without '..', '.', drive or root parts
 * (a file named on the command line may be anywhere), under dup-N/ when two paths coincide
 * (two directories given may both hold index.ts).
 */
export function heldOutNames(paths: string[]): string[] {
  const used = new Set<string>();
  return paths.map((p) => {
    const parts = p.split(/[\\/]+/).filter((s) => s !== '' && s !== '.' && s !== '..' && !/^[A-Za-z]:$/.test(s));
    const base = parts.join('/') || 'file';
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `dup-${n}/${base}`;
    used.add(name.toLowerCase());
    return `heldout/${name}`;
  });
}
