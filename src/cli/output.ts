// Where `train` writes its checkpoint: checked before the first step, cleared of the temporary
// files of interrupted saves, and replaced only by weights that are not much worse than what it
// holds (src/core/replaceGuard.ts); weights kept out go beside it, so nothing is lost.
import { existsSync } from 'node:fs';
import { checkWritable, describeWriteError, removeStaleTemps, type WriteBytes } from '../core/atomic';
import { CheckpointError, loadCheckpoint, saveCheckpoint, type Checkpoint, type StoredMix } from '../core/checkpoint';
import type { Backend } from '../core/kernels/types';
import { describeVerdict, judgeTrainer } from '../core/replaceGuard';
import type { Trainer } from '../core/train';
import { UsageError } from './args';

/** Refuses an --out that cannot be written, and removes what killed saves to it left behind. */
export async function prepareOutput(out: string, log: (s: string) => void): Promise<void> {
  const problem = await checkWritable(out);
  if (problem) throw new UsageError(`--out ${out}: ${problem}`);
  const removed = await removeStaleTemps(out);
  if (removed.length) log(`removed ${removed.length} temporary file${removed.length > 1 ? 's' : ''} that interrupted saves of ${out} left behind`);
}

/** `model.safetensors` -> `model.rejected.safetensors` */
export function rejectedPath(out: string): string {
  return /\.safetensors$/i.test(out) ? out.replace(/\.safetensors$/i, '.rejected.safetensors') : `${out}.rejected`;
}

export interface Saved { path: string; replaced: boolean; reason?: string }

/**
 * Saves the trainer's checkpoint to `out`, unless it scores much worse than the checkpoint
 * already there (or than uniform guessing when there is none): then to rejectedPath(out), and
 * `replaced` is false with the reason. A failed write throws, saying why in words. With `mix`,
 * the checkpoint carries the mixing predictor's memory of the corpus.
 */
export async function saveGuarded(out: string, tr: Trainer, backend: Backend, write?: WriteBytes, mix?: StoredMix): Promise<Saved> {
  let old: Checkpoint | undefined;
  if (existsSync(out)) {
    // a file there that is no valid checkpoint holds no model to protect
    old = await loadCheckpoint(out).catch((err: unknown) => { if (err instanceof CheckpointError) return undefined; throw err; });
  }
  const verdict = judgeTrainer(tr, old, backend);
  const path = verdict.replace ? out : rejectedPath(out);
  try {
    const ck = tr.toCheckpoint();
    if (mix) ck.mix = mix;
    await saveCheckpoint(path, ck, write);
  } catch (err) {
    const kept = existsSync(path) ? `; the previous ${path} is unchanged` : '';
    throw new Error(`could not save ${path}: ${describeWriteError(err)}${kept}`);
  }
  return verdict.replace ? { path, replaced: true } : { path, replaced: false, reason: describeVerdict(verdict) };
}
