// Generated text at several temperatures side by side, with a prime box and "Sample now".
// The host refreshes them every few hundred steps while the panel is visible, and when a run
// ends. A sample of nothing but blanks says why.
import type { SampleSet } from '../src/shared/panelProtocol';
import { post, saveUi, ui } from './api';
import { button, h } from './dom';

/** "0.2, 0.5 1" -> [0.2, 0.5, 1]; throws with a message a person can act on. */
export function parseTemperatures(text: string): number[] {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  const temps = parts.map(Number);
  if (temps.length < 1 || temps.length > 8) throw new Error('give 1 to 8 temperatures, e.g. 0.2, 0.5, 1.0, 1.5');
  const bad = parts.find((p, i) => !(temps[i] >= 0 && temps[i] <= 5));
  if (bad !== undefined) throw new Error(`temperature "${bad}" must be a number from 0 (greedy) to 5`);
  return temps;
}

/** Why a sample shows nothing: at a low temperature a young model keeps drawing its likeliest
 *  character, often a space or a line break. */
export function blankNote(text: string, temperature: number): HTMLElement | null {
  if (text.trim() !== '') return null;
  const what = text === '' ? 'nothing' : `only ${text.includes('\n') ? 'line breaks and spaces' : 'spaces'}`;
  return h('p', { class: 'note' }, `The model wrote ${what} here: ${temperature <= 0.5
    ? 'at a low temperature a model early in training keeps choosing its likeliest character. Higher temperatures, or more training, give text.'
    : 'try again, or train longer.'}`);
}

export class SamplesView {
  readonly el: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly info: HTMLElement;
  private readonly error: HTMLElement;

  constructor() {
    const prime = h('vscode-textarea', { rows: '2', placeholder: 'Prime text (optional): the samples continue it', monospace: true, resize: 'vertical', 'aria-label': 'prime text' }) as HTMLElement & { value: string };
    prime.value = ui.prime;
    prime.addEventListener('input', () => saveUi({ prime: prime.value }));
    const temps = h('vscode-textfield', { 'aria-label': 'temperatures', title: 'Temperatures, separated by commas' }) as HTMLElement & { value: string };
    temps.value = ui.temperatures;
    temps.addEventListener('input', () => saveUi({ temperatures: temps.value }));
    this.error = h('div', { class: 'field-error', role: 'alert' });
    this.info = h('p', { class: 'caption' }, 'Samples appear every few hundred steps while the model trains.');
    this.grid = h('div', { class: 'samples-grid' });
    const now = button('Sample now', () => {
      try {
        const temperatures = parseTemperatures(temps.value);
        this.error.textContent = '';
        temps.removeAttribute('invalid');
        post({ type: 'sample', prime: prime.value, temperatures });
      } catch (err) {
        this.error.textContent = (err as Error).message;
        temps.setAttribute('invalid', '');
      }
    }, { id: 'sample-now' });
    this.el = h('section', { class: 'samples' },
      h('h2', {}, 'Samples'),
      h('div', { class: 'sample-controls' }, prime, h('div', { class: 'sample-row' }, h('vscode-label', {}, 'Temperatures'), temps, now)),
      this.error, this.info, this.grid);
  }

  show(s: SampleSet | null): void {
    this.grid.replaceChildren();
    if (!s) {
      this.info.textContent = 'Samples appear every few hundred steps while the model trains, and when a run ends.';
      return;
    }
    this.info.textContent = `At step ${s.step}${s.prime ? `, after "${s.prime.length > 40 ? `${s.prime.slice(0, 40)}…` : s.prime}"` : ''}. Low temperatures repeat the likeliest text; high ones take more risks.`;
    for (const item of s.items) {
      this.grid.append(h('div', { class: 'sample' },
        h('h4', {}, item.temperature === 0 ? 'greedy' : `temperature ${item.temperature}`),
        h('pre', {}, s.prime ? h('span', { class: 'prime' }, s.prime) : null, item.text),
        blankNote(item.text, item.temperature)));
    }
  }
}
