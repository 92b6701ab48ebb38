// The settings, read in one place into one typed object (./settings) and re-read when a
// `charRnn.*` setting changes. Values out of bounds fall back to their defaults with a warning.
import * as vscode from 'vscode';
import { readSettings, SECTION, SETTINGS_GROUPS, type ExtensionSettings, type SettingsGroup } from './settings';

export interface SettingsChange {
  settings: ExtensionSettings;
  /** whether any setting of the group changed */
  affects(group: SettingsGroup): boolean;
}

export class SettingsService implements vscode.Disposable {
  private settings: ExtensionSettings;
  private readonly emitter = new vscode.EventEmitter<SettingsChange>();
  readonly onDidChange = this.emitter.event;
  private readonly listener: vscode.Disposable;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.settings = this.read();
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      this.settings = this.read();
      this.emitter.fire({ settings: this.settings, affects: (g) => e.affectsConfiguration(SETTINGS_GROUPS[g].section) });
    });
  }

  get current(): ExtensionSettings {
    return this.settings;
  }

  private read(): ExtensionSettings {
    const cfg = vscode.workspace.getConfiguration();
    const { settings, problems } = readSettings((key) => cfg.get(key));
    for (const p of problems) this.log.warn(`setting ${p}`);
    return settings;
  }

  dispose(): void {
    this.listener.dispose();
    this.emitter.dispose();
  }
}
