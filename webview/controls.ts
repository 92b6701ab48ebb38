// The panel's top bar: the training state, start / stop / resume, and the last notice.
import type { PanelStatus } from '../src/shared/panelProtocol';
import { post } from './api';
import { button, h, setDisabled } from './dom';

const STATE_LABEL: Record<PanelStatus['state'], string> = {
  idle: 'Idle', reading: 'Reading files', training: 'Training', paused: 'Paused', ready: 'Model ready', error: 'Failed',
};

export class Controls {
  readonly el: HTMLElement;
  private readonly state: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly start: HTMLElement;
  private readonly stop: HTMLElement;
  private readonly resume: HTMLElement;

  /** `onStart` checks the form and sends the start message (or explains what is wrong). */
  constructor(onStart: () => void) {
    this.state = h('vscode-badge', { id: 'state' }, '…');
    this.detail = h('span', { class: 'detail', id: 'state-detail' });
    this.notice = h('div', { class: 'notice', role: 'status', 'aria-live': 'polite' });
    this.start = button('Start', onStart, { id: 'start', title: 'Start a new run with the values in "Model & training"' });
    this.stop = button('Stop', () => post({ type: 'stop' }), { id: 'stop', secondary: true, title: 'Stop training (the checkpoint is kept; closing this panel does not stop it)' });
    this.resume = button('Resume', () => post({ type: 'resume' }), { id: 'resume', secondary: true, title: 'Continue training the saved model' });
    this.el = h('header', { class: 'topbar' },
      h('div', { class: 'status' }, this.state, this.detail),
      h('div', { class: 'actions' }, this.start, this.stop, this.resume),
      this.notice);
  }

  show(s: PanelStatus): void {
    this.state.textContent = STATE_LABEL[s.state];
    this.state.dataset.state = s.state;
    this.detail.textContent = s.detail;
    const busy = s.state === 'training' || s.state === 'reading';
    setDisabled(this.start, busy);
    setDisabled(this.stop, !busy);
    setDisabled(this.resume, busy || !s.canResume);
  }

  say(level: 'info' | 'error', message: string): void {
    this.notice.textContent = message;
    this.notice.dataset.level = level;
  }
}
