// Shared by the extension's integration tests: the running extension's API, polling, and the
// small model settings that keep training fast.
import * as vscode from 'vscode';
import pkg from '../../package.json';
import type { CharRnnApi } from '../../src/extension/extension';

export const extensionId = `${pkg.publisher}.${pkg.name}`;

/** The completion worker's bundle, for a provider made by a test. */
export const completionWorkerScript = (): string =>
  vscode.Uri.joinPath(vscode.extensions.getExtension(extensionId)!.extensionUri, 'dist', 'completion-worker.js').fsPath;

export async function extensionApi(): Promise<CharRnnApi> {
  const ext = vscode.extensions.getExtension<CharRnnApi>(extensionId);
  if (!ext) throw new Error(`${extensionId} is not installed`);
  return ext.activate();
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A model and run small enough to train in seconds on the fixture workspace. */
export const SMALL_SETTINGS: Record<string, unknown> = {
  'charRnn.model.cell': 'lstm',
  'charRnn.model.layers': 1,
  'charRnn.model.hidden': 32,
  'charRnn.training.window': 16,
  'charRnn.training.batch': 4,
  'charRnn.training.evalEvery': 20,
  'charRnn.training.steps': 60,
  'charRnn.training.minutes': 3,
};

/** Writes settings to the workspace (undefined removes one). */
export async function setSettings(values: Record<string, unknown>, remove = false): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    const cut = key.lastIndexOf('.');
    await vscode.workspace.getConfiguration(key.slice(0, cut)).update(key.slice(cut + 1), remove ? undefined : value, vscode.ConfigurationTarget.Workspace);
  }
}

/** The latest user-facing message of a level, as the extension recorded it. */
export function lastMessage(api: CharRnnApi, level: 'info' | 'warning' | 'error'): string | undefined {
  return api.services.notifier.recent.filter((m) => m.level === level).at(-1)?.text;
}
