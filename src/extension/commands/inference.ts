// Sample Text… and Evaluate Model on Workspace: both run in a worker thread on the latest
// weights (published by a running training, else the saved checkpoint). A sample opens in a new
// editor, in the language of the code (./sampleLanguage.ts).
//
// Arguments (optional; for tests):
//   sample   { prime?, temperature?, length?, seed?, silent? } -> the sampled text (without the prime)
//   evaluate { files?: 'heldOut' | 'all', silent? }            -> { bitsPerChar, perplexity, chars, files, heldOut }
import * as vscode from 'vscode';
import { COMPLETION_PARAMS, checkParam } from '../../core/config';
import { CMD } from '../ids';
import { readSavedRun } from '../model/summary';
import type { CharRnnServices } from '../extensionServices';
import { bits, formatInt } from '../training/describe';
import type { EvaluationResult } from '../training/protocol';
import { CancelledError } from '../training/workerClient';
import { gatherCorpus } from '../workspaceCorpus';
import { sampleLanguage } from './sampleLanguage';

export interface SampleArgs { prime?: string; temperature?: number; length?: number; seed?: number; silent?: boolean }
export interface EvaluateArgs { files?: 'heldOut' | 'all'; silent?: boolean }

const SAMPLE_LENGTH = 500;
const TEMPERATURES = [
  { t: 0.2, note: 'safe: the likeliest characters' },
  { t: 0.5, note: 'balanced' },
  { t: 1.0, note: 'the model\'s own distribution' },
  { t: 1.5, note: 'adventurous' },
];

/** Runs `work` under a cancellable notification (or plainly when silent); undefined when cancelled. */
async function withCancel<T>(title: string, silent: boolean | undefined, work: (token: vscode.CancellationToken) => Promise<T>): Promise<T | undefined> {
  const run = async (token: vscode.CancellationToken) => {
    try {
      return await work(token);
    } catch (err) {
      if (err instanceof CancelledError) return undefined;
      throw err;
    }
  };
  if (silent) return run(new vscode.CancellationTokenSource().token);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) => run(token));
}

async function askTemperature(): Promise<number | undefined> {
  const other = { label: 'Other…', description: 'a temperature between 0 and 2', t: NaN };
  const items = [...TEMPERATURES.map(({ t, note }) => ({ label: t.toFixed(1), description: note, t })), other];
  const pick = await vscode.window.showQuickPick(items, { title: 'Char-RNN: Sample Text (2/2)', placeHolder: 'Temperature: lower is safer, higher is more varied' });
  if (!pick) return undefined;
  if (pick !== other) return pick.t;
  const text = await vscode.window.showInputBox({
    title: 'Char-RNN: Sample Text (2/2)', prompt: 'Temperature (0 = always the likeliest character)', value: '0.8',
    validateInput: (v) => checkParam('the temperature', COMPLETION_PARAMS.temperature, Number(v.trim() === '' ? NaN : v)),
  });
  return text === undefined ? undefined : Number(text);
}

export function registerInferenceCommands(context: vscode.ExtensionContext, s: CharRnnServices): void {
  async function noModel(silent?: boolean): Promise<undefined> {
    // a saved file that cannot be used has been reported when it was read
    if (!s.model.saved) void s.notifier.info('Char-RNN has no model yet: run "Char-RNN: Train Model on Workspace" first.', { silent });
    return undefined;
  }

  async function sample(a: SampleArgs = {}): Promise<string | undefined> {
    const weights = await s.model.weights(a.silent);
    if (!weights) return noModel(a.silent);
    const editor = vscode.window.activeTextEditor;
    const prime = a.prime ?? await vscode.window.showInputBox({
      title: 'Char-RNN: Sample Text (1/2)', prompt: 'Text for the model to continue (empty: it starts a new line)',
      value: editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '',
    });
    if (prime === undefined) return undefined;
    const temperature = a.temperature ?? await askTemperature();
    if (temperature === undefined) return undefined;
    const problem = checkParam('temperature', COMPLETION_PARAMS.temperature, temperature);
    if (problem) throw new Error(problem);
    const request = { prime, temperatures: [temperature], length: a.length ?? SAMPLE_LENGTH, topP: 1, seed: a.seed ?? (Date.now() >>> 0) };
    const texts = await withCancel('Char-RNN: sampling', a.silent, (token) => s.sample(weights, request, token));
    if (texts === undefined) return undefined;
    const text = texts[0];
    s.log.info(`sampled ${request.length} characters at temperature ${temperature} from step ${s.model.summary?.step ?? 0}`);
    if (!a.silent) {
      const doc = await vscode.workspace.openTextDocument({ content: prime + text, language: await sampleLanguage(editor, s.settings.current.corpus) });
      await vscode.window.showTextDocument(doc, { preview: false });
    }
    return text;
  }

  async function evaluate(a: EvaluateArgs = {}): Promise<(EvaluationResult & { heldOut: boolean }) | undefined> {
    if (!vscode.workspace.workspaceFolders?.length) {
      void s.notifier.info('Char-RNN evaluates on the files of the open folder: open a folder first.', { silent: a.silent });
      return undefined;
    }
    const weights = await s.model.weights(a.silent);
    if (!weights) return noModel(a.silent);
    const run = s.training.state;
    let heldOutPaths = run.kind === 'training' || run.kind === 'finished' ? run.run?.valFiles : undefined;
    if (!heldOutPaths) {
      const ck = await s.model.checkpoint(true);
      heldOutPaths = (ck && readSavedRun(ck)?.valFiles) ?? [];
    }
    const corpus = await gatherCorpus(s.settings.current.corpus, s.log, { silent: a.silent });
    if (!corpus) return undefined;
    const held = new Set(heldOutPaths);
    const heldOut = a.files !== 'all' && corpus.files.some((f) => held.has(f.path));
    const files = heldOut ? corpus.files.filter((f) => held.has(f.path)) : corpus.files;
    if (files.length === 0) {
      void s.notifier.warn('Char-RNN found no files to evaluate on: no readable source file matches charRnn.training.include.', { silent: a.silent });
      return undefined;
    }
    const r = await withCancel('Char-RNN: evaluating', a.silent, (token) => s.evaluate(weights, files, token));
    if (!r) return undefined;
    const which = heldOut ? `${r.files} held-out file${r.files === 1 ? '' : 's'}` : `all ${r.files} file${r.files === 1 ? '' : 's'}`;
    void s.notifier.info(`Char-RNN: ${bits(r.bitsPerChar)} bits/char (perplexity ${r.perplexity.toFixed(2)}) on ${which}, ${formatInt(r.chars)} characters, at step ${formatInt(s.model.summary?.step ?? 0)}; the network alone: ${bits(r.networkBitsPerChar)} bits/char.`, { silent: a.silent });
    return { ...r, heldOut };
  }

  context.subscriptions.push(
    vscode.commands.registerCommand(CMD.sample, sample),
    vscode.commands.registerCommand(CMD.evaluate, evaluate),
  );
}
