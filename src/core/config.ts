// The one source of truth for hyperparameters: the CLI's flags, the extension's settings
// (package.json `contributes.configuration`, checked by a test) and checkpoint metadata all
// derive their defaults and bounds from HYPERPARAMS.

export type CellType = 'rnn' | 'lstm' | 'gru';
export type OptimizerName = 'sgd' | 'adagrad' | 'rmsprop' | 'adam';
/** weights an inference pass multiplies by: the checkpoint's float32, or 8-bit copies of them */
export type Precision = 'f32' | 'int8';

export interface ModelConfig {
  cell: CellType;
  layers: number;
  hidden: number;
  /** dropout probability between stacked layers (as nn.LSTM's `dropout`) */
  dropout: number;
}

export interface TrainConfig {
  /** BPTT window: characters per stream per step */
  seq: number;
  /** parallel streams of the corpus */
  batch: number;
  lr: number;
  optimizer: OptimizerName;
  /** clip the global gradient norm to this (0 = no clipping) */
  clip: number;
  /** clip every gradient element to [-clipValue, clipValue] (0 = off); the seeds' np.clip */
  clipValue: number;
  /** multiply the learning rate by lrDecay every lrDecayEvery steps */
  lrDecay: number;
  lrDecayEvery: number;
  /** share of files held out for validation */
  valFrac: number;
  /** step budget (0 = no step limit) */
  steps: number;
  /** wall-clock budget in minutes (0 = no time limit) */
  minutes: number;
  /** evaluate on validation files every N steps */
  evalEvery: number;
  seed: number;
  /** vocabulary cap: rarer characters map to the unknown symbol */
  maxVocab: number;
  /** worker threads for the large matrix products (the extension uses 1; the CLI all cores) */
  threads: number;
  /** megabytes for the mixing predictor's context and match models */
  memoryMb: number;
}

export interface CorpusConfig {
  /** file extensions or globs to train on */
  include: string[];
  /** globs to leave out (on top of .gitignore, files.exclude and the built-in skip rules) */
  exclude: string[];
  maxFileBytes: number;
  maxCorpusBytes: number;
  /** a file with a longer line is taken for minified and skipped */
  maxLineLength: number;
}

export interface CompletionConfig {
  enabled: boolean;
  /** language ids to complete in; ["*"] = all */
  languages: string[];
  /** 0 = greedy */
  temperature: number;
  topP: number;
  /** candidates drawn per request, ranked by mean log-probability per character */
  candidates: number;
  debounceMs: number;
  /** longest suggestion, in characters */
  maxChars: number;
  /** opt-in multi-line suggestions at the end of a line */
  multiline: boolean;
  maxLines: number;
  /** a cold document primes the model with at most this many characters before the cursor */
  primeChars: number;
  /** a suggestion ends before the model's probability of all of it falls under this (0 = never) */
  minConfidence: number;
  /** weights the suggestions are computed with */
  precision: Precision;
}

export interface SurpriseConfig {
  /** characters the model finds at least this surprising (bits) are shown */
  threshold: number;
}

export interface HyperParam<T> {
  default: T;
  description: string;
  min?: number;
  max?: number;
  enum?: readonly T[];
  integer?: boolean;
}

type Schema<C> = { [K in keyof C]: HyperParam<C[K]> };

export const MODEL_PARAMS: Schema<ModelConfig> = {
  cell: { default: 'lstm', enum: ['rnn', 'lstm', 'gru'], description: 'Recurrent cell: vanilla RNN (tanh), LSTM or GRU (PyTorch equations).' },
  layers: { default: 2, min: 1, max: 4, integer: true, description: 'Number of stacked recurrent layers.' },
  hidden: { default: 256, min: 8, max: 1024, integer: true, description: 'Hidden units per layer.' },
  dropout: { default: 0, min: 0, max: 0.9, description: 'Dropout probability between stacked layers (0 = none).' },
};

export const TRAIN_PARAMS: Schema<TrainConfig> = {
  seq: { default: 64, min: 2, max: 1024, integer: true, description: 'BPTT window: characters per stream per training step.' },
  batch: { default: 32, min: 1, max: 512, integer: true, description: 'Parallel streams of the corpus per step.' },
  lr: { default: 2e-3, min: 1e-6, max: 10, description: 'Learning rate.' },
  optimizer: { default: 'adam', enum: ['sgd', 'adagrad', 'rmsprop', 'adam'], description: 'Optimizer.' },
  clip: { default: 5, min: 0, max: 1000, description: 'Clip the global gradient norm to this value (0 = no clipping).' },
  clipValue: { default: 0, min: 0, max: 1000, description: 'Clip each gradient element to [-v, v] (0 = off), as min-char-rnn does.' },
  lrDecay: { default: 1, min: 0.01, max: 1, description: 'Multiply the learning rate by this factor every `lrDecayEvery` steps.' },
  lrDecayEvery: { default: 1000, min: 1, max: 1e9, integer: true, description: 'Steps between learning-rate decays.' },
  valFrac: { default: 0.1, min: 0, max: 0.5, description: 'Share of files held out for validation.' },
  steps: { default: 0, min: 0, max: 1e9, integer: true, description: 'Step budget (0 = no step limit).' },
  minutes: { default: 10, min: 0, max: 24 * 60, description: 'Wall-clock budget in minutes (0 = no time limit).' },
  evalEvery: { default: 200, min: 1, max: 1e9, integer: true, description: 'Evaluate on the validation files every N steps.' },
  seed: { default: 1, min: 0, max: 2 ** 31 - 1, integer: true, description: 'Random seed: the same seed and data give the same run.' },
  maxVocab: { default: 256, min: 2, max: 65536, integer: true, description: 'Vocabulary cap; rarer characters map to one unknown symbol.' },
  threads: { default: 1, min: 1, max: 64, integer: true, description: 'Threads for the large matrix products. 1 keeps the editor responsive; the command line defaults to all cores.' },
  memoryMb: { default: 64, min: 8, max: 1024, integer: true, description: 'Memory (MB) for the match and context models that mix with the network to remember your repository\'s text.' },
};

export const CORPUS_PARAMS: Schema<CorpusConfig> = {
  include: {
    default: ['**/*.{ts,tsx,js,jsx,mjs,cjs,py,rs,go,java,c,h,cc,cpp,hpp,cs,rb,php,swift,kt,scala,sh,css,scss,html,vue,svelte,md,json,yaml,yml,toml,sql,lua,r,jl,ex,exs,hs,ml,dart,zig}'],
    description: 'Glob patterns of the files to train on.',
  },
  exclude: { default: [], description: 'Glob patterns to leave out, on top of .gitignore, files.exclude and the built-in rules (binary, minified, lock and secret files).' },
  maxFileBytes: { default: 1_000_000, min: 1000, max: 100_000_000, integer: true, description: 'Skip files larger than this many bytes.' },
  maxCorpusBytes: { default: 20_000_000, min: 10_000, max: 1_000_000_000, integer: true, description: 'Stop adding files once the corpus reaches this many bytes.' },
  maxLineLength: { default: 1000, min: 80, max: 100_000, integer: true, description: 'Skip files with a line longer than this (minified code).' },
};

/** A cold prime runs the network over its last PRIME_TAIL characters only: the network's state
 *  keeps nothing useful from further back (docs/int8.md, the prime length); the mixture's tables
 *  take the rest of the prime without the network, and mixing starts here too. */
export const PRIME_TAIL = 500;

export const COMPLETION_PARAMS: Schema<CompletionConfig> = {
  enabled: { default: true, description: 'Offer inline completions sampled from the model once one exists.' },
  languages: { default: ['*'], description: 'Language ids to complete in: "*" for all, "!id" to leave one out (["*", "!markdown"]).' },
  temperature: { default: 0.5, min: 0, max: 2, description: 'Sampling temperature for suggestions (0 = greedy).' },
  topP: { default: 0.95, min: 0.05, max: 1, description: 'Nucleus sampling: draw from the smallest set of characters whose probability reaches this.' },
  candidates: { default: 4, min: 1, max: 16, integer: true, description: 'Candidates drawn per request; the best by mean log-probability per character is shown.' },
  debounceMs: { default: 75, min: 0, max: 2000, integer: true, description: 'Wait this long after the last keystroke before computing a suggestion.' },
  maxChars: { default: 80, min: 1, max: 1000, integer: true, description: 'Longest suggestion, in characters.' },
  multiline: { default: false, description: 'At the end of a line, suggest several lines (stops at a dedent, a blank line or the line limit).' },
  maxLines: { default: 6, min: 1, max: 50, integer: true, description: 'Most lines in a multi-line suggestion.' },
  primeChars: { default: 2000, min: 16, max: 100000, integer: true, description: `A document seen for the first time is read from at most this many characters before the cursor: the network reads the last ${PRIME_TAIL} of them, the memory of the repository learns all.` },
  minConfidence: { default: 0.1, min: 0, max: 0.99, description: 'Show a suggestion only as far as the model gives all of it at least this probability, and end it where it saves the most keystrokes in expectation; nothing when the model is not that sure of its first characters (0 shows whatever it writes, uncut).' },
  precision: { default: 'int8', enum: ['f32', 'int8'], description: 'Weights suggestions are computed with: the model\'s own float32, or 8-bit copies of them (faster; the model and training stay float32).' },
};

export const SURPRISE_PARAMS: Schema<SurpriseConfig> = {
  threshold: { default: 8, min: 0, max: 32, description: 'Show Surprise colours the characters the model finds at least this surprising, in bits (8: the model gave the character a probability of 1/256 or less).' },
};

function defaultsOf<C>(schema: Schema<C>): C {
  const out = {} as C;
  for (const k of Object.keys(schema) as (keyof C)[]) out[k] = schema[k].default;
  return out;
}

export const DEFAULT_MODEL: Readonly<ModelConfig> = Object.freeze(defaultsOf(MODEL_PARAMS));
export const DEFAULT_TRAIN: Readonly<TrainConfig> = Object.freeze(defaultsOf(TRAIN_PARAMS));
export const DEFAULT_CORPUS: Readonly<CorpusConfig> = Object.freeze(defaultsOf(CORPUS_PARAMS));
export const DEFAULT_COMPLETION: Readonly<CompletionConfig> = Object.freeze(defaultsOf(COMPLETION_PARAMS));
export const DEFAULT_SURPRISE: Readonly<SurpriseConfig> = Object.freeze(defaultsOf(SURPRISE_PARAMS));

/** Checks one value against its bounds; returns a message or undefined. */
export function checkParam<T>(name: string, p: HyperParam<T>, v: T): string | undefined {
  if (p.enum) return p.enum.includes(v) ? undefined : `${name} must be one of ${p.enum.join(', ')}`;
  if (typeof p.default === 'boolean') return typeof v === 'boolean' ? undefined : `${name} must be true or false`;
  if (Array.isArray(p.default)) return Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : `${name} must be a list of strings`;
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${name} must be a number`;
  if (p.integer && !Number.isInteger(v)) return `${name} must be an integer`;
  if (p.min !== undefined && v < p.min) return `${name} must be at least ${p.min}`;
  if (p.max !== undefined && v > p.max) return `${name} must be at most ${p.max}`;
  return undefined;
}

/** Validates a whole config against its schema; returns the list of problems (empty if fine). */
export function validate<C>(schema: Schema<C>, cfg: C): string[] {
  const errs: string[] = [];
  for (const k of Object.keys(schema) as (keyof C)[]) {
    const e = checkParam(String(k), schema[k], cfg[k]);
    if (e) errs.push(e);
  }
  return errs;
}
