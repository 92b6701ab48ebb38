// The host's side of the surprise worker (./worker.ts): one long-lived worker for Show Surprise,
// started on first use and ended when the view is switched off, and one-shot rankings for
// Which Model Wrote This?. No `vscode` import: unit tests drive it in plain Node.
import type { StoredMix } from '../../core/checkpoint';
import type { Flagged } from '../../core/surprise/score';
import type { ModelWeights } from '../../core/weights';
import { CancelledError, describeEnd, WorkerClient } from '../training/workerClient';
import { surpriseTransfers, type HostToSurprise, type RankModel, type RankRow, type SurpriseToHost } from './protocol';

/** heap for the worker: the weights and the memory's tables live outside it; texts inside */
const HEAP_MB = 512;
const heapFor = (mix: StoredMix | undefined, chars: number) => HEAP_MB + Math.ceil((8 * (mix?.text.length ?? 0) + 16 * chars) / 2 ** 20);

export interface Scored { bits: Float32Array; flagged: Flagged[] }

type Client = WorkerClient<HostToSurprise, SurpriseToHost>;

export class SurpriseWorker {
  private client?: Client;
  /** the model the worker has (or is loading) */
  private model?: { weights: ModelWeights; mix?: StoredMix };
  private readonly waiting = new Map<number, { resolve: (s: Scored | undefined) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private failure?: string;

  constructor(private readonly script: string, private readonly warn: (message: string) => void = () => {}) {}

  /** Whether a worker is running. */
  get running(): boolean { return this.client !== undefined; }

  /** The model later requests are scored with; sent to the worker only when it changed. */
  use(weights: ModelWeights, mix: StoredMix | undefined, memoryMb: number): void {
    if (this.client && this.model?.weights === weights && this.model.mix === mix) return;
    this.model = { weights, mix };
    this.start(mix).post({ type: 'load', weights, mix, memoryMb });
  }

  /** Scores text with the model in use: resolves with its bits, or undefined when a newer
   *  request or a cancellation replaced it. */
  score(text: string, flagAbove: number, onCancel?: (cancel: () => void) => void): Promise<Scored | undefined> {
    const client = this.client;
    if (!client || !this.model) return Promise.reject(new Error('no model to score with'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      client.post({ type: 'score', id, text, flagAbove });
      onCancel?.(() => { if (this.waiting.has(id)) client.post({ type: 'cancel', id }); });
    });
  }

  private start(mix: StoredMix | undefined): Client {
    if (this.client) return this.client;
    this.failure = undefined;
    const client: Client = new WorkerClient<HostToSurprise, SurpriseToHost>(this.script, (m) => this.receive(m), heapFor(mix, 1 << 20), surpriseTransfers);
    this.client = client;
    void client.ended.then((end) => {
      if (this.client === client) { this.client = undefined; this.model = undefined; }
      const why = end.terminated ? undefined : describeEnd(end, this.failure);
      for (const [, w] of this.waiting) (why ? w.reject(new Error(why)) : w.resolve(undefined));
      this.waiting.clear();
    });
    return client;
  }

  private receive(m: SurpriseToHost): void {
    switch (m.type) {
      case 'loaded': if (m.warning) this.warn(m.warning); break;
      case 'scored': this.waiting.get(m.id)?.resolve({ bits: m.bits, flagged: m.flagged }); this.waiting.delete(m.id); break;
      case 'dropped': this.waiting.get(m.id)?.resolve(undefined); this.waiting.delete(m.id); break;
      case 'failed':
        if (m.id !== undefined && this.waiting.has(m.id)) { this.waiting.get(m.id)!.reject(new Error(m.message)); this.waiting.delete(m.id); } else this.failure = m.message;
        break;
      case 'progress': case 'ranked': break;
    }
  }

  /** Ends the worker (and its copy of the model's memory); requests waiting resolve undefined. */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.model = undefined;
    await client?.terminate();
  }
}

/** Ranks models by bits per character on text, in a worker of its own; `onCancel` hands over a
 *  function that ends it (the promise then rejects with CancelledError). */
export function rankModels(script: string, text: string, models: RankModel[], memoryMb: number,
  progress: (done: number, total: number) => void = () => {}, onCancel?: (cancel: () => void) => void): Promise<RankRow[]> {
  const bytes = models.reduce((n, m) => n + ('bytes' in m ? m.bytes.length : 4 * m.weights.params.length + (m.mix?.text.length ?? 0)), 0);
  return new Promise((resolve, reject) => {
    let rows: RankRow[] | undefined, failure: string | undefined;
    const client = new WorkerClient<HostToSurprise, SurpriseToHost>(script, (m) => {
      if (m.type === 'progress') progress(m.done, m.total);
      else if (m.type === 'ranked') rows = m.rows;
      else if (m.type === 'failed') failure = m.message;
    }, heapFor(undefined, text.length) + Math.ceil((2 * bytes) / 2 ** 20), surpriseTransfers);
    onCancel?.(() => { void client.terminate(); });
    void client.ended.then((end) => {
      if (rows) resolve(rows);
      else reject(end.terminated && !failure ? new CancelledError() : new Error(describeEnd(end, failure)));
    });
    client.post({ type: 'rank', text, models, memoryMb });
  });
}
