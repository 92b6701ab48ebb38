// The four live charts of a run: loss, gradient norm, gradient norm through time, and learning
// rate with throughput. Each says what to draw (chartData.ts) and how (uPlot options).
import type uPlot from 'uplot';
import { axis, logSplits, shortNumber, type ChartDef } from './chart';
import { dhColumns, gradColumns, lossColumns, overlayColumns, rateColumns, type Range, type XAxis } from './chartData';
import type { PanelStore } from './store';
import { withAlpha, type Palette } from './theme';

export interface ChartContext {
  store: PanelStore;
  xAxis(): XAxis;
  /** runs shown in the overlay, in order */
  overlay(): string[];
}

const xLabel = (x: XAxis) => (x === 'step' ? 'step' : 'characters seen');
const line = (label: string, stroke: string, width = 1.5, extra: uPlot.Series = {}): uPlot.Series => ({ label, stroke, width, value: (_u, v) => (v == null ? '–' : shortNumber(v)), ...extra });
const dots = (size: number, colour: string): uPlot.Series['points'] => ({ show: true, size, width: 1, stroke: colour, fill: colour });

export function trainingCharts(c: ChartContext): ChartDef[] {
  const clip = () => c.store.run?.config.train.clip ?? 0;
  return [
    {
      id: 'loss', title: 'Loss (bits per character)', zoomable: true,
      caption: 'Training loss per step, raw and smoothed, and validation loss at each evaluation.',
      options: (p: Palette) => ({
        scales: { x: { time: false } },
        axes: [axis(p, { label: xLabel(c.xAxis()) }), axis(p, { label: 'bits/char', size: 56 })],
        series: [{ label: xLabel(c.xAxis()) }, line('raw', withAlpha(p.series[0], 0.4), 1), line('smoothed', p.series[0], 2),
          line('validation', p.series[1], 2, { spanGaps: true, points: dots(6, p.series[1]) })],
      }),
      columns: (range: Range, buckets: number) => lossColumns(c.store, c.xAxis(), range, buckets),
    },
    {
      id: 'grad', title: 'Gradient norm before clipping', zoomable: true,
      caption: 'Global gradient norm per step (log scale); the line is the clipping threshold, dots mark clipped steps.',
      options: (p: Palette) => ({
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: [axis(p, { label: xLabel(c.xAxis()) }), axis(p, { label: '‖g‖', size: 56, splits: logSplits })],
        series: [{ label: xLabel(c.xAxis()) }, line('‖g‖', p.series[2], 1),
          line('clip threshold', p.series[1], 2, { points: { show: false } }),
          line('clipped', p.series[1], 0, { paths: () => null, points: dots(5, p.series[1]) })],
      }),
      columns: (range: Range, buckets: number) => gradColumns(c.store, c.xAxis(), range, buckets, clip()),
    },
    {
      id: 'bptt', title: 'Gradient norm through time ‖dL/dh_t‖', zoomable: false,
      caption: 'Top layer, over the BPTT window (log scale): a curve falling steeply toward t = 0 is a vanishing gradient.',
      options: (p: Palette) => ({
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: [axis(p, { label: 't (position in the window)' }), axis(p, { label: '‖dL/dh_t‖', size: 56, splits: logSplits })],
        series: [{ label: 't' }, line('latest step', withAlpha(p.series[4], 0.7), 1), line('running mean', p.series[4], 2.5)],
      }),
      columns: () => dhColumns(c.store.dh),
    },
    {
      id: 'rate', title: 'Learning rate and throughput', zoomable: true,
      caption: 'Learning rate (left axis) and characters trained per second (right axis).',
      options: (p: Palette) => ({
        scales: { x: { time: false }, lr: {}, cps: {} },
        axes: [axis(p, { label: xLabel(c.xAxis()) }), axis(p, { scale: 'lr', label: 'learning rate', size: 56 }),
          axis(p, { scale: 'cps', side: 1, label: 'chars/s', size: 56, grid: { show: false } })],
        // throughput first, so the learning rate is drawn over it
        series: [{ label: xLabel(c.xAxis()) }, line('chars/s', withAlpha(p.series[3], 0.6), 1, { scale: 'cps' }), line('learning rate', p.series[5], 2.5, { scale: 'lr' })],
      }),
      columns: (range: Range, buckets: number) => rateColumns(c.store, c.xAxis(), range, buckets),
    },
  ];
}

/** The runs tab's chart: smoothed and validation loss of the chosen runs. */
export function overlayChart(c: ChartContext, label: (id: string) => string): ChartDef {
  const curves = () => c.overlay().map((id) => c.store.curves.get(id)).filter((x) => x !== undefined);
  return {
    id: 'overlay', title: 'Loss of the chosen runs (bits per character)', zoomable: true,
    caption: 'Solid: smoothed training loss; dots: validation.',
    options: (p: Palette) => ({
      scales: { x: { time: false } },
      axes: [axis(p, { label: xLabel(c.xAxis()) }), axis(p, { label: 'bits/char', size: 56 })],
      series: [{ label: xLabel(c.xAxis()) }, ...curves().flatMap((cv, i) => {
        const colour = p.series[i % p.series.length];
        return [line(label(cv.id), colour, 2, { spanGaps: true }), line(`${label(cv.id)} val`, colour, 0, { paths: () => null, points: dots(4, colour) })];
      })],
    }),
    columns: () => overlayColumns(curves(), c.xAxis()),
  };
}
