// Train Model on Workspace, Stop Training, Resume Training.
//
// Arguments (optional; for tests and for other features):
//   charRnn.train  { steps?, minutes?, model?: Partial<ModelConfig>, train?: Partial<TrainConfig>, silent? }
//   charRnn.resume { steps?, minutes?, silent? }   steps/minutes: how much further, when the run's budget is spent
//   both, outside production mode only: { timing?: Partial<Timing>, fault?: Fault, heapMb? }
// `silent` skips confirmations and notifications (they are still logged). Each resolves with the
// run's outcome once the run has ended.
import * as vscode from 'vscode';
import type { ModelConfig, TrainConfig } from '../../core/config';
import { CheckpointError } from '../../core/checkpoint';
import { readRunState } from '../../core/runState';
import { tooLarge } from '../restricted';
import { CMD } from '../ids';
import { readSavedRun, resumeBudget } from '../model/summary';
import type { CharRnnServices } from '../extensionServices';
import type { Fault, Timing } from '../training/protocol';
import type { RunOutcome } from '../training/state';
import type { RunRequest } from '../training/service';

export interface TrainArgs {
  steps?: number;
  minutes?: number;
  model?: Partial<ModelConfig>;
  train?: Partial<TrainConfig>;
  silent?: boolean;
  timing?: Partial<Timing>;
  fault?: Fault;
  heapMb?: number;
}

export type CommandOutcome = RunOutcome | { result: 'no-model' | 'declined' };

export function registerTrainingCommands(context: vscode.ExtensionContext, s: CharRnnServices, testing: boolean): void {
  /** The test-only options, dropped in production. */
  const testOptions = (a: TrainArgs): Partial<RunRequest> => (testing ? { timing: a.timing, fault: a.fault, heapMb: a.heapMb } : {});
  const budget = (a: TrainArgs): Partial<TrainConfig> => ({
    ...(a.steps !== undefined ? { steps: a.steps } : {}), ...(a.minutes !== undefined ? { minutes: a.minutes } : {}),
  });

  /** The checks every run needs first; a message when one fails. */
  async function ready(silent?: boolean): Promise<CommandOutcome | undefined> {
    if (!vscode.workspace.workspaceFolders?.length) {
      const a = await s.notifier.info('Char-RNN trains on the files of the open folder: open a folder first.', { silent, actions: ['Open Folder'] });
      if (a === 'Open Folder') void vscode.commands.executeCommand('workbench.action.files.openFolder');
      return { result: 'no-folder' };
    }
    if (s.training.busy) {
      void s.notifier.info('Char-RNN is already training: stop it first.', { silent });
      return { result: 'busy' };
    }
    return undefined;
  }

  async function report(outcome: RunOutcome, silent?: boolean): Promise<RunOutcome> {
    if (outcome.result === 'no-files') {
      const a = await s.notifier.warn(
        'Char-RNN found no files to train on: no readable source file matches charRnn.training.include. The Char-RNN output lists the files it skipped.',
        { silent, actions: ['Show Output', 'Open Settings'] },
      );
      if (a === 'Show Output') s.log.show(true);
      if (a === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'charRnn.training');
    }
    return outcome;
  }

  async function train(a: TrainArgs = {}): Promise<CommandOutcome> {
    const blocked = await ready(a.silent);
    if (blocked) return blocked;
    if (s.model.hasModel && !a.silent) {
      // the first button is the default (Enter): the one that loses nothing
      const choice = await s.notifier.warn('Train a new model? It replaces the model trained on this workspace.', {
        modal: true, actions: ['Resume Instead', 'Train New Model'],
      });
      if (choice === 'Resume Instead') return resume({ steps: a.steps, minutes: a.minutes });
      if (choice !== 'Train New Model') return { result: 'declined' };
    }
    const cfg = s.settings.current;
    // the saved model stays until the new one scores not much worse on the same held-out files
    const previous = s.model.saved ? await s.model.checkpoint(true) : undefined;
    return report(await s.training.run({
      corpus: cfg.corpus, model: { ...cfg.model, ...a.model }, train: { ...cfg.train, ...a.train, ...budget(a) }, previous, silent: a.silent, ...testOptions(a),
    }), a.silent);
  }

  async function resume(a: TrainArgs = {}): Promise<CommandOutcome> {
    const blocked = await ready(a.silent);
    if (blocked) return blocked;
    const ck = await s.model.checkpoint(a.silent);
    if (!ck) {
      // a file that exists but cannot be used has been reported by the store
      if (!s.model.saved) void s.notifier.info('Char-RNN has no saved model to resume: train one first.', { silent: a.silent });
      return { result: 'no-model' };
    }
    const cfg = s.settings.current;
    const saved = readSavedRun(ck);
    const more = { ...cfg.train, ...budget(a) };
    // a checkpoint without the trainer's state (imported from elsewhere) starts a new run from its weights
    // a broken or hostile training state, or a run larger than the settings allow, is refused
    // here in words, before a worker starts
    let why: string | undefined;
    try {
      if (saved) readRunState(ck);
      why = tooLarge(ck, s.settings.restricted);
    } catch (err) {
      if (!(err instanceof CheckpointError)) throw err;
      why = err.message;
    }
    if (why) {
      const message = `Char-RNN cannot resume the saved model: ${why}. Train Model on Workspace starts a new run.`;
      void s.notifier.error(message, { silent: a.silent });
      return { result: 'failed', message };
    }
    const request: RunRequest = saved
      ? { corpus: cfg.corpus, model: {}, train: resumeBudget(saved, more), resume: ck, previous: ck }
      : { corpus: cfg.corpus, model: { ...cfg.model }, train: more, init: ck, previous: ck };
    return report(await s.training.run({ ...request, silent: a.silent, ...testOptions(a) }), a.silent);
  }

  context.subscriptions.push(
    vscode.commands.registerCommand(CMD.train, train),
    vscode.commands.registerCommand(CMD.resume, resume),
    vscode.commands.registerCommand(CMD.stop, async (a: { silent?: boolean } = {}) => {
      if (!s.training.busy) {
        void s.notifier.info('Char-RNN is not training.', { silent: a.silent });
        return undefined;
      }
      return s.training.stop();
    }),
  );
}
