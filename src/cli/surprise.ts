// `char-rnn surprise --ckpt F <files...>`: where a model finds a file surprising. Each file is
// read from its start by the mixing predictor (the network and the checkpoint's memory of its
// repository), learned as it is read, and the most surprising spans are printed with their
// line and column and what the model expected instead. With --json, one line per file:
// {"file", "chars", "bits"}, the bits of every UTF-16 unit (to 0.001).
import { loadCheckpoint } from '../core/checkpoint';
import { SURPRISE_PARAMS } from '../core/config';
import { runToEnd } from '../core/mix/memory';
import { Scorer, bitsPerChar, type Flagged } from '../core/surprise/score';
import { LineIndex, percent, surpriseSpans } from '../core/surprise/spans';
import { num, numIn, parse, str, UsageError } from './args';
import { backendFlag, checkpointMixture, readOrFail } from './train';

export const SURPRISE_USAGE = 'usage: char-rnn surprise --ckpt F <files...> [--top N] [--threshold BITS] [--json] [--network-only] [--backend auto|ts|wasm]';

export async function surprise(argv: string[]): Promise<void> {
  const { flags, positionals } = parse(argv, {
    ckpt: { type: 'string' }, top: { type: 'string' }, threshold: { type: 'string' }, json: { type: 'boolean' },
    'network-only': { type: 'boolean' }, backend: { type: 'string' },
  });
  const path = str(flags, 'ckpt');
  if (!path) throw new UsageError('surprise needs --ckpt F');
  if (positionals.length === 0) throw new UsageError('surprise needs at least one file');
  const top = numIn(flags, 'top', 1, 10_000, true) ?? 10;
  const threshold = num(flags, 'threshold', SURPRISE_PARAMS.threshold) ?? SURPRISE_PARAMS.threshold.default;
  const backend = backendFlag(flags);
  const ck = await loadCheckpoint(path);
  const corpus = await readOrFail(positionals, (s) => process.stderr.write(`${s}\n`));
  const memory = flags['network-only'] ? undefined : checkpointMixture(ck);
  const scorer = new Scorer(ck, memory, backend);
  try {
    for (const f of corpus.files) {
      const s = runToEnd(scorer.score(f.text, { flagAbove: flags.json ? Infinity : threshold }));
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ file: f.path, chars: f.text.length, bits: Array.from(s.bits, (b) => Math.round(b * 1000) / 1000) })}\n`);
        continue;
      }
      const spans = surpriseSpans(s.bits, threshold), lines = new LineIndex(f.text);
      const at = new Map<number, Flagged>(s.flagged.map((x) => [x.offset, x]));
      process.stdout.write(`${f.path}: ${s.chars.toLocaleString('en-US')} characters, ${bitsPerChar(s).toFixed(3)} bits/char; `
        + (spans.length === 0 ? `no character at ${threshold} bits or more\n`
          : `${Math.min(top, spans.length)} most surprising of ${spans.length} spans at ${threshold} bits or more:\n`));
      for (const sp of spans.slice(0, top)) {
        const { line, column } = lines.at(sp.start), peak = at.get(sp.peak)!;
        const actual = f.text.slice(sp.peak, sp.peak + peak.length);
        const expected = peak.expected.map((e) => `${show(e.char)} ${percent(e.p)}`).join(', ');
        const text = f.text.slice(sp.start, sp.end), where = text === actual ? '' : ` (${sp.meanBits.toFixed(1)} bits/char), where ${show(actual)}`;
        process.stdout.write(`  ${`${line}:${column}`.padEnd(9)} ${sp.peakBits.toFixed(1).padStart(5)} bits  ${show(text)}${where}`
          + ` had ${percent(2 ** -sp.peakBits)}; expected ${expected || 'nothing else'}\n`);
      }
    }
  } finally {
    scorer.dispose();
  }
}

const show = (s: string) => JSON.stringify(s);
