// Suggestions paused for a while, in this window only (the setting stays as it is): Snooze for N
// minutes, and they come back by themselves. No `vscode` import: `changed` is called when the
// pause begins and when it ends.

export const SNOOZE_CHOICES = [5, 15, 30, 60] as const;

export class Snooze {
  private until?: number;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly changed: () => void, private readonly now: () => number = () => Date.now()) {}

  /** When suggestions come back (epoch ms), while snoozed. */
  get snoozedUntil(): number | undefined {
    return this.until !== undefined && this.until > this.now() ? this.until : undefined;
  }

  get active(): boolean {
    return this.snoozedUntil !== undefined;
  }

  /** Pauses suggestions for `minutes` from now (again from now if already paused). */
  start(minutes: number): void {
    if (!(minutes > 0)) throw new Error(`snooze for a positive number of minutes, not ${minutes}`);
    clearTimeout(this.timer);
    this.until = this.now() + minutes * 60_000;
    this.timer = setTimeout(() => this.end(), minutes * 60_000);
    this.changed();
  }

  /** Suggestions come back now. */
  end(): void {
    const was = this.until !== undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.until = undefined;
    if (was) this.changed();
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
