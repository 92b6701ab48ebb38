// Runs completion requests one at a time in the completion worker without deafening it: a
// request is a generator (Completer.run) that yields between units of work (a stretch of primed
// text, one generated character); the runner gives the event loop a turn whenever a slice has
// taken longer than `sliceMs`, so cancellations and newer requests get through. No `vscode` import.

export interface RunnerStats {
  /** longest time between two event-loop turns (ms) */
  longestSliceMs: number;
  /** longest single unit of work (ms): the floor of how long a slice can be */
  longestUnitMs: number;
}

export class SlicedRunner {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  readonly stats: RunnerStats = { longestSliceMs: 0, longestUnitMs: 0 };

  constructor(private readonly sliceMs = 8) {}

  /** Whether a request is queued or running. */
  get busy(): boolean { return this.pending > 0; }

  /** Requests queued or running (a background job gives way when this passes 1). */
  get queued(): number { return this.pending; }

  /** Queues a request behind the running one; `start` is called when its turn comes (undefined
   *  skips it: e.g. it was cancelled while waiting). */
  run<T>(start: () => Generator<void, T> | undefined): Promise<T | undefined> {
    this.pending++;
    const job = this.tail.then(() => {
      const g = start();
      return g ? this.drive(g) : undefined;
    });
    this.tail = job.then(() => { this.pending--; }, () => { this.pending--; });
    return job;
  }

  /** Resolves once nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.tail;
  }

  private async drive<T>(g: Generator<void, T>): Promise<T> {
    let sliceStart = performance.now();
    for (;;) {
      const t = performance.now();
      const r = g.next();
      const now = performance.now();
      if (now - t > this.stats.longestUnitMs) this.stats.longestUnitMs = now - t;
      if (r.done) {
        this.note(now - sliceStart);
        return r.value;
      }
      if (now - sliceStart >= this.sliceMs) {
        this.note(now - sliceStart);
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
  }

  private note(ms: number): void {
    if (ms > this.stats.longestSliceMs) this.stats.longestSliceMs = ms;
  }
}
