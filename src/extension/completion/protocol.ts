// The messages between the extension host and the completion worker (./worker.ts, bundled to
// dist/completion-worker.js). The host sends the model when it changes and each request as the
// editor makes it; the worker answers each request once: with suggestions, or with none when it
// was cancelled.
import type { StoredMix } from '../../core/checkpoint';
import type { Suggestion } from '../../core/complete/completer';
import type { ModelWeights } from '../../core/weights';
import type { EngineRequest, EngineStatus } from './engine';

export type SentMix = Omit<StoredMix, 'text'> & { text?: Uint8Array };

export type HostToCompletion =
  /** the model later requests use (weights absent: the weights sent last) and its memory of the
   *  repository (absent: it has none; text absent: the text sent last, which can be 20 MB) */
  | { type: 'model'; weights?: ModelWeights; mix?: SentMix; memoryMb: number }
  | { type: 'complete'; id: number; req: EngineRequest }
  | { type: 'cancel'; id: number }
  /** read a document up to its cursor ahead of its first request */
  | { type: 'warm'; doc: string; path: string; before: string; primeChars: number }
  /** the document was closed */
  | { type: 'forget'; doc: string }
  /** answered at once, or (idle) once the work queued (requests, a memory's rebuild) is done */
  | { type: 'status'; id: number; idle: boolean };

export type CompletionToHost =
  /** suggestions, best first; undefined when the request was cancelled or there is no model */
  | { type: 'completed'; id: number; suggestions?: Suggestion[] }
  | { type: 'status'; id: number; status: EngineStatus }
  /** a line for the output channel */
  | { type: 'log'; line: string }
  | { type: 'failed'; id?: number; message: string };

/** Nothing is transferred: the host keeps the weights it sends, and answers are small. */
export const completionTransfers = (): ArrayBuffer[] => [];
