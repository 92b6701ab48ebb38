// The PyTorch trainer (python/char_rnn_torch) against the TypeScript side, on Debian's
// python3-torch: it trains char-rnn train's run (same init, streams, optimizer, clipping), two
// gloo processes train the one-process run, its checkpoints are the format char-rnn reads (eval
// equal to PyTorch's within 1e-4, --init, --resume both ways), a killed run resumes exactly.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCheckpoint, type Checkpoint } from '../../src/core/checkpoint';
import { OPTIMIZER_STATE_NAMES } from '../../src/core/optim';
import { paramSpecs } from '../../src/core/params';
import { summarize } from '../../src/extension/model/summary';
import { EVAL_META_KEY } from '../../src/extension/training/protocol';
import { jsonLines, runPython, startPython, torchMissing, torchrunArgs, type Ran } from '../torch-helpers';
import { runCli, tempDir } from './helpers';

const REPO = join(__dirname, '..', '..');
const FIXTURE = join(REPO, 'test', 'fixtures', 'workspace');
// the run every test shares: 5 streams (2 and 3 per rank with two processes), evaluated every 4 steps
const RUN = ['--layers', '2', '--hidden', '16', '--seq', '12', '--batch', '5', '--eval-every', '4', '--seed', '3', '--val-frac', '0.2'];
const VARIANTS = {
  rnn: ['--cell', 'rnn', '--optimizer', 'sgd', '--lr', '0.05', '--clip-value', '0.004', '--lr-decay', '0.5', '--lr-decay-every', '3'],
  lstm: ['--cell', 'lstm', '--optimizer', 'adam', '--clip', '0.2'],
  gru: ['--cell', 'gru', '--optimizer', 'rmsprop'],
  adagrad: ['--cell', 'lstm', '--optimizer', 'adagrad', '--lr', '0.01'],
} as const;
type Variant = keyof typeof VARIANTS;

const missing = torchMissing();
if (missing) process.stderr.write(`\n  PyTorch trainer tests SKIPPED: ${missing}\n\n`);

function ok(r: Ran, what: string): Ran {
  assert.equal(r.code, 0, `${what} exited ${r.code ?? r.signal}:\n${r.err.slice(-2000)}`);
  return r;
}

/** |a - b| <= atol + rtol |b| for every weight, naming the first that is not */
function assertClose(a: Checkpoint, b: Checkpoint, rtol: number, atol: number): void {
  assert.deepEqual([a.cell, a.layers, a.hidden, a.vocab], [b.cell, b.layers, b.hidden, b.vocab]);
  for (const s of paramSpecs({ cell: a.cell, layers: a.layers, hidden: a.hidden, vocabSize: a.vocab.length })) {
    for (let j = s.offset; j < s.offset + s.size; j++) {
      const [x, y] = [a.params[j], b.params[j]];
      assert.ok(Math.abs(x - y) <= atol + rtol * Math.abs(y), `${s.name}[${j - s.offset}]: ${x} vs ${y}`);
    }
  }
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('the PyTorch trainer (python/char_rnn_torch)', function () {
  this.timeout(600_000);
  if (missing) {
    // loud: pending with the reason here; a failure where CI promised PyTorch (.ci/run installs it)
    if (process.env.CI) it('finds PyTorch, which .ci/run installs', () => assert.fail(missing));
    else it(`needs PyTorch: ${missing}`);
    return;
  }
  const dir = tempDir('char-rnn-torch-');
  let corpus = '';
  const ckpt = (name: string) => join(dir(), `${name}.safetensors`);
  // the trainer's arguments; `-m char_rnn_torch.train` goes before them for one process
  const args = (more: string[]) => [corpus, '--json', ...more];
  const train = (more: string[]) => ['-m', 'char_rnn_torch.train', ...args(more)];
  // each run once, by whichever test needs it first (so that any test also runs alone)
  const runs = new Map<string, Promise<Ran>>();
  const once = (name: string, make: () => Promise<Ran>) => runs.get(name) ?? runs.set(name, make()).get(name)!;
  const py1 = (v: Variant) => once(`py1-${v}`, async () => ok(await runPython(REPO, train([...VARIANTS[v], '--out', ckpt(`py1-${v}`)])), `python -m char_rnn_torch.train (${v})`));
  const py2 = (v: Variant) => once(`py2-${v}`, async () => ok(await runPython(REPO, await torchrunArgs(2, args([...VARIANTS[v], '--out', ckpt(`py2-${v}`)]))), `torchrun (${v})`));
  const ts = (v: Variant) => once(`ts-${v}`, async () => {
    const r = await runCli(['train', FIXTURE, ...RUN, ...VARIANTS[v], '--steps', '8', '--json', '--out', ckpt(`ts-${v}`)]);
    assert.equal(r.code, 0, r.err);
    return { ...r, signal: null };
  });
  const lastEval = async (run: Promise<Ran>) => jsonLines((await run).out).filter((l) => l.kind === 'eval').at(-1)!;

  before(async () => {
    corpus = join(dir(), 'corpus');
    const r = await runCli(['export-corpus', FIXTURE, '--out', corpus, ...RUN, '--steps', '8']);
    assert.equal(r.code, 0, r.err);
  });

  it('one process trains exactly the run of char-rnn train: same init, streams, optimizers, clipping, lr decay', async () => {
    for (const v of Object.keys(VARIANTS) as Variant[]) {
      const steps = async (run: Promise<Ran>) => jsonLines((await run).out).filter((l) => l.kind === 'step');
      const [p, t] = [await steps(py1(v)), await steps(ts(v))];
      assert.equal(p.length, 8);
      p.forEach((s, i) => {
        assert.ok(rel(s.loss as number, t[i].loss as number) < 1e-5, `${v} step ${i + 1}: loss ${s.loss} vs ${t[i].loss}`);
        assert.ok(rel(s.gradNorm as number, t[i].gradNorm as number) < 1e-4, `${v} step ${i + 1}: gradient norm ${s.gradNorm} vs ${t[i].gradNorm}`);
        assert.equal(s.clipped, t[i].clipped);
        assert.ok(rel(s.lr as number, t[i].lr as number) < 1e-12, `${v} step ${i + 1}: lr ${s.lr} vs ${t[i].lr}`);
      });
      if (v === 'lstm') assert.ok(p.some((s) => s.clipped), 'the global norm clip never acted');
      assertClose(await loadCheckpoint(ckpt(`py1-${v}`)), await loadCheckpoint(ckpt(`ts-${v}`)), 1e-4, 1e-5);
    }
  });

  it('two gloo processes, each reading its own streams, train the one-process run', async () => {
    for (const v of ['rnn', 'lstm', 'gru'] as const) {
      const lines = jsonLines((await py2(v)).out);
      assert.equal(lines.find((l) => l.kind === 'done')!.processes, 2);
      const [a, b] = [lines, jsonLines((await py1(v)).out)].map((ls) => ls.filter((l) => l.kind === 'step').map((l) => l.loss as number));
      assert.equal(a.length, 8);
      a.forEach((x, i) => assert.ok(rel(x, b[i]) < 1e-6, `${v} step ${i + 1}: ${x} vs ${b[i]}`));
      assertClose(await loadCheckpoint(ckpt(`py2-${v}`)), await loadCheckpoint(ckpt(`py1-${v}`)), 1e-5, 1e-7);
    }
  });

  it('holds each process to its threads, OpenBLAS\'s own pool too (two processes on two cores do not fight)', async () => {
    // Debian's PyTorch multiplies with OpenBLAS, whose pool torch.set_num_threads does not reach
    const probe = ['import torch', 'from char_rnn_torch.threads import set_threads, blas_threads',
      'out = []', 'for n in (1, 2, 1):', '    set_threads(n); out.append([torch.get_num_threads(), blas_threads()])', 'print(out)'];
    const r = ok(await runPython(REPO, ['-c', probe.join('\n')]), 'the thread probe');
    const seen = JSON.parse(r.out.trim().replace(/None/g, 'null')) as [number, number | null][];
    assert.deepEqual(seen.map(([t]) => t), [1, 2, 1]);
    // null: a PyTorch built on another BLAS (MKL), which torch.set_num_threads governs
    if (seen[0][1] !== null) assert.deepEqual(seen.map(([, b]) => b), [1, 2, 1]);
  });

  it('char-rnn eval of each cell\'s checkpoint equals PyTorch\'s evaluation within 1e-4, and so does the trainer\'s own', async () => {
    for (const v of ['rnn', 'lstm', 'gru'] as const) {
      const from = await lastEval(py2(v));
      // the network alone: the mixture of the default adds the extension's memory, which PyTorch has not
      const cli = await runCli(['eval', '--ckpt', ckpt(`py2-${v}`), join(corpus, 'heldout'), '--network-only', '--json']);
      assert.equal(cli.code, 0, cli.err);
      const py = ok(await runPython(REPO, ['-m', 'char_rnn_torch.evaluate', corpus, '--ckpt', ckpt(`py2-${v}`), '--json']), 'evaluate');
      const [t, p] = [JSON.parse(cli.out), JSON.parse(py.out)];
      assert.deepEqual([t.chars, t.files], [p.chars, p.files]);
      assert.ok(t.chars > 100);
      assert.ok(rel(t.bitsPerChar, p.bitsPerChar) < 1e-4, `${v}: char-rnn ${t.bitsPerChar} vs PyTorch ${p.bitsPerChar}`);
      assert.ok(rel(from.valBitsPerChar as number, p.bitsPerChar) < 1e-6);
    }
  });

  it('writes the names, shapes, metadata and training state that the TypeScript side reads', async () => {
    const names = JSON.parse(ok(await runPython(REPO, ['-c', 'import json; from char_rnn_torch import checkpoint as c; '
      + 'print(json.dumps([{k: [n for n, _ in v] for k, v in c.OPTIMIZER_STATE.items()}, c.EVAL_META_KEY]))']), 'names').out);
    assert.deepEqual(names, [OPTIMIZER_STATE_NAMES, EVAL_META_KEY]);
    const manifest = JSON.parse(readFileSync(join(corpus, 'corpus.json'), 'utf8'));
    const vocab = JSON.parse(readFileSync(join(corpus, 'vocab.json'), 'utf8'));
    const evaluated = await lastEval(py2('lstm'));
    const file = readFileSync(ckpt('py2-lstm'));
    const header = JSON.parse(file.subarray(8, 8 + Number(file.readBigUInt64LE(0))).toString('utf8'));
    const specs = paramSpecs({ cell: 'lstm', layers: 2, hidden: 16, vocabSize: vocab.length });
    const tensors = Object.keys(header).filter((k) => k !== '__metadata__');
    assert.deepEqual(tensors, [...specs.map((s) => s.name), ...OPTIMIZER_STATE_NAMES.adam, 'optim.hidden']);
    specs.forEach((s) => assert.deepEqual(header[s.name].shape, s.shape, s.name));

    const ck = await loadCheckpoint(ckpt('py2-lstm'));
    assert.deepEqual([ck.cell, ck.layers, ck.hidden, ck.vocab], ['lstm', 2, 16, vocab]);
    const n = specs.at(-1)!.offset + specs.at(-1)!.size;
    assert.deepEqual(OPTIMIZER_STATE_NAMES.adam.map((k) => ck.optim!.get(k)!.length), [n, n]);
    assert.equal(ck.optim!.get('optim.hidden')!.length, 2 * 2 * 5 * 16);
    const run = JSON.parse(ck.meta!.train);
    assert.deepEqual(Object.keys(run).sort(), ['batch', 'charsSeen', 'elapsedMs', 'epoch', 'model', 'pos', 'rng', 'seq', 'smoothLoss', 'step', 'train', 'valFiles']);
    assert.deepEqual([run.step, run.batch, run.seq, run.charsSeen, run.model.cell, run.train.optimizer, run.train.clip],
      [8, 5, 12, 8 * 5 * 12, 'lstm', 'adam', 0.2]);
    assert.deepEqual(run.valFiles, manifest.heldout.files.map((f: { path: string }) => f.path));
    assert.deepEqual(JSON.parse(ck.meta![EVAL_META_KEY]), evaluated);
    assert.deepEqual(summarize(ck), { cell: 'lstm', layers: 2, hidden: 16, vocabSize: vocab.length, step: 8, valBitsPerChar: evaluated.valBitsPerChar, resumable: true });
  });

  it('char-rnn train --init starts from its weights', async () => {
    const out = ckpt('ts-init');
    const from = await lastEval(py2('gru'));
    const r = await runCli(['train', FIXTURE, ...RUN, '--init', ckpt('py2-gru'), '--optimizer', 'sgd', '--lr', '1e-6', '--steps', '1', '--json', '--out', out]);
    assert.equal(r.code, 0, r.err);
    const val = jsonLines(r.out).find((l) => l.kind === 'eval')!;
    // one step of lr 1e-6 leaves the held-out loss where the PyTorch run left it
    assert.ok(rel(val.valBitsPerChar as number, from.valBitsPerChar as number) < 1e-4, `${val.valBitsPerChar} vs ${from.valBitsPerChar}`);
    assertClose(await loadCheckpoint(out), await loadCheckpoint(ckpt('py2-gru')), 0, 1e-4);
  });

  it('a run killed by SIGKILL resumes from its last checkpoint and ends where the run never stopped ends', async () => {
    const long = async (out: string, more: string[] = []) => torchrunArgs(2, args([...VARIANTS.lstm, '--hidden', '48', '--steps', '150', '--eval-every', '20', '--out', out, ...more]));
    const straight = runPython(REPO, await long(ckpt('straight')));
    const killed = startPython(REPO, await long(ckpt('killed')));
    // kill the whole group (torchrun and both workers) once the step-20 checkpoint is on disk
    await new Promise<void>((resolve) => {
      killed.child.stdout!.on('data', () => { if (jsonLines(killed.out()).some((l) => l.step === 21)) resolve(); });
      void killed.done.then(() => resolve());
    });
    try { process.kill(-killed.child.pid!, 'SIGKILL'); } catch { /* it ended first: said below */ }
    const k = await killed.done;
    assert.equal(k.signal, 'SIGKILL');
    assert.ok(!jsonLines(k.out).some((l) => l.kind === 'done'), 'the run ended before it was killed');
    const saved = JSON.parse((await loadCheckpoint(ckpt('killed'))).meta!.train).step as number;
    assert.ok(saved >= 20 && saved % 20 === 0 && saved < 150, `checkpoint at step ${saved}`);
    const resumed = ok(await runPython(REPO, await long(ckpt('killed'), ['--resume', ckpt('killed')])), 'resumed run');
    assert.equal(jsonLines(resumed.out).find((l) => l.kind === 'step')!.step, saved + 1);
    ok(await straight, 'uninterrupted run');
    assertClose(await loadCheckpoint(ckpt('killed')), await loadCheckpoint(ckpt('straight')), 0, 0);
  });

  it('continues a run across the two trainers: TypeScript from PyTorch\'s checkpoint and PyTorch from TypeScript\'s', async () => {
    const v = [...VARIANTS.lstm];
    await Promise.all([py1('lstm'), ts('lstm')]);
    // two processes: the carried state of every stream, gathered from both, goes with the checkpoint
    ok(await runPython(REPO, await torchrunArgs(2, args([...v, '--steps', '4', '--out', ckpt('py-half')]))), 'first half in PyTorch');
    const rest = await runCli(['train', FIXTURE, '--resume', ckpt('py-half'), '--steps', '8', '--json', '--out', ckpt('ts-rest')]);
    assert.equal(rest.code, 0, rest.err);
    assert.equal(jsonLines(rest.out)[0].step, 5);
    assertClose(await loadCheckpoint(ckpt('ts-rest')), await loadCheckpoint(ckpt('py1-lstm')), 1e-4, 1e-5);

    const first = await runCli(['train', FIXTURE, ...RUN, ...v, '--steps', '4', '--out', ckpt('ts-half')]);
    assert.equal(first.code, 0, first.err);
    const py = ok(await runPython(REPO, await torchrunArgs(2, args(['--resume', ckpt('ts-half'), '--steps', '8', '--out', ckpt('py-rest')]))), 'PyTorch resuming');
    assert.equal(jsonLines(py.out)[0].step, 5);
    assertClose(await loadCheckpoint(ckpt('py-rest')), await loadCheckpoint(ckpt('ts-lstm')), 1e-4, 1e-5);
  });

  it('reads char-rnn train\'s checkpoints, memory of the repository (mix.*) and all; its own carry none, and char-rnn builds one', async () => {
    await ts('lstm');
    const withMemory = await loadCheckpoint(ckpt('ts-lstm'));
    assert.ok(withMemory.mix && withMemory.mix.text.length > 0, 'char-rnn train wrote no mix.* tensors: this test checks nothing');
    const py = ok(await runPython(REPO, ['-m', 'char_rnn_torch.evaluate', corpus, '--ckpt', ckpt('ts-lstm'), '--json']), 'evaluate of char-rnn train\'s checkpoint');
    const cli = await runCli(['eval', '--ckpt', ckpt('ts-lstm'), join(corpus, 'heldout'), '--network-only', '--json']);
    assert.equal(cli.code, 0, cli.err);
    const [p, t] = [JSON.parse(py.out), JSON.parse(cli.out)];
    assert.ok(rel(p.bitsPerChar, t.bitsPerChar) < 1e-4, `PyTorch ${p.bitsPerChar} vs char-rnn ${t.bitsPerChar}`);

    await py2('gru');
    assert.equal((await loadCheckpoint(ckpt('py2-gru'))).mix, undefined);
    const mixed = await runCli(['eval', '--ckpt', ckpt('py2-gru'), join(corpus, 'heldout'), '--json']);
    assert.equal(mixed.code, 0, mixed.err);
    const m = JSON.parse(mixed.out), alone = (await lastEval(py2('gru'))).valBitsPerChar as number;
    assert.deepEqual([m.predictor, m.memoryBytes], ['mixture', 0]);
    assert.ok(rel(m.lstmBitsPerChar, alone) < 1e-4, `the network within the mixture ${m.lstmBitsPerChar} vs PyTorch ${alone}`);
    const completed = await runCli(['complete-eval', '--ckpt', ckpt('py2-gru'), join(corpus, 'heldout'), '--first', '200', '--json']);
    assert.equal(completed.code, 0, completed.err);
    const c = JSON.parse(completed.out);
    assert.deepEqual([c.predictor, c.chars], ['mixture', 200]);
  });

  it('refuses bad input with a message: no export, bad hyperparameters, too few streams, another corpus\'s or a corrupt checkpoint', async () => {
    const bad = async (args: string[], code: number, re: RegExp) => {
      const r = await runPython(REPO, args);
      assert.equal(r.code, code, r.err);
      assert.match(r.err, re);
      assert.ok(!/Traceback/.test(r.err), r.err);
    };
    await bad(['-m', 'char_rnn_torch.train', dir(), '--out', ckpt('x')], 1, /no corpus\.json; it is not a directory written by `char-rnn export-corpus/);
    await bad(train(['--lr', '0', '--out', ckpt('x')]), 2, /lr must be at least 1e-06/);
    await bad(train(['--cell', 'tcn', '--out', ckpt('x')]), 2, /invalid choice: 'tcn'/);
    await bad(train(['--resume', join(REPO, 'test', 'fixtures', 'torch', 'lstm.safetensors'), '--out', ckpt('x')]), 1, /holds no training state to resume from/);
    const other = ckpt('other');
    assert.equal((await runCli(['train', join(REPO, 'test', 'fixtures', 'torch', 'text.txt'), '--hidden', '8', '--layers', '1', '--steps', '1', '--out', other])).code, 0);
    await bad(train(['--resume', other, '--out', ckpt('x')]), 1, /was trained on another corpus than/);
    const cut = ckpt('cut');
    await py2('rnn');
    const whole = readFileSync(ckpt('py2-rnn'));
    writeFileSync(cut, whole.subarray(0, whole.length - 10));
    await bad(train(['--resume', cut, '--out', ckpt('x')]), 1, /cut\.safetensors: data section has .* truncated or padded file/);
    copyFileSync(ckpt('py2-rnn'), ckpt('kept'));
    const r = await runPython(REPO, await torchrunArgs(2, args(['--batch', '1', '--out', ckpt('kept')])));
    assert.notEqual(r.code, 0);
    assert.match(r.err, /1 streams cannot be shared by 2 processes: train with --batch 2 or more/);
    assert.deepEqual(readFileSync(ckpt('kept')), whole);
  });
});
