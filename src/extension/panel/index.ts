// Registers the training panel: the Show Training Panel command, the serializer that brings the
// panel back after a reload, and the hub that records runs for the whole session (whether or not
// the panel is open). The run history lives in the workspace's storage, in a "runs" folder.
import * as vscode from 'vscode';
import { CMD } from '../ids';
import { PanelHub, type PanelUi } from './hub';
import { PANEL_VIEW_TYPE, TrainingPanel } from './panel';
import type { DrawReport } from '../../shared/panelProtocol';
import { RunHistory, type RunStorage } from './runs';
import type { PanelServices } from './panelServices';

export { PANEL_VIEW_TYPE } from './panel';
export type { PanelServices, RunStart } from './panelServices';

/** Hidden command for tests: what the open panel reports (undefined when none is open). */
export const PANEL_STATE_COMMAND = 'charRnn._panelState';

export interface PanelState {
  visible: boolean;
  /** how many times the webview (re)loaded and asked for a replay */
  readyCount: number;
  lastDraw?: DrawReport;
  runs: number;
}

export function registerPanel(context: vscode.ExtensionContext, services: PanelServices, log: (message: string) => void = console.warn): PanelHub {
  const root = vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'runs');
  const hub = new PanelHub(services, new RunHistory(folderStorage(root)), editorUi(log, context.subscriptions));
  context.subscriptions.push(
    hub,
    vscode.commands.registerCommand(CMD.showPanel, () => { TrainingPanel.show(context.extensionUri, hub); }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        TrainingPanel.revive(panel, context.extensionUri, hub);
      },
    }),
    vscode.commands.registerCommand(PANEL_STATE_COMMAND, (): PanelState | undefined => {
      const p = TrainingPanel.open;
      return p && { visible: p.panel.visible, readyCount: p.readyCount, lastDraw: p.lastDraw, runs: hub.history.summaries().length };
    }),
    { dispose: () => TrainingPanel.open?.dispose() },
  );
  return hub;
}

function folderStorage(root: vscode.Uri): RunStorage {
  const fs = vscode.workspace.fs;
  const at = (name: string) => vscode.Uri.joinPath(root, name);
  return {
    async read(name) {
      try {
        return await fs.readFile(at(name));
      } catch (err) {
        if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
        throw err;
      }
    },
    async write(name, data) {
      await fs.createDirectory(root);
      // written beside, then renamed over: a crash mid-write leaves the previous file whole
      const tmp = at(`${name}.tmp`);
      await fs.writeFile(tmp, data);
      await fs.rename(tmp, at(name), { overwrite: true });
    },
    async remove(name) {
      try {
        await fs.delete(at(name));
      } catch (err) {
        if (!(err instanceof vscode.FileSystemError && err.code === 'FileNotFound')) throw err;
      }
    },
  };
}

function editorUi(log: (message: string) => void, subs: vscode.Disposable[]): PanelUi {
  // With the panel focused there is no active text editor: remember the last one.
  let last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  subs.push(vscode.window.onDidChangeActiveTextEditor((e) => { if (e) last = e; }));
  return {
    selection() {
      const editor = vscode.window.activeTextEditor ?? (last && !last.document.isClosed ? last : undefined);
      if (!editor) return undefined;
      return editor.document.getText(editor.selection);
    },
    async save(defaultName, data) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const ext = defaultName.slice(defaultName.lastIndexOf('.') + 1);
      const uri = await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, defaultName) : undefined,
        filters: { [ext.toUpperCase()]: [ext] },
        saveLabel: 'Export',
      });
      if (!uri) return undefined;
      await vscode.workspace.fs.writeFile(uri, data);
      return uri.fsPath;
    },
    log,
  };
}
