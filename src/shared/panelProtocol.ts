// The one message protocol between the training panel's host (src/extension/panel) and its
// webview (webview/). Both sides import this module; the webview imports nothing else outside
// webview/ but the other modules of src/shared (checked by ESLint), so nothing here imports
// `vscode` or Node. Messages are discriminated unions on `type`; what comes from the webview is
// checked before use.
import { MODEL_PARAMS, TRAIN_PARAMS, validate, type ModelConfig, type TrainConfig } from '../core/config';

// the hyperparameters' schemas, for the webview's form: the settings' own bounds and checks
export { MODEL_PARAMS, TRAIN_PARAMS, checkParam, type HyperParam } from '../core/config';
import type { HiddenView } from '../core/inspect/view';
export type { HiddenView };

/** Per-step columns as the charts and exports use them (loss and smoothLoss in nats). */
export const STEP_COLUMNS = ['step', 'epoch', 'loss', 'smoothLoss', 'gradNorm', 'clipped', 'lr', 'charsPerSec', 'charsSeen', 'elapsedMs'] as const;
export type StepColumn = (typeof STEP_COLUMNS)[number];
export const EVAL_COLUMNS = ['step', 'charsSeen', 'valBitsPerChar'] as const;
export type EvalColumn = (typeof EVAL_COLUMNS)[number];

/** Rows `from .. from+n` of a run's table, column by column (all columns the same length). */
export type Rows<K extends string> = { from: number } & Record<K, number[]>;

export type TrainingState = 'idle' | 'reading' | 'training' | 'paused' | 'ready' | 'error';
export const TRAINING_STATES: readonly TrainingState[] = ['idle', 'reading', 'training', 'paused', 'ready', 'error'];

export interface PanelStatus {
  state: TrainingState;
  /** one line for a person, e.g. "step 1200, loss 1.83" or the error */
  detail: string;
  canResume: boolean;
}

export interface RunConfig {
  model: ModelConfig;
  train: TrainConfig;
}

export interface RunSummary {
  id: string;
  /** epoch milliseconds */
  startedAt: number;
  config: RunConfig;
  running: boolean;
  steps: number;
  charsSeen: number;
  elapsedMs: number;
  /** final smoothed training loss, bits per character */
  trainBpc: number | null;
  /** last validation bits per character */
  valBpc: number | null;
}

/** A run's loss curve, thinned for overlays: smoothed training and validation bits/char. */
export interface RunCurve {
  id: string;
  step: number[];
  charsSeen: number[];
  bpc: number[];
  val: { step: number[]; charsSeen: number[]; bpc: number[] };
}

/** ||dL/dh_t|| for t = 0..T-1 of the BPTT window: the latest step's and a running mean. */
export interface DhProfile {
  latest: number[];
  mean: number[];
}

export interface SampleSet {
  step: number;
  prime: string;
  items: { temperature: number; text: string }[];
}

/** What the webview drew: per chart, the points drawn and the pixels that differ from the
 *  background (0 = a blank canvas); and how many CSP violations the page saw. */
export interface DrawReport {
  charts: { id: string; points: number; inked: number }[];
  cspViolations: number;
}

export type HostMessage =
  | { type: 'init'; status: PanelStatus; config: RunConfig; runs: RunSummary[]; runId: string | null }
  | { type: 'status'; status: PanelStatus }
  | { type: 'run'; run: RunSummary }
  | { type: 'runs'; runs: RunSummary[] }
  | { type: 'metrics'; runId: string; steps: Rows<StepColumn>; evals: Rows<EvalColumn>; dh: DhProfile | null }
  /** null: the samples' model is gone */
  | { type: 'samples'; samples: SampleSet | null }
  | { type: 'curves'; curves: RunCurve[] }
  /** null: the view's model is gone */
  | { type: 'hidden'; view: HiddenView | null }
  | { type: 'notice'; level: 'info' | 'error'; message: string };

export type ExportFormat = 'csv' | 'json';

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'start'; config: RunConfig }
  | { type: 'stop' }
  | { type: 'resume' }
  | { type: 'sample'; prime: string; temperatures: number[] }
  | { type: 'hidden' }
  | { type: 'curves'; ids: string[] }
  | { type: 'export'; runId: string; format: ExportFormat }
  | { type: 'png'; name: string; dataUrl: string }
  | { type: 'deleteRun'; runId: string }
  | { type: 'drawn'; report: DrawReport }
  | { type: 'error'; message: string };

export class ProtocolError extends Error {}

type Obj = Record<string, unknown>;

function obj(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ProtocolError(`${what} must be an object`);
  return v as Obj;
}
function str(o: Obj, k: string, what: string, max = 1e6): string {
  const v = o[k];
  if (typeof v !== 'string') throw new ProtocolError(`${what}.${k} must be a string`);
  if (v.length > max) throw new ProtocolError(`${what}.${k} is longer than ${max} characters`);
  return v;
}
function num(o: Obj, k: string, what: string): number {
  const v = o[k];
  if (typeof v !== 'number' || Number.isNaN(v)) throw new ProtocolError(`${what}.${k} must be a number`);
  return v;
}
function nums(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' || x === null)) throw new ProtocolError(`${what} must be a list of numbers`);
  // JSON turns NaN and infinities into null; they come back as NaN
  return v.map((x) => (x === null ? NaN : x));
}
function strs(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new ProtocolError(`${what} must be a list of strings`);
  return v;
}
function oneOf<T extends string>(o: Obj, k: string, options: readonly T[], what: string): T {
  const v = o[k];
  if (!options.includes(v as T)) throw new ProtocolError(`${what}.${k} must be one of ${options.join(', ')}`);
  return v as T;
}

/** A model and training configuration within the settings' bounds (message lists the problems). */
export function parseRunConfig(v: unknown, what = 'config'): RunConfig {
  const o = obj(v, what);
  const model = { ...obj(o.model, `${what}.model`) } as unknown as ModelConfig;
  const train = { ...obj(o.train, `${what}.train`) } as unknown as TrainConfig;
  const errs = [...validate(MODEL_PARAMS, model), ...validate(TRAIN_PARAMS, train)];
  if (errs.length) throw new ProtocolError(`${what} is out of bounds: ${errs.join('; ')}`);
  return { model, train };
}

export function parseRows<K extends string>(v: unknown, columns: readonly K[], what: string): Rows<K> {
  const o = obj(v, what);
  const from = num(o, 'from', what);
  if (!Number.isInteger(from) || from < 0) throw new ProtocolError(`${what}.from must be a row index`);
  const rows = { from } as Rows<K>;
  let n = -1;
  for (const c of columns) {
    const col = nums(o[c], `${what}.${c}`);
    if (n >= 0 && col.length !== n) throw new ProtocolError(`${what}.${c} has ${col.length} rows, not ${n}`);
    n = col.length;
    (rows as Record<K, number[]>)[c] = col;
  }
  return rows;
}

/** Checks a message from the webview; throws ProtocolError saying what is wrong. */
export function parseWebviewMessage(raw: unknown): WebviewMessage {
  const o = obj(raw, 'message');
  const type = o.type;
  switch (type) {
    case 'ready':
    case 'stop':
    case 'resume':
    case 'hidden':
      return { type };
    case 'start':
      return { type, config: parseRunConfig(o.config) };
    case 'sample': {
      const temperatures = nums(o.temperatures, 'sample.temperatures');
      if (temperatures.length < 1 || temperatures.length > 8 || temperatures.some((t) => !(t >= 0 && t <= 5))) {
        throw new ProtocolError('sample.temperatures must be 1 to 8 numbers in [0, 5]');
      }
      return { type, prime: str(o, 'prime', 'sample', 10_000), temperatures };
    }
    case 'curves':
      return { type, ids: strs(o.ids, 'curves.ids') };
    case 'export':
      return { type, runId: str(o, 'runId', 'export', 200), format: oneOf(o, 'format', ['csv', 'json'] as const, 'export') };
    case 'png': {
      const dataUrl = str(o, 'dataUrl', 'png', 50_000_000);
      if (!dataUrl.startsWith('data:image/png;base64,')) throw new ProtocolError('png.dataUrl must be a base64 PNG data URL');
      return { type, name: str(o, 'name', 'png', 200), dataUrl };
    }
    case 'deleteRun':
      return { type, runId: str(o, 'runId', 'deleteRun', 200) };
    case 'drawn': {
      const r = obj(o.report, 'drawn.report');
      if (!Array.isArray(r.charts)) throw new ProtocolError('drawn.report.charts must be a list');
      const charts = r.charts.map((c) => { const e = obj(c, 'chart'); return { id: str(e, 'id', 'chart', 100), points: num(e, 'points', 'chart'), inked: num(e, 'inked', 'chart') }; });
      return { type, report: { charts, cspViolations: num(r, 'cspViolations', 'drawn.report') } };
    }
    case 'error':
      return { type, message: str(o, 'message', 'error', 10_000) };
    default:
      throw new ProtocolError(`unknown message type ${JSON.stringify(type)} from the webview`);
  }
}

function parseStatus(v: unknown): PanelStatus {
  const o = obj(v, 'status');
  const canResume = o.canResume;
  if (typeof canResume !== 'boolean') throw new ProtocolError('status.canResume must be true or false');
  return { state: oneOf(o, 'state', TRAINING_STATES, 'status'), detail: str(o, 'detail', 'status'), canResume };
}

function parseRun(v: unknown): RunSummary {
  const o = obj(v, 'run');
  const bpc = (k: string) => (o[k] === null ? null : num(o, k, 'run'));
  return {
    id: str(o, 'id', 'run', 200), startedAt: num(o, 'startedAt', 'run'), config: parseRunConfig(o.config, 'run.config'),
    running: o.running === true, steps: num(o, 'steps', 'run'), charsSeen: num(o, 'charsSeen', 'run'),
    elapsedMs: num(o, 'elapsedMs', 'run'), trainBpc: bpc('trainBpc'), valBpc: bpc('valBpc'),
  };
}

function parseRuns(v: unknown): RunSummary[] {
  if (!Array.isArray(v)) throw new ProtocolError('runs must be a list');
  return v.map(parseRun);
}

function parseCurve(v: unknown): RunCurve {
  const o = obj(v, 'curve'), val = obj(o.val, 'curve.val');
  return {
    id: str(o, 'id', 'curve'), step: nums(o.step, 'curve.step'), charsSeen: nums(o.charsSeen, 'curve.charsSeen'), bpc: nums(o.bpc, 'curve.bpc'),
    val: { step: nums(val.step, 'curve.val.step'), charsSeen: nums(val.charsSeen, 'curve.val.charsSeen'), bpc: nums(val.bpc, 'curve.val.bpc') },
  };
}

/** Checks a message from the host (the webview's side of the same contract). */
export function parseHostMessage(raw: unknown): HostMessage {
  const o = obj(raw, 'message');
  const type = o.type;
  switch (type) {
    case 'init':
      return { type, status: parseStatus(o.status), config: parseRunConfig(o.config), runs: parseRuns(o.runs), runId: o.runId === null ? null : str(o, 'runId', 'init') };
    case 'status':
      return { type, status: parseStatus(o.status) };
    case 'run':
      return { type, run: parseRun(o.run) };
    case 'runs':
      return { type, runs: parseRuns(o.runs) };
    case 'metrics': {
      const dh = o.dh === null ? null : obj(o.dh, 'metrics.dh');
      return {
        type, runId: str(o, 'runId', 'metrics'), steps: parseRows(o.steps, STEP_COLUMNS, 'metrics.steps'), evals: parseRows(o.evals, EVAL_COLUMNS, 'metrics.evals'),
        dh: dh && { latest: nums(dh.latest, 'metrics.dh.latest'), mean: nums(dh.mean, 'metrics.dh.mean') },
      };
    }
    case 'samples': {
      if (o.samples === null) return { type, samples: null };
      const s = obj(o.samples, 'samples');
      if (!Array.isArray(s.items)) throw new ProtocolError('samples.items must be a list');
      const items = s.items.map((it) => { const i = obj(it, 'sample'); return { temperature: num(i, 'temperature', 'sample'), text: str(i, 'text', 'sample') }; });
      return { type, samples: { step: num(s, 'step', 'samples'), prime: str(s, 'prime', 'samples'), items } };
    }
    case 'curves':
      if (!Array.isArray(o.curves)) throw new ProtocolError('curves must be a list');
      return { type, curves: o.curves.map(parseCurve) };
    case 'hidden': {
      if (o.view === null) return { type, view: null };
      const h = obj(o.view, 'hidden');
      const explained = nums(h.explained, 'hidden.explained');
      if (explained.length !== 2) throw new ProtocolError('hidden.explained must hold two numbers');
      return {
        type, view: {
          chars: strs(h.chars, 'hidden.chars'), units: nums(h.units, 'hidden.units'), values: nums(h.values, 'hidden.values'),
          path: nums(h.path, 'hidden.path'), explained: [explained[0], explained[1]], hidden: num(h, 'hidden', 'hidden'),
        },
      };
    }
    case 'notice':
      return { type, level: oneOf(o, 'level', ['info', 'error'] as const, 'notice'), message: str(o, 'message', 'notice') };
    default:
      throw new ProtocolError(`unknown message type ${JSON.stringify(type)} from the host`);
  }
}
