// The status bar item: the training state at a glance (./statusView.ts decides what it says);
// clicking it trains a model when there is none, else opens the training panel.
import * as vscode from 'vscode';
import type { ModelStore } from './model/store';
import { statusView } from './statusView';
import type { TrainingService } from './training/service';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('charRnn.status', vscode.StatusBarAlignment.Left, 0);
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly training: TrainingService, private readonly store: ModelStore) {
    this.item.name = 'Char-RNN';
    this.subscriptions = [training.onDidChangeState(() => this.update()), store.onDidChange(() => this.update())];
    this.update();
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  private update(): void {
    const view = statusView(this.training.state, { hasModel: this.store.hasModel, summary: this.store.summary });
    this.item.text = view.text;
    this.item.command = view.command;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    this.item.tooltip = tooltip;
    this.item.backgroundColor = view.phase === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.accessibilityInformation = { label: view.text.replace(/\$\([^)]*\)\s*/g, '') };
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.item.dispose();
  }
}
