// Every identifier the extension shares with its manifest, its feature modules and its tests:
// command ids, context keys, the walkthrough's id, the output channel's name and the
// checkpoint's file name.

/** publisher.name, as in package.json */
export const EXTENSION_ID = 'char-rnn-code.char-rnn-code';

export const CMD = {
  train: 'charRnn.train',
  stop: 'charRnn.stop',
  resume: 'charRnn.resume',
  showPanel: 'charRnn.showPanel',
  sample: 'charRnn.sample',
  evaluate: 'charRnn.evaluate',
  toggleCompletions: 'charRnn.toggleCompletions',
  toggleCompletionsForLanguage: 'charRnn.toggleCompletionsForLanguage',
  snoozeCompletions: 'charRnn.snoozeCompletions',
  showMenu: 'charRnn.showMenu',
  showOutput: 'charRnn.showOutput',
  openWalkthrough: 'charRnn.openWalkthrough',
  exportModel: 'charRnn.exportModel',
  importModel: 'charRnn.importModel',
  deleteModel: 'charRnn.deleteModel',
  whichModel: 'charRnn.whichModel',
  toggleSurprise: 'charRnn.toggleSurprise',
  /** hidden: the extension host's event-loop delay over a while, for the benchmark */
  measureEventLoop: 'charRnn._measureEventLoop',
} as const;

export type CommandId = (typeof CMD)[keyof typeof CMD];

/** Context keys for `when` and `enablement` clauses. */
export const CTX = {
  /** a run is reading files, training or stopping */
  training: 'charRnn.training',
  /** a checkpoint exists (on disk or from this session's training) */
  hasModel: 'charRnn.hasModel',
  /** Show Surprise is on */
  surpriseShown: 'charRnn.surpriseShown',
} as const;

/** contributes.walkthroughs: train, watch the panel, try a completion, tune the temperature */
export const WALKTHROUGH_ID = 'charRnn.gettingStarted';
export const OUTPUT_CHANNEL = 'Char-RNN';
export const CHECKPOINT_FILE = 'model.safetensors';
export const CATEGORY = 'Char-RNN';
