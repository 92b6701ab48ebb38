// The training worker when a run diverges: it says so for each rolled-back step, stops a run
// that keeps diverging with the reason and its last good weights, and keeps out a checkpoint
// much worse than the one it would replace.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCheckpoint, type Checkpoint } from '../../src/core/checkpoint';
import type { CorpusFile } from '../../src/core/corpus';
import type { HostToWorker, WorkerToHost } from '../../src/extension/training/protocol';
import { WorkerClient } from '../../src/extension/training/workerClient';

const root = join(__dirname, '..', '..');
const fixture = join(root, 'test', 'fixtures', 'workspace', 'src');
const files: CorpusFile[] = readdirSync(fixture).sort().map((f) => ({ path: f, text: readFileSync(join(fixture, f), 'utf8') }));
const tiny = { model: { cell: 'lstm' as const, layers: 1, hidden: 16 }, train: { batch: 4, seq: 16, steps: 30, evalEvery: 10 } };
const quiet = { metricsMs: 1e9, publishMs: 1e9, checkpointMs: 1e9, sliceMs: 20 };

let dir: string, script: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'char-rnn-worker-'));
  script = join(dir, 'worker.cjs');
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  writeFileSync(script, `require(${JSON.stringify(tsx)}); require(${JSON.stringify(join(root, 'src', 'extension', 'training', 'worker.ts'))});`);
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function session(first: HostToWorker): Promise<WorkerToHost[]> {
  const got: WorkerToHost[] = [];
  const client = new WorkerClient(script, (m) => got.push(m), 256);
  client.post(first);
  await client.ended;
  return got;
}

const ofType = <T extends WorkerToHost['type']>(got: WorkerToHost[], t: T) => got.filter((m): m is Extract<WorkerToHost, { type: T }> => m.type === t);

describe('training worker, diverging', function () {
  this.timeout(60_000);

  it('reports a step whose loss was not finite, rolls it back and trains on to the budget', async () => {
    const got = await session({ type: 'train', files, ...tiny, timing: quiet, fault: { kind: 'nan', atStep: 8 } });
    const [rb, ...more] = ofType(got, 'rollback');
    assert.equal(more.length, 0);
    assert.equal(rb.rollback.step, 9);
    assert.ok(Number.isNaN(rb.rollback.loss));
    const steps = ofType(got, 'metrics').flatMap((m) => m.items).filter((m) => m.kind === 'step');
    assert.ok(steps.every((m) => Number.isFinite(m.loss)));
    assert.deepEqual(ofType(got, 'finished').map((f) => [f.reason, f.step]), [['budget', 30]]);
  });

  it('stops a run that keeps diverging, with the reason, after checkpointing its last good weights', async () => {
    const got = await session({ type: 'train', files, ...tiny, timing: quiet, fault: { kind: 'diverge', atStep: 12 } });
    assert.equal(ofType(got, 'rollback').length, 5);
    const [fin] = ofType(got, 'finished');
    assert.equal(fin.reason, 'diverged');
    assert.match(fin.message ?? '', /^training diverged: 5 steps within 100 had a loss or gradient that was not finite .* the weights are those of step 11/);
    const [ck] = ofType(got, 'checkpoint');
    assert.equal(ck.step, 11);
    assert.ok(decodeCheckpoint(ck.bytes).params.every(Number.isFinite));
  });

  it('keeps out a final checkpoint much worse than the one it would replace, and publishes no weights of it', async () => {
    const good = await session({ type: 'train', files, ...tiny, timing: quiet });
    const previous: Checkpoint = decodeCheckpoint(ofType(good, 'checkpoint')[0].bytes);
    const got = await session({ type: 'train', files, ...tiny, train: { ...tiny.train, lr: 10, clip: 0, steps: 20 }, timing: quiet, previous });
    assert.deepEqual(ofType(got, 'checkpoint'), []);
    // the weights published while training are older; the host discards them on 'kept'
    assert.ok(ofType(got, 'weights').every((w) => w.step < 20));
    const [kept] = ofType(got, 'kept');
    assert.equal(kept.final, true);
    assert.match(kept.reason, /^the new weights score [\d.]+ bits per character on the held-out text, against [\d.]+ for the one they would replace$/);
  });
});
