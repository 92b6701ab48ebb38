// Activation: light by design. It creates the services, registers the commands, the status bar
// item, the inline completions, the training panel, Show Surprise and the first-run walkthrough.
// It reads no file and loads no model: the checkpoint is read when a command or a completion
// first needs it.
import * as vscode from 'vscode';
import { registerEventLoopCommand } from './commands/eventLoop';
import { registerInferenceCommands } from './commands/inference';
import { registerModelCommands } from './commands/model';
import { registerTrainingCommands } from './commands/training';
import { SettingsService } from './settingsService';
import { registerCompletion } from './completion';
import { OUTPUT_CHANNEL } from './ids';
import { ModelStore } from './model/store';
import { registerPanel } from './panel';
import { registerSurprise } from './surprise';
import { extensionPanelServices } from './panel/extensionPanelServices';
import { Notifier } from './notifier';
import { CharRnnServices } from './extensionServices';
import { StatusBar } from './statusBar';
import { TrainingService } from './training/service';
import { registerWelcome } from './welcome';

/** What activate() returns: the services, for tests and for other extensions. */
export interface CharRnnApi {
  services: CharRnnServices;
  statusBar: StatusBar;
}

let training: TrainingService | undefined;

export function activate(context: vscode.ExtensionContext): CharRnnApi {
  const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  const notifier = new Notifier(log);
  const settings = new SettingsService(log);
  const store = new ModelStore(context.storageUri ?? context.globalStorageUri, notifier);
  const workerScript = vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath;
  training = new TrainingService(workerScript, store, notifier, log);
  const services = new CharRnnServices(settings, training, store, log, notifier, workerScript);
  const statusBar = new StatusBar(training, store);
  context.subscriptions.push(log, settings, store, training, statusBar);

  registerTrainingCommands(context, services, context.extensionMode !== vscode.ExtensionMode.Production);
  registerModelCommands(context, services);
  registerInferenceCommands(context, services);
  registerEventLoopCommand(context, training);
  registerCompletion(context, services);
  const panelServices = extensionPanelServices(services);
  context.subscriptions.push(panelServices);
  const hub = registerPanel(context, panelServices, (message) => log.info(message));
  registerSurprise(context, services, hub.history);
  // a stat, not a read: enough for the status bar, the commands' enablement and the first run
  registerWelcome(context, store.probe());
  return { services, statusBar };
}

/** Stops a running training (a last checkpoint if it comes within a few seconds) and waits for the worker. */
export async function deactivate(): Promise<void> {
  await training?.shutdown();
  training = undefined;
}
