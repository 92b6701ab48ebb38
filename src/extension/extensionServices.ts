// What the extension's parts share, handed to the commands, the inline completions and the
// training panel at activation: settings, training, the model, the log, and sampling and
// evaluation in a worker thread.
import * as vscode from 'vscode';
import type { StoredMix } from '../core/checkpoint';
import type { CorpusFile } from '../core/corpus';
import type { SettingsService } from './settingsService';
import type { ModelStore } from './model/store';
import type { Notifier } from './notifier';
import type { ModelWeights } from '../core/weights';
import type { SampleRequest } from '../core/sample';
import type { EvaluationResult } from './training/protocol';
import type { TrainingService } from './training/service';
import { runJob } from './training/workerClient';

/** Heap for one-shot jobs: the weights live outside it; the texts of an evaluation inside. */
const JOB_HEAP_MB = 512;
/** room for the text of a mixture's memory, decoded and encoded again (its tables live outside the heap) */
const memoryHeap = (mix: StoredMix | undefined) => (mix ? Math.ceil((8 * mix.text.length) / 2 ** 20) : 0);

export class CharRnnServices {
  constructor(
    readonly settings: SettingsService,
    readonly training: TrainingService,
    /** the model: `weights()` loads it on first use; `onDidChange` fires on any change */
    readonly model: ModelStore,
    readonly log: vscode.LogOutputChannel,
    readonly notifier: Notifier,
    private readonly workerScript: string,
  ) {}

  /** Texts sampled from `weights` (and the model's memory of the repository, when it has one
   *  for them) in one worker thread, one per requested temperature; a cancelled token ends the worker. */
  async sample(weights: ModelWeights, request: SampleRequest, token?: vscode.CancellationToken): Promise<string[]> {
    // while a run trains, the panel samples every few seconds: rebuilding a memory each time
    // would take the trainer's CPU, so they show the network alone until the run ends
    const mix = this.training.state.kind === 'training' ? undefined : await this.model.memoryOf(weights);
    const answer = await runJob(this.workerScript, { type: 'sample', weights, request, mix }, 'sampled', JOB_HEAP_MB + memoryHeap(mix), (stop) => token?.onCancellationRequested(stop));
    return answer.texts;
  }

  /** Bits per character of `weights` over `files`, in a worker thread. */
  async evaluate(weights: ModelWeights, files: CorpusFile[], token?: vscode.CancellationToken): Promise<EvaluationResult> {
    const mix = await this.model.memoryOf(weights);
    const heap = JOB_HEAP_MB + memoryHeap(mix) + Math.ceil((4 * files.reduce((n, f) => n + f.text.length, 0)) / 2 ** 20);
    const answer = await runJob(this.workerScript, { type: 'evaluate', weights, files, mix }, 'evaluated', heap, (stop) => token?.onCancellationRequested(stop));
    return answer.result;
  }
}

