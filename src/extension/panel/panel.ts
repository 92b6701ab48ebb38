// The "Char-RNN Training" webview panel: one at a time, created by the command or revived after
// a reload by the serializer. It holds no state of its own: when its webview (re)loads it says
// "ready" and the hub replays everything. Closing it disposes its listeners; training goes on.
import * as vscode from 'vscode';
import { makeNonce, panelHtml } from './html';
import type { PanelHub } from './hub';
import type { DrawReport } from '../../shared/panelProtocol';

export const PANEL_VIEW_TYPE = 'charRnn.trainingPanel';
export const PANEL_TITLE = 'Char-RNN Training';

export class TrainingPanel implements vscode.Disposable {
  private static current?: TrainingPanel;
  private readonly subs: vscode.Disposable[] = [];
  /** what the webview last said it drew (for tests and diagnostics) */
  lastDraw?: DrawReport;
  readyCount = 0;

  /** Reveals the open panel or opens one beside the active editor. */
  static show(extensionUri: vscode.Uri, hub: PanelHub): TrainingPanel {
    if (TrainingPanel.current) {
      TrainingPanel.current.panel.reveal(undefined, true);
      return TrainingPanel.current;
    }
    const column = { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true };
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, PANEL_TITLE, column, TrainingPanel.options(extensionUri));
    return new TrainingPanel(panel, extensionUri, hub);
  }

  /** Takes over a panel VS Code restored after a reload. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, hub: PanelHub): TrainingPanel {
    TrainingPanel.current?.panel.dispose();
    return new TrainingPanel(panel, extensionUri, hub);
  }

  static get open(): TrainingPanel | undefined {
    return TrainingPanel.current;
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // the webview is rebuilt from the hub when shown again: nothing to keep in a hidden frame
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  private constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, hub: PanelHub) {
    TrainingPanel.current = this;
    const webview = panel.webview;
    webview.options = TrainingPanel.options(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'panel.svg');
    const dist = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', f)).toString();
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce((n) => crypto.getRandomValues(new Uint8Array(n))),
      scriptUri: dist('webview.js'),
      styleUri: dist('webview.css'),
    });
    this.subs.push(
      hub.attach({ get visible() { return panel.visible; }, post: (m) => void webview.postMessage(m) }),
      webview.onDidReceiveMessage((m: unknown) => {
        const type = (m as { type?: unknown })?.type;
        if (type === 'ready') this.readyCount++;
        if (type === 'drawn') this.lastDraw = (m as { report: DrawReport }).report;
        void hub.receive(m);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  dispose(): void {
    if (TrainingPanel.current === this) TrainingPanel.current = undefined;
    for (const s of this.subs.splice(0)) s.dispose();
    this.panel.dispose();
  }
}
