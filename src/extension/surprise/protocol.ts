// The messages between the extension host and the surprise worker (./worker.ts, bundled to
// dist/surprise-worker.js). Two uses: Show Surprise keeps one worker with a model loaded and
// asks it to score documents, each request replacing the one before; Which Model Wrote This?
// runs a one-shot worker that ranks several models on one text and exits.
import type { StoredMix } from '../../core/checkpoint';
import type { Flagged } from '../../core/surprise/score';
import type { ModelWeights } from '../../core/weights';

/** A model to rank: a checkpoint file's bytes, or weights with the memory they use. */
export type RankModel = { label: string; bytes: Uint8Array } | { label: string; weights: ModelWeights; mix?: StoredMix };

export interface RankRow {
  label: string;
  /** bits per character of the text, or why the model could not score it */
  bitsPerChar?: number;
  error?: string;
}

export type HostToSurprise =
  /** the model later requests score with; its memory (when it has one) is rebuilt once */
  | { type: 'load'; weights: ModelWeights; mix?: StoredMix; memoryMb: number }
  /** scores text from its start; replaces any request still running */
  | { type: 'score'; id: number; text: string; flagAbove: number }
  | { type: 'cancel'; id: number }
  | { type: 'rank'; text: string; models: RankModel[]; memoryMb: number };

export type SurpriseToHost =
  /** the model is ready; `warning` when its memory could not be used */
  | { type: 'loaded'; warning?: string }
  | { type: 'scored'; id: number; bits: Float32Array; flagged: Flagged[] }
  /** the request was replaced or cancelled before it finished */
  | { type: 'dropped'; id: number }
  /** one model of a ranking is done */
  | { type: 'progress'; done: number; total: number }
  | { type: 'ranked'; rows: RankRow[] }
  | { type: 'failed'; message: string; id?: number };

export function surpriseTransfers(msg: HostToSurprise | SurpriseToHost): ArrayBuffer[] {
  return msg.type === 'scored' ? [msg.bits.buffer as ArrayBuffer] : [];
}
