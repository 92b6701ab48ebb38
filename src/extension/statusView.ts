// What the status bar item says: a short text with a codicon, and a Markdown tooltip with the
// details. Pure (no `vscode` import): the wrapper in ./statusBar.ts only copies it over.
import type { ModelSummary } from './model/summary';
import { bits, formatDuration, formatInt } from './training/describe';
import type { TrainingState } from './training/state';

export type StatusPhase = 'idle' | 'reading' | 'training' | 'stopping' | 'ready' | 'paused' | 'error';

export interface StatusView {
  phase: StatusPhase;
  text: string;
  /** Markdown */
  tooltip: string;
}

export interface ModelFacts {
  hasModel: boolean;
  summary?: ModelSummary;
}

const CLICK = '_Click to open the training panel._';

function describeModel(s: ModelSummary | undefined): string {
  if (!s) return 'A model is saved for this workspace (details load on first use).';
  const val = s.valBitsPerChar !== undefined ? `, validation ${bits(s.valBitsPerChar)} bits/char` : '';
  return `Model: ${s.cell.toUpperCase()} ${s.layers}x${s.hidden}, vocabulary ${s.vocabSize}, step ${formatInt(s.step)}${val}.`;
}

export function statusView(state: TrainingState, model: ModelFacts): StatusView {
  // a finished run's model may have been deleted since
  if (state.kind === 'finished' && !model.hasModel) return statusView({ kind: 'idle' }, model);
  switch (state.kind) {
    case 'idle':
      return model.hasModel
        ? { phase: 'ready', text: '$(check) Char-RNN', tooltip: `**Char-RNN: ready**\n\n${describeModel(model.summary)}\n\n${CLICK}` }
        : { phase: 'idle', text: '$(circuit-board) Char-RNN', tooltip: `**Char-RNN: no model yet**\n\nRun _Char-RNN: Train Model on Workspace_ to train one on this workspace.\n\n${CLICK}` };
    case 'reading': {
      const count = state.total > 0 ? ` ${state.done}/${state.total}` : '';
      return { phase: 'reading', text: `$(loading~spin) Char-RNN: reading${count}`, tooltip: `**Char-RNN: reading the workspace's files**${count ? `\n\n${state.done} of ${state.total} files read.` : ''}\n\n${CLICK}` };
    }
    case 'training': {
      const m = state.last, e = state.lastEval;
      const rows = [
        m ? `| step | ${formatInt(m.step)} (epoch ${m.epoch}) |` : '| step | starting… |',
        m ? `| loss | ${bits(m.bitsPerChar)} bits/char (smoothed ${bits(m.smoothLoss / Math.LN2)}) |` : '',
        e ? `| validation | ${bits(e.valBitsPerChar)} bits/char at step ${formatInt(e.step)} |` : '',
        m ? `| speed | ${formatInt(m.charsPerSec)} characters/s |` : '',
        m ? `| time | ${formatDuration(m.elapsedMs)} |` : '',
        state.savedStep !== undefined ? `| checkpoint | step ${formatInt(state.savedStep)} |` : '',
      ].filter(Boolean);
      const r = state.run;
      const what = r ? `${r.model.cell.toUpperCase()} ${r.model.layers}x${r.model.hidden} on ${r.trainFiles} files\n\n` : '';
      const head = state.stopping ? 'stopping (finishing the step, saving a checkpoint)' : 'training';
      const text = state.stopping ? '$(loading~spin) Char-RNN: stopping'
        : m ? `$(sync~spin) Char-RNN ${formatInt(m.step)} · ${bits(m.bitsPerChar)} bits/char` : '$(sync~spin) Char-RNN: starting';
      return { phase: state.stopping ? 'stopping' : 'training', text, tooltip: `**Char-RNN: ${head}**\n\n${what}| | |\n|---|---|\n${rows.join('\n')}\n\n${CLICK}` };
    }
    case 'finished': {
      const val = state.lastEval ? `, validation ${bits(state.lastEval.valBitsPerChar)} bits/char` : '';
      if (state.reason === 'stopped') {
        return { phase: 'paused', text: `$(debug-pause) Char-RNN paused at ${formatInt(state.step)}`, tooltip: `**Char-RNN: paused** at step ${formatInt(state.step)}${val}.\n\n_Char-RNN: Resume Training_ continues the run.\n\n${CLICK}` };
      }
      return { phase: 'ready', text: '$(check) Char-RNN', tooltip: `**Char-RNN: ready**\n\nTrained for ${formatInt(state.step)} steps${val}.\n\n${CLICK}` };
    }
    case 'failed': {
      const kept = state.savedStep !== undefined ? `The last checkpoint (step ${formatInt(state.savedStep)}) is intact.` : '';
      return { phase: 'error', text: '$(error) Char-RNN', tooltip: `**Char-RNN: training stopped**\n\n${escapeMarkdown(state.message)}. ${kept}\n\n${CLICK}` };
    }
  }
}

function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]<>()#+\-!|]/g, '\\$&');
}
