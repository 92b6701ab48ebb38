// The model and training hyperparameters form. Fields, defaults, bounds and descriptions all come
// from MODEL_PARAMS and TRAIN_PARAMS (src/core/config.ts), the schemas the settings use, and each
// value is checked with the same checkParam, so the form accepts exactly what the settings accept.
import { MODEL_PARAMS, TRAIN_PARAMS, checkParam, type HyperParam, type RunConfig } from '../src/shared/panelProtocol';
import { h } from './dom';

type Group = 'model' | 'train';
interface Field {
  group: Group;
  key: string;
  param: HyperParam<unknown>;
  input: HTMLElement & { value: string };
  error: HTMLElement;
}

const LABELS: Record<string, string> = {
  cell: 'Cell', layers: 'Layers', hidden: 'Hidden units', dropout: 'Dropout', seq: 'BPTT window', batch: 'Batch (streams)',
  lr: 'Learning rate', optimizer: 'Optimizer', clip: 'Clip gradient norm', clipValue: 'Clip gradient values', lrDecay: 'LR decay factor',
  lrDecayEvery: 'LR decay every (steps)', valFrac: 'Validation share', steps: 'Step budget', minutes: 'Time budget (min)',
  evalEvery: 'Evaluate every (steps)', seed: 'Seed', maxVocab: 'Vocabulary cap', threads: 'Threads',
};

export class SettingsForm {
  readonly el: HTMLElement;
  private readonly fields: Field[] = [];

  /** `changed` runs after each edit with the form's value and its problems. */
  constructor(private readonly changed: (config: RunConfig, errors: string[]) => void) {
    this.el = h('div', { class: 'settings-form' });
    for (const [group, schema, title] of [['model', MODEL_PARAMS, 'Model'], ['train', TRAIN_PARAMS, 'Training']] as const) {
      const grid = h('div', { class: 'form-grid' });
      this.el.append(h('h3', {}, title), grid);
      for (const [key, param] of Object.entries(schema) as [string, HyperParam<unknown>][]) grid.append(this.field(group, key, param));
    }
  }

  private field(group: Group, key: string, param: HyperParam<unknown>): HTMLElement {
    const id = `f-${group}-${key}`;
    let input: Field['input'];
    if (param.enum) {
      input = h('vscode-single-select', { id, name: key }) as unknown as Field['input'];
      for (const v of param.enum) input.append(h('vscode-option', { value: String(v) }, String(v)));
    } else {
      // a number input steps by 1, so the browser would call 0.002 invalid: real numbers are text,
      // checked below by checkParam like the integers
      input = h('vscode-textfield', { id, name: key, type: param.integer ? 'number' : 'text', inputmode: param.integer ? 'numeric' : 'decimal' }) as unknown as Field['input'];
      if (param.integer) {
        if (param.min !== undefined) input.setAttribute('min', String(param.min));
        if (param.max !== undefined) input.setAttribute('max', String(param.max));
        input.setAttribute('step', '1');
      }
    }
    const error = h('div', { class: 'field-error', role: 'alert' });
    const bounds = param.enum ? '' : ` (${param.min ?? '−∞'} to ${param.max ?? '∞'})`;
    const wrap = h('div', { class: 'field' },
      h('vscode-label', { for: id }, LABELS[key] ?? key),
      input,
      h('div', { class: 'field-help' }, `${param.description}${bounds}`),
      error);
    const field: Field = { group, key, param, input, error };
    this.fields.push(field);
    const onEdit = () => { const { config, errors } = this.value(); this.changed(config, errors); };
    input.addEventListener('input', onEdit);
    input.addEventListener('change', onEdit);
    return wrap;
  }

  set(config: RunConfig): void {
    for (const f of this.fields) f.input.value = String((config[f.group] as unknown as Record<string, unknown>)[f.key]);
    this.value();
  }

  /** The form's configuration and the problems with it (also shown beside the fields). */
  value(): { config: RunConfig; errors: string[] } {
    const config = { model: {}, train: {} } as unknown as Record<Group, Record<string, unknown>>;
    const errors: string[] = [];
    for (const f of this.fields) {
      const raw = f.input.value.trim();
      const v = f.param.enum ? raw : raw === '' ? NaN : Number(raw);
      const problem = checkParam(LABELS[f.key] ?? f.key, f.param, v);
      f.error.textContent = problem ?? '';
      f.input.toggleAttribute('invalid', !!problem);
      if (problem) errors.push(problem);
      config[f.group][f.key] = v;
    }
    return { config: config as unknown as RunConfig, errors };
  }
}
