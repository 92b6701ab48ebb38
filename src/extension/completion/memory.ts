// The completer's mixing predictor in the editor. As soon as a model is in use it gets an empty
// mixture, which learns the documents as the completer reads them; when the saved checkpoint
// holds a memory of the repository for that model, the memory is rebuilt from its text between
// requests, a few tens of milliseconds at a time (about 3 us a character), and then replaces the
// empty one; a newer checkpoint of the same text only brings its learned weights. No `vscode`
// import: the completion engine (./engine.ts) owns this and reports through `log`.
import type { StoredMix } from '../../core/checkpoint';
import type { Completer } from '../../core/complete/completer';
import { emptyMixture, mixSpecFor, parseMixSpec, restoreMixture } from '../../core/mix/memory';
import type { Mixture } from '../../core/mix/mixture';
import { TRAIN_PARAMS } from '../../core/config';
import type { SlicedRunner } from './runner';

/** work per runner job while rebuilding: requests queued meanwhile wait at most about this long */
const JOB_MS = 30;
/** the largest memory a checkpoint may ask for (the setting's upper bound) */
const MAX_BYTES = TRAIN_PARAMS.memoryMb.max! * 2 ** 20;

export class MixtureKeeper {
  /** the completer in use, and the memory its mixture was rebuilt from (undefined: an empty one) */
  private completer?: Completer;
  private current?: StoredMix;
  private job?: { completer: Completer; stored: StoredMix; work: Generator<void, Mixture> };

  constructor(private readonly runner: SlicedRunner, private readonly memoryMb: () => number, private readonly log: (line: string) => void = () => {}) {}

  /** Whether a memory is being rebuilt. */
  get rebuilding(): boolean { return this.job !== undefined; }

  /** The completer in use and the memory its model has: gives it a mixture now, and the memory's once rebuilt. */
  update(completer: Completer, stored: StoredMix | undefined): void {
    if (completer !== this.completer) { this.completer = completer; this.current = undefined; }
    if (!completer.mixture) { completer.setMixture(emptyMixture(completer.vocab, mixSpecFor(this.memoryMb()))); this.current = undefined; }
    if (!stored || stored === this.current || (this.job?.stored === stored && this.job.completer === completer)) return;
    // a newer checkpoint of the same training run: the same text, so the same tables (and what
    // the editor has taught them since); only the learned weights are new. Rebuilding 64 MB of
    // tables at every checkpoint held the host for tens of milliseconds each time.
    if (this.current && !this.job && sameMemoryText(this.current, stored) && completer.mixture) {
      try {
        completer.mixture.loadState(stored.state, parseMixSpec(stored.spec, MAX_BYTES).version);
        this.current = stored;
        return;
      } catch { /* weights of another shape: rebuild below */ }
    }
    this.job = { completer, stored, work: restoreMixture(stored, completer.vocab, MAX_BYTES) };
    this.schedule();
  }

  private schedule(): void {
    const job = this.job;
    void this.runner.run(() => {
      if (!job || this.job !== job) return undefined;
      // a job for a completer no longer in use (another model came) is dropped
      if (job.completer !== this.completer) { this.job = undefined; return undefined; }
      return this.advance(job);
    });
  }

  private *advance(job: NonNullable<MixtureKeeper['job']>): Generator<void, void> {
    const end = performance.now() + JOB_MS;
    try {
      for (;;) {
        const r = job.work.next();
        if (r.done) {
          job.completer.setMixture(r.value);
          this.current = job.stored;
          this.job = undefined;
          this.log(`the repository memory is in use: ${job.stored.text.length.toLocaleString('en-US')} bytes of text`);
          return;
        }
        if (performance.now() >= end) break;
        yield;
      }
    } catch (err) {
      this.job = undefined;
      this.log(`the saved model's memory of the repository cannot be used (${(err as Error).message}); suggestions use what the editor reads`);
      return;
    }
    this.schedule();
  }
}

/** Whether two stored memories hold the same text under the same settings: the same array (the
 *  worker's copy, when the host sent none), or a memcmp (the text can be the 20 MB a corpus may
 *  hold; the host compares before it sends). */
export function sameMemoryText(a: StoredMix, b: StoredMix): boolean {
  const bytes = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  return a.spec === b.spec && (a.text === b.text || bytes(a.text).equals(bytes(b.text)));
}
