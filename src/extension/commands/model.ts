// Export Model…, Import Model…, Delete Model. The file is the checkpoint itself: the same
// .safetensors the command line writes and PyTorch reads.
//
// Arguments (optional; for tests): exportModel { uri?, silent? }, importModel { uri?, silent? },
// deleteModel { silent? }. `uri` (a Uri or a path) replaces the file dialog; `silent` skips
// confirmations and notifications.
import * as vscode from 'vscode';
import { CheckpointError, decodeCheckpoint, MAX_CHECKPOINT_BYTES } from '../../core/checkpoint';
import { describeRefusal, readRegularFile } from '../../core/safeRead';
import { CMD } from '../ids';
import { summarize } from '../model/summary';
import { tooLarge } from '../restricted';
import type { CharRnnServices } from '../extensionServices';

export interface FileArgs {
  uri?: vscode.Uri | string;
  silent?: boolean;
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
    await s.model.exportTo(target);
    void s.notifier.info(`Char-RNN: model exported to ${target.fsPath}.`, { silent: a.silent });
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
    await s.model.replace(ck, bytes);
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
