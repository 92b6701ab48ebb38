// The completion worker driven through its client in plain Node, as the provider drives it:
// suggestions the same as the Completer's on this thread, newer weights taken up at most every
// ADOPT_EVERY_MS, a memory's text sent once, cancellation, and a worker that fails.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredMix } from '../../src/core/checkpoint';
import { Completer } from '../../src/core/complete/completer';
import { DEFAULT_COMPLETION } from '../../src/core/config';
import { getBackend } from '../../src/core/kernels';
import { restoreMixture, runToEnd } from '../../src/core/mix/memory';
import { Trainer } from '../../src/core/train';
import { Vocab } from '../../src/core/vocab';
import { weightsOf, type ModelWeights } from '../../src/core/weights';
import { ADOPT_EVERY_MS, CompletionWorker } from '../../src/extension/completion/client';
import type { EngineRequest } from '../../src/extension/completion/engine';
import { tsWorkerScript } from './helpers';

describe('completion worker', function () {
  this.timeout(120_000);
  const root = join(__dirname, '..', '..'), fixture = join(root, 'test', 'fixtures', 'workspace', 'src');
  const files = readdirSync(fixture).sort().map((f) => ({ path: f, text: readFileSync(join(fixture, f), 'utf8') }));
  let dir: string, script: string;
  const model = (seed: number, hidden = 32) => {
    const tr = new Trainer(files, { model: { cell: 'lstm', layers: 1, hidden }, train: { steps: 60, minutes: 0, batch: 4, seq: 32, lr: 1e-2, valFrac: 0, evalEvery: 1e9, seed, memoryMb: 8 } });
    while (!tr.done()) tr.trainStep();
    const mix = runToEnd(tr.buildMixture()), weights = weightsOf(tr.net, tr.vocab);
    tr.dispose();
    return { weights, mix };
  };
  let a: { weights: ModelWeights; mix: StoredMix };
  const text = files[0].text;
  const request = (before: string, over: Partial<EngineRequest> = {}): EngineRequest => ({
    doc: 'file:///a.js', path: '/a.js', before, after: '', count: 3, settings: { ...DEFAULT_COMPLETION, temperature: 0, minConfidence: 0 }, precision: 'f32', ...over,
  });

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'char-rnn-complete-'));
    script = tsWorkerScript(dir, 'extension/completion/worker.ts');
    a = model(3);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('suggests what the Completer does on this thread, with the memory; a cancelled request ends with nothing', async () => {
    const worker = new CompletionWorker(script, { peekWeights: () => a.weights, peekMemoryOf: () => a.mix }, { memoryMb: () => 8 });
    try {
      // the first request starts the memory's rebuild (it runs with an empty mixture meanwhile)
      await worker.complete(request(text, { doc: 'file:///other.js', count: 1, learn: false }));
      assert.equal((await worker.status(true))?.rebuilding, false);
      const req = request(text.slice(0, 700));
      const got = await worker.complete(req);
      const here = new Completer(a.weights, { backend: getBackend('auto') });
      here.setMixture(runToEnd(restoreMixture(a.mix, Vocab.fromJSON(a.weights.vocab))));
      const want = here.complete({ ...req, learn: true });
      assert.ok(got && got.length > 0);
      assert.deepEqual(got, want);
      const status = await worker.status(true);
      assert.ok(status?.mixing && !status.rebuilding && !status.busy);

      // cancelled while it primes 100,000 characters: the memory had taken in part of them
      const long = request('function f(a) {\n  return a;\n}\n'.repeat(3500), { doc: 'file:///long.js', settings: { ...req.settings, primeChars: 100_000 } });
      const cancelled = worker.complete(long, (cancel) => setTimeout(cancel, 40));
      assert.equal(await cancelled, undefined);
      const after = await worker.status(true);
      assert.equal(after?.busy, false);
      assert.ok(after!.absorbedChars > 0 && after!.absorbedChars + after!.fedChars < 100_000, `${after!.absorbedChars} characters absorbed`);
      assert.ok(await worker.complete(req), 'it goes on serving');
    } finally { await worker.stop(); }
    assert.equal(worker.running, false);
  });

  it('takes newer weights of the model at most every ADOPT_EVERY_MS, another model at once, and a memory\'s text once', async () => {
    const b = model(4), c = model(5, 16);
    let now = 0, source = a;
    const lines: string[] = [];
    const peek = { peekWeights: () => source.weights, peekMemoryOf: () => source.mix };
    const worker = new CompletionWorker(script, peek, { memoryMb: () => 8, now: () => now, log: (l) => lines.push(l) });
    let models = 0;
    worker.onModel = () => models++;
    try {
      const req = request(text.slice(0, 500));
      await worker.complete(req);
      await worker.status(true);
      await worker.complete(req);
      await worker.complete(req);
      let s = await worker.status(true);
      assert.equal(s?.fedChars, 0, 'the second request starts from the saved state');
      assert.equal(models, 1);

      // a newer checkpoint of the same run (the same text): held back for a while
      source = { weights: b.weights, mix: { ...b.mix, text: Uint8Array.from(a.mix.text) } };
      now = ADOPT_EVERY_MS / 2;
      await worker.complete(req);
      s = await worker.status(true);
      assert.equal(s?.fedChars, 0, 'the old weights are still in use: the saved state holds');
      now = ADOPT_EVERY_MS + 1;
      await worker.complete(req);
      s = await worker.status(true);
      assert.ok(s!.fedChars > 0, 'the new weights made the saved states stale');
      assert.equal(s?.completers, 1, 'the same completer, and mixture');
      assert.equal(models, 2);
      assert.equal(lines.filter((l) => /memory is in use/.test(l)).length, 1, `the memory was rebuilt once: ${lines.join('; ')}`);
      assert.equal(worker.textBytesSent, a.mix.text.length, 'the same text was not sent again');

      // another model: a new completer, at once
      source = c;
      now += 1;
      await worker.complete(req);
      s = await worker.status(true);
      assert.equal(s?.completers, 2);
      assert.equal(models, 3);
    } finally { await worker.stop(); }
  });

  it('warming a document before any request starts no worker and loads no model', () => {
    let looked = 0;
    const worker = new CompletionWorker(script, { peekWeights: () => { looked++; return a.weights; } });
    worker.warm('file:///a.js', '/a.js', text, 2000);
    assert.equal(looked, 0);
    assert.equal(worker.running, false);
  });

  it('a worker that fails ends its requests with nothing, says so once, and starts again later', async () => {
    const broken = join(dir, 'broken.cjs');
    writeFileSync(broken, 'require(\'node:worker_threads\').parentPort.on(\'message\', (m) => { if (m.type === \'complete\') throw new Error(\'kernel exploded\'); });');
    let now = 0;
    const said: string[] = [];
    const worker = new CompletionWorker(broken, { peekWeights: () => a.weights }, { now: () => now, onFailure: (m) => said.push(m) });
    assert.equal(await worker.complete(request('abc')), undefined);
    while (worker.running) await new Promise((r) => setTimeout(r, 10));
    assert.equal(said.length, 1);
    assert.match(said[0], /suggestions stopped: the worker failed: kernel exploded\. They start again/);
    // no restart loop: a request right after is not sent
    now += 1000;
    assert.equal(await worker.complete(request('abc')), undefined);
    assert.equal(worker.running, false);
    now += 10_000;
    const again = worker.complete(request('abc'));
    assert.ok(worker.running, 'started again');
    assert.equal(await again, undefined);
    assert.equal(said.length, 2);
    await worker.stop();
  });
});
