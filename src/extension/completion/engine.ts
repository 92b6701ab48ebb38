// What answers inline completions, in the completion worker (./worker.ts): the Completer for the
// model in use, the keeper of its memory of the repository, the screening that decides whether a
// document may be learned, and the runner that does the work in slices so that a cancellation
// gets through. No `vscode` import, and no thread of its own: unit tests drive it in plain Node.
import type { StoredMix } from '../../core/checkpoint';
import { Completer, type Suggestion, type SuggestSettings } from '../../core/complete/completer';
import type { Precision } from '../../core/config';
import { getBackend } from '../../core/kernels';
import { sameModel, type ModelWeights } from '../../core/weights';
import { LearnGate } from './learnGate';
import { MixtureKeeper } from './memory';
import { SlicedRunner } from './runner';

/** Characters primed per unit of work between looks at the messages: about 5 ms for an LSTM
 *  2x256 on the wasm kernels, about 15 ms on the TypeScript ones (some 20 times slower). */
const PRIME_WINDOW = { wasm: 64, ts: 8 };

export interface EngineRequest {
  /** the document's URI, and its path (the secret screening reads the file name) */
  doc: string;
  path: string;
  before: string;
  after: string;
  count: number;
  settings: SuggestSettings;
  precision: Precision;
  /** false: read the document without learning it (the screening decides otherwise) */
  learn?: boolean;
}

/** What the engine is doing, for the status a test or a benchmark asks for. */
export interface EngineStatus {
  hasModel: boolean;
  /** counts the Completers made: the same number means the same completer, its mixture kept */
  completers: number;
  precision?: Precision;
  mixing: boolean;
  rebuilding: boolean;
  busy: boolean;
  /** characters the last request read through the network, and into the mixture without it */
  fedChars: number;
  absorbedChars: number;
  longestSliceMs: number;
}

export class CompletionEngine {
  readonly runner = new SlicedRunner();
  readonly memory: MixtureKeeper;
  private readonly learnGate: LearnGate;
  private completer?: Completer;
  private weights?: ModelWeights;
  private mix?: StoredMix;
  /** the model sent last, adopted when the next request starts */
  private next?: { weights: ModelWeights; mix?: StoredMix };
  private completers = 0;

  constructor(memoryMb: () => number, log: (line: string) => void = () => {}) {
    this.memory = new MixtureKeeper(this.runner, memoryMb, log);
    this.learnGate = new LearnGate(log);
  }

  /** The model later requests use (weights undefined: the same weights, another memory): newer
   *  weights of the same model keep the completer and its mixture; another model gets a new
   *  completer. Taken up between requests. */
  use(weights: ModelWeights | undefined, mix: StoredMix | undefined): void {
    const w = weights ?? this.next?.weights ?? this.weights;
    if (w) this.next = { weights: w, mix };
  }

  /** Suggestions for the request, best first; undefined when cancelled or without a model. */
  complete(req: EngineRequest, isCancelled: () => boolean): Promise<Suggestion[] | undefined> {
    return this.runner.run(() => {
      if (isCancelled()) return undefined;
      const completer = this.adopt(req.precision);
      const learn = req.learn !== false && this.learnGate.allows(req.doc, req.path, req.before);
      return completer?.run({ doc: req.doc, before: req.before, after: req.after, count: req.count, settings: req.settings, learn, isCancelled });
    });
  }

  /** Reads a document up to its cursor into the state cache, so that its first request starts
   *  warm; only with a model in use and nothing else to do, and it gives way to any request. */
  warm(doc: string, path: string, before: string, primeChars: number): void {
    const completer = this.completer;
    if (!completer || this.runner.busy) return;
    void this.runner.run(() => (this.completer === completer && !completer.running
      ? completer.warm(doc, before, primeChars, () => this.runner.queued > 1, this.learnGate.allows(doc, path, before))
      : undefined));
  }

  forget(doc: string): void {
    this.learnGate.forget(doc);
    this.completer?.cache.forget(doc);
  }

  status(): EngineStatus {
    const c = this.completer;
    return {
      hasModel: c !== undefined, completers: this.completers, precision: c?.precision, mixing: c?.mixture !== undefined,
      rebuilding: this.memory.rebuilding, busy: this.runner.busy, fedChars: c?.fedChars ?? 0, absorbedChars: c?.absorbedChars ?? 0,
      longestSliceMs: this.runner.stats.longestSliceMs,
    };
  }

  /** The completer for the model sent last, at the precision asked for (between requests only). */
  private adopt(precision: Precision): Completer | undefined {
    const next = this.next;
    this.next = undefined;
    if (next && next.weights !== this.weights) {
      if (this.completer && this.weights && sameModel(this.weights, next.weights)) this.completer.setParams(next.weights.params);
      else {
        const backend = getBackend('auto');
        const primeWindow = backend.name === 'wasm' ? PRIME_WINDOW.wasm : PRIME_WINDOW.ts;
        this.completer = new Completer(next.weights, { backend, primeWindow, precision });
        this.completers++;
      }
      this.weights = next.weights;
    }
    if (next) this.mix = next.mix;
    const c = this.completer;
    if (!c) return undefined;
    if (c.precision !== precision) c.setPrecision(precision);
    this.memory.update(c, this.mix);
    return c;
  }
}
