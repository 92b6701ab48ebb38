import assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../src/core/atomic';
import {
  CheckpointError, decodeCheckpoint, encodeCheckpoint, loadCheckpoint, saveCheckpoint, type Checkpoint,
} from '../../src/core/checkpoint';
import { paramCount, paramSpecs } from '../../src/core/params';
import { decodeSafetensors, encodeSafetensors } from '../../src/core/safetensors';
import { Vocab } from '../../src/core/vocab';
import { tensor } from '../../src/core/weights';

function randomCheckpoint(seed = 1): Checkpoint {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const vocab = Vocab.build(['hello, world\n'], 256).toJSON();
  const params = Float32Array.from({ length: paramCount({ cell: 'lstm', layers: 2, hidden: 4, vocabSize: vocab.length }) }, rand);
  const optim = new Map([['optim.adam.m.head.bias', Float32Array.from({ length: vocab.length }, rand)]]);
  return { cell: 'lstm', layers: 2, hidden: 4, vocab, params, optim, meta: { train: '{"step":7}' } };
}

/** Splits a safetensors file into its parsed header and data section. */
function split(bytes: Uint8Array): { header: Record<string, any>; data: Uint8Array } {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { header: JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString()), data: bytes.subarray(8 + n) };
}

/** Assembles a file from a header (object or raw text) and a data section. */
function join(header: object | string, data: Uint8Array): Uint8Array {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function edit(bytes: Uint8Array, f: (h: Record<string, any>) => void): Uint8Array {
  const { header, data } = split(bytes);
  f(header);
  return join(header, data);
}

function refuses(bytes: Uint8Array, message: RegExp): void {
  assert.throws(() => decodeCheckpoint(bytes, 'model.safetensors'), (err: unknown) => {
    assert.ok(err instanceof CheckpointError, `expected CheckpointError, got ${err}`);
    assert.match(err.message, /^model\.safetensors: /);
    assert.match(err.message, message);
    return true;
  });
}

describe('safetensors', () => {
  it('pads the header to a multiple of 8 and stores little-endian F32 (F64 input narrowed)', () => {
    const bytes = encodeSafetensors([
      { name: 'a', shape: [2], data: new Float64Array([1.5, -2]) },
      { name: 'b', shape: [1, 1], data: new Float32Array([0.25]) },
    ], { note: 'x' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    assert.equal(n % 8, 0);
    const { header, data } = split(bytes);
    assert.deepEqual(header.a, { dtype: 'F32', shape: [2], data_offsets: [0, 8] });
    assert.deepEqual(header.__metadata__, { note: 'x' });
    assert.equal(Buffer.from(data).readFloatLE(4), -2);
    const back = decodeSafetensors(bytes);
    assert.deepEqual([...back.tensors.get('a')!.data], [1.5, -2]);
    assert.deepEqual(back.tensors.get('b')!.shape, [1, 1]);
  });

  it('reads tensors whose data is not 4-byte aligned in the buffer', () => {
    const bytes = encodeSafetensors([{ name: 'w', shape: [3], data: new Float32Array([1, 2, 3]) }], {});
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    assert.deepEqual([...decodeSafetensors(shifted.subarray(1)).tensors.get('w')!.data], [1, 2, 3]);
  });

  it('reads the checkpoint PyTorch wrote for the parity fixtures, its tensors flat in parameter order', () => {
    const bytes = readFileSync('test/fixtures/torch/rnn.safetensors');
    const ck = decodeCheckpoint(bytes), { tensors } = decodeSafetensors(bytes);
    assert.equal(ck.cell, 'rnn');
    assert.equal(tensor(ck, 'head.weight').length, ck.vocab.length * ck.hidden);
    let offset = 0;
    for (const p of paramSpecs({ cell: 'rnn', layers: ck.layers, hidden: ck.hidden, vocabSize: ck.vocab.length })) {
      assert.equal(p.offset, offset);
      assert.deepEqual(ck.params.subarray(p.offset, p.offset + p.size), tensors.get(p.name)!.data, p.name);
      offset += p.size;
    }
    assert.equal(ck.params.length, offset);
  });
});

describe('checkpoint', () => {
  it('round-trips weights, training state and metadata exactly', () => {
    const ck = randomCheckpoint();
    const back = decodeCheckpoint(encodeCheckpoint(ck));
    assert.equal(back.cell, 'lstm');
    assert.equal(back.layers, 2);
    assert.equal(back.hidden, 4);
    assert.deepEqual(back.vocab, ck.vocab);
    assert.deepEqual(back.params, ck.params);
    assert.deepEqual(back.optim, ck.optim);
    assert.deepEqual(back.meta, ck.meta);
  });

  it('refuses a file shorter than its 8-byte length field', () => {
    refuses(encodeCheckpoint(randomCheckpoint()).subarray(0, 5), /shorter than the 8-byte header length/);
  });

  it('refuses a truncated data section', () => {
    const bytes = encodeCheckpoint(randomCheckpoint());
    refuses(bytes.subarray(0, bytes.length - 6), /run past the data section|truncated/);
  });

  it('refuses a header length beyond the file, an absurd one, and one that cuts the JSON', () => {
    const bytes = encodeCheckpoint(randomCheckpoint());
    const withLength = (n: bigint) => {
      const b = bytes.slice();
      new DataView(b.buffer).setBigUint64(0, n, true);
      return b;
    };
    refuses(withLength(BigInt(bytes.length)), /runs past the end of the file/);
    refuses(withLength(2n ** 40n), /not a safetensors checkpoint: its first 8 bytes give a header of 1099511627776 bytes/);
    refuses(withLength(16n), /not valid UTF-8 JSON/);
  });

  it('refuses a garbage header and a header that is not an object', () => {
    const { data } = split(encodeCheckpoint(randomCheckpoint()));
    refuses(join('{"a": oops}', data), /not valid UTF-8 JSON/);
    refuses(join('[1, 2, 3]', data), /not a JSON object/);
  });

  it('refuses a dtype other than F32, naming it', () => {
    refuses(edit(encodeCheckpoint(randomCheckpoint()), (h) => { h['head.bias'].dtype = 'F16'; }), /head\.bias: dtype is F16/);
  });

  it('refuses a malformed header entry', () => {
    const bytes = encodeCheckpoint(randomCheckpoint());
    refuses(edit(bytes, (h) => { h['head.bias'] = 3; }), /head\.bias: header entry is not an object/);
    refuses(edit(bytes, (h) => { h['head.bias'].shape = [-1]; }), /head\.bias: shape \[-1\] must hold non-negative integers/);
    refuses(edit(bytes, (h) => { delete h['head.bias'].data_offsets; }), /head\.bias: data_offsets/);
  });

  it('refuses data_offsets that disagree with the shape', () => {
    refuses(edit(encodeCheckpoint(randomCheckpoint()), (h) => { h['head.bias'].shape = [2]; }), /head\.bias: data_offsets .* shape \[2\] as F32 needs 8/);
  });

  /** Writes ck's weights through encodeSafetensors after letting `change` edit the tensor list. */
  function rewritten(ck: Checkpoint, change: (ts: { name: string; shape: number[]; data: Float32Array }[]) => void) {
    const ts = paramSpecs({ cell: 'lstm', layers: 2, hidden: 4, vocabSize: ck.vocab.length })
      .map((p) => ({ name: p.name, shape: p.shape, data: tensor(ck, p.name) }));
    change(ts);
    return encodeSafetensors(ts, { cell: 'lstm', layers: '2', hidden: '4', vocab: JSON.stringify(ck.vocab) });
  }

  it('refuses a consistent tensor whose shape does not fit the model', () => {
    const bytes = rewritten(randomCheckpoint(), (ts) => { ts.find((t) => t.name === 'rnn.weight_hh_l1')!.shape = [4, 16]; });
    refuses(bytes, /rnn\.weight_hh_l1 has shape \[4, 16\], expected \[16, 4\]/);
  });

  it('refuses a missing tensor and an extra tensor', () => {
    const ck = randomCheckpoint();
    refuses(rewritten(ck, (ts) => { ts.splice(5, 1); }), /missing tensor rnn\.weight_hh_l1 \(expected shape \[16, 4\]/);
    refuses(rewritten(ck, (ts) => { ts.push({ name: 'rnn.bias_hh_l2', shape: [16], data: new Float32Array(16) }); }),
      /unexpected tensor rnn\.bias_hh_l2 \(shape \[16\]\)/);
    refuses(edit(encodeCheckpoint(ck), (h) => { h.__metadata__.layers = '3'; }), /missing tensor rnn\.weight_ih_l2 \(expected shape \[16, 4\]/);
  });

  it('refuses bad vocab metadata', () => {
    const bytes = encodeCheckpoint(randomCheckpoint());
    refuses(edit(bytes, (h) => { h.__metadata__.vocab = '["", "a"'; }), /vocab is not valid JSON/);
    refuses(edit(bytes, (h) => { h.__metadata__.vocab = '["a", "b"]'; }), /vocab is invalid: .*entry 0 must be ""/);
    refuses(edit(bytes, (h) => { delete h.__metadata__.vocab; }), /no "vocab"/);
  });

  it('refuses a vocab whose size disagrees with head.weight rows', () => {
    const bytes = encodeCheckpoint(randomCheckpoint());
    refuses(edit(bytes, (h) => {
      h.__metadata__.vocab = JSON.stringify([...JSON.parse(h.__metadata__.vocab), 'Z']);
    }), /vocab has \d+ entries but head\.weight has \d+ rows/);
  });

  it('refuses bad cell, layers and hidden metadata and non-string metadata', () => {
    const bytes = encodeCheckpoint(randomCheckpoint());
    refuses(edit(bytes, (h) => { h.__metadata__.cell = 'transformer'; }), /cell "transformer" must be one of rnn, lstm, gru/);
    refuses(edit(bytes, (h) => { h.__metadata__.layers = '2.5'; }), /layers "2.5" is not a positive integer/);
    refuses(edit(bytes, (h) => { h.__metadata__.hidden = '0'; }), /hidden 0 is outside/);
    refuses(edit(bytes, (h) => { h.__metadata__.step = 7; }), /__metadata__\.step is not a string/);
  });

  it('refuses NaN and infinite weights', () => {
    const { header, data } = split(encodeCheckpoint(randomCheckpoint()));
    const d = Buffer.from(data);
    d.writeFloatLE(NaN, header['rnn.weight_hh_l0'].data_offsets[0] + 8);
    refuses(join(header, d), /rnn\.weight_hh_l0 holds NaN at index 2/);
    d.writeFloatLE(-Infinity, header['rnn.weight_hh_l0'].data_offsets[0] + 8);
    refuses(join(header, d), /rnn\.weight_hh_l0 holds -Infinity at index 2/);
  });

  it('refuses overlapping offsets, gaps and uncovered trailing bytes', () => {
    const bytes = encodeCheckpoint(randomCheckpoint());
    const { header, data } = split(bytes);
    const [b0, e0] = header['head.bias'].data_offsets;
    const len = e0 - b0;
    header['head.bias'].data_offsets = [b0 - 4, e0 - 4];
    refuses(join(header, data), /overlaps/);
    header['head.bias'].data_offsets = [b0 + 4, e0 + 4];
    refuses(join(header, Buffer.concat([data, Buffer.alloc(4)])), /gap in the data section/);
    header['head.bias'].data_offsets = [b0, b0 + len];
    refuses(join(header, Buffer.concat([data, Buffer.alloc(4)])), /tensors cover/);
  });

  it('refuses to encode NaN weights or a model that does not match its weights', () => {
    const ck = randomCheckpoint();
    tensor(ck, 'head.bias')[0] = NaN;
    assert.throws(() => encodeCheckpoint(ck), /head\.bias holds NaN/);
    assert.throws(() => encodeCheckpoint({ ...randomCheckpoint(), hidden: 5 }), /checkpoint has \d+ parameters; a 2x5 lstm over \d+ symbols needs \d+/);
  });
});

describe('checkpoint files', () => {
  let dir: string;
  beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ckpt-')); });
  afterEach(async () => {
    await fs.chmod(dir, 0o755);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('saves atomically and loads back', async () => {
    const file = path.join(dir, 'model.safetensors');
    await saveCheckpoint(file, randomCheckpoint(1));
    await saveCheckpoint(file, randomCheckpoint(2));
    const back = await loadCheckpoint(file);
    assert.deepEqual(back.params, randomCheckpoint(2).params);
    assert.deepEqual(await fs.readdir(dir), ['model.safetensors']);
  });

  it('reports a missing file as a CheckpointError naming the path', async () => {
    const file = path.join(dir, 'nope.safetensors');
    await assert.rejects(loadCheckpoint(file), (err: unknown) =>
      err instanceof CheckpointError && err.message.startsWith(file) && /no such file/.test(err.message));
  });

  it('keeps the old file when saving a diverged model fails', async () => {
    const file = path.join(dir, 'model.safetensors');
    await saveCheckpoint(file, randomCheckpoint(1));
    const bad = randomCheckpoint(2);
    tensor(bad, 'rnn.weight_ih_l0')[3] = Infinity;
    await assert.rejects(saveCheckpoint(file, bad), /holds Infinity/);
    assert.deepEqual((await loadCheckpoint(file)).params, randomCheckpoint(1).params);
  });

  it('leaves the old file intact and no temporary file when writing throws midway', async () => {
    const file = path.join(dir, 'a.bin');
    await fs.writeFile(file, 'old');
    // a source that fails after its first chunk stands in for a disk that fills up
    function* failing() { yield Buffer.from('new-partial'); throw new Error('disk full'); }
    await assert.rejects(writeFileAtomic(file, failing() as unknown as Uint8Array), /disk full/);
    assert.equal(await fs.readFile(file, 'utf8'), 'old');
    assert.deepEqual(await fs.readdir(dir), ['a.bin']);
  });

  it('leaves the target and no temporary file when the rename fails', async () => {
    const target = path.join(dir, 'taken');
    await fs.mkdir(target);
    await fs.writeFile(path.join(target, 'inside'), 'old');
    await assert.rejects(writeFileAtomic(target, new Uint8Array([1, 2, 3])));
    assert.equal(await fs.readFile(path.join(target, 'inside'), 'utf8'), 'old');
    assert.deepEqual(await fs.readdir(dir), ['taken']);
  });

  it('leaves the old file intact in a read-only directory (needs a non-root user)', async function () {
    if (process.getuid?.() === 0) this.skip(); // root ignores directory permissions
    const file = path.join(dir, 'a.bin');
    await fs.writeFile(file, 'old');
    await fs.chmod(dir, 0o555);
    await assert.rejects(writeFileAtomic(file, new Uint8Array([1])), /EACCES|EPERM/);
    assert.equal(await fs.readFile(file, 'utf8'), 'old');
    assert.deepEqual(await fs.readdir(dir), ['a.bin']);
  });
});
