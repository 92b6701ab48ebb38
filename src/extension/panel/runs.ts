// The run history the panel shows, kept by the extension host whether or not the panel is open:
// every run's configuration and results, a thinned loss curve for overlays, and the current
// run's full metrics in memory (written to storage as it goes, so exports cover past runs too).
import type { EvalMetrics, StepMetrics } from '../../core/metrics';
import { bitsFromNats } from '../../core/metrics';
import { decodeTables, encodeTables, type RunTables } from './codec';
import { decimateIndices, lowerBound } from '../../shared/decimate';
import type { HostMessage, RunConfig, RunCurve, RunSummary } from '../../shared/panelProtocol';
import { DhTracker, evalRow, evalTable, stepRow, stepTable } from '../../shared/series';

/** Where the history lives (a folder in the extension's storage; a map in tests). */
export interface RunStorage {
  read(name: string): Promise<Uint8Array | undefined>;
  write(name: string, data: Uint8Array): Promise<void>;
  remove(name: string): Promise<void>;
}

interface LiveRun extends RunTables {
  summary: RunSummary;
  dh: DhTracker;
}

interface StoredRun {
  summary: RunSummary;
  curve: RunCurve;
}

const INDEX = 'runs.json';
const metricsFile = (id: string) => `run-${id.replace(/[^\w-]/g, '_')}.metrics`;
/** points per stored curve: enough for an overlay chart's width */
const CURVE_BUCKETS = 400;
/** rows per replayed metrics message */
export const REPLAY_CHUNK = 20_000;

export class RunHistory {
  private stored: StoredRun[] = [];
  private live?: LiveRun;
  private lastSave = 0;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly storage: RunStorage,
    private readonly now: () => number = () => Date.now(),
    /** runs kept; the oldest go first */
    private readonly limit = 50,
    /** while a run goes on, its metrics are written at most this often */
    private readonly saveEveryMs = 60_000,
  ) {}

  /** Reads the stored history; an unreadable index starts an empty one (and says why). */
  async load(): Promise<string | undefined> {
    const bytes = await this.storage.read(INDEX);
    if (!bytes) return undefined;
    try {
      const data = JSON.parse(new TextDecoder().decode(bytes)) as { runs?: StoredRun[] };
      if (!Array.isArray(data.runs)) throw new Error('no "runs" list');
      this.stored = data.runs.filter((r) => r && typeof r.summary?.id === 'string' && r.curve);
      for (const r of this.stored) r.summary.running = false;
      return undefined;
    } catch (err) {
      this.stored = [];
      return `the run history (${INDEX}) could not be read and starts afresh: ${(err as Error).message}`;
    }
  }

  get current(): LiveRun | undefined {
    return this.live;
  }

  /** All runs, newest first. */
  summaries(): RunSummary[] {
    return this.stored.map((r) => r.summary);
  }

  /**
   * A run begins. A resumed run continues the newest run when that has the same model;
   * otherwise a new run is added.
   */
  async begin(config: RunConfig, resumed: boolean): Promise<RunSummary> {
    if (this.live?.summary.running) await this.end();
    const last = this.stored[0];
    const m = config.model;
    if (resumed && last && last.summary.config.model.cell === m.cell && last.summary.config.model.layers === m.layers && last.summary.config.model.hidden === m.hidden) {
      const tables = this.live?.summary.id === last.summary.id ? this.live : await this.readTables(last.summary.id);
      this.live = { summary: { ...last.summary, config, running: true }, dh: new DhTracker(), ...(tables ?? { steps: stepTable(), evals: evalTable() }) };
    } else {
      const startedAt = this.now();
      let id = `${startedAt.toString(36)}`;
      for (let k = 2; this.stored.some((r) => r.summary.id === id); k++) id = `${startedAt.toString(36)}-${k}`;
      const summary: RunSummary = { id, startedAt, config, running: true, steps: 0, charsSeen: 0, elapsedMs: 0, trainBpc: null, valBpc: null };
      this.live = { summary, steps: stepTable(), evals: evalTable(), dh: new DhTracker() };
      this.stored.unshift({ summary, curve: emptyCurve(id) });
      for (const old of this.stored.splice(this.limit)) await this.storage.remove(metricsFile(old.summary.id));
    }
    this.stored[0].summary = this.live.summary;
    await this.save(true);
    return this.live.summary;
  }

  /** Adds a batch of metrics to the current run; returns the message that carries the new rows. */
  record(batch: readonly (StepMetrics | EvalMetrics)[]): HostMessage | undefined {
    const run = this.live;
    if (!run || batch.length === 0) return undefined;
    let stepFrom = run.steps.length, evalFrom = run.evals.length;
    for (const m of batch) {
      // a run resumed from an earlier checkpoint redoes steps: drop the rows it replaces
      const last = (t: typeof run.steps | typeof run.evals) => (t.length > 0 ? t.get('step', t.length - 1) : -Infinity);
      if (m.kind === 'step' && last(run.steps) >= m.step) {
        run.steps.truncate(lowerBound(run.steps.col('step'), m.step));
        run.evals.truncate(lowerBound(run.evals.col('step'), m.step));
      }
      if (m.kind === 'eval' && last(run.evals) >= m.step) run.evals.truncate(lowerBound(run.evals.col('step'), m.step));
      stepFrom = Math.min(stepFrom, run.steps.length);
      evalFrom = Math.min(evalFrom, run.evals.length);
      if (m.kind === 'step') {
        run.steps.push(stepRow(m));
        run.dh.add(m.dhNorms);
        run.summary.steps = m.step;
        run.summary.charsSeen = m.charsSeen;
        run.summary.elapsedMs = m.elapsedMs;
        run.summary.trainBpc = finiteOrNull(bitsFromNats(m.smoothLoss));
      } else {
        run.evals.push(evalRow(m));
        run.summary.valBpc = finiteOrNull(m.valBitsPerChar);
      }
    }
    if (this.now() - this.lastSave >= this.saveEveryMs) void this.save(true);
    return { type: 'metrics', runId: run.summary.id, steps: run.steps.rows(stepFrom), evals: run.evals.rows(evalFrom), dh: run.dh.profile() };
  }

  /** The current run stops (finished, stopped or failed); its metrics are written. */
  async end(): Promise<RunSummary | undefined> {
    if (!this.live?.summary.running) return undefined;
    this.live.summary.running = false;
    await this.save(true);
    return this.live.summary;
  }

  /** Messages that rebuild the current run's metrics in a fresh webview. */
  replay(chunk = REPLAY_CHUNK): HostMessage[] {
    const run = this.live;
    if (!run) return [];
    const out: HostMessage[] = [];
    const n = Math.max(run.steps.length, run.evals.length, 1);
    for (let from = 0; from < n; from += chunk) {
      const s = Math.min(from, run.steps.length), e = Math.min(from, run.evals.length);
      out.push({
        type: 'metrics', runId: run.summary.id,
        steps: run.steps.rows(s, Math.min(from + chunk, run.steps.length)),
        evals: run.evals.rows(e, Math.min(from + chunk, run.evals.length)),
        dh: from + chunk >= n ? run.dh.profile() : null,
      });
    }
    return out;
  }

  async curves(ids: readonly string[]): Promise<RunCurve[]> {
    return this.stored.filter((r) => ids.includes(r.summary.id)).map((r) => (r.summary.id === this.live?.summary.id ? curveOf(this.live) : r.curve));
  }

  /** A run's full metrics (undefined for an unknown run). */
  async tables(id: string): Promise<RunTables | undefined> {
    if (this.live?.summary.id === id) return this.live;
    if (!this.stored.some((r) => r.summary.id === id)) return undefined;
    return this.readTables(id);
  }

  async delete(id: string): Promise<boolean> {
    if (this.live?.summary.id === id && this.live.summary.running) throw new Error('the run in progress cannot be deleted; stop it first');
    const before = this.stored.length;
    this.stored = this.stored.filter((r) => r.summary.id !== id);
    if (this.stored.length === before) return false;
    if (this.live?.summary.id === id) this.live = undefined;
    await this.storage.remove(metricsFile(id));
    await this.save(false);
    return true;
  }

  /** Writes the index (and the current run's metrics); writes never overlap. */
  save(withMetrics: boolean): Promise<void> {
    this.lastSave = this.now();
    const run = this.live;
    if (run) {
      const entry = this.stored.find((r) => r.summary.id === run.summary.id);
      if (entry) entry.curve = curveOf(run);
    }
    const index = new TextEncoder().encode(JSON.stringify({ version: 1, runs: this.stored }));
    const metrics = withMetrics && run ? encodeTables(run) : undefined;
    this.saving = this.saving.then(async () => {
      if (metrics && run) await this.storage.write(metricsFile(run.summary.id), metrics);
      await this.storage.write(INDEX, index);
    });
    return this.saving;
  }

  private async readTables(id: string): Promise<RunTables | undefined> {
    const bytes = await this.storage.read(metricsFile(id));
    return bytes ? decodeTables(bytes, `metrics of run ${id}`) : undefined;
  }
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

function emptyCurve(id: string): RunCurve {
  return { id, step: [], charsSeen: [], bpc: [], val: { step: [], charsSeen: [], bpc: [] } };
}

/** The run's smoothed loss (bits/char) thinned to CURVE_BUCKETS buckets, and its evaluations. */
export function curveOf(run: RunTables & { summary: RunSummary }): RunCurve {
  const s = run.steps, e = run.evals;
  const idx = decimateIndices(s.col('step'), [s.col('smoothLoss')], 0, s.length, CURVE_BUCKETS);
  const vIdx = decimateIndices(e.col('step'), [e.col('valBitsPerChar')], 0, e.length, CURVE_BUCKETS);
  const pick = (col: ArrayLike<number>, at: Int32Array, f = (v: number) => v) => Array.from(at, (i) => f(col[i]));
  return {
    id: run.summary.id,
    step: pick(s.col('step'), idx), charsSeen: pick(s.col('charsSeen'), idx), bpc: pick(s.col('smoothLoss'), idx, bitsFromNats),
    val: { step: pick(e.col('step'), vIdx), charsSeen: pick(e.col('charsSeen'), vIdx), bpc: pick(e.col('valBitsPerChar'), vIdx) },
  };
}
