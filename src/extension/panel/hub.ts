// The panel's host side without the VS Code API: it listens to training for the whole session
// (recording runs whether or not the panel is open), forwards live metrics to the open webview,
// rebuilds a fresh webview from the history, and answers the webview's requests. The
// vscode-facing wrapper (panel.ts) supplies the webview and the dialogs through PanelUi.
import type { EvalMetrics, StepMetrics } from '../../core/metrics';
import { exportName, runCsv, runJson } from './exportRun';
import { hiddenView } from '../../core/inspect/hidden';
import { parseWebviewMessage, type HiddenView, type HostMessage, type SampleSet, type WebviewMessage } from '../../shared/panelProtocol';
import type { RunHistory } from './runs';
import type { Disposable, PanelServices, RunStart } from './panelServices';

/** One open panel. Messages posted while it is hidden are lost, so the hub checks `visible`. */
export interface PanelView {
  readonly visible: boolean;
  post(m: HostMessage): void;
}

/** Side effects the hub asks of VS Code. */
export interface PanelUi {
  /** the active editor's selected text ('' when nothing is selected, undefined with no editor) */
  selection(): string | undefined;
  /** asks where to save and writes the file; resolves with its path, or undefined if cancelled */
  save(defaultName: string, data: Uint8Array): Promise<string | undefined>;
  log(message: string): void;
}

export const DEFAULT_TEMPERATURES: readonly number[] = [0.2, 0.5, 1.0, 1.5];
/** steps between automatic samples while the panel is visible */
export const SAMPLE_EVERY = 250;
/** and at least this long, since each sample runs in a worker of its own */
export const SAMPLE_MIN_INTERVAL_MS = 10_000;
export const SAMPLE_LENGTH = 240;

export class PanelHub implements Disposable {
  private view?: PanelView;
  private samples?: SampleSet;
  private hidden?: HiddenView;
  private prime = '';
  private temperatures: readonly number[] = DEFAULT_TEMPERATURES;
  private lastSampleStep = -Infinity;
  private lastSampleTime = -Infinity;
  private sampling = false;
  /** a run ended while the panel was hidden: its samples are drawn when it is shown */
  private samplesStale = false;
  /** training events are handled one after another: a run's start finishes before its metrics */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly subs: Disposable[];

  constructor(
    private readonly services: PanelServices,
    readonly history: RunHistory,
    private readonly ui: PanelUi,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.enqueue(async () => {
      const problem = await history.load();
      if (problem) ui.log(`panel: ${problem}`);
    });
    this.subs = [
      services.onDidStartRun((e) => this.enqueue(() => this.runStarted(e))),
      services.onMetrics((batch) => this.enqueue(() => this.metrics(batch))),
      services.onDidChangeStatus((status) => this.enqueue(async () => {
        this.post({ type: 'status', status });
        if (status.state === 'idle' && (this.samples || this.hidden)) {
          // the model is gone (deleted): what was drawn from it goes too
          this.samples = this.hidden = undefined;
          this.post({ type: 'samples', samples: null });
          this.post({ type: 'hidden', view: null });
        }
        if (status.state !== 'training' && status.state !== 'reading') {
          const ended = await this.history.end();
          if (!ended) return;
          this.post({ type: 'runs', runs: this.history.summaries() });
          // the run's last weights deserve samples of their own: now, after the sampling under
          // way, or when the panel is next shown
          this.samplesStale = true;
          if (this.view?.visible) void this.sample(ended.steps, false);
        }
      })),
    ];
  }

  /** Waits for every training event received so far to be handled (tests, shutdown). */
  settled(): Promise<unknown> {
    return this.queue;
  }

  /** Connects an open panel; it receives nothing until it says it is ready. */
  attach(view: PanelView): Disposable {
    this.view = view;
    return { dispose: () => { if (this.view === view) this.view = undefined; } };
  }

  /** Everything a fresh webview needs, in order: state, runs, the current run's metrics, results. */
  restoreMessages(): HostMessage[] {
    const out: HostMessage[] = [{
      type: 'init', status: this.services.status(), config: this.services.config(),
      runs: this.history.summaries(), runId: this.history.current?.summary.id ?? null,
    }];
    out.push(...this.history.replay());
    if (this.samples) out.push({ type: 'samples', samples: this.samples });
    if (this.hidden) out.push({ type: 'hidden', view: this.hidden });
    return out;
  }

  /** A message from the webview; malformed ones are logged and dropped. */
  async receive(raw: unknown): Promise<void> {
    let msg: WebviewMessage;
    try {
      msg = parseWebviewMessage(raw);
    } catch (err) {
      this.ui.log(`panel: ignored a message: ${(err as Error).message}`);
      return;
    }
    try {
      await this.handle(msg);
    } catch (err) {
      this.notice('error', (err as Error).message);
    }
  }

  private async handle(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready':
        await this.queue;
        for (const m of this.restoreMessages()) this.post(m);
        if (this.samplesStale) void this.sample(this.history.current?.summary.steps ?? 0, false);
        return;
      case 'start': return this.services.start(msg.config);
      case 'stop': return this.services.stop();
      case 'resume': return this.services.resume();
      case 'sample':
        this.prime = msg.prime;
        this.temperatures = msg.temperatures;
        return this.sample(this.history.current?.summary.steps ?? 0, true);
      case 'hidden': {
        const weights = this.services.weights();
        if (!weights) throw new Error('there is no model yet: train one first, then select some text');
        const text = this.ui.selection();
        if (text === undefined) throw new Error('open a file and select some text: the view shows the hidden state over the selection');
        this.hidden = hiddenView(weights, text);
        this.post({ type: 'hidden', view: this.hidden });
        return;
      }
      case 'curves':
        this.post({ type: 'curves', curves: await this.history.curves(msg.ids) });
        return;
      case 'export': {
        const tables = await this.history.tables(msg.runId);
        const summary = this.history.summaries().find((r) => r.id === msg.runId);
        if (!tables || !summary) throw new Error(`run ${msg.runId} has no stored metrics`);
        const text = msg.format === 'csv' ? runCsv(tables) : runJson(summary, tables);
        const path = await this.ui.save(exportName(summary, msg.format), new TextEncoder().encode(text));
        if (path) this.notice('info', `saved ${path}`);
        return;
      }
      case 'png': {
        const bytes = Buffer.from(msg.dataUrl.slice(msg.dataUrl.indexOf(',') + 1), 'base64');
        const path = await this.ui.save(`${msg.name.replace(/[^\w.-]+/g, '-')}.png`, bytes);
        if (path) this.notice('info', `saved ${path}`);
        return;
      }
      case 'deleteRun':
        await this.history.delete(msg.runId);
        this.post({ type: 'runs', runs: this.history.summaries() });
        return;
      case 'drawn':
        // kept by the panel for tests and diagnostics; nothing to do here
        return;
      case 'error':
        this.ui.log(`panel webview: ${msg.message}`);
        return;
      default: {
        const never: never = msg;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  private async runStarted(e: RunStart): Promise<void> {
    const run = await this.history.begin(e.config, e.resumed);
    this.lastSampleStep = run.steps;
    this.post({ type: 'run', run });
    for (const m of this.history.replay()) this.post(m);
  }

  private metrics(batch: readonly (StepMetrics | EvalMetrics)[]): void {
    const msg = this.history.record(batch);
    if (msg) this.post(msg);
    const step = this.history.current?.summary.steps ?? 0;
    const due = step - this.lastSampleStep >= SAMPLE_EVERY && this.now() - this.lastSampleTime >= SAMPLE_MIN_INTERVAL_MS;
    if (this.view?.visible && due) void this.sample(step, false);
  }

  /** Samples at every temperature; an automatic refresh fails quietly, a request says why. */
  private async sample(step: number, requested: boolean): Promise<void> {
    if (this.sampling) {
      if (requested) throw new Error('samples are already being drawn');
      return;
    }
    if (!this.services.weights()) {
      if (requested) throw new Error('there is no model to sample from yet: start training first');
      return;
    }
    this.sampling = true;
    this.samplesStale = false;
    this.lastSampleStep = step;
    this.lastSampleTime = this.now();
    try {
      const temperatures = [...this.temperatures];
      const texts = await this.services.sample(this.prime, temperatures, SAMPLE_LENGTH);
      this.samples = { step, prime: this.prime, items: temperatures.map((temperature, i) => ({ temperature, text: texts[i] })) };
      this.post({ type: 'samples', samples: this.samples });
    } catch (err) {
      if (requested) throw err;
      this.ui.log(`panel: automatic samples failed: ${(err as Error).message}`);
    } finally {
      this.sampling = false;
      if (this.samplesStale && this.view?.visible) void this.sample(this.history.current?.summary.steps ?? step, false);
    }
  }

  private notice(level: 'info' | 'error', message: string): void {
    if (level === 'error') this.ui.log(`panel: ${message}`);
    this.post({ type: 'notice', level, message });
  }

  private post(m: HostMessage): void {
    if (this.view?.visible) this.view.post(m);
  }

  private enqueue(job: () => unknown): void {
    this.queue = this.queue.then(job).catch((err) => this.ui.log(`panel: ${(err as Error).message}`));
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    void this.history.save(true);
  }
}
