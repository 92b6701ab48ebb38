// Evaluation on whole texts: each text is its own stream, starting from a zero state at its
// first character and predicting characters 2..n (the `eval` command's exact semantics).
// Texts run side by side as the B streams of one net; a stream past its text's end is ignored.
import type { Precision } from './config';
import type { Backend } from './kernels/types';
import { bitsFromNats, perplexityFromNats } from './metrics';
import { Net } from './net';
import type { ModelSpec } from './params';
import { Vocab } from './vocab';
import { checkWeights, netFromWeights, specOf, type ModelWeights } from './weights';
import { MixCursor } from './mix/cursor';
import { scoreTexts } from './mix/memory';
import type { Mixture } from './mix/mixture';

export interface EvalResult { nats: number; count: number; bitsPerChar: number; perplexity: number }

export function summarize(nats: number, count: number): EvalResult {
  const mean = count > 0 ? nats / count : NaN;
  return { nats, count, bitsPerChar: bitsFromNats(mean), perplexity: perplexityFromNats(mean) };
}

/** A net that evaluates n texts: up to 16 of them side by side, in windows of 64 characters. */
export function evalNet(spec: ModelSpec, n: number, backend?: Backend, precision?: Precision): Net {
  return new Net({ ...spec, batch: Math.min(16, Math.max(1, n)), seq: 64, backend, precision });
}

/** Bits per character of whole texts under the weights w (what `char-rnn eval` and the
 *  extension's Evaluate command report; the trainer evaluates with its own evalNet), multiplied
 *  as they are or as 8-bit copies (precision). */
export function evaluateTexts(w: ModelWeights, texts: readonly string[], backend?: Backend, precision?: Precision): EvalResult {
  if (texts.length === 0) throw new Error('there are no files to evaluate on');
  checkWeights(w);
  const vocab = Vocab.fromJSON(w.vocab), net = evalNet(specOf(w), texts.length, backend, precision);
  try {
    net.setParams(w.params);
    return evaluateEncoded(net, texts.map((t) => vocab.encode(t)));
  } finally {
    net.dispose();
  }
}

export interface MixedEvalResult extends EvalResult {
  /** the network alone, on the same characters */
  netBitsPerChar: number;
}

/** Bits per character of whole texts by the mixing predictor on top of the weights w, the
 *  texts read one after another and learned as they are read (mix/memory.ts scoreTexts), with
 *  the network's own figure beside it. Work of seconds: a generator that yields between windows. */
export function* evaluateMixed(w: ModelWeights, mix: Mixture, texts: readonly string[], backend?: Backend, precision?: Precision): Generator<void, MixedEvalResult> {
  if (texts.length === 0) throw new Error('there are no files to evaluate on');
  const { net, vocab } = netFromWeights(w, 1, 64, backend, precision);
  try {
    const r = yield* scoreTexts(mix, net, vocab, new MixCursor(), texts);
    return { ...summarize(r.nats, r.count), netBitsPerChar: bitsFromNats(r.netNats / r.count) };
  } finally {
    net.dispose();
  }
}

/** Summed cross-entropy of encoded texts (each optionally cut to its first maxChars). */
export function evaluateEncoded(net: Net, texts: Int32Array[], maxChars = Infinity): EvalResult {
  const { B, T } = net;
  let nats = 0, count = 0;
  for (let g = 0; g < texts.length; g += B) {
    const group = texts.slice(g, g + B);
    const lens = group.map((x) => Math.min(x.length, maxChars));
    const longest = Math.max(...lens);
    net.resetState();
    // windows over positions 0..longest-2 (inputs) predicting 1..longest-1
    for (let p = 0; p + 1 < longest; p += T) {
      const steps = Math.min(T, longest - 1 - p);
      for (let t = 0; t < steps; t++) {
        for (let b = 0; b < B; b++) {
          const x = group[b], n = lens[b] ?? 0, q = p + t, j = t * B + b;
          net.inputs[j] = q < n ? x[q] : 0;
          net.targets[j] = q + 1 < n ? x[q + 1] : -1;
        }
      }
      const r = net.lossAndGrad(steps, false);
      nats += r.nats; count += r.count;
    }
  }
  return summarize(nats, count);
}
