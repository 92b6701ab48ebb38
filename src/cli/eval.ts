// `char-rnn eval --ckpt F <paths...>`: bits per character of files, each from a zero state, by
// the mixing predictor (the network and the checkpoint's memory of its repository, learning as
// it reads) and by the network alone; with the float32 weights as trained, or their 8-bit copies
// (--precision int8, as suggestions may run them).
import { loadCheckpoint } from '../core/checkpoint';
import { evaluateMixed, evaluateTexts } from '../core/evaluate';
import { runToEnd } from '../core/mix/memory';
import { parse, str, UsageError } from './args';
import { backendFlag, checkpointMixture, precisionFlag, PRECISION_OPTION, PRECISION_USAGE, readOrFail } from './train';

export const EVAL_USAGE = `usage: char-rnn eval --ckpt F <paths...> [--network-only] [--json] [--backend auto|ts|wasm] ${PRECISION_USAGE}`;

export async function evalCmd(argv: string[]): Promise<void> {
  const { flags, positionals } = parse(argv, { ckpt: { type: 'string' }, json: { type: 'boolean' }, backend: { type: 'string' }, 'network-only': { type: 'boolean' }, ...PRECISION_OPTION });
  const path = str(flags, 'ckpt');
  if (!path) throw new UsageError('eval needs --ckpt F');
  if (positionals.length === 0) throw new UsageError('eval needs at least one file or directory');
  // the model as trained unless asked: int8 is how suggestions may run it
  const backend = backendFlag(flags), precision = precisionFlag(flags) ?? 'f32';
  const ck = await loadCheckpoint(path);
  const corpus = await readOrFail(positionals, (s) => process.stderr.write(`${s}\n`));
  const texts = corpus.files.map((f) => f.text), files = corpus.files.length;
  const say = (o: Record<string, unknown>, line: string) => process.stdout.write(flags.json ? `${JSON.stringify(o)}\n` : `${line}\n`);

  if (flags['network-only']) {
    const r = evaluateTexts(ck, texts, backend, precision);
    say({ bitsPerChar: r.bitsPerChar, lstmBitsPerChar: r.bitsPerChar, perplexity: r.perplexity, chars: r.count, files, predictor: 'network', precision },
      `${r.bitsPerChar.toFixed(4)} bits/char, perplexity ${r.perplexity.toFixed(3)} over ${r.count.toLocaleString()} predicted characters in ${files} files (the network alone, ${precision} weights)`);
    return;
  }
  const mix = checkpointMixture(ck);
  const r = runToEnd(evaluateMixed(ck, mix, texts, backend, precision));
  const memory = ck.mix ? `${ck.mix.text.length.toLocaleString()} bytes of repository text` : 'no repository memory in this checkpoint';
  say({ bitsPerChar: r.bitsPerChar, lstmBitsPerChar: r.netBitsPerChar, perplexity: r.perplexity, chars: r.count, files, predictor: 'mixture', memoryBytes: ck.mix?.text.length ?? 0, precision },
    `${r.bitsPerChar.toFixed(4)} bits/char, perplexity ${r.perplexity.toFixed(3)} over ${r.count.toLocaleString()} predicted characters in ${files} files (${precision} weights)\n`
    + `the network alone: ${r.netBitsPerChar.toFixed(4)} bits/char; the mixture remembers ${memory}`);
}
