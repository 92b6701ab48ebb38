// Replays a text as a user typing it (replay.ts says exactly how keystrokes are counted) with
// the model's suggestions, under the provider's rules and settings, and with VS Code's
// word-based suggestions as the no-model baseline. `char-rnn complete-eval` (src/cli) drives it.
import { Completer, type SuggestSettings } from './completer';
import { continuation, replay, TYPED_KINDS, WordSuggester, type Accounting, type ReplayStats } from './replay';

export interface FileResult {
  path: string;
  model: ReplayStats;
  baseline: ReplayStats;
  /** suggestions computed by the model (the others were the rest of one being typed through) */
  requests: number;
  ms: number;
}

/** Replays one text with the model (from a fixed seed) and with the word baseline. With `from`,
 *  suggestions start at text[from] and only what follows counts: the document opened there, the
 *  model cold (bench/prime-length.mjs). */
export function evalText(completer: Completer, path: string, text: string, settings: SuggestSettings, seed: number, accounting: Accounting = 'strict', from = 0): FileResult {
  completer.reseed(seed);
  completer.cache.forget(path);
  let shown: { before: string; text: string } | undefined;
  let requests = 0;
  const t0 = performance.now();
  const model = replay(text, (pos) => {
    if (pos < from) return undefined;
    const before = text.slice(0, pos);
    const rest = continuation(shown, before);
    if (rest) return rest;
    requests++;
    const best = completer.complete({ doc: path, before, after: '', count: 1, settings })?.[0]?.text;
    shown = best ? { before, text: best } : undefined;
    return best;
  }, accounting, true);
  const ms = performance.now() - t0;
  completer.cache.forget(path);
  const words = new WordSuggester();
  const baseline = replay(text, (pos) => { if (pos < from) return undefined; words.advance(text, pos); return words.suggest(text, pos); }, accounting, false);
  // the text before from, typed key by key
  const typed = replay(text.slice(0, from), () => undefined);
  for (const s of [model, baseline]) {
    s.chars -= typed.chars;
    s.keystrokes -= typed.keystrokes;
    for (const k of TYPED_KINDS) s.typed[k] -= typed.typed[k];
  }
  return { path, model, baseline, requests, ms };
}
