// `char-rnn eval --ckpt F <paths...>`: bits per character of files, each from a zero state.
import { loadCheckpoint } from '../core/checkpoint';
import { evaluateTexts } from '../core/evaluate';
import { parse, str, UsageError } from './args';
import { backendFlag, readOrFail } from './train';

export const EVAL_USAGE = 'usage: char-rnn eval --ckpt F <paths...> [--json] [--backend auto|ts|wasm]';

export async function evalCmd(argv: string[]): Promise<void> {
  const { flags, positionals } = parse(argv, { ckpt: { type: 'string' }, json: { type: 'boolean' }, backend: { type: 'string' } });
  const path = str(flags, 'ckpt');
  if (!path) throw new UsageError('eval needs --ckpt F');
  if (positionals.length === 0) throw new UsageError('eval needs at least one file or directory');
  const backend = backendFlag(flags);
  const ck = await loadCheckpoint(path);
  const corpus = await readOrFail(positionals, (s) => process.stderr.write(`${s}\n`));
  const r = evaluateTexts(ck, corpus.files.map((f) => f.text), backend);
  if (flags.json) process.stdout.write(`${JSON.stringify({ bitsPerChar: r.bitsPerChar, perplexity: r.perplexity, chars: r.count, files: corpus.files.length })}\n`);
  else process.stdout.write(`${r.bitsPerChar.toFixed(4)} bits/char, perplexity ${r.perplexity.toFixed(3)} over ${r.count.toLocaleString()} predicted characters in ${corpus.files.length} files\n`);
}
