// Fakes for the panel's tests: training services driven by hand, storage in a Map, and metrics
// that look like a run's (falling loss, occasional clipped spikes, a vanishing dh profile).
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/core/config';
import type { EvalMetrics, StepMetrics } from '../../src/core/metrics';
import type { ModelWeights } from '../../src/core/weights';
import type { PanelView, PanelUi } from '../../src/extension/panel/hub';
import type { HostMessage, PanelStatus, RunConfig } from '../../src/shared/panelProtocol';
import type { RunStorage } from '../../src/extension/panel/runs';
import type { Event, PanelServices, RunStart } from '../../src/extension/panel/panelServices';

export class Emitter<T> {
  private listeners: ((e: T) => unknown)[] = [];
  readonly event: Event<T> = (l) => {
    this.listeners.push(l);
    return { dispose: () => { this.listeners = this.listeners.filter((x) => x !== l); } };
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
}

export function memoryStorage(): RunStorage & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    async read(name) { return files.get(name)?.slice(); },
    async write(name, data) { files.set(name, data.slice()); },
    async remove(name) { files.delete(name); },
  };
}

export const config = (over: Partial<RunConfig['model']> = {}, train: Partial<RunConfig['train']> = {}): RunConfig => ({
  model: { ...DEFAULT_MODEL, hidden: 16, layers: 1, ...over }, train: { ...DEFAULT_TRAIN, seq: 8, ...train },
});

export class FakeServices implements PanelServices {
  readonly status$ = new Emitter<PanelStatus>();
  readonly start$ = new Emitter<RunStart>();
  readonly metrics$ = new Emitter<readonly (StepMetrics | EvalMetrics)[]>();
  readonly onDidChangeStatus = this.status$.event;
  readonly onDidStartRun = this.start$.event;
  readonly onMetrics = this.metrics$.event;
  current: PanelStatus = { state: 'idle', detail: '', canResume: false };
  started: RunConfig[] = [];
  calls: string[] = [];
  model?: ModelWeights;

  status() { return this.current; }
  config() { return config(); }
  async start(c: RunConfig) { this.started.push(c); }
  async stop() { this.calls.push('stop'); }
  async resume() { this.calls.push('resume'); }
  async sample(prime: string, temperatures: number[], length: number) { return temperatures.map((t) => `${prime}|t=${t}|${'x'.repeat(Math.min(length, 5))}`); }
  weights() { return this.model; }

  setStatus(state: PanelStatus['state']): void {
    this.current = { state, detail: state, canResume: state !== 'training' };
    this.status$.fire(this.current);
  }
}

export function fakeUi(): PanelUi & { logs: string[]; saved: { name: string; data: Uint8Array }[]; text?: string } {
  const ui = {
    logs: [] as string[], saved: [] as { name: string; data: Uint8Array }[], text: undefined as string | undefined,
    selection: () => ui.text,
    save: async (name: string, data: Uint8Array) => { ui.saved.push({ name, data }); return `/tmp/${name}`; },
    log: (m: string) => { ui.logs.push(m); },
  };
  return ui;
}

export function recordingView(): PanelView & { messages: HostMessage[]; visible: boolean } {
  const view = { visible: true, messages: [] as HostMessage[], post: (m: HostMessage) => { view.messages.push(m); } };
  return view;
}

/** A deterministic pseudo-random source in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; };
}

/** Metrics for steps from..to-1 (an evaluation every `evalEvery` steps), with T = 8. */
export function fakeMetrics(from: number, to: number, evalEvery = 50, seed = from + 1): (StepMetrics | EvalMetrics)[] {
  const r = rng(seed), out: (StepMetrics | EvalMetrics)[] = [];
  for (let step = from; step < to; step++) {
    const loss = 4 * Math.exp(-step / 300) + 1 + 0.3 * r();
    const gradNorm = r() < 0.05 ? 5 + 20 * r() : 0.5 + r();
    out.push({
      kind: 'step', step, epoch: Math.floor(step / 400), loss, bitsPerChar: loss / Math.LN2, smoothLoss: loss * 0.98,
      gradNorm, clipped: gradNorm > 5, lr: 2e-3 * 0.999 ** step, charsPerSec: 9000 + 1000 * r(), charsSeen: (step + 1) * 256,
      elapsedMs: step * 28.5, dhNorms: Array.from({ length: 8 }, (_, t) => 0.6 ** (8 - t) * (1 + r())),
    });
    if ((step + 1) % evalEvery === 0) {
      const bpc = loss / Math.LN2 + 0.1;
      out.push({ kind: 'eval', step, charsSeen: (step + 1) * 256, valBitsPerChar: bpc, valPerplexity: 2 ** bpc, valChars: 1000 });
    }
  }
  return out;
}

/** Splits metrics into batches of n, as the worker's throttle would. */
export function batches<T>(items: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}
