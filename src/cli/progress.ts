// A one-line progress bar on a terminal (stderr), redrawn at most 10 times a second.
export class Progress {
  private last = 0;
  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean { return Boolean(this.out.isTTY); }

  update(fraction: number, text: string, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const width = 24, f = Math.max(0, Math.min(1, fraction)), full = Math.round(f * width);
    const line = `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${(f * 100).toFixed(0).padStart(3)}% ${text}`;
    this.out.write(`\r${line.slice(0, (this.out.columns || 120) - 1)}\x1b[K`);
  }

  done(): void { if (this.enabled) this.out.write('\n'); }
}
