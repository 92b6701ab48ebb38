// `char-rnn sample --ckpt F`: generate text from a checkpoint, by the mixing predictor (the
// network and the checkpoint's memory of its repository) unless --network-only.
import { loadCheckpoint } from '../core/checkpoint';
import { DEFAULT_COMPLETION } from '../core/config';
import { sampleTexts } from '../core/sample';
import { numIn, parse, str, UsageError } from './args';
import { backendFlag, checkpointMixture, precisionFlag, PRECISION_OPTION, PRECISION_USAGE } from './train';

export const SAMPLE_USAGE = `usage: char-rnn sample --ckpt F [--prime TEXT] [--length N] [--temperature T] [--top-k K] [--top-p P] [--seed N] [--network-only] [--backend auto|ts|wasm] ${PRECISION_USAGE}`;

export async function sample(argv: string[]): Promise<void> {
  const { flags, positionals } = parse(argv, {
    ckpt: { type: 'string' }, prime: { type: 'string' }, length: { type: 'string' }, temperature: { type: 'string' },
    'top-k': { type: 'string' }, 'top-p': { type: 'string' }, seed: { type: 'string' }, backend: { type: 'string' }, 'network-only': { type: 'boolean' }, ...PRECISION_OPTION,
  });
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const path = str(flags, 'ckpt');
  if (!path) throw new UsageError('sample needs --ckpt F');
  const length = numIn(flags, 'length', 1, 1_000_000, true) ?? 500;
  const temperature = numIn(flags, 'temperature', 0, 100, false) ?? 1;
  const topK = numIn(flags, 'top-k', 0, 1_000_000, true) ?? 0;
  const topP = numIn(flags, 'top-p', 0.0001, 1, false) ?? 1;
  const seed = numIn(flags, 'seed', 0, 2 ** 31 - 1, true) ?? 1;
  // generating runs as suggestions do
  const backend = backendFlag(flags), precision = precisionFlag(flags) ?? DEFAULT_COMPLETION.precision;
  const ck = await loadCheckpoint(path);
  const prime = str(flags, 'prime') ?? '';
  const mix = flags['network-only'] ? undefined : checkpointMixture(ck);
  const [text] = sampleTexts(ck, { prime, length, temperatures: [temperature], topK, topP, seed }, backend, mix, precision);
  process.stdout.write(`${prime}${text}\n`);
}
