// Restricted Mode (a workspace that is not trusted): its own settings are ignored for every
// setting listed here (package.json's restrictedConfigurations, from manifest.ts), and every
// resource setting is held to its default whoever set it, so a folder cannot make the editor
// train a huge model for a day or spend seconds of the extension host per keystroke. A model
// imported there may not exceed those bounds either. Pure: no `vscode` import.
import type { Checkpoint } from '../core/checkpoint';
import { CheckpointError } from '../core/checkpoint';
import { MODEL_PARAMS, TRAIN_PARAMS } from '../core/config';
import { readRunState } from '../core/runState';
import { SETTINGS_GROUPS, settingKey, type ExtensionSettings, type SettingsGroup } from './settingsSchema';

/**
 * Settings that set how much memory or CPU the extension takes, and which way is more: 'up'
 * (a larger value costs more), 'down' (a smaller one does: the debounce) or 'up-or-0' (0 means
 * no limit: the time budget).
 */
const RESOURCE: { group: SettingsGroup; field: string; more: 'up' | 'down' | 'up-or-0' }[] = [
  { group: 'model', field: 'layers', more: 'up' }, { group: 'model', field: 'hidden', more: 'up' },
  { group: 'train', field: 'seq', more: 'up' }, { group: 'train', field: 'batch', more: 'up' },
  { group: 'train', field: 'minutes', more: 'up-or-0' }, { group: 'train', field: 'maxVocab', more: 'up' },
  { group: 'train', field: 'threads', more: 'up' },
  { group: 'corpus', field: 'maxFileBytes', more: 'up' }, { group: 'corpus', field: 'maxCorpusBytes', more: 'up' },
  { group: 'completions', field: 'primeChars', more: 'up' }, { group: 'completions', field: 'maxChars', more: 'up' },
  { group: 'completions', field: 'maxLines', more: 'up' }, { group: 'completions', field: 'candidates', more: 'up' },
  { group: 'completions', field: 'debounceMs', more: 'down' },
];

/** Settings a workspace that is not trusted cannot set: which files are read, and every resource setting. */
export const RESTRICTED_SETTINGS: string[] = [
  settingKey('corpus', 'include'), settingKey('corpus', 'exclude'),
  ...RESOURCE.map((r) => settingKey(r.group, r.field as never)),
];

/**
 * The settings in Restricted Mode: every resource setting at most its default (at least, for
 * the debounce; never "no limit" for the time budget). `limited` says which were lowered.
 */
export function boundSettings(s: ExtensionSettings): { settings: ExtensionSettings; limited: string[] } {
  const out = structuredClone(s) as unknown as Record<SettingsGroup, Record<string, number>>;
  const limited: string[] = [];
  for (const { group, field, more } of RESOURCE) {
    const v = out[group][field], d = (SETTINGS_GROUPS[group].params as Record<string, { default: unknown }>)[field].default as number;
    const over = more === 'down' ? v < d : v > d || (more === 'up-or-0' && v === 0);
    if (!over) continue;
    limited.push(`${settingKey(group, field as never)} ${v} is held to ${d}`);
    out[group][field] = d;
  }
  return { settings: out as unknown as ExtensionSettings, limited };
}

/** The largest model and run the settings allow: their bounds, or in Restricted Mode their defaults. */
export function modelBounds(restricted: boolean): { layers: number; hidden: number; vocab: number; batch: number; seq: number } {
  const pick = <T>(p: { default: T; max?: number }) => (restricted ? p.default as number : p.max!);
  return { layers: pick(MODEL_PARAMS.layers), hidden: pick(MODEL_PARAMS.hidden), vocab: pick(TRAIN_PARAMS.maxVocab), batch: pick(TRAIN_PARAMS.batch), seq: pick(TRAIN_PARAMS.seq) };
}

/** Why a checkpoint is larger than the settings allow (its model, or the run it would resume), or undefined. */
export function tooLarge(ck: Checkpoint, restricted: boolean): string | undefined {
  const b = modelBounds(restricted);
  const where = restricted ? 'in Restricted Mode (trust this folder to lift it)' : 'in these settings';
  const over = (what: string, n: number, max: number, key: string) => `it has ${n} ${what}; ${where} the most is ${max} (${key})`;
  if (ck.layers > b.layers) return over('layers', ck.layers, b.layers, settingKey('model', 'layers'));
  if (ck.hidden > b.hidden) return over('hidden units per layer', ck.hidden, b.hidden, settingKey('model', 'hidden'));
  if (ck.vocab.length > b.vocab) return over('vocabulary symbols', ck.vocab.length, b.vocab, settingKey('train', 'maxVocab'));
  if (!ck.meta?.train) return undefined;
  let run;
  try {
    run = readRunState(ck);
  } catch (err) {
    // a broken training state keeps the weights usable; resuming refuses it with the reason
    if (err instanceof CheckpointError) return undefined;
    throw err;
  }
  if (run.batch > b.batch) return over('streams per step in its saved run', run.batch, b.batch, settingKey('train', 'batch'));
  if (run.seq > b.seq) return over('characters per window in its saved run', run.seq, b.seq, settingKey('train', 'seq'));
  return undefined;
}
