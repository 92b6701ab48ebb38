// char-rnn: train, sample, evaluate and benchmark character-level RNN/LSTM/GRU models; show
// where a model is surprised and which model's codebase a text resembles.
// Exit codes: 0 success, 2 bad arguments (one-line usage), 1 any other failure.
import { bench, BENCH_USAGE } from './cli/bench';
import { classify, CLASSIFY_USAGE } from './cli/classify';
import { completeEval, COMPLETE_EVAL_USAGE } from './cli/completeEval';
import { demo, DEMO_USAGE } from './cli/demo';
import { evalCmd, EVAL_USAGE } from './cli/eval';
import { exportCorpus, EXPORT_CORPUS_USAGE } from './cli/exportCorpus';
import { sample, SAMPLE_USAGE } from './cli/sample';
import { surprise, SURPRISE_USAGE } from './cli/surprise';
import { train, TRAIN_USAGE } from './cli/train';
import { UsageError } from './cli/args';
import { allowRelaxedSimd } from './core/kernels';

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<void>; usage: string }> = {
  train: { run: train, usage: TRAIN_USAGE },
  sample: { run: sample, usage: SAMPLE_USAGE },
  eval: { run: evalCmd, usage: EVAL_USAGE },
  bench: { run: bench, usage: BENCH_USAGE },
  'complete-eval': { run: completeEval, usage: COMPLETE_EVAL_USAGE },
  surprise: { run: surprise, usage: SURPRISE_USAGE },
  classify: { run: classify, usage: CLASSIFY_USAGE },
  demo: { run: demo, usage: DEMO_USAGE },
  'export-corpus': { run: exportCorpus, usage: EXPORT_CORPUS_USAGE },
};

const USAGE = `usage: char-rnn <${Object.keys(COMMANDS).join('|')}> [options]  (char-rnn <command> --help for its options)`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') { process.stdout.write(`${USAGE}\n`); return name ? 0 : 2; }
  // own properties only: 'constructor' or 'toString' is no command
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) { process.stderr.write(`char-rnn: unknown command '${name}' (${USAGE})\n`); return 2; }
  if (rest.includes('--help') || rest.includes('-h')) { process.stdout.write(`${cmd.usage}\n`); return 0; }
  try {
    await cmd.run(rest);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`char-rnn ${name}: ${e.message} (${cmd.usage})\n`); return 2; }
    process.stderr.write(`char-rnn ${name}: ${(e as Error).message}\n`);
    if (process.env.CHAR_RNN_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return 1;
  }
}

if (require.main === module) {
  // the command line is a process of its own: it may switch on V8's relaxed SIMD (kernels/wasm.ts)
  allowRelaxedSimd();
  void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
