// The hidden state over the editor's selection: a heatmap of the units that vary most (rows)
// over the characters (columns), the text coloured by one chosen unit (click a row), and the
// path of the hidden state through the text on its first two principal components.
import type { HiddenView as View } from '../src/shared/panelProtocol';
import { post } from './api';
import { button, h } from './dom';
import { toRgba, type Palette } from './theme';

const CELL_W = 11, CELL_H = 12, LABEL_W = 44, HEAD_H = 16, PATH_H = 320;

const visible = (c: string) => (c === '\n' ? '↵' : c === '\t' ? '→' : c === ' ' ? '·' : c);

/** rgba for activation v in [-1, 1]: one colour for negative, another for positive, alpha |v|. */
function shade(neg: number[], pos: number[], v: number): string {
  const c = v < 0 ? neg : pos, a = Math.min(1, Math.abs(v));
  return `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${a.toFixed(3)})`;
}

export class HiddenStateView {
  readonly el: HTMLElement;
  private readonly heat: HTMLCanvasElement;
  private readonly path: HTMLCanvasElement;
  private readonly info: HTMLElement;
  private readonly text: HTMLElement;
  private view: View | null = null;
  private palette?: Palette;
  private unit = 0;

  constructor() {
    this.heat = h('canvas', { class: 'heatmap', 'aria-label': 'hidden unit activations per character' });
    this.path = h('canvas', { class: 'pca', 'aria-label': 'hidden state path on two principal components' });
    this.info = h('p', { class: 'caption' }, 'Select some text in an editor (a few lines of code), then press the button.');
    this.text = h('pre', { class: 'unit-text' });
    this.heat.addEventListener('mousemove', (e) => { this.heat.title = this.describe(e.offsetX, e.offsetY); });
    this.heat.addEventListener('click', (e) => {
      const row = Math.floor((e.offsetY - HEAD_H) / CELL_H);
      if (this.view && row >= 0 && row < this.view.units.length) { this.unit = row; this.draw(); }
    });
    this.el = h('section', { class: 'hidden-view' },
      h('div', { class: 'sample-row' }, button('Show hidden state of the selection', () => post({ type: 'hidden' }), { id: 'hidden-show' })),
      this.info,
      h('h3', {}, 'Most active units'),
      h('div', { class: 'scroll-x' }, this.heat),
      h('h3', {}, 'Text coloured by one unit (click a row above)'),
      this.text,
      h('h3', {}, 'Path of the hidden state (PCA)'),
      h('p', { class: 'caption' }, 'The hidden state after each character, projected on its two principal components: from the circle (first character) to the square (last).'),
      this.path);
    new ResizeObserver(() => this.draw()).observe(this.el);
  }

  show(view: View | null, p: Palette): void {
    this.view = view;
    this.palette = p;
    this.unit = 0;
    this.draw();
  }

  setPalette(p: Palette): void {
    this.palette = p;
    this.draw();
  }

  private describe(x: number, y: number): string {
    const v = this.view, t = Math.floor((x - LABEL_W) / CELL_W), r = Math.floor((y - HEAD_H) / CELL_H);
    if (!v || t < 0 || t >= v.chars.length || r < 0 || r >= v.units.length) return '';
    return `unit ${v.units[r]}, character ${t} "${visible(v.chars[t])}": ${v.values[r * v.chars.length + t].toFixed(3)}`;
  }

  private draw(): void {
    const v = this.view, p = this.palette;
    if (!v || !p) return;
    const n = v.chars.length, k = v.units.length;
    this.info.textContent = `${n} characters, ${k} of ${v.hidden} units of the top layer (those that vary most over the text). Blue: negative, red: positive.`;
    const neg = toRgba(p.series[0]), pos = toRgba(p.series[1]);

    const dpr = window.devicePixelRatio || 1;
    const W = LABEL_W + n * CELL_W, H = HEAD_H + k * CELL_H;
    const g = sized(this.heat, W, H, dpr);
    g.font = `10px ${p.font.split(' ').slice(1).join(' ') || 'monospace'}`;
    g.textAlign = 'center';
    g.fillStyle = p.foreground;
    for (let t = 0; t < n; t++) g.fillText(visible(v.chars[t]), LABEL_W + t * CELL_W + CELL_W / 2, 11);
    g.textAlign = 'right';
    for (let r = 0; r < k; r++) {
      g.fillStyle = r === this.unit ? p.series[2] : p.muted;
      g.fillText(`#${v.units[r]}`, LABEL_W - 4, HEAD_H + r * CELL_H + 10);
      for (let t = 0; t < n; t++) {
        g.fillStyle = shade(neg, pos, v.values[r * n + t]);
        g.fillRect(LABEL_W + t * CELL_W, HEAD_H + r * CELL_H, CELL_W - 1, CELL_H - 1);
      }
    }

    this.text.replaceChildren(...v.chars.map((c, t) => {
      const span = h('span', { title: `unit ${v.units[this.unit]}: ${v.values[this.unit * n + t].toFixed(3)}` }, c);
      // lighter than the heatmap, so the text stays readable on it
      span.style.backgroundColor = shade(neg, pos, 0.6 * v.values[this.unit * n + t]);
      return span;
    }));
    this.drawPath(v, p, neg, pos, dpr);
  }

  private drawPath(v: View, p: Palette, neg: number[], pos: number[], dpr: number): void {
    const n = v.chars.length, W = Math.max(200, this.el.clientWidth - 8), H = PATH_H, m = 36;
    const g = sized(this.path, W, H, dpr);
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let t = 0; t < n; t++) {
      x0 = Math.min(x0, v.path[2 * t]); x1 = Math.max(x1, v.path[2 * t]);
      y0 = Math.min(y0, v.path[2 * t + 1]); y1 = Math.max(y1, v.path[2 * t + 1]);
    }
    const sx = (x: number) => m + ((x - x0) / (x1 - x0 || 1)) * (W - 2 * m);
    const sy = (y: number) => H - m - ((y - y0) / (y1 - y0 || 1)) * (H - 2 * m);
    g.strokeStyle = p.grid;
    g.strokeRect(m, m, W - 2 * m, H - 2 * m);
    g.fillStyle = p.muted;
    g.font = p.font;
    g.fillText(`PC1 (${(100 * v.explained[0]).toFixed(0)}% of variance) →`, m, H - 10);
    g.save();
    g.translate(14, H - m);
    g.rotate(-Math.PI / 2);
    g.fillText(`PC2 (${(100 * v.explained[1]).toFixed(0)}%) →`, 0, 0);
    g.restore();
    // the path fades from the first colour to the second as the text goes on
    for (let t = 1; t < n; t++) {
      const f = t / Math.max(1, n - 1);
      g.strokeStyle = `rgba(${neg.slice(0, 3).map((c, i) => Math.round(c + f * (pos[i] - c))).join(',')}, 0.7)`;
      g.lineWidth = 1;
      g.beginPath();
      g.moveTo(sx(v.path[2 * t - 2]), sy(v.path[2 * t - 1]));
      g.lineTo(sx(v.path[2 * t]), sy(v.path[2 * t + 1]));
      g.stroke();
    }
    // start (circle) and end (square) of the text
    g.fillStyle = p.series[0];
    g.beginPath();
    g.arc(sx(v.path[0]), sy(v.path[1]), 4, 0, 2 * Math.PI);
    g.fill();
    g.fillStyle = p.series[1];
    g.fillRect(sx(v.path[2 * n - 2]) - 4, sy(v.path[2 * n - 1]) - 4, 8, 8);
    const every = Math.max(1, Math.ceil(n / 60));
    g.fillStyle = p.foreground;
    g.font = '11px monospace';
    for (let t = 0; t < n; t += every) g.fillText(visible(v.chars[t]), sx(v.path[2 * t]) + 3, sy(v.path[2 * t + 1]) - 3);
  }
}

/** Sizes a canvas to W x H CSS pixels at the screen's density and returns its cleared context. */
function sized(c: HTMLCanvasElement, W: number, H: number, dpr: number): CanvasRenderingContext2D {
  c.width = Math.round(W * dpr);
  c.height = Math.round(H * dpr);
  c.style.width = `${W}px`;
  c.style.height = `${H}px`;
  const g = c.getContext('2d')!;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, W, H);
  return g;
}
