// Flag parsing shared by the subcommands: every numeric flag is checked against the bounds in
// config.ts, and any problem is a UsageError (exit 2, one line).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { checkParam, type HyperParam } from '../core/config';

export class UsageError extends Error {}

export type Flags = Record<string, string | boolean | undefined>;

export function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>): { flags: Flags; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { flags: values as Flags, positionals };
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
}

/** A numeric flag checked against its schema entry; undefined when absent. */
export function num(flags: Flags, flag: string, p: HyperParam<number>, name = flag): number | undefined {
  const s = flags[flag];
  if (s === undefined) return undefined;
  if (typeof s !== 'string' || s.trim() === '' || !Number.isFinite(Number(s))) throw new UsageError(`--${flag} expects a number, got '${s}'`);
  const v = Number(s), err = checkParam(name, p, v);
  if (err) throw new UsageError(`--${flag}: ${err.replace(`${name} `, '')}`);
  return v;
}

/** A numeric flag without a schema entry, with explicit bounds. */
export function numIn(flags: Flags, flag: string, min: number, max: number, integer: boolean): number | undefined {
  return num(flags, flag, { default: min, min, max, integer, description: '' });
}

export function choice<T extends string>(flags: Flags, flag: string, allowed: readonly T[]): T | undefined {
  const s = flags[flag];
  if (s === undefined) return undefined;
  if (!allowed.includes(s as T)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got '${s}'`);
  return s as T;
}

export function str(flags: Flags, flag: string): string | undefined {
  const s = flags[flag];
  return typeof s === 'string' ? s : undefined;
}

/** drops undefined entries so that defaults fill them */
export function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A warning on stderr: the command goes on. */
export function warn(message: string): void {
  process.stderr.write(`warning: ${message}\n`);
}
