// Activation: light by design. It creates the services, registers the commands and the status
// bar item, and lets the feature modules (./features.ts) hook in. It reads no file and loads no
// model: the checkpoint is read when a command or a completion first needs it.
import * as vscode from 'vscode';
import { registerEventLoopCommand } from './commands/eventLoop';
import { registerFallbacks } from './commands/fallbacks';
import { registerInferenceCommands } from './commands/inference';
import { registerModelCommands } from './commands/model';
import { registerTrainingCommands } from './commands/training';
import { SettingsService } from './configuration';
import { FEATURES } from './features';
import { OUTPUT_CHANNEL, type CommandId } from './ids';
import { ModelStore } from './model/store';
import { Notifier } from './notifier';
import { CharRnnServices } from './services';
import { StatusBar } from './statusBar';
import { TrainingService } from './training/service';

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
  const claimed = new Set<CommandId>();
  for (const feature of FEATURES) {
    try {
      feature.register(context, services);
      feature.commands.forEach((c) => claimed.add(c));
    } catch (err) {
      // one feature failing must not take the others down
      log.error(`a feature failed to start: ${(err as Error).stack ?? err}`);
    }
  }
  registerFallbacks(context, services, claimed);
  // a stat, not a read: enough for the status bar and the commands' enablement
  void store.probe();
  return { services, statusBar };
}

/** Stops a running training (a last checkpoint if it comes within a few seconds) and waits for the worker. */
export async function deactivate(): Promise<void> {
  await training?.shutdown();
  training = undefined;
}
