// The command line against an unlucky user and a hostile file: a diverging run never replaces
// a good checkpoint, the output is checked before the first step, a full disk keeps the old
// file, FIFOs and devices are refused at once, a resumed run refuses conflicting flags and a
// checkpoint whose training state is broken.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/core/checkpoint';
import { Trainer } from '../../src/core/train';
import { saveGuarded } from '../../src/cli/output';
import { getBackend } from '../../src/core/kernels';
import { runCli, tempDir } from './helpers';

describe('char-rnn train: nothing lost, nothing hangs', () => {
  const dir = tempDir();
  const code = 'export function twice(x: number): number {\n  return 2 * x;\n}\n';
  const small = ['--hidden', '16', '--layers', '1', '--batch', '4', '--seq', '16'];
  let src = '', good = '';
  before(async () => {
    src = join(dir(), 'src');
    mkdirSync(src);
    for (let i = 0; i < 4; i++) writeFileSync(join(src, `f${i}.ts`), code.repeat(5 + i));
    good = join(dir(), 'good.safetensors');
    const r = await runCli(['train', src, ...small, '--steps', '40', '--lr', '0.01', '--out', good]);
    assert.equal(r.code, 0, r.err);
  });

  it('a diverging run leaves the previous checkpoint byte for byte, keeps its own weights beside it, and exits non-zero', async () => {
    const before = readFileSync(good);
    const r = await runCli(['train', src, ...small, '--steps', '30', '--lr', '10', '--clip', '0', '--out', good]);
    assert.equal(r.code, 1);
    assert.match(r.err, /good\.safetensors was kept: the new weights score [\d.]+ bits per character on the held-out text, against [\d.]+ for the one they would replace; this run's weights are in .*good\.rejected\.safetensors/);
    assert.deepEqual(readFileSync(good), before);
    assert.ok(existsSync(join(dir(), 'good.rejected.safetensors')));
  });

  it('refuses --out into a missing folder before the first step', async () => {
    const out = join(dir(), 'missing', 'm.safetensors');
    const r = await runCli(['train', src, ...small, '--steps', '5', '--out', out, '--json']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--out .*m\.safetensors: the folder .*missing does not exist/);
    assert.equal(r.out, '');
    assert.equal(existsSync(join(dir(), 'missing')), false);
  });

  it('removes the temporary files that saves killed midway left, and only those', async () => {
    const out = join(dir(), 'tmp.safetensors');
    // no process has a pid this large; the test runner's parent is alive
    const dead = 'tmp.safetensors.tmp-4194999-a1b2c3d4e5f6', live = `tmp.safetensors.tmp-${process.ppid}-a1b2c3d4e5f6`;
    for (const f of [dead, live, 'tmp.safetensors.tmp-notes']) writeFileSync(join(dir(), f), 'partial');
    const r = await runCli(['train', src, ...small, '--steps', '2', '--out', out]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /removed 1 temporary file that interrupted saves of .*tmp\.safetensors left behind/);
    const left = readdirSync(dir()).filter((f) => f.startsWith('tmp.safetensors'));
    assert.deepEqual(left.sort(), ['tmp.safetensors', 'tmp.safetensors.tmp-notes', live].sort());
  });

  it('reports a full disk in plain words and keeps the previous checkpoint', async () => {
    const before = readFileSync(good);
    const tr = new Trainer([{ path: 'a.ts', text: code.repeat(20) }, { path: 'b.ts', text: code.repeat(9) }], { model: { hidden: 16, layers: 1 }, train: { steps: 2, batch: 2, seq: 8 } });
    while (!tr.done()) tr.trainStep();
    const full = () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    await assert.rejects(saveGuarded(good, tr, getBackend('auto'), full), (err: Error) => {
      assert.match(err.message, /^could not save .*good\.(rejected\.)?safetensors: the disk is full/);
      return true;
    });
    assert.deepEqual(readFileSync(good), before);
    assert.deepEqual(readdirSync(dir()).filter((f) => f.includes('.tmp-') && f.startsWith('good')), []);
    tr.dispose();
  });

  it('refuses a device and a FIFO as a checkpoint or a corpus at once, never reading or waiting', async function () {
    if (process.platform === 'win32') this.skip();
    const fifo = join(dir(), 'pipe.safetensors');
    execFileSync('mkfifo', [fifo]);
    for (const ckpt of ['/dev/zero', fifo]) {
      const r = await runCli(['sample', '--ckpt', ckpt, '--length', '5']);
      assert.equal(r.code, 1);
      assert.match(r.err, /cannot read checkpoint: not a regular file \(a device, pipe or socket\)/);
    }
    const r = await runCli(['train', fifo, ...small, '--steps', '1', '--out', join(dir(), 'f.safetensors')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /skipped 1 files: 1 not a regular file/);
  });

  it('refuses flags that conflict with the run being resumed, and takes the same values', async () => {
    let r = await runCli(['train', src, '--resume', good, '--hidden', '32', '--optimizer', 'sgd', '--steps', '42', '--out', join(dir(), 'r.safetensors')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /--hidden 32 conflicts with the run in .*good\.safetensors \(16\); --optimizer sgd conflicts with the run in .*\(adam\): leave them out to resume, or use --init/);
    r = await runCli(['train', src, '--resume', good, '--hidden', '16', '--batch', '4', '--steps', '42', '--lr', '0.005', '--out', join(dir(), 'r.safetensors')]);
    assert.equal(r.code, 0, r.err);
  });

  it('refuses to resume a checkpoint whose training state lacks the step or holds a string, naming the file', async () => {
    const ck = decodeCheckpoint(readFileSync(good));
    const run = JSON.parse(ck.meta!.train);
    for (const [bad, why] of [[{ ...run, step: undefined }, /step is missing, expected a whole number/], [{ ...run, step: '12' }, /step is "12", expected a whole number/]] as const) {
      const file = join(dir(), 'bad.safetensors');
      writeFileSync(file, encodeCheckpoint({ ...ck, meta: { ...ck.meta, train: JSON.stringify(bad) } }));
      const r = await runCli(['train', src, '--resume', file, '--steps', '100', '--out', join(dir(), 'b.safetensors')]);
      assert.equal(r.code, 1);
      assert.match(r.err, new RegExp(`bad\\.safetensors cannot be resumed: the training state is invalid: ${why.source}`));
    }
  });

  it('exits 2 for a command that is a property every object has', async () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      const r = await runCli([name]);
      assert.equal(r.code, 2, name);
      assert.match(r.err, new RegExp(`unknown command '${name}'`));
    }
  });
});
