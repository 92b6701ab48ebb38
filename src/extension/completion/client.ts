// The host's side of the completion worker (./worker.ts): started when a request first finds a
// model, sent the model whenever it changes, asked for each request. A worker that fails ends
// the requests waiting on it with no suggestion, says so once, and is started again by a later
// request. No `vscode` import: unit tests drive it in plain Node.
import type { StoredMix } from '../../core/checkpoint';
import type { Suggestion } from '../../core/complete/completer';
import { TRAIN_PARAMS } from '../../core/config';
import { sameModel, type ModelWeights } from '../../core/weights';
import { describeEnd, WorkerClient } from '../training/workerClient';
import type { EngineRequest, EngineStatus } from './engine';
import { sameMemoryText } from './memory';
import { completionTransfers, type CompletionToHost, type HostToCompletion } from './protocol';

/** Where the latest weights and the repository's memory come from without waiting (the ModelStore). */
export interface WeightsSource {
  peekWeights(): ModelWeights | undefined;
  peekMemoryOf?(w: ModelWeights): StoredMix | undefined;
}

/** While training publishes every few seconds, newer weights are sent at most this often: new
 *  weights make every saved state stale, and a cold document costs a full prime. */
export const ADOPT_EVERY_MS = 15_000;
/** after a failure, a request starts the worker again only this much later (no restart loop) */
const RESTART_AFTER_MS = 10_000;
/** heap for the worker: the weights and the memory's tables live outside it; the texts inside */
const HEAP_MB = 512;
const heapFor = (textBytes: number) => HEAP_MB + Math.ceil((8 * textBytes) / 2 ** 20);
/** a worker starts with room for a memory of this much text; a larger one restarts it */
const ROOM_FOR_TEXT = 16 * 2 ** 20;

type Client = WorkerClient<HostToCompletion, CompletionToHost>;

export interface CompletionWorkerOptions {
  memoryMb?: () => number;
  log?: (line: string) => void;
  /** called once per failure of the worker, in words for a user */
  onFailure?: (message: string) => void;
  now?: () => number;
}

export class CompletionWorker {
  private client?: Client;
  private heapMb = 0;
  /** what the worker has: the weights, when they were sent, and the memory */
  private sent?: { weights: ModelWeights; at: number; mix?: StoredMix };
  /** answers awaited, by id, and the worker asked */
  private readonly waiting = new Map<number, { client: Client; resolve: (answer: CompletionToHost | undefined) => void }>();
  private nextId = 1;
  private failedAt = -Infinity;
  private failure?: string;
  private readonly now: () => number;
  /** bytes of memory text sent to workers so far (a newer checkpoint of the same text sends none) */
  textBytesSent = 0;

  constructor(private readonly script: string, private readonly source: WeightsSource, private readonly o: CompletionWorkerOptions = {}) {
    this.now = o.now ?? (() => performance.now());
  }

  /** Whether there is a model to ask (looking starts loading a saved one). */
  get hasModel(): boolean { return this.source.peekWeights() !== undefined; }

  /** Whether a worker is running. */
  get running(): boolean { return this.client !== undefined; }

  /** Called when the worker is sent other weights (suggestions shown until now are stale). */
  onModel: () => void = () => {};

  /** Suggestions for the request, best first; undefined without a model, when cancelled (see
   *  `onCancel`) or when the worker failed. */
  async complete(req: EngineRequest, onCancel?: (cancel: () => void) => void): Promise<Suggestion[] | undefined> {
    const client = this.ready(true);
    if (!client) return undefined;
    const id = this.nextId++;
    onCancel?.(() => { if (this.waiting.has(id)) client.post({ type: 'cancel', id }); });
    const answer = await this.ask(client, { type: 'complete', id, req });
    return answer?.type === 'completed' ? answer.suggestions : undefined;
  }

  /** Reads a document ahead of its first request, when the worker already has a model (warming
   *  never starts a worker). */
  warm(doc: string, path: string, before: string, primeChars: number): void {
    // no worker yet: nothing is loaded for it (looking for the weights would load a saved model)
    if (!this.client) return;
    const client = this.ready(false);
    if (client) client.post({ type: 'warm', doc, path, before, primeChars });
  }

  forget(doc: string): void {
    this.client?.post({ type: 'forget', doc });
  }

  /** What the worker is doing: now, or once the work queued (requests, a memory's rebuild) is done
   *  (`idle`); undefined without a worker. */
  async status(idle = false): Promise<EngineStatus | undefined> {
    const client = this.client;
    if (!client) return undefined;
    const answer = await this.ask(client, { type: 'status', id: this.nextId++, idle });
    return answer?.type === 'status' ? answer.status : undefined;
  }

  /** Ends the worker; requests waiting resolve with no suggestion. */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.sent = undefined;
    await client?.terminate();
  }

  private ask(client: Client, msg: Extract<HostToCompletion, { id: number }>): Promise<CompletionToHost | undefined> {
    return new Promise((resolve) => {
      this.waiting.set(msg.id, { client, resolve });
      client.post(msg);
    });
  }

  /** The worker, with the latest model sent to it; undefined without a model. */
  private ready(start: boolean): Client | undefined {
    const w = this.source.peekWeights();
    if (!w) {
      // the model was deleted: its copy in the worker goes too
      if (this.client) void this.stop();
      return undefined;
    }
    const mix = this.source.peekMemoryOf?.(w);
    if (this.client && mix && heapFor(mix.text.length) > this.heapMb) void this.stop();
    if (!this.client) {
      if (!start || this.now() - this.failedAt < RESTART_AFTER_MS) return undefined;
      this.launch(Math.max(ROOM_FOR_TEXT, mix?.text.length ?? 0));
    }
    this.feed(this.client!, w, mix);
    return this.client;
  }

  /** Sends the weights and memory the worker lacks: newer weights of the same model at most every
   *  ADOPT_EVERY_MS, and a memory's text only when it differs from the text sent last. */
  private feed(client: Client, w: ModelWeights, mix: StoredMix | undefined): void {
    const s = this.sent, memoryMb = this.o.memoryMb?.() ?? TRAIN_PARAMS.memoryMb.default;
    const newWeights = !s || (w !== s.weights && !(sameModel(s.weights, w) && this.now() - s.at < ADOPT_EVERY_MS));
    if (!newWeights && mix === s.mix) return;
    const sameText = s?.mix && mix && sameMemoryText(s.mix, mix);
    if (mix && !sameText) this.textBytesSent += mix.text.length;
    client.post({
      type: 'model', memoryMb, weights: newWeights ? w : undefined,
      mix: mix && { spec: mix.spec, state: mix.state, text: sameText ? undefined : mix.text },
    });
    this.sent = newWeights ? { weights: w, at: this.now(), mix } : { ...s!, mix };
    if (newWeights) this.onModel();
  }

  private launch(textBytes: number): void {
    this.failure = undefined;
    this.heapMb = heapFor(textBytes);
    const client: Client = new WorkerClient<HostToCompletion, CompletionToHost>(this.script, (m) => this.receive(m), this.heapMb, completionTransfers);
    this.client = client;
    this.sent = undefined;
    void client.ended.then((end) => {
      if (this.client === client) { this.client = undefined; this.sent = undefined; }
      if (!end.terminated) {
        this.failedAt = this.now();
        const why = describeEnd(end, this.failure);
        this.o.log?.(`inline suggestions stopped: ${why}`);
        this.o.onFailure?.(`Char-RNN inline suggestions stopped: ${why}. They start again by themselves in a few seconds.`);
      }
      for (const [id, w] of this.waiting) if (w.client === client) { w.resolve(undefined); this.waiting.delete(id); }
    });
  }

  private receive(m: CompletionToHost): void {
    switch (m.type) {
      case 'log': this.o.log?.(m.line); break;
      case 'failed':
        if (m.id === undefined) { this.failure = m.message; this.o.log?.(m.message); break; }
        this.o.log?.(`a suggestion failed: ${m.message}`);
        this.waiting.get(m.id)?.resolve(undefined);
        this.waiting.delete(m.id);
        break;
      case 'completed': case 'status':
        this.waiting.get(m.id)?.resolve(m);
        this.waiting.delete(m.id);
        break;
    }
  }
}
