// `char-rnn surprise` and `char-rnn classify`: what they print, and their refusals of bad input.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/core/rng';
import { runCli, tempDir } from './helpers';

/** Two small codebases in two styles: JavaScript-like and Python-like, a few files each. */
function codebase(style: 'js' | 'py', seed: number, files: number): string[] {
  const rng = new Rng(seed), names = ['total', 'count', 'items', 'value', 'result', 'index'];
  return Array.from({ length: files }, () => {
    let s = '';
    while (s.length < 1500) {
      const a = names[rng.int(names.length)], b = names[rng.int(names.length)];
      s += style === 'js' ? `export function ${a}Of(${b}) {\n  const ${a} = ${b}.map((x) => x + 1);\n  return ${a};\n}\n`
        : `def ${a}_of(${b}):\n    ${a} = [x + 1 for x in ${b}]\n    return ${a}\n\n`;
    }
    return s;
  });
}

describe('char-rnn surprise and classify', function () {
  this.timeout(120_000);
  const dir = tempDir();
  const dirs = { js: { train: '', test: '' }, py: { train: '', test: '' } };
  const ckpt = { js: '', py: '' };

  before(async () => {
    for (const style of ['js', 'py'] as const) {
      const [train, test] = [codebase(style, style === 'js' ? 1 : 2, 4), codebase(style, style === 'js' ? 3 : 4, 3)];
      for (const [part, texts] of [['train', train], ['test', test]] as const) {
        const d = join(dir(), style, part);
        mkdirSync(d, { recursive: true });
        texts.forEach((t, i) => writeFileSync(join(d, `f${i}.${style}`), t));
        dirs[style][part] = d;
      }
      ckpt[style] = join(dir(), `${style}.safetensors`);
      const r = await runCli(['train', dirs[style].train, '--hidden', '16', '--layers', '1', '--batch', '4', '--seq', '16', '--steps', '20', '--memory-mb', '8', '--out', ckpt[style], '--json']);
      assert.equal(r.code, 0, r.err);
    }
  });

  it('surprise --json prints, per file, its name, its length and the bits of every UTF-16 unit', async () => {
    const file = join(dirs.js.test, 'f0.js'), other = join(dirs.js.test, 'f1.js');
    const r = await runCli(['surprise', '--ckpt', ckpt.js, file, other, '--json']);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => Object.keys(l)), [['file', 'chars', 'bits'], ['file', 'chars', 'bits']]);
    assert.equal(lines[0].file, file);
    assert.equal(lines[0].bits.length, lines[0].chars);
    assert.ok(lines[0].bits.every((b: number) => b >= 0 && Number.isFinite(b)));
    assert.ok(lines[0].bits[0] > 0, 'the first character is scored too');
  });

  it('surprise prints the most surprising spans with line, column and what was expected', async () => {
    const file = join(dir(), 'typo.js');
    writeFileSync(file, codebase('js', 3, 1)[0].replace('return', 'retrun'));
    const r = await runCli(['surprise', '--ckpt', ckpt.js, file, '--top', '3', '--threshold', '4']);
    assert.equal(r.code, 0, r.err);
    const [head, ...spans] = r.out.trim().split('\n');
    assert.match(head, /typo\.js: [\d,]+ characters, [\d.]+ bits\/char; 3 most surprising of \d+ spans at 4 bits or more:/);
    assert.equal(spans.length, 3);
    for (const s of spans) assert.match(s, /^ {2}\d+:\d+\s+[\d.]+ bits {2}".+"( \([\d.]+ bits\/char\), where ".+")? had [\d.e-]+%; expected ".+" [\d.e-]+%/);
  });

  it('surprise refuses bad arguments (exit 2) and a file it cannot read (exit 1)', async () => {
    for (const args of [['surprise', 'x.js'], ['surprise', '--ckpt', ckpt.js], ['surprise', '--ckpt', ckpt.js, 'x.js', '--threshold', '-1'], ['surprise', '--ckpt', ckpt.js, 'x.js', '--top', '0']]) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.equal(r.err.trim().split('\n').length, 1);
    }
    const missing = await runCli(['surprise', '--ckpt', ckpt.js, join(dir(), 'nope.js')]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no such file or directory/);
  });

  it('classify names the model with the fewest bits per character, with the margin', async () => {
    const r = await runCli(['classify', '--model', ckpt.js, '--model', ckpt.py, dirs.py.test, '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.deepEqual(j.models, ['js', 'py']);
    assert.equal(j.units.length, 3);
    for (const u of j.units) {
      assert.equal(u.predicted, 'py');
      assert.ok(Math.abs(u.margin - (u.bitsPerChar[0] - u.bitsPerChar[1])) < 1e-9 && u.margin > 0);
    }
    const text = await runCli(['classify', '--model', ckpt.js, '--model', ckpt.py, join(dirs.js.test, 'f0.js'), '--chunk', '500']);
    assert.equal(text.code, 0, text.err);
    assert.equal(text.out.trim().split('\n').length, 3, text.out);
    assert.match(text.out, /f0\.js \[0, 500\): js by [\d.]+ bits\/char \(js [\d.]+, py [\d.]+\)/);
  });

  it('classify with labels reports both classifiers\' accuracy and the confusion matrices by label', async () => {
    const labels = ['--label', `js=${dirs.js.test}`, '--label', `py=${dirs.py.test}`];
    const cv = await runCli(['classify', '--model', ckpt.js, '--model', ckpt.py, ...labels, '--chunk', '300', '--json']);
    assert.equal(cv.code, 0, cv.err);
    const j = JSON.parse(cv.out);
    assert.equal(j.accuracy.likelihood, 1);
    assert.ok(j.accuracy.hidden >= 0 && j.accuracy.hidden <= 1);
    assert.match(j.hiddenFit, /3-fold cross-validation by file/);
    const n = j.units.length;
    assert.deepEqual(j.confusion, { js: { js: n / 2, py: 0 }, py: { js: 0, py: n / 2 } });
    const total = (m: Record<string, Record<string, number>>) => Object.values(m).flatMap((row) => Object.values(row)).reduce((a, b) => a + b, 0);
    assert.equal(total(j.hiddenConfusion), n);
    // fitted on the training folders instead, and as a table
    const fit = await runCli(['classify', '--model', ckpt.js, '--model', ckpt.py, ...labels, '--fit', `py=${dirs.py.train}`, '--fit', `js=${dirs.js.train}`, '--chunk', '300']);
    assert.equal(fit.code, 0, fit.err);
    assert.match(fit.out, /by likelihood \(fewest bits\/char\): 100\.0% right/);
    assert.match(fit.out, /by hidden states \(logistic regression, fitted on \d+ units of the --fit folders\): [\d.]+%/);
    assert.match(fit.out, /confusion by likelihood \(rows: the truth, columns: the answer\):\n\s+js\s+py\njs\s+\d+\s+0\npy\s+0\s+\d+/);
  });

  it('classify refuses what it cannot do, in one line', async () => {
    const cases: [string[], RegExp][] = [
      [['classify', '--model', ckpt.js, dirs.js.test], /at least two --model files/],
      [['classify', '--model', ckpt.js, '--model', ckpt.py, '--label', `js=${dirs.js.test}`], /2 models need 2 labels, got 1/],
      [['classify', '--model', ckpt.js, '--model', ckpt.py, '--label', 'js', '--label', 'py=x'], /--label expects NAME=DIR, got 'js'/],
      [['classify', '--model', ckpt.js, '--model', ckpt.py, '--fit', `js=${dirs.js.train}`, dirs.js.test], /--fit needs --label/],
      [['classify', '--model', ckpt.js, '--model', ckpt.py], /needs files or directories/],
      [['classify', '--model', ckpt.js, '--model', ckpt.py, dirs.js.test, '--chunk', '0'], /--chunk/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1);
    }
    const short = await runCli(['classify', '--model', ckpt.js, '--model', ckpt.py, dirs.js.test, '--chunk', '100000']);
    assert.equal(short.code, 1);
    assert.match(short.err, /no chunk of 100000 characters: every file is shorter/);
  });
});
