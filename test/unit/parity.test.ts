// Parity with PyTorch (fixtures made by scripts/make_torch_fixtures.py): eval loss and one SGD
// step through the command line, for each cell, on every backend.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCheckpoint } from '../../src/core/checkpoint';
import { paramSpecs } from '../../src/core/params';
import { specOf, tensor } from '../../src/core/weights';
import { backendNames, runCli, tempDir } from './helpers';

const FIX = join(__dirname, '..', 'fixtures', 'torch');
const TEXT = join(FIX, 'text.txt');

function relErr(a: number, b: number) { return Math.abs(a - b) / Math.abs(b); }

for (const backend of backendNames()) {
  for (const cell of ['rnn', 'lstm', 'gru']) {
    describe(`PyTorch parity: ${cell}, 2 layers [${backend}]`, () => {
      const ref = JSON.parse(readFileSync(join(FIX, `${cell}.json`), 'utf8'));
      const dir = tempDir();

      it('eval --json gives PyTorch\'s bits per character within 1e-4 relative, for the network alone', async () => {
        const r = await runCli(['eval', '--ckpt', join(FIX, `${cell}.safetensors`), TEXT, '--json', '--backend', backend, '--network-only']);
        assert.equal(r.code, 0, r.err);
        const got = JSON.parse(r.out);
        assert.equal(got.chars, ref.chars - 1);
        assert.ok(relErr(got.bitsPerChar, ref.evalBitsPerChar) < 1e-4, `${got.bitsPerChar} vs ${ref.evalBitsPerChar}`);
        assert.ok(relErr(got.perplexity, ref.evalPerplexity) < 1e-4);
        // the mixture (the default) reports the network's figure beside its own, read one stream at a time
        const m = await runCli(['eval', '--ckpt', join(FIX, `${cell}.safetensors`), TEXT, '--json', '--backend', backend]);
        assert.equal(m.code, 0, m.err);
        const mixed = JSON.parse(m.out);
        assert.equal(mixed.predictor, 'mixture');
        assert.ok(relErr(mixed.lstmBitsPerChar, ref.evalBitsPerChar) < 1e-4, `${mixed.lstmBitsPerChar} vs ${ref.evalBitsPerChar}`);
      });

      it('one SGD step (lr 1, no clipping) leaves each weight minus PyTorch\'s gradient', async () => {
        const out = join(dir(), `${cell}.out.safetensors`);
        const r = await runCli(['train', TEXT, '--batch', '1', '--seq', String(ref.chars - 1), '--val-frac', '0', '--optimizer', 'sgd',
          '--lr', '1', '--clip', '0', '--steps', '1', '--init', join(FIX, `${cell}.safetensors`), '--out', out, '--json', '--backend', backend]);
        assert.equal(r.code, 0, r.err);
        const first = JSON.parse(r.out.split('\n')[0]);
        assert.ok(relErr(first.loss, ref.evalNats) < 1e-4, `first-step loss ${first.loss} vs ${ref.evalNats}`);
        assert.ok(relErr(first.gradNorm, ref.gradNorm) < 1e-4, `grad norm ${first.gradNorm} vs ${ref.gradNorm}`);
        const [init, stepped, expected, grad] = await Promise.all([`${cell}.safetensors`, null, `${cell}.step.safetensors`, `${cell}.grad.safetensors`]
          .map((f) => loadCheckpoint(f ? join(FIX, f) : out)));
        for (const { name } of paramSpecs(specOf(stepped))) {
          const w = tensor(stepped, name), want = tensor(expected, name), g = tensor(grad, name), w0 = tensor(init, name);
          let dd = 0, gg = 0;
          for (let j = 0; j < w.length; j++) {
            assert.ok(Math.abs(w[j] - want[j]) <= 1e-4 * Math.max(Math.abs(want[j]), 1e-3), `${name}[${j}]: ${w[j]} vs ${want[j]}`);
            dd += (w0[j] - w[j] - g[j]) ** 2; gg += g[j] ** 2;
          }
          assert.ok(Math.sqrt(dd) <= 1e-4 * Math.sqrt(gg) + 1e-7, `${name}: applied step differs from PyTorch's gradient`);
        }
      });
    });
  }
}
