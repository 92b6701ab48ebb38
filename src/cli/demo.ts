// `char-rnn demo` (what `npm start` runs): train on this repository's own src/ for about a
// minute, build the mixing predictor's memory of it, then show samples at three temperatures and
// complete a line from a held-out file as the editor would (the confidence gate on).
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { saveCheckpoint } from '../core/checkpoint';
import { Completer } from '../core/complete/completer';
import { DEFAULT_COMPLETION } from '../core/config';
import { restoreMixture, runToEnd } from '../core/mix/memory';
import { sampleTexts } from '../core/sample';
import { weightsOnly } from '../core/weights';
import { Trainer } from '../core/train';
import { numIn, parse } from './args';
import { Progress } from './progress';
import { backendFlag, readOrFail, trainLoop } from './train';

export const DEMO_USAGE = 'usage: char-rnn demo [--minutes M] [--backend auto|ts|wasm]';

/** the repository root: dist/cli.js and src/cli/demo.ts both sit two levels below it at most */
function repoRoot(): string {
  for (const up of ['..', '../..']) { const r = resolve(__dirname, up); if (existsSync(join(r, 'src', 'core'))) return r; }
  return process.cwd();
}

export async function demo(argv: string[]): Promise<void> {
  const { flags } = parse(argv, { minutes: { type: 'string' }, backend: { type: 'string' } });
  const minutes = numIn(flags, 'minutes', 0.05, 600, false) ?? 1;
  const backend = backendFlag(flags);
  const root = repoRoot(), log = (s: string) => process.stderr.write(`${s}\n`);
  const corpus = await readOrFail([join(root, 'src')], log);
  const tr = new Trainer(corpus.files, {
    model: { cell: 'lstm', layers: 1, hidden: 128 },
    train: { minutes, steps: 0, batch: 16, seq: 64, lr: 3e-3, valFrac: 0.1, evalEvery: 100 },
    backend,
  });
  log(`Training a ${tr.model.layers}x${tr.model.hidden} ${tr.model.cell} on this repository's src/ (${tr.trainFiles.length} files, ${tr.data.length.toLocaleString()} chars; ${tr.valFiles.length} files held out) for ${minutes} min on the ${tr.net.k.backend} backend.`);
  const bar = new Progress();
  await trainLoop(tr, () => false, {
    onStep: (m) => bar.update(tr.elapsedMs / (minutes * 60_000), `step ${m.step}  loss ${m.bitsPerChar.toFixed(2)} bits/char  ${Math.round(m.charsPerSec).toLocaleString()} chars/s`),
    onEval: (e) => { bar.done(); log(`  step ${e.step}: held-out ${e.valBitsPerChar.toFixed(3)} bits/char`); },
  });
  bar.done();
  const out = join(root, '.char-rnn', 'demo.safetensors');
  mkdirSync(join(root, '.char-rnn'), { recursive: true });
  const ck = tr.toCheckpoint();
  ck.mix = runToEnd(tr.buildMixture());
  await saveCheckpoint(out, ck);
  log(`Saved ${out} after ${tr.step} steps (${tr.charsSeen.toLocaleString()} characters), with the memory of ${ck.mix.text.length.toLocaleString()} bytes of text.`);

  // sampled and completed as suggestions are: their precision
  const { precision } = DEFAULT_COMPLETION;
  const completer = new Completer(weightsOnly(ck), { backend, precision });
  const mix = runToEnd(restoreMixture(ck.mix, completer.vocab));
  completer.setMixture(mix);
  const temperatures = [0.2, 0.5, 1.0];
  sampleTexts(ck, { prime: 'export function ', length: 240, temperatures, topP: 1, seed: 7 }, backend, mix, precision).forEach((text, i) => {
    process.stdout.write(`\n--- sample, temperature ${temperatures[i]} ---\nexport function ${text}\n`);
  });
  const held = tr.valFiles[0] ?? tr.trainFiles[0];
  const lines = held.text.split('\n');
  const at = lines.findIndex((l, i) => i >= lines.length / 3 && l.trim().length >= 24);
  if (at >= 0) {
    const line = lines[at], cut = line.length >> 1;
    const prefix = lines.slice(0, at).join('\n') + '\n' + line.slice(0, cut);
    const [s] = completer.complete({ doc: held.path, before: prefix, after: '', count: 1, settings: DEFAULT_COMPLETION }) ?? [];
    const [dim, plain] = process.stdout.isTTY ? ['\x1b[2m', '\x1b[0m'] : ['', ''];
    const shown = s ? `${line.slice(0, cut)}${dim}${s.text}${plain}` : `${line.slice(0, cut)}   (nothing: the model is not sure enough of what comes next)`;
    process.stdout.write(`\n--- completing a line of held-out ${held.path} (line ${at + 1}) ---\n  typed:     ${line.slice(0, cut)}\n  suggested: ${shown}\n  actual:    ${line}\n`);
  }
}
