// A checkpoint replaces another only if it is not much worse: both are scored on the same
// held-out text, and one that scores more than twice the bits per character of the checkpoint
// it would replace (and at least a bit more), or that is not finite, is kept out. Where there is
// nothing to replace, any finite checkpoint is written: a model trained on little text may
// score worse than uniform guessing on held-out files and still be the one the user asked for.
import type { Checkpoint } from './checkpoint';
import { evaluateTexts } from './evaluate';
import type { Backend } from './kernels/types';
import type { Trainer } from './train';

/** Characters of each text that a score reads, as the trainer's evaluation does. */
const SCORE_CHARS = 20_000;
const SAMPLE_FILES = 16;

export interface Verdict {
  replace: boolean;
  /** bits per character of the new weights and of what they would replace, on the same text */
  newBits: number;
  oldBits: number;
  /** what oldBits scores: the checkpoint being replaced, or nothing (oldBits NaN) */
  against: 'checkpoint' | 'nothing';
}

/** The text a run's checkpoints are judged on: its held-out files, else the first training files. */
export function judgedTexts(tr: Trainer): string[] {
  const files = tr.valFiles.length > 0 ? tr.valFiles : tr.trainFiles.slice(0, SAMPLE_FILES);
  return files.map((f) => f.text.slice(0, SCORE_CHARS)).filter((t) => t.length >= 2);
}

/** Bits per character of a checkpoint on texts, each from a zero state (unknown characters map to its unknown symbol). */
export function scoreCheckpoint(ck: Checkpoint, texts: string[], backend?: Backend): number {
  return texts.length === 0 ? NaN : evaluateTexts(ck, texts, backend).bitsPerChar;
}

/** Bits per character of the trainer's current weights on texts. */
export function scoreTrainer(tr: Trainer, texts: string[]): number {
  return texts.length === 0 ? NaN : tr.evaluateTexts(texts.map((t) => tr.vocab.encode(t))).bitsPerChar;
}

/** Whether newBits may replace oldBits: finite, and not more than twice as many bits and one more. */
export function judge(newBits: number, oldBits: number, against: Verdict['against']): Verdict {
  const limit = Math.max(2 * oldBits, oldBits + 1);
  return { replace: Number.isFinite(newBits) && !(newBits > limit), newBits, oldBits, against };
}

/** The verdict on the trainer's weights replacing `old` (a checkpoint, or nothing). */
export function judgeTrainer(tr: Trainer, old: Checkpoint | undefined, backend?: Backend, texts = judgedTexts(tr)): Verdict {
  // without two characters of text there is nothing to judge on (the trainer needs only two in all)
  if (texts.length === 0) return { replace: true, newBits: NaN, oldBits: NaN, against: old ? 'checkpoint' : 'nothing' };
  const newBits = scoreTrainer(tr, texts);
  if (!old) return { replace: true, newBits, oldBits: NaN, against: 'nothing' };
  const oldBits = scoreCheckpoint(old, texts, backend);
  // an old checkpoint that cannot score is no model worth keeping
  return Number.isFinite(oldBits) ? judge(newBits, oldBits, 'checkpoint') : judge(newBits, Infinity, 'checkpoint');
}

/** Why a checkpoint was kept out, in words. */
export function describeVerdict(v: Verdict): string {
  return `the new weights score ${Number.isFinite(v.newBits) ? v.newBits.toFixed(3) : v.newBits} bits per character on the held-out text, against ${v.oldBits.toFixed(3)} for the one they would replace`;
}
