// The one place where feature modules hook into the extension. Each entry registers its own
// disposables and names the commands it implements; commands nobody claims get a stand-in
// (commands/fallbacks.ts). To add a feature, import its register function and add an entry.
import { registerCompletion } from './completion';
import { CMD } from './ids';
import { registerPanel } from './panel';
import { panelServices } from './panelBridge';
import type { Feature } from './services';

export const FEATURES: readonly Feature[] = [
  {
    commands: [CMD.toggleCompletions],
    register(context, s) {
      registerCompletion(context, s);
    },
  },
  {
    commands: [CMD.showPanel],
    register(context, s) {
      const bridge = panelServices(s);
      context.subscriptions.push(bridge);
      registerPanel(context, bridge, (message) => s.log.info(message));
    },
  },
];
