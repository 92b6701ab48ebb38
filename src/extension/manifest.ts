// The parts of package.json this extension derives from code: its commands, key bindings and
// walkthrough (./walkthrough.ts), its settings (from the schemas in src/core/config.ts), its
// theme colours and its capabilities. scripts/sync-manifest.mjs writes them into package.json;
// test/unit/manifest.test.ts checks that package.json still equals them. Pure: no `vscode` import.
import type { HyperParam } from '../core/config';
import { CATEGORY, CMD, CTX, type CommandId } from './ids';
import { RESTRICTED_SETTINGS } from './restricted';
import { SECTION, SETTINGS_GROUPS, allSettings, type SettingsGroup } from './settingsSchema';
import { HEAT_COLORS } from './surprise/view';

export interface CommandContribution {
  command: CommandId;
  title: string;
  category: string;
  enablement?: string;
  icon?: string;
}

const training = CTX.training, hasModel = CTX.hasModel;

export const COMMANDS: CommandContribution[] = [
  { command: CMD.train, title: 'Train Model on Workspace', enablement: `!${training}`, icon: '$(play)' },
  { command: CMD.stop, title: 'Stop Training', enablement: training, icon: '$(debug-stop)' },
  { command: CMD.resume, title: 'Resume Training', enablement: `!${training} && ${hasModel}`, icon: '$(debug-continue)' },
  { command: CMD.showPanel, title: 'Show Training Panel', icon: '$(graph-line)' },
  { command: CMD.sample, title: 'Sample Text…', enablement: hasModel },
  { command: CMD.evaluate, title: 'Evaluate Model on Workspace', enablement: `${hasModel} && !${training}` },
  { command: CMD.toggleCompletions, title: 'Toggle Inline Completions' },
  { command: CMD.toggleCompletionsForLanguage, title: 'Toggle Inline Completions for This Language' },
  { command: CMD.snoozeCompletions, title: 'Snooze Inline Completions…' },
  { command: CMD.showMenu, title: 'Show Menu…' },
  { command: CMD.showOutput, title: 'Show Output' },
  { command: CMD.openWalkthrough, title: 'Get Started' },
  { command: CMD.exportModel, title: 'Export Model…', enablement: hasModel },
  { command: CMD.importModel, title: 'Import Model…', enablement: `!${training}` },
  { command: CMD.deleteModel, title: 'Delete Model', enablement: `${hasModel} && !${training}` },
  { command: CMD.whichModel, title: 'Which Model Wrote This?', enablement: hasModel },
  { command: CMD.toggleSurprise, title: 'Show Surprise (Toggle)', enablement: hasModel, icon: '$(flame)' },
  { command: CMD.measureEventLoop, title: 'Measure Event-Loop Delay (benchmark)' },
].map(({ command, title, ...rest }) => ({ command, title, category: CATEGORY, ...rest }) as CommandContribution);

/** Commands kept out of the Command Palette. */
export const HIDDEN_COMMANDS: CommandId[] = [CMD.measureEventLoop];

export function commandPaletteMenu(): { command: CommandId; when: string }[] {
  return HIDDEN_COMMANDS.map((command) => ({ command, when: 'false' }));
}

export interface KeybindingContribution {
  command: string;
  key: string;
  mac?: string;
  when?: string;
}

/**
 * Alt+\ asks for suggestions now (several to cycle with Alt+] and Alt+[; no VS Code default uses
 * Alt+\); Shift+Tab accepts the next line of the one shown, as llama.vscode does, but not where
 * Shift+Tab already means something (the suggest widget's alternative, a snippet's previous
 * placeholder); Ctrl+K Alt+\ turns suggestions off or on.
 */
export const KEYBINDINGS: KeybindingContribution[] = [
  { command: 'editor.action.inlineSuggest.trigger', key: 'alt+\\', when: 'editorTextFocus && !editorReadonly' },
  {
    command: 'editor.action.inlineSuggest.acceptNextLine', key: 'shift+tab',
    when: 'inlineSuggestionVisible && editorTextFocus && !editorReadonly && !suggestWidgetVisible && !inSnippetMode',
  },
  { command: CMD.toggleCompletions, key: 'ctrl+k alt+\\', mac: 'cmd+k alt+\\' },
];

export interface SettingContribution {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'array';
  default: unknown;
  description: string;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  items?: { type: 'string' };
  order: number;
}

/** One setting's JSON schema, from its HyperParam. */
export function settingSchema(p: HyperParam<unknown>, order: number): SettingContribution {
  const base = { default: p.default, description: p.description, order };
  if (p.enum) return { type: 'string', ...base, enum: p.enum };
  if (typeof p.default === 'boolean') return { type: 'boolean', ...base };
  if (Array.isArray(p.default)) return { type: 'array', ...base, items: { type: 'string' } };
  return {
    type: p.integer ? 'integer' : 'number', ...base,
    ...(p.min !== undefined ? { minimum: p.min } : {}),
    ...(p.max !== undefined ? { maximum: p.max } : {}),
  };
}

/**
 * `contributes.configuration`: one titled section per settings group, in schema order. The
 * Settings editor names a setting by its key ("Char Rnn › Model: Cell") less the section's id
 * when the key starts with it: an id of `charRnn.settings.<group>` leaves "Model: Cell" under the
 * heading "Char-RNN: Model". (Its search results always use the key.)
 */
export function configurationContribution(): { id: string; title: string; properties: Record<string, SettingContribution> }[] {
  const settings = allSettings();
  return (Object.keys(SETTINGS_GROUPS) as SettingsGroup[]).map((group) => ({
    id: `${SECTION}.settings.${group}`,
    title: `${CATEGORY}: ${SETTINGS_GROUPS[group].title}`,
    properties: Object.fromEntries(
      settings.filter((s) => s.group === group).map((s, i) => [s.key, settingSchema(s.param, i)]),
    ),
  }));
}

export const CAPABILITIES = {
  untrustedWorkspaces: {
    supported: 'limited',
    description:
      'Training only reads the workspace\'s files and never runs them, so it works in Restricted Mode. ' +
      'There, the workspace\'s own settings cannot change which files are read or any setting of memory or CPU, ' +
      'and every such setting (model size, window, batch, time budget, vocabulary, threads, size limits, ' +
      'completion prime, length, lines, candidates and debounce) is held to its default; ' +
      'a model larger than those defaults cannot be imported.',
    restrictedConfigurations: RESTRICTED_SETTINGS,
  },
  virtualWorkspaces: {
    supported: 'limited',
    description:
      'Files are read through the workspace file system, so a virtual workspace works when its provider ' +
      'supports file search; training needs a desktop or remote (Node) extension host.',
  },
} as const;

export interface ColorContribution {
  id: string;
  description: string;
  defaults: { dark: string; light: string; highContrast: string; highContrastLight: string };
}

/** `contributes.colors`: Show Surprise's heat scale, coolest first; a theme may set its own. */
export const COLORS: ColorContribution[] = [
  { id: HEAT_COLORS[0], description: 'Background of characters the model finds somewhat surprising (Show Surprise).', defaults: { dark: '#e2c08d33', light: '#d7a22a33', highContrast: '#ffd70055', highContrastLight: '#b8860b44' } },
  { id: HEAT_COLORS[1], description: 'Background of characters the model finds quite surprising (Show Surprise).', defaults: { dark: '#f0883e55', light: '#e3780055', highContrast: '#ff8c0088', highContrastLight: '#c0500066' } },
  { id: HEAT_COLORS[2], description: 'Background of characters the model finds most surprising (Show Surprise).', defaults: { dark: '#f14c4c77', light: '#e5141466', highContrast: '#ff3030aa', highContrastLight: '#b0000088' } },
];

/** The Marketplace's picture of the extension (media/icon.svg rendered at 128x128) and its banner. */
export const ICON = 'media/icon.png';
export const GALLERY_BANNER = { color: '#101d3a', theme: 'dark' } as const;

/** `activationEvents`: light, so that the completion provider is present once startup is over;
 *  onWebviewPanel restores the training panel straight after a window reload. */
export const ACTIVATION_EVENTS = ['onStartupFinished', 'onWebviewPanel:charRnn.trainingPanel'];
