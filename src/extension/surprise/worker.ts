// The surprise worker (bundled to dist/surprise-worker.js): scores documents off the editor's
// thread with the mixing predictor, the model and memory completions use. Work runs in slices
// between which messages get through, so a newer request replaces the running one at once.
// One-shot rankings (Which Model Wrote This?) score every model in turn and exit.
import { parentPort } from 'node:worker_threads';
import { decodeCheckpoint, type StoredMix } from '../../core/checkpoint';
import { mixtureFor, runToEnd } from '../../core/mix/memory';
import type { Mixture } from '../../core/mix/mixture';
import { Scorer, bitsPerChar, type TextScore } from '../../core/surprise/score';
import { Vocab } from '../../core/vocab';
import type { ModelWeights } from '../../core/weights';
import { surpriseTransfers, type HostToSurprise, type RankModel, type RankRow, type SurpriseToHost } from './protocol';

const port = parentPort;
if (!port) throw new Error('surprise-worker.js runs as a worker thread of the extension, not on its own');

/** work between looks at the incoming messages */
const SLICE_MS = 20;

let scorer: Scorer | undefined;
let loading: { weights: ModelWeights; work: Generator<void, Mixture>; warning?: string } | undefined;
let job: { id: number; work?: Generator<void, TextScore>; text: string; flagAbove: number } | undefined;
let pumping = false;

function post(msg: SurpriseToHost): void {
  port!.postMessage(msg, surpriseTransfers(msg));
}

port.on('message', (msg: HostToSurprise) => {
  switch (msg.type) {
    case 'load': {
      scorer?.dispose();
      scorer = undefined;
      const l: NonNullable<typeof loading> = { weights: msg.weights, work: undefined! };
      l.work = mixtureFor(msg.mix, Vocab.fromJSON(msg.weights.vocab), msg.memoryMb, (w) => { l.warning = w; });
      loading = l;
      if (job) job.work = undefined;
      break;
    }
    case 'score':
      if (job) post({ type: 'dropped', id: job.id });
      job = { id: msg.id, text: msg.text, flagAbove: msg.flagAbove };
      break;
    case 'cancel':
      if (job?.id === msg.id) { post({ type: 'dropped', id: job.id }); job = undefined; }
      break;
    case 'rank': rank(msg.text, msg.models, msg.memoryMb); return;
  }
  if (!pumping) { pumping = true; setImmediate(pump); }
});

/** Advances the model's loading, then the current request, for one slice. */
function pump(): void {
  const end = performance.now() + SLICE_MS;
  try {
    while (performance.now() < end) {
      if (loading) {
        const r = loading.work.next();
        if (r.done) {
          scorer = new Scorer(loading.weights, r.value);
          post({ type: 'loaded', warning: loading.warning });
          loading = undefined;
        }
        continue;
      }
      if (!job || !scorer) break;
      job.work ??= scorer.score(job.text, { flagAbove: job.flagAbove });
      const r = job.work.next();
      if (r.done) {
        post({ type: 'scored', id: job.id, bits: r.value.bits, flagged: r.value.flagged });
        job = undefined;
      }
    }
  } catch (err) {
    post({ type: 'failed', message: (err as Error).message, id: job?.id });
    if (loading) { loading = undefined; scorer = undefined; }
    job = undefined;
  }
  if (loading || (job && scorer)) setImmediate(pump);
  else pumping = false;
}

/** Bits per character of text under each model, fewest first; a model that cannot score it
 *  says why in its row. */
function rank(text: string, models: RankModel[], memoryMb: number): void {
  const rows: RankRow[] = [];
  for (const [i, m] of models.entries()) {
    try {
      let weights: ModelWeights, mix: StoredMix | undefined;
      if ('bytes' in m) { const ck = decodeCheckpoint(m.bytes, m.label); weights = ck; mix = ck.mix; } else ({ weights, mix } = m);
      const s = new Scorer(weights, runToEnd(mixtureFor(mix, Vocab.fromJSON(weights.vocab), memoryMb)));
      try {
        rows.push({ label: m.label, bitsPerChar: bitsPerChar(runToEnd(s.score(text))) });
      } finally { s.dispose(); }
    } catch (err) {
      rows.push({ label: m.label, error: (err as Error).message });
    }
    post({ type: 'progress', done: i + 1, total: models.length });
  }
  rows.sort((a, b) => (a.bitsPerChar ?? Infinity) - (b.bitsPerChar ?? Infinity));
  post({ type: 'ranked', rows });
  port!.close();
}
