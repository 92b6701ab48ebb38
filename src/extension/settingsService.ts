// The settings, read in one place into one typed object (./settingsSchema.ts) and re-read when a
// `charRnn.*` setting changes or the workspace becomes trusted; and written in one place. Values
// out of bounds fall back to their defaults with a warning; in Restricted Mode resource settings
// are held to their defaults (./restricted.ts).
import * as vscode from 'vscode';
import { boundSettings } from './restricted';
import { readSettings, SECTION, settingKey, SETTINGS_GROUPS, type ExtensionSettings, type SettingsGroup } from './settingsSchema';

export interface SettingsChange {
  settings: ExtensionSettings;
  /** whether any setting of the group changed */
  affects(group: SettingsGroup): boolean;
}

export class SettingsService implements vscode.Disposable {
  private settings: ExtensionSettings;
  private readonly emitter = new vscode.EventEmitter<SettingsChange>();
  readonly onDidChange = this.emitter.event;
  private readonly listeners: vscode.Disposable[];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.settings = this.read();
    this.listeners = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(SECTION)) return;
        this.settings = this.read();
        this.emitter.fire({ settings: this.settings, affects: (g) => e.affectsConfiguration(SETTINGS_GROUPS[g].section) });
      }),
      // trusting the folder lifts the bounds: every group may change
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.settings = this.read();
        this.emitter.fire({ settings: this.settings, affects: () => true });
      }),
    ];
  }

  /** Restricted Mode: the workspace is not trusted. */
  get restricted(): boolean {
    return !vscode.workspace.isTrusted;
  }

  get current(): ExtensionSettings {
    return this.settings;
  }

  /** Writes a setting where it is in effect: the workspace's settings when they set it, else the user's. */
  async write<G extends SettingsGroup>(group: G, field: keyof ExtensionSettings[G] & string, value: unknown): Promise<void> {
    const key = settingKey(group, field), cut = key.lastIndexOf('.');
    const cfg = vscode.workspace.getConfiguration(key.slice(0, cut)), name = key.slice(cut + 1);
    const target = cfg.inspect(name)?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await cfg.update(name, value, target);
  }

  private read(): ExtensionSettings {
    const cfg = vscode.workspace.getConfiguration();
    const { settings, problems } = readSettings((key) => cfg.get(key));
    for (const p of problems) this.log.warn(`setting ${p}`);
    if (!this.restricted) return settings;
    const bounded = boundSettings(settings);
    for (const l of bounded.limited) this.log.info(`Restricted Mode: ${l} until this folder is trusted`);
    return bounded.settings;
  }

  dispose(): void {
    this.listeners.forEach((l) => l.dispose());
    this.emitter.dispose();
  }
}
