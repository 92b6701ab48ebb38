// The host's side of one worker thread: typed messages in and out, and one promise that says
// how the thread ended. A worker gets a heap limit so that running out of memory ends the worker,
// not the extension host. No `vscode` import: unit tests run it in plain Node.
import { Worker } from 'node:worker_threads';
import { assertNever, transfersOf, type HostToWorker, type WorkerToHost } from './protocol';

export interface WorkerEnd {
  /** the thread's exit code (1 after an uncaught error or a termination) */
  code: number;
  /** the uncaught error, when there was one */
  error?: Error & { code?: string };
  /** true when the host asked for the end (terminate) */
  terminated: boolean;
}

/** A heap limit that fits the corpus: texts are UTF-16 and the message copies them once more. */
export function heapLimitMb(corpusBytes: number): number {
  return 256 + Math.ceil((6 * corpusBytes) / 2 ** 20);
}

/** One worker thread speaking a protocol: In to it, Out from it (the training worker's by default). */
export class WorkerClient<In = HostToWorker, Out = WorkerToHost> {
  readonly ended: Promise<WorkerEnd>;
  private readonly worker: Worker;
  private terminated = false;
  private lastError?: Error & { code?: string };

  constructor(script: string, onMessage: (msg: Out) => void, heapMb: number,
    private readonly transfers: (msg: In) => ArrayBuffer[] = transfersOf as unknown as (msg: In) => ArrayBuffer[]) {
    this.worker = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: heapMb }, stdout: false, stderr: false });
    this.worker.on('message', onMessage);
    this.worker.on('error', (err) => { this.lastError = err; });
    this.ended = new Promise((resolve) => {
      this.worker.once('exit', (code) => resolve({ code, error: this.lastError, terminated: this.terminated }));
    });
  }

  post(msg: In): void {
    this.worker.postMessage(msg, this.transfers(msg));
  }

  /** Ends the thread now (a step in progress is abandoned) and waits for it. */
  async terminate(): Promise<WorkerEnd> {
    this.terminated = true;
    await this.worker.terminate();
    return this.ended;
  }
}

/** Why a worker ended without saying it finished, in words for a notification. */
export function describeEnd(end: WorkerEnd, failure?: string): string {
  if (failure) return failure;
  if (end.error?.code === 'ERR_WORKER_OUT_OF_MEMORY') return 'the worker ran out of memory';
  if (end.error) return `the worker failed: ${end.error.message}`;
  if (end.terminated) return 'the worker was terminated';
  return `the worker exited unexpectedly (exit code ${end.code})`;
}

/**
 * Runs a one-shot job (sample, evaluate) in its own worker and resolves with its answer.
 * `cancel` ends the worker at once.
 */
export function runJob<T extends WorkerToHost['type']>(
  script: string, msg: HostToWorker, answer: T, heapMb: number, cancel?: (stop: () => void) => void,
): Promise<Extract<WorkerToHost, { type: T }>> {
  return new Promise((resolve, reject) => {
    let settled = false, failure: string | undefined;
    const client = new WorkerClient(script, (m) => {
      switch (m.type) {
        case 'failed': failure = m.message; break;
        case 'started': case 'metrics': case 'weights': case 'checkpoint': case 'finished':
        case 'sampled': case 'evaluated': case 'rollback': case 'kept':
          if (m.type === answer) { settled = true; resolve(m as Extract<WorkerToHost, { type: T }>); }
          break;
        default: assertNever(m);
      }
    }, heapMb);
    cancel?.(() => { void client.terminate(); });
    void client.ended.then((end) => {
      if (settled) return;
      reject(end.terminated && !failure ? new CancelledError() : new Error(describeEnd(end, failure)));
    });
    client.post(msg);
  });
}

export class CancelledError extends Error {
  constructor() { super('cancelled'); }
}
