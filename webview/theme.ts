// Chart colours from the VS Code theme (--vscode-* variables), read when a chart is drawn and
// again whenever the theme changes (VS Code swaps the body's class and the variables).

export interface Palette {
  foreground: string;
  muted: string;
  background: string;
  grid: string;
  /** distinct series colours, in order of use */
  series: string[];
  font: string;
  kind: 'light' | 'dark' | 'high-contrast';
}

const FALLBACK_SERIES = ['#3794ff', '#f14c4c', '#cca700', '#d18616', '#89d185', '#b180d7'];

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim() || getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

export function readPalette(): Palette {
  const body = document.body.classList;
  const kind = body.contains('vscode-high-contrast') || body.contains('vscode-high-contrast-light') ? 'high-contrast' : body.contains('vscode-light') ? 'light' : 'dark';
  const names = ['blue', 'red', 'yellow', 'orange', 'green', 'purple'];
  const size = cssVar('--vscode-font-size', '13px');
  return {
    foreground: cssVar('--vscode-charts-foreground', cssVar('--vscode-foreground', kind === 'light' ? '#333' : '#ccc')),
    muted: cssVar('--vscode-descriptionForeground', kind === 'light' ? '#717171' : '#9d9d9d'),
    background: cssVar('--vscode-editor-background', kind === 'light' ? '#fff' : '#1e1e1e'),
    grid: cssVar('--vscode-charts-lines', kind === 'light' ? 'rgba(0,0,0,0.12)' : 'rgba(255,255,255,0.12)'),
    series: names.map((n, i) => cssVar(`--vscode-charts-${n}`, FALLBACK_SERIES[i])),
    font: `${size} ${cssVar('--vscode-font-family', 'sans-serif')}`,
    kind,
  };
}

/** Calls `changed` after each theme change; returns a function that stops watching. */
export function onThemeChange(changed: () => void): () => void {
  let pending = 0;
  const fire = () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(changed);
  };
  const observer = new MutationObserver(fire);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}

let probe: CanvasRenderingContext2D | null = null;

/** [r, g, b, a] (0..255) of any CSS colour, through a 1x1 canvas. */
export function toRgba(css: string): [number, number, number, number] {
  probe ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (!probe) return [0, 0, 0, 0];
  probe.clearRect(0, 0, 1, 1);
  probe.fillStyle = css;
  probe.fillRect(0, 0, 1, 1);
  const d = probe.getImageData(0, 0, 1, 1).data;
  return [d[0], d[1], d[2], d[3]];
}

/** The colour with its alpha replaced, e.g. for the raw loss drawn under the smoothed one. */
export function withAlpha(css: string, alpha: number): string {
  const [r, g, b] = toRgba(css);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
