// What the trainer reports. The worker protocol, the CLI's --json lines and the panel's charts
// all carry these objects unchanged. And the median the benchmarks report.

/** the middle value (the mean of the two middle ones for an even count) */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface StepMetrics {
  kind: 'step';
  step: number;
  /** passes over the training data completed so far */
  epoch: number;
  /** mean cross-entropy per predicted character, nats */
  loss: number;
  bitsPerChar: number;
  /** exponential moving average of loss (nats), as min-char-rnn's smooth_loss */
  smoothLoss: number;
  /** global gradient norm before clipping */
  gradNorm: number;
  clipped: boolean;
  lr: number;
  charsPerSec: number;
  /** characters trained on so far */
  charsSeen: number;
  elapsedMs: number;
  /** ||dL/dh_t|| of the top layer for each t of the BPTT window (the vanishing-gradient curve) */
  dhNorms: number[];
}

export interface EvalMetrics {
  kind: 'eval';
  step: number;
  charsSeen: number;
  valBitsPerChar: number;
  valPerplexity: number;
  /** predicted characters the evaluation covered */
  valChars: number;
}

export const LN2 = Math.LN2;
export const bitsFromNats = (nats: number) => nats / LN2;
/** perplexity per character: e^(nats) */
export const perplexityFromNats = (nats: number) => Math.exp(nats);
