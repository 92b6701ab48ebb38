// Every run with its hyperparameters and results, side by side (the seeds' hyperparameter
// comparison), and the loss curves of the runs ticked in the table overlaid on one chart. In a
// narrow view each row becomes a card of labelled values (panel.css).
import type { RunSummary } from '../src/shared/panelProtocol';
import { post, saveUi, ui } from './api';
import { ChartBox } from './chart';
import { clockTime, formatDuration } from '../src/shared/timeLeft';
import { button, h } from './dom';
import type { PanelStore } from './store';
import type { Palette } from './theme';
import { overlayChart, type ChartContext } from './trainingCharts';

export function runLabel(r: RunSummary): string {
  const m = r.config.model;
  return `${m.cell.toUpperCase()} ${m.layers}×${m.hidden} ${clockTime(r.startedAt)}`;
}

const bpc = (v: number | null) => (v === null ? '–' : v.toFixed(3));
const count = (v: number) => (v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)}k` : String(v));

export class RunsView {
  readonly el: HTMLElement;
  readonly chart: ChartBox;
  private readonly body: HTMLElement;

  constructor(private readonly store: PanelStore, ctx: ChartContext, onPng: (name: string, url: string) => void) {
    this.body = h('tbody');
    const table = h('table', { class: 'runs' },
      h('thead', {}, h('tr', {}, ...['', 'Run', 'Steps', 'Chars seen', 'Time', 'Train bits/char', 'Val bits/char', 'Export'].map((t) => h('th', {}, t)))),
      this.body);
    this.el = h('section', { class: 'runs-view' }, h('h2', {}, 'Runs'),
      h('p', { class: 'caption' }, 'Tick runs to overlay their loss curves. Bits per character: lower is better; validation is measured on held-out files.'),
      h('div', { class: 'table-wrap' }, table));
    const box = h('div', { class: 'charts one' });
    this.el.append(box);
    this.chart = new ChartBox(box, overlayChart(ctx, (id) => { const r = store.runs.find((x) => x.id === id); return r ? runLabel(r) : id; }), onPng);
  }

  private palette?: Palette;

  /** Redraws the table; asks the host for the curves of the ticked runs. */
  render(p: Palette | undefined = this.palette): void {
    this.palette = p;
    const runs = this.store.runs;
    const overlay = ui.overlay.filter((id) => runs.some((r) => r.id === id));
    if (overlay.length === 0 && runs.length > 0) overlay.push(...runs.slice(0, 2).map((r) => r.id));
    if (overlay.join() !== ui.overlay.join()) saveUi({ overlay });
    this.body.replaceChildren(...runs.map((r) => this.row(r)));
    if (runs.length === 0) this.body.append(h('tr', {}, h('td', { colspan: '8', class: 'caption' }, 'No runs yet: start training and each run will be listed here.')));
    if (overlay.length) post({ type: 'curves', ids: overlay });
    if (p) this.chart.rebuild(p);
  }

  private row(r: RunSummary): HTMLElement {
    const t = r.config.train, m = r.config.model;
    const tick = h('vscode-checkbox', { checked: ui.overlay.includes(r.id), 'aria-label': `overlay ${runLabel(r)}` }) as HTMLElement & { checked: boolean };
    tick.addEventListener('change', () => {
      const overlay = tick.checked ? [...ui.overlay, r.id] : ui.overlay.filter((id) => id !== r.id);
      saveUi({ overlay });
      if (tick.checked) post({ type: 'curves', ids: [r.id] });
      if (this.palette) this.chart.rebuild(this.palette);
    });
    const del = button('Delete', () => post({ type: 'deleteRun', runId: r.id }), { secondary: true, title: 'Delete this run from the history' });
    if (r.running) del.setAttribute('disabled', '');
    return h('tr', { class: r.running ? 'running' : '', title: `dropout ${m.dropout}, clip ${t.clip}, seed ${t.seed}, lr decay ${t.lrDecay} every ${t.lrDecayEvery} steps` },
      h('td', {}, tick),
      h('td', {}, runLabel(r), r.running ? h('span', { class: 'live' }, ' ● live') : null,
        h('div', { class: 'run-config' }, `${t.optimizer} lr ${t.lr} · window ${t.seq} × batch ${t.batch}${m.dropout ? ` · dropout ${m.dropout}` : ''}`)),
      h('td', { class: 'num', 'data-label': 'Steps' }, String(r.steps)),
      h('td', { class: 'num', 'data-label': 'Chars seen' }, count(r.charsSeen)),
      h('td', { class: 'num', 'data-label': 'Time' }, formatDuration(r.elapsedMs)),
      h('td', { class: 'num', 'data-label': 'Train bits/char' }, bpc(r.trainBpc)),
      h('td', { class: 'num', 'data-label': 'Val bits/char' }, bpc(r.valBpc)),
      h('td', { class: 'actions' }, button('CSV', () => post({ type: 'export', runId: r.id, format: 'csv' }), { secondary: true }),
        button('JSON', () => post({ type: 'export', runId: r.id, format: 'json' }), { secondary: true }), del));
  }
}
