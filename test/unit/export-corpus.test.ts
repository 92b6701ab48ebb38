// `char-rnn export-corpus`: the corpus `train` reads, split and encodes, written for another
// trainer; bad targets are refused and lose nothing.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { heldOutNames } from '../../src/cli/exportCorpus';
import { MODEL_PARAMS, TRAIN_PARAMS } from '../../src/core/config';
import { readCorpus } from '../../src/core/corpus';
import { EVAL_MAX_CHARS, Trainer } from '../../src/core/train';
import { runCli, tempDir } from './helpers';

const u16 = (file: string) => {
  const b = readFileSync(file);
  return Array.from({ length: b.length / 2 }, (_, i) => b.readUInt16LE(2 * i));
};

describe('char-rnn export-corpus', () => {
  const dir = tempDir();
  let src = '';
  before(() => {
    src = join(dir(), 'src');
    mkdirSync(join(src, 'lib'), { recursive: true });
    for (let i = 0; i < 8; i++) writeFileSync(join(src, i % 2 ? 'lib' : '', `f${i}.ts`), `export const v${i} = ${i}; // é 😀\n`.repeat(3 + i));
    writeFileSync(join(src, 'package-lock.json'), '{}');
    writeFileSync(join(src, 'blob.ts'), Buffer.from([0x61, 0x00, 0x62]));
  });

  it('writes the training text, split, vocabulary and held-out files that train uses, and config.ts\'s names', async () => {
    const out = join(dir(), 'exp');
    const r = await runCli(['export-corpus', src, '--out', out, '--hidden', '64', '--cell', 'gru', '--steps', '30', '--seed', '5', '--val-frac', '0.25', '--json']);
    assert.equal(r.code, 0, r.err);
    const corpus = await readCorpus([src]);
    const tr = new Trainer(corpus.files, { model: { hidden: 8, layers: 1 }, train: { seed: 5, valFrac: 0.25 } });
    assert.deepEqual(u16(join(out, 'train.u16')), Array.from(tr.data));
    assert.deepEqual(JSON.parse(readFileSync(join(out, 'vocab.json'), 'utf8')), tr.vocab.toJSON());
    const manifest = JSON.parse(readFileSync(join(out, 'corpus.json'), 'utf8'));
    assert.equal(manifest.format, 'char-rnn-corpus/1');
    assert.equal(manifest.evalMaxChars, EVAL_MAX_CHARS);
    assert.deepEqual(manifest.train.files, tr.trainFiles.map((f) => f.path));
    assert.deepEqual(manifest.heldout.files.map((f: { path: string }) => f.path), tr.valFiles.map((f) => f.path));
    assert.equal(tr.valFiles.length, 2);
    const held = u16(join(out, 'heldout.u16'));
    let o = 0;
    manifest.heldout.files.forEach((f: { file: string; length: number }, i: number) => {
      assert.equal(readFileSync(join(out, f.file), 'utf8'), tr.valFiles[i].text);
      assert.deepEqual(held.slice(o, o + f.length), Array.from(tr.vocab.encode(tr.valFiles[i].text)));
      o += f.length;
    });
    assert.equal(o, held.length);
    assert.deepEqual(manifest.skipped.map((s: { reason: string }) => s.reason).sort(), ['binary', 'lock-file']);

    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    assert.deepEqual(Object.keys(config.model), Object.keys(MODEL_PARAMS));
    assert.deepEqual(Object.keys(config.train), Object.keys(TRAIN_PARAMS));
    assert.deepEqual(config.schema, JSON.parse(JSON.stringify({ model: MODEL_PARAMS, train: TRAIN_PARAMS })));
    assert.equal(config.model.cell, 'gru');
    assert.equal(config.model.hidden, 64);
    assert.equal(config.model.layers, MODEL_PARAMS.layers.default);
    // a step budget alone means no time limit, as for train; threads are left to the training machine
    assert.deepEqual([config.train.steps, config.train.minutes, config.train.seed, config.train.threads], [30, 0, 5, TRAIN_PARAMS.threads.default]);
    assert.deepEqual(JSON.parse(r.out), { kind: 'exported', out, trainFiles: 6, trainChars: tr.data.length, heldoutFiles: 2, vocab: tr.vocab.size });
  });

  it('char-rnn eval reads the held-out directory it writes', async () => {
    const out = join(dir(), 'exp-eval');
    assert.equal((await runCli(['export-corpus', src, '--out', out])).code, 0);
    const ck = join(dir(), 'm.safetensors');
    assert.equal((await runCli(['train', src, '--hidden', '8', '--layers', '1', '--steps', '2', '--batch', '2', '--seq', '8', '--out', ck])).code, 0);
    const r = await runCli(['eval', '--ckpt', ck, join(out, 'heldout'), '--json']);
    assert.equal(r.code, 0, r.err);
    const manifest = JSON.parse(readFileSync(join(out, 'corpus.json'), 'utf8'));
    const { chars, files } = JSON.parse(r.out);
    assert.equal(files, manifest.heldout.files.length);
    assert.equal(chars, manifest.heldout.files.reduce((n: number, f: { length: number }) => n + f.length - 1, 0));
  });

  it('replaces an earlier export, and refuses a directory that holds anything else, keeping it', async () => {
    const out = join(dir(), 'again');
    assert.equal((await runCli(['export-corpus', src, '--out', out, '--seed', '1'])).code, 0);
    const r = await runCli(['export-corpus', src, '--out', out, '--seed', '2']);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).train.seed, 2);
    assert.deepEqual(readdirSync(dir()).filter((f) => f.startsWith('again')), ['again']);

    const mine = join(dir(), 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'keep me');
    const refused = await runCli(['export-corpus', src, '--out', mine]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /is not empty and holds no exported corpus/);
    assert.deepEqual(readdirSync(mine), ['notes.txt']);
    const file = join(dir(), 'a-file');
    writeFileSync(file, 'x');
    assert.match((await runCli(['export-corpus', src, '--out', file])).err, /is not a directory/);
  });

  it('an empty corpus ends with exit 1 and writes nothing; a missing --out or a bad flag exits 2', async () => {
    const empty = join(dir(), 'empty');
    mkdirSync(empty);
    const r = await runCli(['export-corpus', empty, '--out', join(dir(), 'never')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /no readable source files/);
    assert.equal(existsSync(join(dir(), 'never')), false);
    assert.equal(readdirSync(dir()).some((f) => f.startsWith('never')), false);
    for (const args of [[src], [src, '--out', join(dir(), 'x'), '--hidden', '3'], [src, '--out', join(dir(), 'x'), '--resume', 'F']]) {
      const bad = await runCli(['export-corpus', ...args]);
      assert.equal(bad.code, 2, bad.err);
      assert.equal(bad.err.trim().split('\n').length, 1, bad.err);
    }
  });

  it('names held-out files inside heldout/, whatever their paths, two equal paths apart', () => {
    assert.deepEqual(heldOutNames(['a.ts', '../x/b.ts', '/abs/c.ts', 'C:\\w\\d.ts', 'A.ts', 'a.ts']),
      ['heldout/a.ts', 'heldout/x/b.ts', 'heldout/abs/c.ts', 'heldout/w/d.ts', 'heldout/dup-2/A.ts', 'heldout/dup-3/a.ts']);
  });
});
