// What the Training tab shows before a run has any steps to draw: what to do, with the button
// that does it, instead of empty chart frames.
import type { PanelStatus, RunConfig } from '../src/shared/panelProtocol';
import { button, h, setDisabled } from './dom';

export class EmptyState {
  readonly el: HTMLElement;
  private readonly title: HTMLElement;
  private readonly text: HTMLElement;
  private readonly start: HTMLElement;
  private readonly resume: HTMLElement;

  /** `onStart` starts a run with the form's values; `onForm` shows the form. */
  constructor(onStart: () => void, onResume: () => void, onForm: () => void) {
    this.title = h('h2', {});
    this.text = h('p', {});
    this.start = button('Start training', onStart, { id: 'start-empty', title: 'Start a new run with the values in "Model & training"' });
    this.resume = button('Resume training', onResume, { id: 'resume-empty', title: 'Continue training the saved model' });
    this.el = h('section', { class: 'empty-state', id: 'empty-state' }, this.title, this.text,
      h('div', { class: 'actions' }, this.start, this.resume, button('Change the model first', onForm, { secondary: true })));
  }

  /** Shown when nothing is being trained and the run has no steps yet; hidden otherwise. */
  show(status: PanelStatus | null, config: RunConfig | null, steps: number): boolean {
    const busy = status?.state === 'training' || status?.state === 'reading';
    const visible = !!status && !busy && steps === 0;
    this.el.hidden = !visible;
    if (!visible) return false;
    const m = config?.model, t = config?.train;
    // an LSTM, an RNN, a GRU
    const what = m ? `${m.cell === 'gru' ? 'a' : 'an'} ${m.cell.toUpperCase()} of ${m.layers} layer${m.layers === 1 ? '' : 's'} × ${m.hidden} units` : 'a model';
    const budget = t && t.minutes > 0 ? ` for up to ${t.minutes} minutes` : '';
    if (status.state === 'idle') {
      this.title.textContent = 'No model yet';
      this.text.textContent = `Start training: ${what} learns from this workspace's source files${budget}, on your CPU, and nothing leaves the machine. ` +
        'The charts appear here as it learns; suggestions start once it has a model.';
    } else {
      this.title.textContent = 'No run in this window yet';
      this.text.textContent = `A model is saved for this workspace. Resume continues its training; Start trains ${what.replace(/^an? /, 'a new ')}${budget}. ` +
        'The charts appear here once a run has steps.';
    }
    this.resume.hidden = !status.canResume;
    setDisabled(this.start, false);
    // the primary button is the one that keeps the model, when there is one
    this.start.toggleAttribute('secondary', status.canResume);
    return true;
  }
}
