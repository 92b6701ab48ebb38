// What the status bar item says: a short text with a codicon, a Markdown tooltip with the
// details, and what a click does (Train when there is no model, else the training panel).
// Pure (no `vscode` import): the wrapper in ./statusBar.ts only copies it over.
import { describeRemaining } from '../shared/timeLeft';
import { CMD } from './ids';
import type { ModelSummary } from './model/summary';
import { expectation } from './readiness';
import { bits, formatDuration, formatInt } from './training/describe';
import type { TrainingState } from './training/state';

export type StatusPhase = 'idle' | 'reading' | 'training' | 'stopping' | 'ready' | 'paused' | 'error';

export interface StatusView {
  phase: StatusPhase;
  text: string;
  /** Markdown */
  tooltip: string;
  command: typeof CMD.train | typeof CMD.showPanel;
}

export interface ModelFacts {
  hasModel: boolean;
  summary?: ModelSummary;
}

const CLICK = '_Click to open the training panel._';
const panel = CMD.showPanel;

function describeModel(s: ModelSummary | undefined): string {
  if (!s) return 'A model is saved for this workspace (details load on first use).';
  const val = s.valBitsPerChar !== undefined ? `, validation ${bits(s.valBitsPerChar)} bits/char` : '';
  return `Model: ${s.cell.toUpperCase()} ${s.layers}x${s.hidden}, vocabulary ${s.vocabSize}, step ${formatInt(s.step)}${val}.`;
}

export function statusView(state: TrainingState, model: ModelFacts): StatusView {
  // a finished run's model may have been deleted since
  if (state.kind === 'finished' && !model.hasModel) return statusView({ kind: 'idle' }, model);
  switch (state.kind) {
    case 'idle': {
      if (!model.hasModel) {
        const tooltip = '**Char-RNN: no model yet**\n\nClick to train one on the files of this workspace: on your CPU, in the background, nothing leaves the machine. The training panel shows it learn.';
        return { phase: 'idle', text: '$(play) Char-RNN: Train', tooltip, command: CMD.train };
      }
      const s = model.summary;
      const expect = s ? `\n\n${expectation(s.valBitsPerChar, false)}` : '';
      return { phase: 'ready', text: '$(check) Char-RNN', tooltip: `**Char-RNN: ready**\n\n${describeModel(s)}${expect}\n\n${CLICK}`, command: panel };
    }
    case 'reading': {
      const count = state.total > 0 ? ` ${state.done}/${state.total}` : '';
      return { phase: 'reading', text: `$(loading~spin) Char-RNN: reading${count}`, tooltip: `**Char-RNN: reading the workspace's files**${count ? `\n\n${state.done} of ${state.total} files read.` : ''}\n\n${CLICK}`, command: panel };
    }
    case 'training': {
      const m = state.last, e = state.lastEval;
      const rows = [
        m ? `| step | ${formatInt(m.step)} (epoch ${m.epoch}) |` : '| step | starting… |',
        m ? `| loss | ${bits(m.bitsPerChar)} bits/char (smoothed ${bits(m.smoothLoss / Math.LN2)}) |` : '',
        e ? `| validation | ${bits(e.valBitsPerChar)} bits/char at step ${formatInt(e.step)} |` : '',
        m ? `| speed | ${formatInt(m.charsPerSec)} characters/s |` : '',
        m ? `| time | ${formatDuration(m.elapsedMs)}${state.run ? `, ${describeRemaining(state.run.train, m)}` : ''} |` : '',
        state.savedStep !== undefined ? `| checkpoint | step ${formatInt(state.savedStep)} |` : '',
      ].filter(Boolean);
      const r = state.run;
      const what = r ? `${r.model.cell.toUpperCase()} ${r.model.layers}x${r.model.hidden} on ${r.trainFiles} files\n\n` : '';
      const head = state.stopping ? 'stopping (finishing the step, saving a checkpoint)' : 'training';
      const text = state.stopping ? '$(loading~spin) Char-RNN: stopping'
        : m ? `$(sync~spin) Char-RNN ${formatInt(m.step)} · ${bits(m.bitsPerChar)} bits/char` : '$(sync~spin) Char-RNN: starting';
      const expect = `\n\n${expectation(e?.valBitsPerChar, true)}`;
      return { phase: state.stopping ? 'stopping' : 'training', text, tooltip: `**Char-RNN: ${head}**\n\n${what}| | |\n|---|---|\n${rows.join('\n')}${expect}\n\n${CLICK}`, command: panel };
    }
    case 'finished': {
      const val = state.lastEval ? `, validation ${bits(state.lastEval.valBitsPerChar)} bits/char` : '';
      const expect = expectation(state.lastEval?.valBitsPerChar ?? model.summary?.valBitsPerChar, false);
      if (state.reason === 'stopped') {
        return {
          phase: 'paused', text: `$(debug-pause) Char-RNN paused at ${formatInt(state.step)}`, command: panel,
          tooltip: `**Char-RNN: paused** at step ${formatInt(state.step)}${val}.\n\n${expect}\n\n_Char-RNN: Resume Training_ continues the run.\n\n${CLICK}`,
        };
      }
      return { phase: 'ready', text: '$(check) Char-RNN', tooltip: `**Char-RNN: ready**\n\nTrained for ${formatInt(state.step)} steps${val}.\n\n${expect}\n\n${CLICK}`, command: panel };
    }
    case 'failed': {
      const kept = state.savedStep !== undefined ? `The last checkpoint (step ${formatInt(state.savedStep)}) is intact.` : '';
      return { phase: 'error', text: '$(error) Char-RNN', tooltip: `**Char-RNN: training stopped**\n\n${escapeMarkdown(state.message)}. ${kept}\n\n${CLICK}`, command: panel };
    }
  }
}

function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]<>()#+\-!|]/g, '\\$&');
}
