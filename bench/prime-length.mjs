// The prime-length table (issue 18): what a document the model has not seen loses when the model
// reads only the last P characters before the cursor (the completion setting primeChars). At
// positions every --every characters of each held-out file, from the longest prime on, the model
// starts from a zero state P characters back, as the completer does on a cold document, and
//   bits/char: predicts the next --score characters;
//   keystrokes saved: a user types those characters with its suggestions, at the default
//     completion settings (cold at the position, warm after it: complete-eval's rules);
// for each P, and reading the whole file before the position ("whole file"). The same positions
// for every row, so the rows differ by the prime alone.
// The predictor is the default one, the mixture: at each position a copy of the checkpoint's
// memory of its repository (an empty one if it has none), which learns the prime and what
// follows as the completer learns a document it reads; the network's own bits/char beside it.
// --network-only leaves the mixture out.
//
// As in the completer, the network reads only the last PRIME_TAIL characters of a prime, and the
// mixture's tables take what comes before without it.
//
//   node bench/prime-length.mjs --ckpt F <paths...> [--primes 250,500,1000,2000] [--every 1000]
//     [--score 200] [--precision f32|int8] [--network-only] [--json]
//     [--save NAME]   (keeps the rows in docs/results/prime/ as corpus NAME; the README's
//                      prime-length table shows each corpus's latest run)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: a, positionals } = parseArgs({ allowPositionals: true, options: {
  ckpt: { type: 'string' }, primes: { type: 'string', default: '250,500,1000,2000' }, every: { type: 'string', default: '1000' },
  score: { type: 'string', default: '200' }, precision: { type: 'string' }, 'network-only': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false }, save: { type: 'string' },
} });
if (!a.ckpt || positionals.length === 0) throw new Error('usage: node bench/prime-length.mjs --ckpt F <paths...> [--primes 250,500,1000,2000] [--every N] [--score N] [--precision f32|int8] [--network-only] [--json]');
const load = (p) => tsImport(join(root, p), import.meta.url);
const { Completer } = await load('src/core/complete/completer.ts');
const { runHeader, saveRun } = await import('./results.mjs');
const { evalText } = await load('src/core/complete/completeEval.ts');
const { addStats, emptyStats, summary } = await load('src/core/complete/replay.ts');
const { loadCheckpoint } = await load('src/core/checkpoint.ts');
const { readCorpus } = await load('src/core/corpus.ts');
const { netFromWeights, weightsOnly } = await load('src/core/weights.ts');
const { absorbText, mixtureFor, runToEnd } = await load('src/core/mix/memory.ts');
const { MixCursor, RING } = await load('src/core/mix/cursor.ts');
const { DEFAULT_COMPLETION, DEFAULT_TRAIN, PRIME_TAIL } = await load('src/core/config.ts');
const { getBackend, wasmVariant, int8Path } = await load('src/core/kernels/index.ts');

const primes = a.primes.split(',').map(Number), every = Number(a.every), S = Number(a.score);
const precision = a.precision ?? DEFAULT_COMPLETION.precision, backend = getBackend('auto');
const longest = Math.max(...primes), WHOLE = Infinity;
const ck = await loadCheckpoint(a.ckpt), weights = weightsOnly(ck);
const { net, vocab } = netFromWeights(weights, 1, 64, backend, precision);
const memory = a['network-only'] ? undefined : runToEnd(mixtureFor(ck.mix, vocab, DEFAULT_TRAIN.memoryMb, (m) => process.stderr.write(`warning: ${m}\n`)));
const completer = new Completer(weights, { backend, seed: 1, precision });
const corpus = await readCorpus(positionals);
const isLow = (text, i) => text.charCodeAt(i) >= 0xdc00 && text.charCodeAt(i) <= 0xdfff;

/** summed nats of text[p, p+S), by the predictor and by the network alone, the prime starting
 *  at `from`: the network from a zero state at most PRIME_TAIL before p (the eval convention at
 *  0) and, with the mixture, a copy of the memory that absorbs the prime before that and learns
 *  every character after it, the RING characters before `from` read as context */
function nats(text, from, p) {
  let netFrom = Math.max(from, p - PRIME_TAIL);
  if (netFrom > 0 && isLow(text, netFrom)) netFrom++;
  const ids = vocab.encode(text.slice(netFrom, p + S)), first = vocab.encode(text.slice(netFrom, p)).length, V = vocab.size;
  const mix = memory?.clone(), cur = new MixCursor();
  if (mix) {
    let start = Math.max(0, from - RING);
    if (start > 0 && isLow(text, start)) start++;
    for (const c of vocab.encode(text.slice(start, from))) mix.advance(cur, c);
    runToEnd(absorbText(mix, vocab, cur, text.slice(from, netFrom)));
    mix.absorb(cur, ids[0]);
  }
  net.resetState();
  const r = { nats: 0, netNats: 0, count: 0 };
  for (let q = 0; q + 1 < ids.length; q += net.T) {
    const steps = Math.min(net.T, ids.length - 1 - q);
    for (let t = 0; t < steps; t++) net.inputs[t] = ids[q + t];
    net.forward(steps, false);
    net.predict(0, steps);
    net.carryState(steps);
    for (let t = 0; t < steps; t++) {
      const i = q + t + 1, c = ids[i], alone = -Math.log(net.logits[t * V + c]);
      const n = mix ? mix.learn(net.logits, t * V, cur, c) : alone;
      if (i < first) continue;
      r.nats += n; r.netNats += alone; r.count++;
    }
  }
  return r;
}

const rows = new Map([...primes, WHOLE].map((P) => [P, { nats: 0, netNats: 0, count: 0, model: emptyStats() }]));
let positions = 0, files = 0;
const t0 = performance.now();
for (const f of corpus.files) {
  const text = f.text;
  let used = false;
  for (let p = longest; p + S <= text.length; p += every) {
    // never between the two halves of a surrogate pair
    const at = p + (isLow(text, p) ? 1 : 0);
    for (const [P, row] of rows) {
      let from = P === WHOLE ? 0 : at - P;
      if (from > 0 && isLow(text, from)) from++;
      const b = nats(text, from, at);
      row.nats += b.nats; row.netNats += b.netNats; row.count += b.count;
      // the file up to the end of the scored stretch, opened at the position with this prime,
      // by a completer whose mixture knows the repository and nothing of this document
      const settings = { ...DEFAULT_COMPLETION, primeChars: P === WHOLE ? at : P };
      completer.setMixture(memory?.clone());
      row.model = addStats(row.model, evalText(completer, f.path, text.slice(0, at + S), settings, 1, 'strict', at).model);
    }
    positions++; used = true;
  }
  if (used) files++;
}
const seconds = (performance.now() - t0) / 1000;

const predictor = memory ? 'mixture' : 'network';
const bits = (n, count) => n / count / Math.LN2;
const out = [...rows].map(([P, r]) => ({ prime: P === WHOLE ? 'whole file' : P, bitsPerChar: bits(r.nats, r.count), lstmBitsPerChar: bits(r.netNats, r.count), keystrokesSaved: summary(r.model).keystrokesSaved, chars: r.model.chars }));
if (a.json) for (const r of out) console.log(JSON.stringify({ ...r, positions, files, precision, predictor }));
else {
  const mem = memory ? `the mixture (${ck.mix ? `its memory, ${ck.mix.text.length.toLocaleString('en-US')} bytes of repository text` : 'no memory in this checkpoint: an empty one'})` : 'the network alone';
  console.log(`prime length: ${ck.layers}x${ck.hidden} ${ck.cell} (${a.ckpt}), ${mem}, ${precision} weights (wasm ${wasmVariant() ?? 'unavailable'}, int8 ${int8Path() ?? '-'}), Node ${process.version}`);
  console.log(`${positions} positions in ${files} of ${corpus.files.length} files (every ${every} characters from ${longest}), ${S} characters scored after each; ${seconds.toFixed(0)} s`);
  console.log(`prime          ${'bits/char'.padStart(10)} ${'network'.padStart(10)}   keystrokes saved`);
  for (const r of out) console.log(`${String(r.prime).padEnd(14)} ${r.bitsPerChar.toFixed(4).padStart(10)} ${r.lstmBitsPerChar.toFixed(4).padStart(10)} ${`${(100 * r.keystrokesSaved).toFixed(1)}%`.padStart(18)}`);
}
if (a.save) {
  saveRun('prime', { ...runHeader('node bench/prime-length.mjs'), corpus: a.save, node: process.version, checkpoint: `${ck.layers}x${ck.hidden} ${ck.cell}`,
    memoryBytes: ck.mix?.text.length ?? 0, precision, predictor, positions, files, every, score: S, seconds, rows: out });
}
