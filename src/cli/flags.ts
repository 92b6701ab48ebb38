// Command-line flags derived from the hyperparameter schemas (src/core/config.ts), once: the
// schema field `clipValue` is the flag --clip-value, parsed, checked against its bounds and
// shown in the usage line from the same entry.
import type { ParseArgsConfig } from 'node:util';
import type { HyperParam } from '../core/config';
import { choice, num, type Flags } from './args';

type Schema = Record<string, HyperParam<unknown>>;

/** the flag of a schema field: camelCase to kebab-case */
export const flagOf = (field: string): string => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** parseArgs options for the fields (all of the schema's by default) */
export function schemaOptions(schema: Schema, fields = Object.keys(schema)): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(fields.map((f) => [flagOf(f), { type: typeof schema[f].default === 'boolean' ? 'boolean' : 'string' }]));
}

/** the fields' part of a usage line: [--cell rnn|lstm|gru] [--layers N] [--lr X] [--multiline] */
export function schemaUsage(schema: Schema, fields = Object.keys(schema)): string {
  return fields.map((f) => {
    const p = schema[f];
    const value = p.enum ? p.enum.join('|') : typeof p.default === 'boolean' ? '' : p.integer ? 'N' : 'X';
    return `[--${flagOf(f)}${value ? ` ${value}` : ''}]`;
  }).join(' ');
}

/** The values given for the fields, each checked against its schema entry; absent ones left out. */
export function schemaValues<C>(f: Flags, schema: { [K in keyof C]: HyperParam<C[K]> }, fields = Object.keys(schema) as (keyof C & string)[]): Partial<C> {
  const out: Partial<C> = {};
  for (const field of fields) {
    const p = schema[field] as HyperParam<unknown>, flag = flagOf(field);
    const v = p.enum ? choice(f, flag, p.enum as readonly string[])
      : typeof p.default === 'boolean' ? (f[flag] === true ? true : undefined)
        : num(f, flag, p as HyperParam<number>, field);
    if (v !== undefined) out[field] = v as C[keyof C & string];
  }
  return out;
}
