// The training panel's page: builds the layout, applies the host's messages to the store and
// redraws what changed. Everything it shows comes from the host; it keeps only UI choices itself.
import 'uplot/dist/uPlot.min.css';
import './panel.css';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { parseHostMessage, type HostMessage } from '../src/shared/panelProtocol';
import { post, saveUi, ui } from './api';
import { ChartBox } from './chart';
import type { XAxis } from './chartData';
import { Controls } from './controls';
import { EmptyState } from './emptyState';
import { button, h } from './dom';
import { SettingsForm } from './form';
import { HiddenStateView } from './hiddenView';
import { RunsView } from './runsView';
import { SamplesView } from './samples';
import { PanelStore, type Change } from './store';
import { onThemeChange, readPalette } from './theme';
import { trainingCharts, type ChartContext } from './trainingCharts';

const TABS = ['Training', 'Runs', 'Hidden state', 'Model & training'] as const;
const TAB_RUNS = 1, TAB_FORM = 3;
/** the runs tab refreshes a live run's row and curve at most this often */
const CURVE_REFRESH_MS = 5000;
/** how often, at most, the page tells the host what it drew */
const REPORT_MS = 2000;

const store = new PanelStore();
let palette = readPalette();
let cspViolations = 0;

document.addEventListener('securitypolicyviolation', (e) => {
  cspViolations++;
  post({ type: 'error', message: `Content Security Policy blocked ${e.blockedURI || 'inline content'} (${e.violatedDirective})` });
});
window.addEventListener('error', (e) => post({ type: 'error', message: `${e.message} (${e.filename}:${e.lineno})` }));

const pngOut = (name: string, dataUrl: string) => post({ type: 'png', name: `char-rnn-${name}`, dataUrl });
const ctx: ChartContext = { store, xAxis: () => ui.xAxis, overlay: () => ui.overlay };

// --- layout -------------------------------------------------------------------------------
const form = new SettingsForm((config) => { saveUi({ draft: config }); showEmpty(); });
/** Starts a run with the form's values, or says what to fix first. */
function start(): void {
  const { config, errors } = form.value();
  if (errors.length) {
    controls.say('error', `Fix the form first: ${errors.join('; ')}`);
    selectTab(TAB_FORM);
    return;
  }
  post({ type: 'start', config });
}
const controls = new Controls(start);
const empty = new EmptyState(start, () => post({ type: 'resume' }), () => selectTab(TAB_FORM));

const xAxisGroup = h('vscode-radio-group', { 'aria-label': 'x axis' },
  ...(['step', 'chars'] as XAxis[]).map((x) => {
    const r = h('vscode-radio', { name: 'x-axis', value: x, checked: ui.xAxis === x }, x === 'step' ? 'Step' : 'Characters seen');
    r.addEventListener('change', () => { saveUi({ xAxis: x }); for (const c of [...charts, runs.chart]) c.reset(palette); });
    return r;
  }));
const chartGrid = h('div', { class: 'charts' });
const charts = trainingCharts(ctx).map((def) => new ChartBox(chartGrid, def, pngOut));
const samples = new SamplesView();
const runs = new RunsView(store, ctx, pngOut);
const hidden = new HiddenStateView();
const resetForm = button('Reset to settings', () => { saveUi({ draft: null }); if (store.config) form.set(store.config); }, { secondary: true });

const chartsView = h('div', {}, h('div', { class: 'sample-row' }, h('vscode-label', {}, 'X axis'), xAxisGroup), chartGrid);
const panels = [
  h('div', {}, empty.el, chartsView, samples.el),
  runs.el,
  hidden.el,
  h('div', {}, h('p', { class: 'caption' }, 'Start uses these values; they are checked against the same bounds as the settings. The settings themselves are not changed.'), form.el, resetForm),
];
const tabs = h('vscode-tabs', { 'selected-index': String(ui.tab) },
  ...TABS.map((t) => h('vscode-tab-header', { slot: 'header' }, t)),
  ...panels.map((p) => h('vscode-tab-panel', {}, p)));
tabs.addEventListener('vsc-tabs-select', (e) => {
  saveUi({ tab: (e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex });
  if (ui.tab === TAB_RUNS) runs.render(palette);
});

/** Before a run has steps: what to do instead of empty charts (samples stay while a model exists). */
function showEmpty(): void {
  const shown = empty.show(store.status, ui.draft ?? store.config, store.steps.length);
  chartsView.hidden = shown;
  samples.el.hidden = shown && store.status?.state === 'idle';
}

function selectTab(i: number): void {
  tabs.setAttribute('selected-index', String(i));
  saveUi({ tab: i });
}

const app = document.getElementById('app')!;
app.append(controls.el, tabs);
app.removeAttribute('aria-busy');
for (const c of charts) c.rebuild(palette);
runs.render(palette);

onThemeChange(() => {
  palette = readPalette();
  for (const c of [...charts, runs.chart]) c.rebuild(palette);
  hidden.setPalette(palette);
});

// --- messages -----------------------------------------------------------------------------
let lastCurves = 0;
let reportTimer = 0;

function changed(c: Change): void {
  switch (c) {
    case 'init':
      if (store.status) controls.show(store.status);
      form.set(ui.draft ?? store.config!);
      samples.show(null);
      hidden.show(null, palette);
      runs.render(palette);
      for (const chart of charts) chart.update();
      showEmpty();
      return;
    case 'status':
      controls.show(store.status!);
      showEmpty();
      return;
    case 'runs':
      runs.render();
      for (const chart of charts) chart.update();
      return;
    case 'metrics':
      showEmpty();
      for (const chart of charts) chart.update();
      scheduleReport();
      // the runs tab follows a live run every few seconds (its table row and its curve)
      if (ui.tab === TAB_RUNS && Date.now() - lastCurves > CURVE_REFRESH_MS) {
        lastCurves = Date.now();
        runs.render();
      }
      return;
    case 'samples':
      samples.show(store.samples);
      return;
    case 'hidden':
      hidden.show(store.hidden, palette);
      return;
    case 'curves':
      runs.chart.rebuild(palette);
      return;
    case 'notice':
      controls.say(store.notice!.level, store.notice!.message);
      return;
    case 'resync':
      // rows went missing (a message arrived while the page was not listening): start over
      post({ type: 'ready' });
      return;
    default: {
      const never: never = c;
      throw new Error(`unhandled change ${String(never)}`);
    }
  }
}

/** Tells the host what the charts show (points and inked pixels), for tests and diagnostics. */
function scheduleReport(): void {
  if (reportTimer) return;
  reportTimer = window.setTimeout(() => {
    reportTimer = 0;
    requestAnimationFrame(() => post({ type: 'drawn', report: { charts: [...charts, runs.chart].map((c) => c.report()), cspViolations } }));
  }, REPORT_MS);
}

window.addEventListener('message', (e: MessageEvent) => {
  let m: HostMessage;
  try {
    m = parseHostMessage(e.data);
  } catch (err) {
    post({ type: 'error', message: `bad message from the host: ${(err as Error).message}` });
    return;
  }
  for (const c of store.apply(m)) changed(c);
});

post({ type: 'ready' });
