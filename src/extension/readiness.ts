// Whether the model is ready to suggest, from its bits per character on the held-out files, and
// what a person can expect from it, for the status bar's items. Pure: no `vscode` import.
import { bits } from './training/describe';

export type Readiness = 'unmeasured' | 'noise' | 'rough' | 'ready';

/** At or above this many bits/char, samples and suggestions are mostly noise. */
export const NOISE_BPC = 3;
/** Below this, suggestions complete words and short expressions (the default model at 1.96
 *  bits/char saved 39% of keystrokes in the README's replay, word-based suggestions 16%). */
export const READY_BPC = 2;

export function readiness(valBitsPerChar: number | undefined): Readiness {
  if (valBitsPerChar === undefined || !Number.isFinite(valBitsPerChar)) return 'unmeasured';
  return valBitsPerChar >= NOISE_BPC ? 'noise' : valBitsPerChar >= READY_BPC ? 'rough' : 'ready';
}

/** One Markdown paragraph: the held-out figure and what it means for suggestions. */
export function expectation(valBitsPerChar: number | undefined, training: boolean): string {
  const at = valBitsPerChar === undefined ? '' : `**${bits(valBitsPerChar)} bits/char** on held-out files: `;
  switch (readiness(valBitsPerChar)) {
    case 'unmeasured':
      return training
        ? 'Not measured yet: the first evaluation on held-out files comes a few hundred steps into training. Until then, expect noise.'
        : 'Its score on held-out files shows once the model is loaded (at the first suggestion).';
    case 'noise':
      return `${at}not ready: suggestions are mostly noise at this stage. ${training ? 'Training goes on' : 'Train longer'}; below ${READY_BPC} bits/char they become useful.`;
    case 'rough':
      return `${at}rough suggestions: brackets, indentation and common words, seldom a whole name. ${training ? 'They improve as training goes on' : 'Train longer for better ones'} (below ${READY_BPC} bits/char they become useful).`;
    case 'ready':
      return `${at}ready to suggest: it completes common words and short expressions of this code. Lower is better.`;
  }
}
