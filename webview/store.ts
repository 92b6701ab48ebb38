// What the webview knows, rebuilt from the host's messages alone: a fresh page (after a reload or
// after being hidden) gets `init` and a replay and ends up holding exactly what a page that saw
// every live message holds. Pure: no DOM, so the restore is tested in plain Node.
import type { DhProfile, HiddenView, HostMessage, PanelStatus, RunConfig, RunCurve, RunSummary, SampleSet } from '../src/shared/panelProtocol';
import { evalTable, stepTable } from '../src/shared/series';

export type Change = 'init' | 'status' | 'runs' | 'metrics' | 'samples' | 'hidden' | 'curves' | 'notice' | 'resync';

export class PanelStore {
  /** false until `init`: anything before it belongs to an earlier page and is ignored */
  ready = false;
  status: PanelStatus | null = null;
  config: RunConfig | null = null;
  runs: RunSummary[] = [];
  runId: string | null = null;
  steps = stepTable();
  evals = evalTable();
  dh: DhProfile | null = null;
  samples: SampleSet | null = null;
  hidden: HiddenView | null = null;
  curves = new Map<string, RunCurve>();
  notice: { level: 'info' | 'error'; message: string } | null = null;

  /** The current run's summary, if the host has named one. */
  get run(): RunSummary | undefined {
    return this.runs.find((r) => r.id === this.runId);
  }

  /** Applies one message; returns what changed ('resync' when rows are missing: ask again). */
  apply(m: HostMessage): Change[] {
    if (!this.ready && m.type !== 'init') return [];
    switch (m.type) {
      case 'init':
        this.ready = true;
        this.status = m.status;
        this.config = m.config;
        this.runs = m.runs;
        this.curves.clear();
        this.samples = null;
        this.hidden = null;
        this.switchRun(m.runId);
        return ['init'];
      case 'status':
        this.status = m.status;
        return ['status'];
      case 'run': {
        this.switchRun(m.run.id);
        const i = this.runs.findIndex((r) => r.id === m.run.id);
        if (i >= 0) this.runs[i] = m.run;
        else this.runs.unshift(m.run);
        return ['runs', 'metrics'];
      }
      case 'runs':
        this.runs = m.runs;
        for (const id of [...this.curves.keys()]) if (!m.runs.some((r) => r.id === id)) this.curves.delete(id);
        return ['runs'];
      case 'metrics':
        if (m.runId !== this.runId) this.switchRun(m.runId);
        if (m.steps.from > this.steps.length || m.evals.from > this.evals.length) return ['resync'];
        this.steps.append(m.steps);
        this.evals.append(m.evals);
        if (m.dh) this.dh = m.dh;
        this.updateSummary();
        return ['metrics'];
      case 'samples':
        this.samples = m.samples;
        return ['samples'];
      case 'curves':
        for (const c of m.curves) this.curves.set(c.id, c);
        return ['curves'];
      case 'hidden':
        this.hidden = m.view;
        return ['hidden'];
      case 'notice':
        this.notice = { level: m.level, message: m.message };
        return ['notice'];
      default: {
        const never: never = m;
        throw new Error(`unhandled host message ${JSON.stringify(never)}`);
      }
    }
  }

  private switchRun(id: string | null): void {
    if (id === this.runId) return;
    this.runId = id;
    this.steps = stepTable();
    this.evals = evalTable();
    this.dh = null;
  }

  /** Keeps the current run's row in the runs table in step with its metrics. */
  private updateSummary(): void {
    const run = this.run, n = this.steps.length;
    if (!run || n === 0) return;
    run.steps = this.steps.get('step', n - 1);
    run.charsSeen = this.steps.get('charsSeen', n - 1);
    run.elapsedMs = this.steps.get('elapsedMs', n - 1);
    const smooth = this.steps.get('smoothLoss', n - 1) / Math.LN2;
    run.trainBpc = Number.isFinite(smooth) ? smooth : null;
    if (this.evals.length) run.valBpc = this.evals.get('valBitsPerChar', this.evals.length - 1);
  }
}
