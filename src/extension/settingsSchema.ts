// The extension's settings as one typed object. Keys, defaults and bounds come from the schemas
// in src/core/config.ts; this module only names them (`charRnn.training.window` is TrainConfig's
// `seq`) and checks what the user wrote. Pure: no `vscode` import, so it runs in unit tests.
import {
  COMPLETION_PARAMS, CORPUS_PARAMS, MODEL_PARAMS, SURPRISE_PARAMS, TRAIN_PARAMS, checkParam,
  type CompletionConfig, type CorpusConfig, type HyperParam, type ModelConfig, type SurpriseConfig, type TrainConfig,
} from '../core/config';

export interface ExtensionSettings {
  model: ModelConfig;
  train: TrainConfig;
  corpus: CorpusConfig;
  completions: CompletionConfig;
  surprise: SurpriseConfig;
}

export type SettingsGroup = keyof ExtensionSettings;

interface GroupSpec {
  /** the settings section the group's keys live in */
  section: string;
  /** the manifest's heading for the group */
  title: string;
  params: Record<string, HyperParam<unknown>>;
  /** setting names that differ from the config field's name */
  rename?: Record<string, string>;
}

export const SECTION = 'charRnn';

export const SETTINGS_GROUPS: Record<SettingsGroup, GroupSpec> = {
  model: { section: `${SECTION}.model`, title: 'Model', params: MODEL_PARAMS },
  train: { section: `${SECTION}.training`, title: 'Training', params: TRAIN_PARAMS, rename: { seq: 'window', lr: 'learningRate' } },
  corpus: { section: `${SECTION}.training`, title: 'Training files', params: CORPUS_PARAMS },
  completions: { section: `${SECTION}.completions`, title: 'Inline completions', params: COMPLETION_PARAMS },
  surprise: { section: `${SECTION}.surprise`, title: 'Surprise view', params: SURPRISE_PARAMS },
};

/** The full setting key of a config field, e.g. settingKey('train', 'seq') = 'charRnn.training.window'. */
export function settingKey<G extends SettingsGroup>(group: G, field: keyof ExtensionSettings[G] & string): string {
  const g = SETTINGS_GROUPS[group];
  return `${g.section}.${g.rename?.[field] ?? field}`;
}

/** Every setting: its key, its group and field, and its schema entry, in schema order. */
export function allSettings(): { key: string; group: SettingsGroup; field: string; param: HyperParam<unknown> }[] {
  const out = [];
  for (const group of Object.keys(SETTINGS_GROUPS) as SettingsGroup[]) {
    for (const [field, param] of Object.entries(SETTINGS_GROUPS[group].params)) {
      out.push({ key: settingKey(group, field as never), group, field, param });
    }
  }
  return out;
}

/**
 * Reads every setting through `get` (a full key → the user's value or undefined). A value out of
 * bounds or of the wrong type falls back to the default and is reported in `problems`.
 */
export function readSettings(get: (key: string) => unknown): { settings: ExtensionSettings; problems: string[] } {
  const settings = { model: {}, train: {}, corpus: {}, completions: {}, surprise: {} } as Record<SettingsGroup, Record<string, unknown>>;
  const problems: string[] = [];
  for (const { key, group, field, param } of allSettings()) {
    const v = get(key);
    const problem = v === undefined ? undefined : checkParam(key, param, v);
    if (problem) problems.push(`${problem}; using the default ${JSON.stringify(param.default)}`);
    settings[group][field] = v === undefined || problem ? structuredClone(param.default) : v;
  }
  return { settings: settings as unknown as ExtensionSettings, problems };
}

/** The settings sections whose change means `group` must be re-read. */
export function sectionOf(group: SettingsGroup): string {
  return SETTINGS_GROUPS[group].section;
}
