// One uPlot chart in a titled box: rebuilt on theme change (its colours are read from the theme
// when built), redrawn at most once per frame, and thinned to its width on every draw (the
// visible x range is cut into one bucket per pixel column), which follows its container's.
// Dragging across it zooms into that range, and the data is thinned again for it; a double click
// shows everything. Its legend (ours, not uPlot's, so it wraps in a narrow view) shows the values
// under the cursor, and each series' latest value when the cursor is elsewhere.
import uPlot from 'uplot';
import type { Columns, Range } from './chartData';
import type { Palette } from './theme';
import { toRgba } from './theme';

export interface ChartDef {
  id: string;
  title: string;
  caption: string;
  zoomable: boolean;
  /** uPlot options for this palette; series strokes must be colour strings */
  options(p: Palette): Omit<uPlot.Options, 'width' | 'height'>;
  /** the columns to draw for the visible range, at most about `buckets` points per series */
  columns(range: Range, buckets: number): Columns;
}

export const CHART_HEIGHT = 210;

/** Axis labels: 1234567 -> "1.23M", 0.002 -> "0.002". */
export function shortNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${+(v / 1e9).toPrecision(3)}G`;
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toPrecision(3)}k`;
  if (a !== 0 && a < 1e-3) return v.toExponential(0);
  return `${+v.toPrecision(4)}`;
}

/** Shared axis look: theme colours, grid from --vscode-charts-lines. */
export function axis(p: Palette, extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: p.foreground, font: p.font, labelFont: p.font,
    grid: { stroke: p.grid, width: 1 }, ticks: { stroke: p.grid, width: 1 },
    values: (_u, vals) => vals.map((v) => (v == null ? '' : shortNumber(v))),
    ...extra,
  };
}

/** Ticks of a log axis at 1, 2 and 5 times each power of ten: fewer lines than every integer multiple. */
export const logSplits: uPlot.Axis['splits'] = (_u, _i, min, max) => {
  const out: number[] = [];
  if (!(min > 0 && max > min)) return out;
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) { const v = m * 10 ** e; if (v >= min * 0.999 && v <= max * 1.001) out.push(v); }
  }
  return out;
};

/** The last row of a column that holds a number, or -1. */
export function lastDefined(col: readonly (number | null | undefined)[]): number {
  for (let i = col.length - 1; i >= 0; i--) if (col[i] != null && Number.isFinite(col[i])) return i;
  return -1;
}

export class ChartBox {
  readonly el: HTMLElement;
  private readonly plot: HTMLElement;
  private readonly legend: HTMLElement;
  private u?: uPlot;
  private range: Range = null;
  private points = 0;
  private frame = 0;
  private palette?: Palette;

  constructor(parent: HTMLElement, readonly def: ChartDef, onPng: (name: string, dataUrl: string) => void) {
    this.el = parent.appendChild(document.createElement('section'));
    this.el.className = 'chart';
    this.el.dataset.chart = def.id;
    const head = this.el.appendChild(document.createElement('header'));
    head.appendChild(document.createElement('h3')).textContent = def.title;
    const png = head.appendChild(document.createElement('vscode-button'));
    png.setAttribute('secondary', '');
    png.textContent = 'PNG';
    png.title = `Save "${def.title}" as a PNG image`;
    png.addEventListener('click', () => { const url = this.png(); if (url) onPng(def.id, url); });
    this.plot = this.el.appendChild(document.createElement('div'));
    this.plot.className = 'plot';
    this.legend = this.el.appendChild(document.createElement('div'));
    this.legend.className = 'legend';
    const caption = this.el.appendChild(document.createElement('p'));
    caption.className = 'caption';
    caption.textContent = def.caption + (def.zoomable ? ' Drag to zoom, double-click to see all.' : '');
    new ResizeObserver(() => this.resize()).observe(this.plot);
  }

  /** (Re)creates the chart with the theme's colours. */
  rebuild(p: Palette): void {
    this.palette = p;
    this.u?.destroy();
    this.u = undefined;
    const width = this.plot.clientWidth;
    if (width < 50) return; // hidden (another tab): built when it gets a size
    const o = this.def.options(p);
    const opts: uPlot.Options = {
      ...o, width, height: CHART_HEIGHT,
      legend: { show: false },
      cursor: { ...o.cursor, drag: { x: this.def.zoomable, y: false, setScale: false } },
      hooks: {
        ...o.hooks,
        setSelect: [(u) => {
          if (u.select.width > 4) this.zoom([u.posToVal(u.select.left, 'x'), u.posToVal(u.select.left + u.select.width, 'x')]);
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        }],
        setCursor: [(u) => this.showLegend(u)],
      },
    };
    this.u = new uPlot(opts, this.data(width) as uPlot.AlignedData, this.plot);
    this.u.over.addEventListener('dblclick', () => this.zoom(null));
    this.buildLegend(this.u);
  }

  /** One entry per series: its colour, label and value; a click hides or shows the series. */
  private buildLegend(u: uPlot): void {
    this.legend.replaceChildren();
    u.series.forEach((s, i) => {
      const item = this.legend.appendChild(document.createElement('span'));
      item.className = 'legend-item';
      if (i > 0) {
        const swatch = item.appendChild(document.createElement('span'));
        swatch.className = 'swatch';
        swatch.style.background = String(s.stroke instanceof Function ? s.stroke(u, i) : s.stroke);
        item.setAttribute('role', 'button');
        item.tabIndex = 0;
        item.title = `Show or hide "${s.label}"`;
        const toggle = () => { u.setSeries(i, { show: !u.series[i].show }); item.classList.toggle('off', !u.series[i].show); };
        item.addEventListener('click', toggle);
        item.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); } });
      }
      item.append(`${s.label ?? ''}: `);
      item.appendChild(document.createElement('b')).className = 'value';
    });
    this.showLegend(u);
  }

  /** The values under the cursor; away from the chart, each series' latest value (and its x). */
  private showLegend(u: uPlot): void {
    const idx = u.cursor.idx;
    const values = this.legend.querySelectorAll<HTMLElement>('.legend-item .value');
    const cols = u.data as unknown as (number | null)[][];
    const hovering = idx != null && idx >= 0;
    this.legend.classList.toggle('latest', !hovering);
    values.forEach((el, i) => {
      const col = cols[i] ?? [];
      // x: the cursor's, or that of the last row any series has a value in
      const at = hovering ? idx : i === 0 ? Math.max(-1, ...cols.slice(1).map((c) => lastDefined(c))) : lastDefined(col);
      const v = at >= 0 ? col[at] : null;
      el.textContent = v == null || !Number.isFinite(v) ? '–' : shortNumber(v);
    });
  }

  /** Redraws with the latest data, once per animation frame at most. */
  update(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (!this.u) { if (this.palette) this.rebuild(this.palette); return; }
      this.u.setData(this.data(this.u.width) as uPlot.AlignedData, true);
      this.showLegend(this.u);
    });
  }

  /** Shows everything again and rebuilds (after the x axis changes meaning). */
  reset(p: Palette): void {
    this.range = null;
    this.rebuild(p);
  }

  zoom(range: Range): void {
    this.range = range;
    this.update();
  }

  private data(width: number): Columns {
    const cols = this.def.columns(this.range, Math.max(16, Math.round(width)));
    this.points = cols[0].length;
    return cols;
  }

  private resize(): void {
    const width = this.plot.clientWidth;
    if (!this.u) { if (this.palette && width >= 50) this.rebuild(this.palette); return; }
    if (width >= 50 && width !== this.u.width) {
      this.u.setSize({ width, height: CHART_HEIGHT });
      this.update();
    }
  }

  /** Points drawn and pixels of the plot area in a series' colour (0 means nothing was drawn). */
  report(): { id: string; points: number; inked: number } {
    const u = this.u;
    if (!u) return { id: this.def.id, points: 0, inked: 0 };
    const colours = u.series.slice(1).map((s) => toRgba(String(s.stroke instanceof Function ? s.stroke(u, 1) : s.stroke)));
    const { left, top, width, height } = u.bbox;
    if (width < 1 || height < 1) return { id: this.def.id, points: this.points, inked: 0 };
    const px = u.ctx.getImageData(left, top, width, height).data;
    let inked = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3] < 128) continue;
      if (colours.some((c) => Math.abs(c[0] - px[i]) + Math.abs(c[1] - px[i + 1]) + Math.abs(c[2] - px[i + 2]) < 60)) inked++;
    }
    return { id: this.def.id, points: this.points, inked };
  }

  /** The chart on the theme's background with its title and legend, as a PNG data URL. */
  png(): string | undefined {
    const u = this.u, p = this.palette;
    if (!u || !p) return undefined;
    const src = u.ctx.canvas, dpr = src.width / u.width, head = Math.round(44 * dpr);
    const out = document.createElement('canvas');
    out.width = src.width;
    out.height = src.height + head;
    const g = out.getContext('2d')!;
    g.fillStyle = p.background;
    g.fillRect(0, 0, out.width, out.height);
    g.fillStyle = p.foreground;
    g.font = `bold ${Math.round(14 * dpr)}px sans-serif`;
    g.fillText(this.def.title, 8 * dpr, 18 * dpr);
    g.font = `${Math.round(12 * dpr)}px sans-serif`;
    let x = 8 * dpr;
    for (const s of u.series.slice(1)) {
      g.fillStyle = String(s.stroke instanceof Function ? s.stroke(u, 1) : s.stroke);
      g.fillRect(x, 28 * dpr, 10 * dpr, 10 * dpr);
      g.fillStyle = p.foreground;
      const label = String(s.label ?? '');
      g.fillText(label, x + 14 * dpr, 37 * dpr);
      x += g.measureText(label).width + 30 * dpr;
    }
    g.drawImage(src, 0, head);
    return out.toDataURL('image/png');
  }
}
