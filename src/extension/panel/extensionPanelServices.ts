// The training panel's view of the extension (./panelServices.ts),
// made from the extension's services: states in the panel's words, runs started through the
// same commands as the palette's.
import * as vscode from 'vscode';
import { CMD } from '../ids';
import type { PanelServices, RunStart } from './panelServices';
import type { PanelStatus } from '../../shared/panelProtocol';
import type { CharRnnServices } from '../extensionServices';
import { describeRemaining } from '../../shared/timeLeft';
import { statusView } from '../statusView';
import { bits, formatInt } from '../training/describe';
import type { TrainingState } from '../training/state';

function detail(state: TrainingState, hasModel: boolean): string {
  switch (state.kind) {
    case 'idle': return hasModel ? 'a model is saved for this workspace' : 'no model yet';
    case 'reading': return state.total ? `reading files: ${state.done} of ${state.total}` : 'reading files';
    case 'training': {
      if (state.stopping) return 'stopping: finishing the step and saving a checkpoint';
      const m = state.last;
      const left = m && state.run ? `; ${describeRemaining(state.run.train, m)}` : '';
      return m ? `step ${formatInt(m.step)}, loss ${bits(m.bitsPerChar)} bits/char${left}` : 'starting';
    }
    case 'finished': return `${state.reason === 'stopped' ? 'paused' : 'finished'} at step ${formatInt(state.step)}` +
      (state.lastEval ? `, validation ${bits(state.lastEval.valBitsPerChar)} bits/char` : '');
    case 'failed': return `training stopped: ${state.message}`;
  }
}

export function extensionPanelServices(s: CharRnnServices): PanelServices & vscode.Disposable {
  const status = (): PanelStatus => {
    const state = s.training.state, hasModel = s.model.hasModel;
    const phase = statusView(state, { hasModel, summary: s.model.summary }).phase;
    return {
      state: phase === 'stopping' ? 'training' : phase,
      detail: detail(state, hasModel),
      canResume: hasModel && !s.training.busy,
    };
  };
  const statusEmitter = new vscode.EventEmitter<PanelStatus>();
  const subs = [
    statusEmitter,
    s.training.onDidChangeState(() => statusEmitter.fire(status())),
    s.model.onDidChange(() => statusEmitter.fire(status())),
  ];
  return {
    dispose: () => subs.forEach((d) => d.dispose()),
    onDidChangeStatus: statusEmitter.event,
    onDidStartRun: (listener) => s.training.onDidStartRun((run) => listener({ config: { model: run.model, train: run.train }, resumed: run.resumed } satisfies RunStart)),
    onMetrics: (listener) => s.training.onDidMetrics(listener),
    status,
    config: () => ({ model: { ...s.settings.current.model }, train: { ...s.settings.current.train } }),
    // the run goes on after these resolve; the commands report how it ends
    start: async (config) => { void vscode.commands.executeCommand(CMD.train, { model: config.model, train: config.train }); },
    stop: async () => { void vscode.commands.executeCommand(CMD.stop); },
    resume: async () => { void vscode.commands.executeCommand(CMD.resume); },
    sample: async (prime, temperatures, length) => {
      const weights = await s.model.weights(true);
      if (!weights) throw new Error('there is no model to sample from yet: train one first');
      return s.sample(weights, { prime, temperatures, length, topP: 1, seed: (Date.now() >>> 0) });
    },
    weights: () => s.model.peekWeights(),
  };
}
