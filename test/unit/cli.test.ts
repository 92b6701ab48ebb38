// The command line's contract: exit 0 on success, 2 with a one-line usage message on bad
// arguments, 1 with a clear message on any other failure; nothing crashes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './helpers';

const FIX = join(__dirname, '..', 'fixtures', 'torch');

describe('char-rnn command line', () => {
  const dir = tempDir();
  const code = 'export function twice(x: number): number {\n  return 2 * x;\n}\n';
  let src = '', ckpt = '';
  before(async () => {
    src = join(dir(), 'src');
    mkdirSync(src);
    for (let i = 0; i < 4; i++) writeFileSync(join(src, `f${i}.ts`), code.repeat(5 + i));
    ckpt = join(dir(), 'm.safetensors');
    const r = await runCli(['train', src, '--hidden', '16', '--layers', '1', '--batch', '4', '--seq', '16', '--steps', '5', '--out', ckpt, '--json']);
    assert.equal(r.code, 0, r.err);
  });

  it('train --json prints one JSON object per line: steps, evaluations, then a summary', async () => {
    const r = await runCli(['train', src, '--hidden', '8', '--layers', '1', '--batch', '2', '--seq', '8', '--steps', '4', '--eval-every', '2', '--out', join(dir(), 'j.safetensors'), '--json']);
    assert.equal(r.code, 0);
    const rows = r.out.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((x) => x.kind), ['step', 'step', 'eval', 'step', 'step', 'eval', 'done']);
    const s = rows[0];
    for (const k of ['loss', 'bitsPerChar', 'smoothLoss', 'gradNorm', 'clipped', 'lr', 'charsPerSec', 'dhNorms']) assert.ok(k in s, k);
    assert.equal(s.dhNorms.length, 8);
    assert.ok(Math.abs(s.bitsPerChar - s.loss / Math.LN2) < 1e-12);
    assert.ok(rows[2].valBitsPerChar > 0 && rows[2].valPerplexity > 1);
  });

  it('sample continues a prime, the same for the same seed', async () => {
    const a = await runCli(['sample', '--ckpt', ckpt, '--prime', 'export', '--length', '30', '--temperature', '0.5', '--seed', '3']);
    const b = await runCli(['sample', '--ckpt', ckpt, '--prime', 'export', '--length', '30', '--temperature', '0.5', '--seed', '3']);
    assert.equal(a.code, 0, a.err);
    assert.ok(a.out.startsWith('export') && a.out.length === 'export'.length + 30 + 1);
    assert.equal(a.out, b.out);
    const k1 = await runCli(['sample', '--ckpt', ckpt, '--length', '20', '--top-k', '1', '--seed', '1']);
    const greedy = await runCli(['sample', '--ckpt', ckpt, '--length', '20', '--temperature', '0', '--seed', '9']);
    assert.equal(k1.out, greedy.out, 'top-k 1 is greedy');
  });

  it('eval reports bits per character, perplexity and the number of predicted characters', async () => {
    const r = await runCli(['eval', '--ckpt', ckpt, join(src, 'f0.ts'), join(src, 'f1.ts'), '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.chars, code.length * 5 - 1 + code.length * 6 - 1);
    assert.ok(Math.abs(j.perplexity - 2 ** j.bitsPerChar) < 1e-9 * j.perplexity);
  });

  it('complete-eval reports the model against the word baseline, without a progress bar when stderr is piped', async () => {
    const r = await runCli(['complete-eval', '--ckpt', ckpt, join(src, 'f0.ts'), join(src, 'f1.ts')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^2 files, /);
    assert.match(r.out, /\nmodel\s+[\d.]+%/);
    assert.match(r.out, /\nword baseline \(no model\)\s+[\d.]+%/);
    assert.ok(!r.err.includes('\r'), `stderr: ${JSON.stringify(r.err)}`);
  });

  it('eval, sample and complete-eval run on either precision, and say which', async () => {
    const files = [join(src, 'f0.ts'), join(src, 'f1.ts')];
    const ev = async (p: string) => { const r = await runCli(['eval', '--ckpt', ckpt, ...files, '--json', '--precision', p]); assert.equal(r.code, 0, r.err); return JSON.parse(r.out); };
    const f = await ev('f32'), q = await ev('int8');
    assert.deepEqual([f.precision, q.precision], ['f32', 'int8']);
    assert.ok(q.bitsPerChar !== f.bitsPerChar && Math.abs(q.bitsPerChar - f.bitsPerChar) < 0.02, `${q.bitsPerChar} against ${f.bitsPerChar}`);
    const s = await runCli(['sample', '--ckpt', ckpt, '--prime', 'export', '--length', '30', '--precision', 'int8']);
    assert.equal(s.code, 0, s.err);
    assert.ok(s.out.startsWith('export') && s.out.length === 'export'.length + 30 + 1);
    const c = await runCli(['complete-eval', '--ckpt', ckpt, ...files, '--json', '--precision', 'int8']);
    assert.equal(c.code, 0, c.err);
    assert.equal(JSON.parse(c.out).precision, 'int8');
  });

  const usage: [string, string[], RegExp][] = [
    ['no command', [], /usage/],
    ['an unknown command', ['fly'], /unknown command/],
    ['an unknown flag', ['train', 'x', '--bogus', '1'], /bogus/],
    ['a non-numeric value', ['train', 'x', '--lr', 'fast'], /--lr expects a number/],
    ['an out-of-range value', ['train', 'x', '--batch', '0'], /--batch: must be at least 1/],
    ['a non-integer where an integer is due', ['train', 'x', '--layers', '1.5'], /--layers: must be an integer/],
    ['an unknown optimizer', ['train', 'x', '--optimizer', 'lion'], /--optimizer must be one of sgd, adagrad, rmsprop, adam/],
    ['train without paths', ['train'], /at least one file/],
    ['sample without --ckpt', ['sample'], /needs --ckpt/],
    ['eval without paths', ['eval', '--ckpt', 'x'], /at least one file/],
    ['a top-p above 1', ['sample', '--ckpt', 'x', '--top-p', '2'], /--top-p/],
    ['a bad bench configuration', ['bench', '--configs', 'lstm2x256'], /bad configuration/],
    ['an unknown precision', ['sample', '--ckpt', 'x', '--precision', 'int4'], /--precision must be one of f32, int8/],
    ['an unknown bench precision', ['bench', '--precision', 'f16'], /--precision must be one of f32, int8/],
  ];
  for (const [what, args, re] of usage) {
    it(`exits 2 with one line for ${what}`, async () => {
      const r = await runCli(args);
      assert.equal(r.code, 2);
      const text = r.err || r.out;
      assert.match(text, re);
      assert.equal(text.trim().split('\n').length, 1, text);
    });
  }

  it('refuses a corrupt, a truncated and a mismatched checkpoint with exit 1 and a message', async () => {
    const bad = join(dir(), 'corrupt.safetensors');
    writeFileSync(bad, 'this is not a checkpoint at all');
    let r = await runCli(['sample', '--ckpt', bad]);
    assert.equal(r.code, 1);
    assert.match(r.err, /corrupt\.safetensors/);
    const whole = readFileSync(join(FIX, 'lstm.safetensors'));
    const cut = join(dir(), 'cut.safetensors');
    writeFileSync(cut, whole.subarray(0, whole.length - 100));
    r = await runCli(['eval', '--ckpt', cut, join(FIX, 'text.txt')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /cut\.safetensors.*(truncat|beyond|short|offset)/i);
    r = await runCli(['sample', '--ckpt', join(dir(), 'missing.safetensors')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /missing\.safetensors/);
    // a header claiming a different hidden size than the tensors hold
    const text = whole.toString('latin1').replace('"hidden":"12"', '"hidden":"13"');
    const mismatched = join(dir(), 'mismatched.safetensors');
    writeFileSync(mismatched, Buffer.from(text, 'latin1'));
    r = await runCli(['sample', '--ckpt', mismatched]);
    assert.equal(r.code, 1);
    assert.match(r.err, /shape|expected/i);
  });

  it('an empty directory and a directory of only binary files end with exit 1 and say why', async () => {
    const empty = join(dir(), 'empty');
    mkdirSync(empty);
    let r = await runCli(['train', empty, '--steps', '1', '--out', join(dir(), 'e.safetensors')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /no readable source files/);
    const bin = join(dir(), 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'a.ts'), Buffer.from([0x63, 0x00, 0x01, 0x02]));
    writeFileSync(join(bin, 'b.js'), Buffer.from([0xff, 0xfe, 0xfd, 0x41]));
    r = await runCli(['train', bin, '--steps', '1', '--out', join(dir(), 'b.safetensors')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /skipped 2 files/);
    assert.match(r.err, /all 2 were skipped/);
  });

  it('refuses --init together with --resume, and --resume of a checkpoint without training state', async () => {
    let r = await runCli(['train', src, '--init', ckpt, '--resume', ckpt]);
    assert.equal(r.code, 2);
    r = await runCli(['train', join(FIX, 'text.txt'), '--resume', join(FIX, 'lstm.safetensors'), '--steps', '1', '--out', join(dir(), 'r.safetensors')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /no training state to resume/);
  });

  it('bench --json prints a row per configuration with the fields the peer comparison reads', async () => {
    const r = await runCli(['bench', '--configs', 'lstm-1x16,gru-2x8', '--batch', '2', '--seq', '4', '--min-ms', '1', '--json']);
    assert.equal(r.code, 0, r.err);
    const rows = r.out.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(rows.length, 2);
    for (const k of ['cell', 'layers', 'hidden', 'batch', 'seq', 'threads', 'charsPerSec']) assert.ok(k in rows[0], k);
    assert.equal(rows[1].cell, 'gru');
    assert.ok(rows[0].charsPerSec > 0);
    // lstm 1x16 over V = 96: W_hh [64,16] and the head [96,16], 10,240 bytes
    assert.equal(rows[0].weightBytesPerChar, 4 * (64 * 16 + 96 * 16));
    assert.ok(rows[0].weightReadMsPerChar > 0 && rows[0].weightReadMsPerChar < rows[0].inferenceMsPerChar, JSON.stringify(rows[0]));
    // and the int8 copies: blocks of 16 rows [64 and 96 rows, 16 k's] with a scale and a sum per row
    assert.equal(rows[0].int8WeightBytesPerChar, 64 * 16 + 96 * 16 + 8 * (64 + 96));
    assert.ok(rows[0].int8InferenceMsPerChar > 0 && rows[0].int8WeightReadMsPerChar > 0, JSON.stringify(rows[0]));
    assert.match(rows[0].int8Kernels, /^(relaxed-dot|i16-dot)$/);
    const one = await runCli(['bench', '--configs', 'lstm-1x16', '--batch', '2', '--seq', '4', '--min-ms', '1', '--json', '--precision', 'int8']);
    const row = JSON.parse(one.out);
    assert.ok(row.int8InferenceMsPerChar > 0 && !('inferenceMsPerChar' in row), one.out);
  });

  it('runs the kernels with fused multiply-adds as a process of its own, on Node 20 too', () => {
    // in-process (these tests) the runtime's default holds; a char-rnn process switches relaxed
    // SIMD on where V8 keeps it behind a flag
    const cli = join(__dirname, '..', '..', 'src', 'cli.ts');
    const out = execFileSync(process.execPath, ['--import', 'tsx', cli, 'bench', '--configs', 'lstm-1x8', '--batch', '2', '--seq', '4', '--min-ms', '1', '--json'], { encoding: 'utf8' });
    assert.equal(JSON.parse(out.trim()).kernels, 'wasm relaxed-simd');
  });
});
