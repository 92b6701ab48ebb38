import assert from 'node:assert/strict';
import { decodeCheckpoint, encodeCheckpoint, CheckpointError, type Checkpoint } from '../../src/core/checkpoint';
import { evaluateMixed, evaluateTexts } from '../../src/core/evaluate';
import { tsBackend } from '../../src/core/kernels/ts';
import { MixCursor } from '../../src/core/mix/cursor';
import type { Mixture } from '../../src/core/mix/mixture';
import { absorbText, buildMixture, emptyMixture, mixSpecFor, parseMixSpec, restoreMixture, runToEnd } from '../../src/core/mix/memory';
import { Net } from '../../src/core/net';
import { Vocab } from '../../src/core/vocab';
import { weightsOf } from '../../src/core/weights';

const TRAIN = ['const total = computeTotalPrice(items, taxRate);\n', 'export function computeTotalPrice(items, rate) {\n  return items.reduce((s, i) => s + i.price, 0) * (1 + rate);\n}\n'];
const HELD = ['let price = computeTotalPrice(cart, taxRate);\n'];
const TEST = ['const sum = computeTotalPrice(list, taxRate);\n'];

function model(seed = 3) {
  const vocab = Vocab.build([...TRAIN, ...HELD, ...TEST], 256);
  const net = new Net({ cell: 'lstm', layers: 1, hidden: 16, vocabSize: vocab.size, batch: 1, seq: 16, backend: tsBackend });
  net.initParams(seed);
  return { net, vocab, weights: weightsOf(net, vocab) };
}

/** Both mixtures give the same distribution before each character of text, and score it alike. */
function predictsAlike(x: Mixture, y: Mixture, vocab: Vocab, text: string): void {
  const q = new Float32Array(vocab.size).fill(1 / vocab.size), a = new Float64Array(vocab.size), b = new Float64Array(vocab.size);
  const ca = new MixCursor(), cb = new MixCursor();
  for (const c of vocab.encode(text)) {
    x.distribution(q, 0, ca, a);
    y.distribution(q, 0, cb, b);
    assert.deepEqual(Array.from(b), Array.from(a));
    assert.equal(x.learn(q, 0, ca, c), y.learn(q, 0, cb, c));
  }
}

describe('mix: memory in a checkpoint', () => {
  const spec = mixSpecFor(8);

  it('a stored mixture, rebuilt from its text, predicts exactly as the one that was built', () => {
    const { net, vocab } = model();
    const { mix, stored } = runToEnd(buildMixture(net, vocab, TRAIN, HELD, { spec }));
    const again = runToEnd(restoreMixture(stored, vocab));
    predictsAlike(mix, again, vocab, TEST[0]);
  });

  /** What a mixture of an earlier version saved, and (the second value) this version's state
   *  that upgrading it must give: mix's learned weights, where the earlier version had them, and
   *  what it lacked as a mixture that has only read the memory's text (`fresh`) has it, but for
   *  the inputs it had no weight for, at 0, and the second layer's weight for the fourth mixer, at 0.
   *  The layouts: version 1's first-layer sets held a bias, the network, the match and a
   *  stretch per context; version 2 added each context's confidence and the match length; version
   *  3 added a context (the identifier alone, the last one), the word match input, a set to the
   *  second mixer (one more context can be seen) and a fourth mixer, its weight in the second
   *  layer before the bias, and the word match's confidences at the end. */
  function olderState(mix: Mixture, fresh: Mixture, version: 1 | 2): [Float32Array, Float32Array] {
    const S = mix.saveState(), ref = fresh.saveState(), old: number[] = [];
    const K = mix.K, Ko = K - 1, D = mix.D, N = mix.mixers[0].inputs, M = mix.mixers.length;
    const kept = Array.from({ length: 3 + Ko }, (_, j) => j);
    if (version === 2) kept.push(...Array.from({ length: Ko }, (_, k) => 3 + K + k), 3 + 2 * K);
    let o = 0;
    mix.mixers.forEach((m, i) => {
      const sets = i === 1 ? m.sets - 1 : i === 3 ? 0 : m.sets;
      for (let s = 0; s < sets; s++) {
        for (let j = 0; j < N; j++) ref[o + s * N + j] = kept.includes(j) ? S[o + s * N + j] : 0;
        old.push(...kept.map((j) => S[o + s * N + j]));
      }
      o += m.sets * N;
      ref.set(S.subarray(o, o + sets), o);
      old.push(...S.subarray(o, o + sets));
      o += m.sets;
    });
    for (let s = 0; s < D; s++) {
      const w = S.subarray(o + s * (M + 1), o + (s + 1) * (M + 1));
      ref.set(w, o + s * (M + 1));
      ref[o + s * (M + 1) + 3] = 0;
      old.push(w[0], w[1], w[2], w[M]);
    }
    o += D * (M + 1);
    // the second layer's counts, the APM and the match's confidences: the same in every version
    const tail = S.length - 2 * mix.wordP.length;
    ref.set(S.subarray(o, tail), o);
    old.push(...S.subarray(o, tail));
    return [Float32Array.from(old), ref];
  }

  for (const version of [1, 2] as const) {
    it(`reads a memory of version ${version}: its learned weights, and what it lacked as a new one starts it`, () => {
      const { net, vocab } = model();
      const { mix, stored } = runToEnd(buildMixture(net, vocab, TRAIN, HELD, { spec }));
      const fresh = emptyMixture(vocab, spec);
      runToEnd(absorbText(fresh, vocab, new MixCursor(), TRAIN.join('\n')));
      const [old, ref] = olderState(mix, fresh, version);
      mix.loadState(ref);
      const upgraded = runToEnd(restoreMixture({ spec: JSON.stringify({ ...JSON.parse(stored.spec), version }), text: stored.text, state: old }, vocab));
      assert.deepEqual(Array.from(upgraded.saveState()), Array.from(ref));
      // so it predicts as the earlier version did, and learns alike from there
      predictsAlike(mix, upgraded, vocab, TEST[0]);
      assert.throws(() => runToEnd(restoreMixture({ spec: JSON.stringify({ ...JSON.parse(stored.spec), version }), text: stored.text, state: old.subarray(1) }, vocab)), /weights have/);
    });
  }

  it('refuses a memory of an unknown version', () => {
    const { net, vocab } = model();
    const { stored } = runToEnd(buildMixture(net, vocab, TRAIN, HELD, { spec }));
    const unknown = { ...stored, spec: JSON.stringify({ ...JSON.parse(stored.spec), version: 99 }) };
    assert.throws(() => runToEnd(restoreMixture(unknown, vocab)), /another version of Char-RNN Code/);
  });

  it('travels in the checkpoint file and comes back the same; a file with part of it is refused', () => {
    const { net, vocab, weights } = model();
    const { stored } = runToEnd(buildMixture(net, vocab, TRAIN, HELD, { spec }));
    const ck: Checkpoint = { ...weights, mix: stored };
    const back = decodeCheckpoint(encodeCheckpoint(ck), 'm.safetensors');
    assert.equal(back.mix?.spec, stored.spec);
    assert.deepEqual(back.mix?.text, stored.text);
    assert.deepEqual(back.mix?.state, stored.state);
    // the training text only: held-out files stay held out
    assert.equal(new TextDecoder().decode(back.mix!.text), TRAIN.join('\n'));
    // no memory: a plain checkpoint, as PyTorch writes one
    assert.equal(decodeCheckpoint(encodeCheckpoint(weights)).mix, undefined);
    // the text without the rest: refused in words
    const bytes = encodeCheckpoint(ck);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true)))));
    delete header.__metadata__.mix;
    const json = new TextEncoder().encode(JSON.stringify(header).padEnd(Math.ceil(JSON.stringify(header).length / 8) * 8));
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const out = new Uint8Array(8 + json.length + bytes.length - 8 - n);
    new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
    out.set(json, 8);
    out.set(bytes.subarray(8 + n), 8 + json.length);
    assert.throws(() => decodeCheckpoint(out, 'm.safetensors'), (e: unknown) => e instanceof CheckpointError && /memory is incomplete/.test(e.message));
  });

  it('refuses settings that would allocate without bound or make no sense', () => {
    const ok = JSON.stringify(spec);
    assert.deepEqual(parseMixSpec(ok), spec);
    assert.throws(() => parseMixSpec('{'), /not valid JSON/);
    assert.throws(() => parseMixSpec(JSON.stringify({ ...spec, tableBytes: 2 ** 40 })), /out of range/);
    assert.throws(() => parseMixSpec(JSON.stringify({ ...spec, orders: [1, 2, 99] })), /out of range/);
    assert.throws(() => parseMixSpec(JSON.stringify({ ...spec, lr: 'fast' })), /out of range/);
    assert.throws(() => parseMixSpec(ok, 4 << 20), /needs 8 MB, more than the 4 MB allowed/);
  });

  it('evaluation reports the mixture beside the network alone, which matches the batched evaluation', () => {
    const { net, vocab, weights } = model();
    const { mix } = runToEnd(buildMixture(net, vocab, TRAIN, HELD, { spec }));
    const r = runToEnd(evaluateMixed(weights, mix, TEST, tsBackend));
    const alone = evaluateTexts(weights, TEST, tsBackend);
    assert.ok(Math.abs(r.netBitsPerChar - alone.bitsPerChar) < 1e-4, `${r.netBitsPerChar} vs ${alone.bitsPerChar}`);
    assert.equal(r.count, alone.count);
    // random weights know nothing; the memory of the corpus knows computeTotalPrice(..., taxRate)
    assert.ok(r.bitsPerChar < alone.bitsPerChar - 1, `mixture ${r.bitsPerChar} vs network ${alone.bitsPerChar}`);
  });

  it('an empty mixture passes the network\'s distribution through', () => {
    const { vocab } = model();
    const mix = emptyMixture(vocab, spec), out = new Float64Array(vocab.size);
    const q = Float32Array.from({ length: vocab.size }, (_, i) => (i + 1) / ((vocab.size * (vocab.size + 1)) / 2));
    mix.distribution(q, 0, new MixCursor(), out);
    // within the APM's interpolation between its points: a few percent at most
    for (let c = 0; c < vocab.size; c++) assert.ok(Math.abs(out[c] - q[c]) < 0.03 * q[c], `${c}: ${out[c]} vs ${q[c]}`);
  });
});
