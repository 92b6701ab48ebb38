// The mixture's memory of a repository: the training text absorbed into its context and match
// models, and mixers that learned whom to trust on held-out text read with the network's
// predictions. A checkpoint carries the text and the learned weights (StoredMix); the tables, tens of
// megabytes, are rebuilt from the text when the checkpoint is loaded, about 3 us per character.
// Work that can take seconds is a generator that yields between slices, so a caller can spread
// it over event-loop turns or cancel it.
import type { StoredMix } from '../checkpoint';
import type { Net } from '../net';
import { isHighSurrogate } from '../utf16';
import type { Vocab } from '../vocab';
import { MixCursor } from './cursor';
import { DEFAULT_MIX, MIX_VERSION, Mixture, type MixSpec } from './mixture';

/** characters absorbed between yields: about 3 ms, so that a rebuild in the completion worker
 *  never keeps a request or a cancellation waiting longer than a completion's own units do */
const SLICE = 1024;
/** table elements zeroed between yields while a stored mixture is rebuilt */
const TOUCH = 1 << 20;
/** the settings a stored mixture may ask for (a hostile file must not allocate without bound) */
const LIMITS = { maxOrder: 32, maxOrders: 16, maxBytes: 2 ** 31, maxMinMatch: 64 } as const;
const SEPARATOR = '\n';

/** How a memory budget (megabytes) is split: half the context table, a quarter each the match
 *  model's history (2 bytes a character) and its hash table. */
export function mixSpecFor(memoryMb: number): MixSpec {
  const bytes = memoryMb * (1 << 20);
  return { ...DEFAULT_MIX, tableBytes: bytes / 2, historyChars: bytes / 8, matchEntries: bytes / 16 };
}

/** Which classes are characters of identifiers (letters, digits, _ and $): the word context. */
function wordClasses(vocab: Vocab): Uint8Array {
  const w = new Uint8Array(vocab.size);
  for (let c = 1; c < vocab.size; c++) w[c] = /^[\p{L}\p{N}_$]$/u.test(vocab.char(c)) ? 1 : 0;
  return w;
}

/** The text a mixture built from these files has read: the files joined by one line break. */
const joinTexts = (texts: readonly string[]): string => texts.join(SEPARATOR);

/** A mixture that has read nothing yet. */
export function emptyMixture(vocab: Vocab, spec: MixSpec): Mixture {
  return new Mixture(vocab.size, wordClasses(vocab), spec);
}

/** Absorbs text into the mixture's context and match models, continuing cursor. */
export function* absorbText(mix: Mixture, vocab: Vocab, cur: MixCursor, text: string): Generator<void, void> {
  for (let from = 0; from < text.length;) {
    let to = Math.min(from + SLICE, text.length);
    if (to < text.length && isHighSurrogate(text.charCodeAt(to - 1))) to--;
    for (const c of vocab.encode(text.slice(from, to))) mix.absorb(cur, c);
    from = to;
    if (from < text.length) yield;
  }
}

export interface ScoreResult {
  /** summed -ln p of the predicted characters: the mixture's and the network's alone */
  nats: number;
  netNats: number;
  /** predicted characters: all but the first of each text */
  count: number;
}

/** Scores texts with the mixture on top of a batch-1 net, each text from the network's zero
 *  state (its first character is read, not predicted: eval's semantics), learning every
 *  character after scoring it. Texts follow one another as joinTexts joins them. */
export function* scoreTexts(mix: Mixture, net: Net, vocab: Vocab, cur: MixCursor, texts: readonly string[], first = true): Generator<void, ScoreResult> {
  const V = vocab.size, T = net.T, sep = vocab.index(SEPARATOR), r: ScoreResult = { nats: 0, netNats: 0, count: 0 };
  for (const text of texts) {
    const ids = vocab.encode(text);
    if (!first) mix.absorb(cur, sep);
    first = false;
    if (ids.length === 0) continue;
    mix.absorb(cur, ids[0]);
    net.resetState();
    for (let p = 0; p + 1 < ids.length; p += T) {
      const steps = Math.min(T, ids.length - 1 - p);
      for (let t = 0; t < steps; t++) net.inputs[t] = ids[p + t];
      net.forward(steps, false);
      net.predict(0, steps);
      net.carryState(steps);
      const q = net.logits;
      for (let t = 0; t < steps; t++) {
        const c = ids[p + t + 1];
        r.netNats -= Math.log(q[t * V + c]);
        r.nats += mix.learn(q, t * V, cur, c);
      }
      r.count += steps;
      yield;
    }
  }
  return r;
}

export interface BuildOptions {
  spec: MixSpec;
  /** characters of held-out text the mixers learn from, with the network's predictions */
  learnChars?: number;
}

/** Builds a repository's mixture: absorbs the training texts, then lets the mixers learn whom to
 *  trust on up to learnChars of held-out text. A copy reads the held-out text, so the memory holds
 *  the training text alone and held-out figures stay held out. Returns the mixture and what a
 *  checkpoint stores of it. */
export function* buildMixture(net: Net, vocab: Vocab, train: readonly string[], heldOut: readonly string[], o: BuildOptions): Generator<void, { mix: Mixture; stored: StoredMix }> {
  const mix = emptyMixture(vocab, o.spec), cur = new MixCursor();
  yield* absorbText(mix, vocab, cur, joinTexts(train));
  const budget = o.learnChars ?? 50_000, learn: string[] = [];
  let learned = 0;
  for (const t of heldOut) {
    if (learned >= budget) break;
    learn.push(t);
    learned += t.length;
  }
  if (learn.length > 0) {
    const trial = mix.clone(), c = new MixCursor();
    c.copyFrom(cur);
    yield* scoreTexts(trial, net, vocab, c, learn, train.length === 0);
    mix.loadState(trial.saveState());
  }
  return { mix, stored: storeMixture(mix, joinTexts(train)) };
}

/** What a checkpoint keeps of a mixture that has read `text` (joinTexts of what it read). */
export function storeMixture(mix: Mixture, text: string): StoredMix {
  return { spec: JSON.stringify(mix.spec), text: new TextEncoder().encode(text), state: mix.saveState() };
}

/** versions of a stored mixture this one reads: an earlier one's weights are upgraded */
const READABLE_VERSIONS = [1, 2, MIX_VERSION];

/** A stored mixture's settings, checked: throws in words when they are not usable. */
export function parseMixSpec(json: string, maxBytes: number = LIMITS.maxBytes): MixSpec {
  let s: Partial<MixSpec>;
  try { s = JSON.parse(json) as Partial<MixSpec>; } catch { throw new Error('the mixture\'s settings are not valid JSON'); }
  const int = (v: unknown, lo: number, hi: number) => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
  const ok = typeof s === 'object' && s !== null
    && Array.isArray(s.orders) && s.orders.length <= LIMITS.maxOrders && s.orders.every((n) => int(n, 0, LIMITS.maxOrder))
    && typeof s.word === 'boolean' && int(s.tableBytes, 1024, maxBytes) && int(s.historyChars, 1024, maxBytes / 2)
    && int(s.matchEntries, 64, maxBytes / 4) && int(s.minMatch, 1, LIMITS.maxMinMatch) && int(s.counterLimit, 1, 1023)
    && typeof s.lr === 'number' && s.lr >= 0 && s.lr < 1 && typeof s.lrFinal === 'number' && s.lrFinal >= 0 && s.lrFinal < 1;
  if (typeof s === 'object' && s !== null && !READABLE_VERSIONS.includes(s.version as number)) throw new Error('the memory was written by another version of Char-RNN Code; train again to rebuild it');
  if (!ok) throw new Error('the mixture\'s settings are out of range or incomplete');
  const spec = s as MixSpec;
  const bytes = spec.tableBytes + 2 * spec.historyChars + 4 * spec.matchEntries;
  if (bytes > maxBytes) throw new Error(`the mixture needs ${Math.ceil(bytes / (1 << 20))} MB, more than the ${Math.floor(maxBytes / (1 << 20))} MB allowed`);
  return spec;
}

/** Rebuilds a stored mixture: its tables from its text, then its learned weights. */
export function* restoreMixture(stored: StoredMix, vocab: Vocab, maxBytes?: number): Generator<void, Mixture> {
  let text: string;
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(stored.text); } catch { throw new Error('the mixture\'s text is not valid UTF-8'); }
  yield;
  const spec = parseMixSpec(stored.spec, maxBytes);
  const mix = emptyMixture(vocab, { ...spec, version: MIX_VERSION });
  // the tables' pages are mapped when first written: write them a few megabytes at a time, or the
  // first slice of text, whose hashes land all over them, stalls for a hundred milliseconds
  for (const a of [mix.table.slots, mix.match.table, mix.match.hist]) {
    for (let i = 0; i < a.length; i += TOUCH) { a.fill(0, i, i + TOUCH); yield; }
  }
  yield* absorbText(mix, vocab, new MixCursor(), text);
  mix.loadState(stored.state, spec.version);
  return mix;
}

/** The mixture a checkpoint stored, rebuilt; or a new one of memoryMb megabytes when it stored
 *  none, or one that cannot be used (`warn` says why: the network's weights stay usable). */
export function* mixtureFor(stored: StoredMix | undefined, vocab: Vocab, memoryMb: number,
  warn: (message: string) => void = () => {}, maxBytes?: number): Generator<void, Mixture> {
  if (stored) {
    try {
      return yield* restoreMixture(stored, vocab, maxBytes);
    } catch (err) {
      warn(`the checkpoint's memory of its repository cannot be used: ${(err as Error).message}; an empty one learns as it reads`);
    }
  }
  return emptyMixture(vocab, mixSpecFor(memoryMb));
}

/** Runs a generator to its end on this thread. */
export function runToEnd<T>(g: Generator<void, T>): T {
  for (;;) { const r = g.next(); if (r.done) return r.value; }
}
