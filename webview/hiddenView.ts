// The hidden state over the editor's selection: a heatmap of the units that vary most (rows)
// over the characters (columns), the text coloured by one chosen unit (click a row), and the
// path of the hidden state through the text on its first two principal components: one dot per
// character, coloured by the character's class (or its position), with a legend, and the
// character under the pointer named.
import type { HiddenView as View } from '../src/shared/panelProtocol';
import { post } from './api';
import { button, h } from './dom';
import { toRgba, type Palette } from './theme';

const CELL_W = 11, CELL_H = 12, LABEL_W = 44, HEAD_H = 16, PATH_H = 320;

const visible = (c: string) => (c === '\n' ? '↵' : c === '\t' ? '→' : c === ' ' ? '·' : c);

/** Kinds of characters the path's dots are coloured by, in legend order. */
export const CHAR_CLASSES = ['letter', 'digit', 'space', 'line break', 'bracket', 'punctuation'] as const;
export type CharClass = (typeof CHAR_CLASSES)[number];

export function charClass(c: string): CharClass {
  if (c === '\n' || c === '\r') return 'line break';
  if (/^\s$/u.test(c)) return 'space';
  if (/^\p{L}$/u.test(c) || c === '_' || c === '$') return 'letter';
  if (/^\p{N}$/u.test(c)) return 'digit';
  if (/^[()[\]{}<>]$/.test(c)) return 'bracket';
  return 'punctuation';
}

type ColourBy = 'class' | 'position';

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
  private readonly cue: HTMLElement;
  private readonly pathLegend: HTMLElement;
  private readonly tip: HTMLElement;
  private view: View | null = null;
  private palette?: Palette;
  private unit = 0;
  private colourBy: ColourBy = 'class';
  /** the path's dots on the canvas (CSS pixels), for hovering */
  private dots: { x: number; y: number }[] = [];
  private hover = -1;

  constructor() {
    this.heat = h('canvas', { class: 'heatmap', 'aria-label': 'hidden unit activations per character' });
    this.path = h('canvas', { class: 'pca', 'aria-label': 'hidden state path on two principal components' });
    this.cue = h('p', { class: 'scroll-cue', hidden: true });
    this.pathLegend = h('div', { class: 'path-legend' });
    this.tip = h('div', { class: 'path-tip', hidden: true, role: 'status' });
    this.path.addEventListener('mousemove', (e) => this.pointAt(e.offsetX, e.offsetY));
    this.path.addEventListener('mouseleave', () => this.pointAt(-1e9, -1e9));
    const colourBy = h('vscode-radio-group', { 'aria-label': 'colour the path by' },
      ...(['class', 'position'] as ColourBy[]).map((c) => {
        const r = h('vscode-radio', { name: 'path-colour', value: c, checked: c === this.colourBy }, c === 'class' ? 'Character class' : 'Position in the text');
        r.addEventListener('change', () => { this.colourBy = c; this.draw(); });
        return r;
      }));
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
      this.cue,
      h('h3', {}, 'Text coloured by one unit (click a row above)'),
      this.text,
      h('h3', {}, 'Path of the hidden state (PCA)'),
      h('p', { class: 'caption' }, 'The hidden state after each character, projected on its two principal components: one dot per character, ' +
        'from the ring (first) to the square (last). Characters of a kind that land together are states the model tells apart. Point at a dot to see its character.'),
      h('div', { class: 'path-controls' }, h('vscode-label', {}, 'Colour by'), colourBy),
      this.pathLegend,
      h('div', { class: 'path-wrap' }, this.path, this.tip));
    new ResizeObserver(() => this.draw()).observe(this.el);
  }

  show(view: View | null, p: Palette): void {
    this.view = view;
    this.palette = p;
    this.unit = 0;
    this.hover = -1;
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
    if (!v || !p) {
      if (!v) this.clear();
      return;
    }
    const n = v.chars.length, k = v.units.length;
    this.info.textContent = `${n} characters, ${k} of ${v.hidden} units of the top layer (those that vary most over the text). Blue: negative, red: positive.`;
    const neg = toRgba(p.series[0]), pos = toRgba(p.series[1]);

    const dpr = window.devicePixelRatio || 1;
    const W = LABEL_W + n * CELL_W, H = HEAD_H + k * CELL_H;
    const g = sized(this.heat, W, H, dpr);
    const box = this.heat.parentElement!;
    this.cue.hidden = W <= box.clientWidth + 1;
    this.cue.textContent = `Scroll sideways for all ${n} characters →`;
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
    this.drawPath(v, p, dpr);
  }

  /** No view (none asked for yet, or its model was deleted): nothing drawn, the hint shown. */
  private clear(): void {
    for (const c of [this.heat, this.path]) sized(c, 0, 0, 1);
    this.text.replaceChildren();
    this.pathLegend.replaceChildren();
    this.cue.hidden = this.tip.hidden = true;
    this.dots = [];
    this.info.textContent = 'Select some text in an editor (a few lines of code), then press the button.';
  }

  /** The colour of character t's dot: its class's, or a blend from first to last. */
  private colourOf(v: View, p: Palette, t: number): string {
    if (this.colourBy === 'class') return p.series[CHAR_CLASSES.indexOf(charClass(v.chars[t]))];
    const a = toRgba(p.series[0]), b = toRgba(p.series[1]), f = t / Math.max(1, v.chars.length - 1);
    return `rgb(${[0, 1, 2].map((i) => Math.round(a[i] + f * (b[i] - a[i]))).join(', ')})`;
  }

  private drawPath(v: View, p: Palette, dpr: number): void {
    const n = v.chars.length, W = Math.max(200, this.el.clientWidth - 8), H = Math.min(PATH_H, Math.round(W * 0.9)), m = 28;
    const g = sized(this.path, W, H, dpr);
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let t = 0; t < n; t++) {
      x0 = Math.min(x0, v.path[2 * t]); x1 = Math.max(x1, v.path[2 * t]);
      y0 = Math.min(y0, v.path[2 * t + 1]); y1 = Math.max(y1, v.path[2 * t + 1]);
    }
    const sx = (x: number) => m + ((x - x0) / (x1 - x0 || 1)) * (W - 2 * m);
    const sy = (y: number) => H - m - ((y - y0) / (y1 - y0 || 1)) * (H - 2 * m);
    this.dots = Array.from({ length: n }, (_, t) => ({ x: sx(v.path[2 * t]), y: sy(v.path[2 * t + 1]) }));
    g.strokeStyle = p.grid;
    g.strokeRect(m, m, W - 2 * m, H - 2 * m);
    g.fillStyle = p.muted;
    g.font = p.font;
    g.fillText(`PC1 (${(100 * v.explained[0]).toFixed(0)}% of variance) →`, m, H - 8);
    g.save();
    g.translate(14, H - m);
    g.rotate(-Math.PI / 2);
    g.fillText(`PC2 (${(100 * v.explained[1]).toFixed(0)}%) →`, 0, 0);
    g.restore();
    // the order of the text: a faint line under the dots
    g.strokeStyle = p.grid;
    g.lineWidth = 1;
    g.beginPath();
    this.dots.forEach((d, t) => (t === 0 ? g.moveTo(d.x, d.y) : g.lineTo(d.x, d.y)));
    g.stroke();
    this.dots.forEach((d, t) => {
      g.fillStyle = this.colourOf(v, p, t);
      g.beginPath();
      g.arc(d.x, d.y, t === this.hover ? 5 : 3, 0, 2 * Math.PI);
      g.fill();
    });
    // first (ring) and last (square) character
    g.strokeStyle = p.foreground;
    g.lineWidth = 1.5;
    g.beginPath();
    g.arc(this.dots[0].x, this.dots[0].y, 7, 0, 2 * Math.PI);
    g.stroke();
    g.strokeRect(this.dots[n - 1].x - 6, this.dots[n - 1].y - 6, 12, 12);
    if (this.hover >= 0 && this.hover < n) {
      g.beginPath();
      g.arc(this.dots[this.hover].x, this.dots[this.hover].y, 8, 0, 2 * Math.PI);
      g.stroke();
    }
    this.drawLegend(v, p);
  }

  private drawLegend(v: View, p: Palette): void {
    const swatch = (colour: string) => { const s = h('span', { class: 'swatch' }); s.style.background = colour; return s; };
    if (this.colourBy === 'position') {
      this.pathLegend.replaceChildren(h('span', {}, swatch(this.colourOf(v, p, 0)), 'first character'), h('span', {}, '→'),
        h('span', {}, swatch(this.colourOf(v, p, v.chars.length - 1)), 'last character'));
      return;
    }
    const counts = new Map<CharClass, number>();
    for (const c of v.chars) counts.set(charClass(c), (counts.get(charClass(c)) ?? 0) + 1);
    this.pathLegend.replaceChildren(...CHAR_CLASSES.filter((k) => counts.has(k)).map((k) =>
      h('span', {}, swatch(p.series[CHAR_CLASSES.indexOf(k)]), `${k} (${counts.get(k)})`)));
  }

  /** Names the character whose dot is nearest the pointer (within 12 px). */
  private pointAt(x: number, y: number): void {
    let best = -1, bestD = 144;
    this.dots.forEach((d, t) => { const dd = (d.x - x) ** 2 + (d.y - y) ** 2; if (dd < bestD) { bestD = dd; best = t; } });
    if (best === this.hover) return;
    this.hover = best;
    const v = this.view;
    this.tip.hidden = best < 0 || !v;
    if (best >= 0 && v) {
      const c = v.chars[best], before = v.chars.slice(Math.max(0, best - 12), best).map(visible).join('');
      this.tip.textContent = `#${best} "${visible(c)}" (${charClass(c)}) after …${before}`;
      const d = this.dots[best], right = d.x > this.path.clientWidth / 2;
      this.tip.style.left = right ? '' : `${d.x + 10}px`;
      this.tip.style.right = right ? `${this.path.clientWidth - d.x + 10}px` : '';
      this.tip.style.top = `${Math.max(0, d.y - 28)}px`;
    }
    if (v && this.palette) this.drawPath(v, this.palette, window.devicePixelRatio || 1);
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
