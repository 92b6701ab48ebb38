// "Which codebase wrote this?": a text is scored by several models, and the one that finds it
// least surprising (fewest bits per character) names its codebase: a generative classifier, as
// in the seeds' project of telling two authors apart. Beside it, the seeds' own variant: a
// logistic regression on each model's hidden states over the text (./regression.ts). Here: the
// ranking, the features, cross-validation by file, and the confusion matrix.
import type { Unit } from './chunks';
import { fitSoftmax, predictSoftmax } from './regression';
import { bitsPerChar, type Scorer } from './score';

export interface Ranking {
  /** model indices, fewest bits per character first */
  order: number[];
  /** the second's bits per character minus the first's (Infinity with one model) */
  margin: number;
}

/** Ranks models by their bits per character on one text. */
export function rank(bpc: readonly number[]): Ranking {
  const order = bpc.map((_, i) => i).sort((a, b) => bpc[a] - bpc[b] || a - b);
  return { order, margin: order.length > 1 ? bpc[order[1]] - bpc[order[0]] : Infinity };
}

/** Bits per character of every unit under one scorer. */
export function* unitBits(scorer: Scorer, units: readonly Unit[], done: (n: number) => void = () => {}): Generator<void, Float64Array> {
  const out = new Float64Array(units.length);
  for (let u = 0; u < units.length; u++) {
    out[u] = bitsPerChar(yield* scorer.score(units[u].text));
    done(u + 1);
  }
  return out;
}

/** Hidden-state features of every unit under one scorer: its mean and last h, [units, 2H]. */
export function* unitFeatures(scorer: Scorer, units: readonly Unit[], done: (n: number) => void = () => {}): Generator<void, Float32Array> {
  const d = 2 * scorer.net.spec.hidden, X = new Float32Array(units.length * d);
  for (let u = 0; u < units.length; u++) {
    X.set(yield* scorer.features(units[u].text), u * d);
    done(u + 1);
  }
  return X;
}

/** Rows of n units put side by side from parts [n, d_m]: [n, sum d_m]. */
export function sideBySide(parts: readonly Float32Array[], n: number): { X: Float32Array; d: number } {
  const widths = parts.map((p) => p.length / n), d = widths.reduce((a, b) => a + b, 0), X = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let m = 0, o = 0; m < parts.length; o += widths[m], m++) X.set(parts[m].subarray(i * widths[m], (i + 1) * widths[m]), i * d + o);
  }
  return { X, d };
}

/** The hidden-state classifier fitted on (fitX, fitY) and its predictions for X. */
export function classifyByFeatures(fitX: Float32Array, fitY: readonly number[], K: number, d: number, X: Float32Array): number[] {
  const model = fitSoftmax(fitX, fitY, K, d);
  return Array.from({ length: X.length / d }, (_, i) => predictSoftmax(model, X, i * d));
}

/** Cross-validated predictions of the hidden-state classifier when no training units are given:
 *  each label's files go round-robin (in path order) into k folds, so that no file has units on
 *  both sides; each fold is predicted by a classifier fitted on the others. */
export function crossValidate(X: Float32Array, d: number, y: readonly number[], files: readonly string[], K: number, k: number): number[] {
  const fold = new Map<string, number>();
  for (let label = 0; label < K; label++) {
    const own = [...new Set(files.filter((_, i) => y[i] === label))].sort();
    own.forEach((f, i) => fold.set(`${label}\u0000${f}`, i % k));
  }
  const foldOf = y.map((label, i) => fold.get(`${label}\u0000${files[i]}`)!);
  const predicted = new Array<number>(y.length).fill(-1);
  for (let f = 0; f < k; f++) {
    const train = y.map((_, i) => i).filter((i) => foldOf[i] !== f), test = y.map((_, i) => i).filter((i) => foldOf[i] === f);
    if (test.length === 0) continue;
    const rows = (idx: number[]) => { const out = new Float32Array(idx.length * d); idx.forEach((i, r) => out.set(X.subarray(i * d, (i + 1) * d), r * d)); return out; };
    const p = classifyByFeatures(rows(train), train.map((i) => y[i]), K, d, rows(test));
    test.forEach((i, r) => { predicted[i] = p[r]; });
  }
  return predicted;
}

/** The fewest files any label has: how many folds cross-validation can use. */
export function filesPerLabel(y: readonly number[], files: readonly string[], K: number): number {
  return Math.min(...Array.from({ length: K }, (_, label) => new Set(files.filter((_, i) => y[i] === label)).size));
}

/** counts[truth][predicted] */
export function confusion(K: number, truth: readonly number[], predicted: readonly number[]): number[][] {
  const m = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  truth.forEach((t, i) => { if (predicted[i] >= 0) m[t][predicted[i]]++; });
  return m;
}

/** The share of units on the diagonal (NaN without units). */
export function accuracy(m: readonly number[][]): number {
  let right = 0, all = 0;
  m.forEach((row, t) => row.forEach((n, p) => { all += n; if (t === p) right += n; }));
  return right / all;
}

/** The matrix by label: { truth: { predicted: count } }. */
export function byLabel(labels: readonly string[], m: readonly number[][]): Record<string, Record<string, number>> {
  return Object.fromEntries(labels.map((t, i) => [t, Object.fromEntries(labels.map((p, j) => [p, m[i][j]]))]));
}
