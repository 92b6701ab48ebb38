// Export Model…, Import Model…, Delete Model. The file is the checkpoint itself: the same
// .safetensors the command line writes and PyTorch reads.
//
// Arguments (optional; for tests): exportModel { uri?, silent?, memory? }, importModel { uri?, silent? },
// deleteModel { silent? }. `uri` (a Uri or a path) replaces the file dialog; `silent` skips
// confirmations and notifications.
import * as vscode from 'vscode';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint, MAX_CHECKPOINT_BYTES } from '../../core/checkpoint';
import { describeRefusal, readRegularFile } from '../../core/safeRead';
import { formatInt } from '../training/describe';
import { CMD } from '../ids';
import { summarize } from '../model/summary';
import { tooLarge } from '../restricted';
import type { CharRnnServices } from '../extensionServices';

export interface FileArgs {
  uri?: vscode.Uri | string;
  silent?: boolean;
  /** export: whether the repository's text that the mixture remembers goes with the weights
   *  (asked when not given; without asking, it stays) */
  memory?: 'include' | 'leave';
}

const FILTERS = { 'Safetensors checkpoint': ['safetensors'] };

const asUri = (u: vscode.Uri | string | undefined) => (typeof u === 'string' ? vscode.Uri.file(u) : u);
const baseName = (u: vscode.Uri) => u.path.slice(u.path.lastIndexOf('/') + 1);

export function registerModelCommands(context: vscode.ExtensionContext, s: CharRnnServices): void {
  async function exportModel(a: FileArgs = {}): Promise<vscode.Uri | undefined> {
    if (!s.model.saved) {
      void s.notifier.info(s.model.hasModel ? 'Char-RNN has not saved a checkpoint of this run yet: try again in a moment, or stop training.' : 'Char-RNN has no model to export: train one first.', { silent: a.silent });
      return undefined;
    }
    const m = s.model.summary;
    const name = m ? `char-rnn-${m.cell}-${m.layers}x${m.hidden}.safetensors` : 'char-rnn-model.safetensors';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = asUri(a.uri) ?? await vscode.window.showSaveDialog({
      title: 'Char-RNN: Export Model', saveLabel: 'Export', filters: FILTERS, defaultUri: folder && vscode.Uri.joinPath(folder, name),
    });
    if (!target) return undefined;
    const ck = await s.model.checkpoint(a.silent);
    let memory = a.memory ?? 'leave';
    if (ck?.mix && !a.memory && !a.silent) {
      const kb = formatInt(Math.ceil(ck.mix.text.length / 1024));
      const pick = await vscode.window.showQuickPick([
        { label: '$(lock) Weights only', detail: 'The network\'s weights, without the text of your files. The receiver\'s editor learns their own files as they read them.', memory: 'leave' as const },
        { label: '$(file-text) Weights and the repository\'s text', detail: `Also the ${kb} KB of your files' text that the match and context models remember (secrets were screened out). Share it only where this code may go.`, memory: 'include' as const },
      ], { title: 'Char-RNN: Export Model', placeHolder: 'The model remembers your repository\'s text. Export it too?' });
      if (!pick) return undefined;
      memory = pick.memory;
    }
    if (ck?.mix && memory === 'leave') await vscode.workspace.fs.writeFile(target, encodeCheckpoint({ ...ck, mix: undefined }));
    else await s.model.exportTo(target);
    const what = !ck?.mix ? '' : memory === 'leave' ? ' without the repository\'s text' : ', with the repository\'s text';
    void s.notifier.info(`Char-RNN: model exported to ${target.fsPath}${what}.`, { silent: a.silent });
    return target;
  }

  async function importModel(a: FileArgs = {}): Promise<{ imported: boolean; message: string }> {
    if (s.training.busy) {
      const message = 'Char-RNN is training: stop it before importing a model.';
      void s.notifier.info(message, { silent: a.silent });
      return { imported: false, message };
    }
    const source = asUri(a.uri) ?? (await vscode.window.showOpenDialog({
      title: 'Char-RNN: Import Model', openLabel: 'Import', filters: FILTERS, canSelectMany: false,
    }))?.[0];
    if (!source) return { imported: false, message: 'cancelled' };
    const name = baseName(source);
    let bytes: Uint8Array;
    if (source.scheme === 'file') {
      // on disk: a regular file of bounded size only (a FIFO or /dev/zero would never end)
      const r = await readRegularFile(source.fsPath, MAX_CHECKPOINT_BYTES);
      if ('refused' in r) return refuse(`cannot read it: ${describeRefusal(r.refused, r.detail)}`);
      bytes = r.bytes;
    } else {
      try {
        const st = await vscode.workspace.fs.stat(source);
        if (st.size > MAX_CHECKPOINT_BYTES) return refuse(`cannot read it: ${describeRefusal('too-large')}`);
        bytes = await vscode.workspace.fs.readFile(source);
      } catch (err) {
        return refuse(`cannot read it (${(err as Error).message})`);
      }
    }
    let ck;
    try {
      ck = decodeCheckpoint(bytes, name);
    } catch (err) {
      if (err instanceof CheckpointError) return refuse(err.message);
      throw err;
    }
    // the model runs in the extension host: no larger than the settings allow (their defaults in Restricted Mode)
    const large = tooLarge(ck, s.settings.restricted);
    if (large) return refuse(large);
    function refuse(why: string) {
      const message = `Char-RNN did not import ${name}: ${why}. The current model is kept.`;
      void s.notifier.error(message, { silent: a.silent });
      return { imported: false, message };
    }
    if (s.model.hasModel && !a.silent) {
      const choice = await s.notifier.warn(`Replace the model of this workspace with ${name}?`, { modal: true, actions: ['Replace'] });
      if (choice !== 'Replace') return { imported: false, message: 'declined' };
    }
    await s.model.replace(ck, bytes, name);
    s.training.forgetRun();
    const m = summarize(ck);
    const message = `Char-RNN: imported ${name}: ${m.cell.toUpperCase()} ${m.layers}x${m.hidden}, vocabulary ${m.vocabSize}${m.step ? `, step ${m.step}` : ''}.`;
    void s.notifier.info(message, { silent: a.silent });
    return { imported: true, message };
  }

  async function deleteModel(a: { silent?: boolean } = {}): Promise<boolean> {
    if (s.training.busy) {
      void s.notifier.info('Char-RNN is training: stop it before deleting the model.', { silent: a.silent });
      return false;
    }
    if (!s.model.hasModel) {
      void s.notifier.info('Char-RNN has no model to delete.', { silent: a.silent });
      return false;
    }
    if (!a.silent) {
      const choice = await s.notifier.warn('Delete the Char-RNN model of this workspace?', {
        modal: true, actions: ['Delete'], detail: 'The checkpoint file is removed. Export the model first to keep a copy.',
      });
      if (choice !== 'Delete') return false;
    }
    await s.model.delete();
    s.training.forgetRun();
    void s.notifier.info('Char-RNN: model deleted.', { silent: a.silent });
    return true;
  }

  context.subscriptions.push(
    vscode.commands.registerCommand(CMD.exportModel, exportModel),
    vscode.commands.registerCommand(CMD.importModel, importModel),
    vscode.commands.registerCommand(CMD.deleteModel, deleteModel),
  );
}
