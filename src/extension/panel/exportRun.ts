// A run's metrics as files a person or a notebook can read: CSV (one row per step, with the
// validation bits/char on the steps that were evaluated) and JSON (configuration, results and
// every column).
import { bitsFromNats } from '../../core/metrics';
import type { RunTables } from './codec';
import { STEP_COLUMNS, type RunSummary } from '../../shared/panelProtocol';
import { STEP_KINDS } from '../../shared/series';

/** float32 columns hold 7 significant digits; printing more would only show rounding noise */
function fmt(v: number, f32: boolean): string {
  if (!Number.isFinite(v)) return '';
  return f32 ? String(Number(v.toPrecision(7))) : String(v);
}

export function runCsv(t: RunTables): string {
  const s = t.steps, e = t.evals;
  const val = new Map<number, number>();
  for (let i = 0; i < e.length; i++) val.set(e.get('step', i), e.get('valBitsPerChar', i));
  const header = [...STEP_COLUMNS, 'bitsPerChar', 'smoothBitsPerChar', 'valBitsPerChar'];
  const lines = [header.join(',')];
  for (let i = 0; i < s.length; i++) {
    const cells = STEP_COLUMNS.map((k) => fmt(s.get(k, i), STEP_KINDS[k] === 'f32'));
    const step = s.get('step', i);
    cells.push(fmt(bitsFromNats(s.get('loss', i)), true), fmt(bitsFromNats(s.get('smoothLoss', i)), true), val.has(step) ? fmt(val.get(step)!, true) : '');
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

export function runJson(summary: RunSummary, t: RunTables): string {
  const columns = (table: RunTables['steps'] | RunTables['evals']) =>
    Object.fromEntries(table.names.map((k) => [k, Array.from(table.col(k as never), (v: number) => (Number.isFinite(v) ? v : null))]));
  return `${JSON.stringify({ run: summary, steps: columns(t.steps), evals: columns(t.evals) }, null, 1)}\n`;
}

/** A file name for a run's export, from its start time and model. */
export function exportName(summary: RunSummary, ext: string): string {
  const m = summary.config.model;
  // 2025-01-31T14:05 -> 2025-01-31T14-05 (no colons: some file systems refuse them)
  const when = new Date(summary.startedAt).toISOString().slice(0, 16).replace(':', '-');
  return `char-rnn-${m.cell}-${m.layers}x${m.hidden}-${when}.${ext}`;
}
