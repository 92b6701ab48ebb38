// Where a suggestion ends: the first piece of the candidate that saves the most keystrokes in
// expectation, as replay.ts counts them (Tab takes a piece whole when all of it is right; Accept
// Word takes it word by word as far as it is right).
//
// The candidate's characters c[0..K) come with cum[m] = ln P(the first m are right), from a
// predictor that is calibrated: the mixture's best class is right as often as its probability
// says (docs/quality.md). With p_m = exp(cum[m]), a piece c[i..j) shown to a user whose text
// agrees with c[0..i) saves, over where the first wrong character falls,
//   (p_j (j - i - 1) + Σ_{m=i}^{j-1} (p_m - p_{m+1}) g_i(m)) / p_i
// where g_i(m) is what Accept Word saves from i when c[m] is the first wrong character. A shorter
// piece costs a Tab more when the rest is right as well (the rest is shown at the next request),
// and pays when the rest is wrong: Tab takes it whole where Accept Word would need a key per
// word, or could not stop at all (inside an identifier). The best way to cut the candidate into
// pieces is found backwards,
//   W(i) = max_j [ p_j (j - i - 1 + W(j)) + Σ_{m=i}^{j-1} (p_m - p_{m+1}) g_i(m) ] / p_i,
// and the suggestion is its first piece. That piece has something besides white space: an
// indentation alone is not a ghost text anyone sees (and the editor's auto-indent types it).
import { unitsAt } from '../utf16';
import { nextWordLength } from './replay';

/** fewer characters than this are not worth a keystroke (replay.ts takes none) */
const MIN_TAKE = 2;

export class SuggestionCut {
  /** W(i) of the last candidate: keystrokes its best pieces save in expectation, from its start */
  value = 0;
  private p = new Float64Array(0);
  private W = new Float64Array(0);
  /** next[i]: where Accept Word from character i ends (K + 1 past the end, a sentinel) */
  private next = new Int32Array(0);
  /** character (class) index at each UTF-16 offset of the text, where one starts */
  private charAt = new Int32Array(0);
  private unitAt = new Int32Array(0);

  /**
   * Characters of the candidate to show, 0 for none. `text` is its K characters (code points),
   * `cum[off + m]` the log-probability of its first m (cum[off] = 0).
   */
  first(text: string, cum: Float64Array, off: number, K: number): number {
    this.value = 0;
    if (K < MIN_TAKE) return 0;
    this.size(K, text.length);
    const { p, W, next, charAt, unitAt } = this;
    for (let m = 0, u = 0; m <= K; m++) {
      p[m] = Math.exp(cum[off + m]);
      unitAt[m] = u;
      charAt[u] = m;
      if (m < K) u += unitsAt(text, u);
    }
    let firstText = 0;
    while (firstText < K && /\s/.test(text[unitAt[firstText]])) firstText++;
    for (let i = 0; i < K; i++) next[i] = charAt[unitAt[i] + nextWordLength(text, unitAt[i])];
    next[K] = K + 1;
    W[K] = 0;
    let cut = 0;
    for (let i = K - 1; i >= 0; i--) {
      let best = 0, bestJ = 0;
      // Accept Word from i: the word ending at e is the t-th; gain is g_i(m) for the m reached
      // (a single character taken saves nothing, as replay.ts takes none)
      let e = next[i], t = 1, gain = 0, partial = 0;
      for (let j = i + 1; j <= K; j++) {
        const m = j - 1;
        while (e <= m) { gain = e - i - t; e = next[e]; t++; }
        partial += (p[m] - p[m + 1]) * gain;
        if (j - i < MIN_TAKE || (i === 0 && j <= firstText)) continue;
        const v = p[j] * (j - i - 1 + W[j]) + partial;
        if (v > best) { best = v; bestJ = j; }
      }
      W[i] = p[i] > 0 ? best / p[i] : 0;
      if (i === 0) cut = bestJ;
    }
    this.value = W[0];
    return cut;
  }

  private size(K: number, units: number): void {
    if (this.p.length < K + 2) {
      this.p = new Float64Array(K + 2);
      this.W = new Float64Array(K + 2);
      this.next = new Int32Array(K + 2);
      this.unitAt = new Int32Array(K + 2);
    }
    if (this.charAt.length < units + 1) this.charAt = new Int32Array(units + 1);
  }
}
