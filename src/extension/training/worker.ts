// The training worker (bundled to dist/worker.js): runs the Trainer off the editor's thread and
// talks to the host only through the messages of ./protocol. It trains in slices of about
// `sliceMs` so a `stop` is seen between steps; one-shot jobs (sample, evaluate) answer and exit.
import { parentPort } from 'node:worker_threads';
import { encodeCheckpoint, type StoredMix } from '../../core/checkpoint';
import { DEFAULT_TRAIN } from '../../core/config';
import { evaluateMixed } from '../../core/evaluate';
import { mixtureFor, restoreMixture, runToEnd } from '../../core/mix/memory';
import { Vocab } from '../../core/vocab';
import { sampleTexts } from '../../core/sample';
import { DivergedError } from '../../core/divergence';
import { describeVerdict, judge, judgedTexts, scoreCheckpoint, scoreTrainer } from '../../core/replaceGuard';
import { Trainer } from '../../core/train';
import { weightsOf, type ModelWeights } from '../../core/weights';
import { niceThisThread, NICE } from '../threadPriority';
import { Batcher, Every } from './throttle';
import {
  assertNever, EVAL_META_KEY, transfersOf,
  type EvaluationResult, type Fault, type HostToWorker, type Metrics, type WorkerToHost,
} from './protocol';

const port = parentPort;
if (!port) throw new Error('worker.js runs as a worker thread of the extension, not on its own');

let stopRequested = false;
/** the running trainer, disposed at the end: its kernels' threads would keep the worker alive */
let active: Trainer | undefined;
const clock = () => performance.now();

function post(msg: WorkerToHost): void {
  port!.postMessage(msg, transfersOf(msg));
}

function fail(err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  post({ type: 'failed', message: e.message, stack: e.stack });
  active?.dispose();
  port!.close();
}

port.on('message', (msg: HostToWorker) => {
  try {
    switch (msg.type) {
      case 'train': train(msg); break;
      case 'stop': stopRequested = true; break;
      case 'sample': post({ type: 'sampled', texts: sampleTexts(msg.weights, msg.request, undefined, msg.mix && runToEnd(restoreMixture(msg.mix, Vocab.fromJSON(msg.weights.vocab)))) }); port.close(); break;
      case 'evaluate': post({ type: 'evaluated', result: evaluate(msg.weights, msg.files.map((f) => f.text), msg.mix) }); port.close(); break;
      default: assertNever(msg);
    }
  } catch (err) {
    fail(err);
  }
});

function train(msg: Extract<HostToWorker, { type: 'train' }>): void {
  const { timing, fault } = msg;
  niceThisThread(NICE.training);
  const trainer = (active = new Trainer(msg.files, { model: msg.model, train: msg.train, resume: msg.resume, init: msg.init }));
  const startStep = trainer.step;
  post({
    type: 'started',
    run: {
      model: trainer.model, train: trainer.cfg, batch: trainer.B, seq: trainer.T, vocabSize: trainer.vocab.size,
      paramCount: trainer.net.nParams, trainFiles: trainer.trainFiles.length, trainChars: trainer.data.length,
      valFiles: trainer.valFiles.map((f) => f.path), startStep, startElapsedMs: msg.resume ? trainer.elapsedMs : 0, resumed: msg.resume !== undefined, notes: trainer.notes,
    },
  });
  const batcher = new Batcher<Metrics>(timing.metricsMs);
  const publishing = new Every(timing.publishMs, clock() - timing.publishMs);
  const checkpointing = new Every(timing.checkpointMs, clock());
  let faulted = false, reported = 0;
  const reportRollbacks = () => { for (const rollback of trainer.rollbacks.slice(reported)) post({ type: 'rollback', rollback }); reported = trainer.rollbacks.length; };
  const send = (items: Metrics[] | undefined) => { if (items) post({ type: 'metrics', items }); };
  let evaluatedAt = -1;
  const evaluate = () => {
    const e = trainer.evaluate();
    evaluatedAt = trainer.step;
    if (e) send(batcher.push(e, clock()));
  };

  // a save replaces the previous checkpoint only if not much worse (src/core/replaceGuard.ts)
  const texts = judgedTexts(trainer);
  let previousBits = msg.previous && texts.length ? scoreCheckpoint(msg.previous, texts) : undefined;
  const checkpoint = (final: boolean) => {
    const bits = trainer.lastEval?.step === trainer.step && trainer.valFiles.length ? trainer.lastEval.valBitsPerChar : scoreTrainer(trainer, texts);
    const v = previousBits === undefined || texts.length === 0 ? undefined : judge(bits, previousBits, 'checkpoint');
    if (v && !v.replace) return void post({ type: 'kept', step: trainer.step, final, reason: describeVerdict(v) });
    if (final) publish(trainer);
    // the final checkpoint carries the mixing predictor's memory of the corpus (seconds of work)
    sendCheckpoint(trainer, final, final ? runToEnd(trainer.buildMixture()) : undefined);
    previousBits = bits;
  };

  const finish = (reason: 'budget' | 'stopped' | 'diverged', message?: string) => {
    if (evaluatedAt !== trainer.step && trainer.step > 0) evaluate();
    send(batcher.drain());
    // a run stopped before its first step leaves the model as it was
    if (trainer.step > startStep) checkpoint(true);
    post({ type: 'finished', reason, step: trainer.step, message });
    trainer.dispose();
    port!.close();
  };

  const slice = () => {
    try {
      const end = clock() + timing.sliceMs;
      while (!stopRequested && !trainer.done()) {
        let m;
        try {
          m = trainer.trainStep();
        } catch (err) {
          // the weights are the last good ones: checkpointed like any, then the run ends
          if (err instanceof DivergedError) { reportRollbacks(); return finish('diverged', err.message); }
          throw err;
        }
        reportRollbacks();
        send(batcher.push(m, clock()));
        if (trainer.step % trainer.cfg.evalEvery === 0) evaluate();
        if (fault && !faulted && trainer.step >= fault.atStep) { faulted = true; simulate(fault, trainer); }
        if (clock() >= end) break;
      }
      const now = clock();
      send(batcher.poll(now));
      if (stopRequested || trainer.done()) return finish(stopRequested ? 'stopped' : 'budget');
      if (publishing.due(now)) publish(trainer);
      if (checkpointing.due(now)) checkpoint(false);
      // setImmediate, not a loop: lets a waiting `stop` message in between slices
      setImmediate(slice);
    } catch (err) {
      fail(err);
    }
  };
  setImmediate(slice);
}

function publish(trainer: Trainer): void {
  post({ type: 'weights', weights: weightsOf(trainer.net, trainer.vocab), step: trainer.step });
}

function sendCheckpoint(trainer: Trainer, final: boolean, mix?: StoredMix): void {
  const ck = trainer.toCheckpoint();
  if (mix) ck.mix = mix;
  if (trainer.lastEval) ck.meta = { ...ck.meta, [EVAL_META_KEY]: JSON.stringify(trainer.lastEval) };
  post({ type: 'checkpoint', step: trainer.step, bytes: encodeCheckpoint(ck), final });
}

/** The mixing predictor's bits per character (its memory rebuilt, or an empty one that learns
 *  as it reads) and the network's alone. */
function evaluate(w: ModelWeights, texts: string[], stored: StoredMix | undefined): EvaluationResult {
  const vocab = Vocab.fromJSON(w.vocab);
  const r = runToEnd(evaluateMixed(w, runToEnd(mixtureFor(stored, vocab, DEFAULT_TRAIN.memoryMb)), texts));
  return { bitsPerChar: r.bitsPerChar, networkBitsPerChar: r.netBitsPerChar, perplexity: r.perplexity, chars: r.count, files: texts.length };
}

/** Failures on request, for the tests of crash handling. */
function simulate(fault: Fault, trainer: Trainer): void {
  switch (fault.kind) {
    case 'nan': case 'diverge': {
      const net = trainer.net, real = net.lossAndGrad.bind(net);
      let left = fault.kind === 'nan' ? 1 : Infinity;
      net.lossAndGrad = (T, train) => (left-- > 0 ? { nats: NaN, count: 1 } : real(T, train));
      return;
    }
    case 'throw': throw new Error(`simulated failure at step ${fault.atStep}`);
    case 'exit': process.exit(3);
    case 'oom': {
      const hog: number[][] = [];
      for (;;) hog.push(new Array(1 << 20).fill(hog.length + 0.5));
    }
    default: assertNever(fault.kind);
  }
}
