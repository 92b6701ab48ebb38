// The training worker through its message protocol, in plain Node: the same worker.ts the
// extension bundles, run through tsx, driven by the host's WorkerClient.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCheckpoint } from '../../src/core/checkpoint';
import type { CorpusFile } from '../../src/core/corpus';
import { readSavedRun } from '../../src/extension/model/summary';
import { EVAL_META_KEY, type HostToWorker, type WorkerToHost } from '../../src/extension/training/protocol';
import { describeEnd, runJob, WorkerClient, type WorkerEnd } from '../../src/extension/training/workerClient';

const root = join(__dirname, '..', '..');
const fixture = join(root, 'test', 'fixtures', 'workspace', 'src');
const files: CorpusFile[] = readdirSync(fixture).sort().map((f) => ({ path: f, text: readFileSync(join(fixture, f), 'utf8') }));
const tiny = { model: { cell: 'lstm' as const, layers: 1, hidden: 16 }, train: { batch: 4, seq: 16, steps: 40, evalEvery: 20 } };
const quiet = { metricsMs: 1e9, publishMs: 1e9, checkpointMs: 1e9, sliceMs: 20 };

let dir: string, script: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'char-rnn-worker-'));
  script = join(dir, 'worker.cjs');
  // a Worker needs a .js file: this one loads the TypeScript source through tsx
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  writeFileSync(script, `require(${JSON.stringify(tsx)}); require(${JSON.stringify(join(root, 'src', 'extension', 'training', 'worker.ts'))});`);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs one worker to its end, answering each message with `react`. */
async function session(first: HostToWorker, react: (m: WorkerToHost, c: WorkerClient) => void = () => {}, heapMb = 256) {
  const got: WorkerToHost[] = [];
  const client: WorkerClient = new WorkerClient(script, (m) => { got.push(m); react(m, client); }, heapMb);
  client.post(first);
  const end: WorkerEnd = await client.ended;
  return { got, end };
}

const ofType = <T extends WorkerToHost['type']>(got: WorkerToHost[], t: T) => got.filter((m): m is Extract<WorkerToHost, { type: T }> => m.type === t);

describe('training worker', function () {
  this.timeout(60_000);
  /** one run to its budget, shared by the tests that read it */
  let trained: Awaited<ReturnType<typeof session>>;
  before(async () => { trained = await session({ type: 'train', files, ...tiny, timing: quiet }); });

  it('trains to its budget: started, every step once, evaluations, weights, a final checkpoint, finished', () => {
    const { got, end } = trained;
    assert.equal(end.code, 0);
    assert.equal(got[0].type, 'started');
    assert.equal(got[got.length - 1].type, 'finished');
    const items = ofType(got, 'metrics').flatMap((m) => m.items);
    assert.deepEqual(items.filter((m) => m.kind === 'step').map((m) => m.step), Array.from({ length: 40 }, (_, i) => i + 1));
    assert.deepEqual(items.filter((m) => m.kind === 'eval').map((m) => m.step), [20, 40]);
    // a long interval holds every batch back but the first, until the end of the run
    assert.equal(ofType(got, 'metrics').length, 2);
    const [ck] = ofType(got, 'checkpoint');
    assert.equal(ck.final, true);
    assert.equal(ck.step, 40);
    const decoded = decodeCheckpoint(ck.bytes, 'worker checkpoint');
    assert.equal(readSavedRun(decoded)?.step, 40);
    assert.equal(JSON.parse(decoded.meta![EVAL_META_KEY]).step, 40);
    const published = ofType(got, 'weights').at(-1)!;
    assert.equal(published.step, 40);
    assert.deepEqual(published.weights.params, decoded.params);
  });

  it('sends metrics, weights and checkpoints as often as the timing asks', async () => {
    const { got } = await session({ type: 'train', files, ...tiny, timing: { metricsMs: 0, publishMs: 0, checkpointMs: 0, sliceMs: 0 } });
    const steps = ofType(got, 'metrics').filter((m) => m.items.some((x) => x.kind === 'step'));
    assert.ok(steps.length >= 40, `${steps.length} metrics messages for 40 steps with no batching interval`);
    assert.ok(ofType(got, 'checkpoint').length > 1);
    assert.ok(ofType(got, 'weights').length > 1);
  });

  it('stops between steps on request, and the resumed run continues from its checkpoint', async () => {
    const long = { ...tiny, train: { ...tiny.train, steps: 100_000 } };
    let seen = 0;
    const first = await session({ type: 'train', files, ...long, timing: { ...quiet, metricsMs: 0 } }, (m, c) => {
      if (m.type === 'metrics' && ++seen === 5) c.post({ type: 'stop' });
    });
    const finished = ofType(first.got, 'finished')[0];
    assert.equal(finished.reason, 'stopped');
    assert.ok(finished.step >= 5 && finished.step < 100_000);
    const bytes = ofType(first.got, 'checkpoint').at(-1)!.bytes;
    const resume = decodeCheckpoint(bytes);
    const second = await session({ type: 'train', files, model: {}, train: { steps: finished.step + 10 }, resume, timing: quiet });
    const run = ofType(second.got, 'started')[0].run;
    assert.equal(run.resumed, true);
    assert.equal(run.startStep, finished.step);
    // the training time before it, which the resumed run's time budget counts
    const firstRun = ofType(first.got, 'started')[0].run;
    assert.equal(firstRun.startElapsedMs, 0);
    assert.ok(run.startElapsedMs > 0 && run.startElapsedMs >= ofType(first.got, 'metrics').flatMap((m) => m.items).filter((x) => x.kind === 'step').at(-1)!.elapsedMs);
    assert.equal(ofType(second.got, 'finished')[0].step, finished.step + 10);
  });

  it('ends after a run whose kernels used threads of their own', async () => {
    const { got, end } = await session({ type: 'train', files, model: tiny.model, train: { ...tiny.train, steps: 5, threads: 2 }, timing: quiet });
    assert.equal(ofType(got, 'finished')[0]?.step, 5);
    assert.equal(end.code, 0);
  });

  it('reports a configuration the trainer refuses, and ends', async () => {
    const { got, end } = await session({ type: 'train', files, model: { hidden: 3 }, train: {}, timing: quiet });
    const failed = ofType(got, 'failed')[0];
    assert.match(failed.message, /invalid configuration: hidden must be at least 8/);
    assert.equal(describeEnd(end, failed.message), failed.message);
  });

  it('reports an exception, an exit and running out of memory in words', async () => {
    const thrown = await session({ type: 'train', files, ...tiny, timing: quiet, fault: { kind: 'throw', atStep: 3 } });
    assert.match(ofType(thrown.got, 'failed')[0].message, /simulated failure at step 3/);
    const exited = await session({ type: 'train', files, ...tiny, timing: quiet, fault: { kind: 'exit', atStep: 3 } });
    assert.equal(describeEnd(exited.end), 'the worker exited unexpectedly (exit code 3)');
    const oom = await session({ type: 'train', files, ...tiny, timing: quiet, fault: { kind: 'oom', atStep: 3 } }, () => {}, 48);
    assert.equal(describeEnd(oom.end), 'the worker ran out of memory');
  });

  it('samples and evaluates as one-shot jobs, every temperature in one job', async () => {
    const weights = ofType(trained.got, 'weights').at(-1)!.weights;
    const request = { prime: 'function ', length: 50, topP: 1, seed: 7 };
    const sampled = await runJob(script, { type: 'sample', weights, request: { ...request, temperatures: [0.5] } }, 'sampled', 256);
    assert.equal(sampled.texts.length, 1);
    assert.equal([...sampled.texts[0]].length, 50);
    const again = await runJob(script, { type: 'sample', weights, request: { ...request, temperatures: [0.5] } }, 'sampled', 256);
    assert.equal(again.texts[0], sampled.texts[0], 'the same seed gave different text');
    // several temperatures: one text each, in order, each as its own job would have drawn it
    const three = await runJob(script, { type: 'sample', weights, request: { ...request, temperatures: [1.5, 0.5, 0] } }, 'sampled', 256);
    assert.equal(three.texts.length, 3);
    assert.equal(three.texts[1], sampled.texts[0]);
    const greedy = await runJob(script, { type: 'sample', weights, request: { ...request, temperatures: [0] } }, 'sampled', 256);
    assert.equal(three.texts[2], greedy.texts[0]);
    assert.notEqual(three.texts[0], three.texts[2], 'temperature 1.5 drew the greedy text');
    const evaluated = await runJob(script, { type: 'evaluate', weights, files }, 'evaluated', 256);
    assert.equal(evaluated.result.files, files.length);
    assert.ok(evaluated.result.bitsPerChar > 0 && evaluated.result.bitsPerChar < Math.log2(weights.vocab.length) + 1);
    assert.ok(Math.abs(evaluated.result.perplexity - 2 ** evaluated.result.bitsPerChar) < 1e-6 * evaluated.result.perplexity);
  });

  it('rejects a job with the reason, and a cancelled job as cancelled', async () => {
    const bad = { cell: 'rnn' as const, layers: 1, hidden: 8, vocab: ['', 'a', 'b'], params: new Float32Array(5) };
    await assert.rejects(runJob(script, { type: 'evaluate', weights: bad, files }, 'evaluated', 256), /the weights have 5 values/);
    const weights = ofType(trained.got, 'weights').at(-1)!.weights;
    await assert.rejects(
      runJob(script, { type: 'sample', weights, request: { prime: '', length: 10_000_000, temperatures: [1], topP: 1, seed: 1 } }, 'sampled', 256, (stop) => setTimeout(stop, 200)),
      /cancelled/,
    );
  });
});
