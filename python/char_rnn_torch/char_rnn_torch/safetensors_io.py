"""The safetensors container, F32 and U8 tensors, as src/core/safetensors.ts reads and writes it:

    [u64 LE N] [N bytes of JSON header, space-padded to a multiple of 8] [LE tensor data]

Header: {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}; the
tensors cover the data section exactly. This package writes F32 only. Debian's python3-torch comes without the `safetensors`
package, and this is all of it the checkpoints need.
"""
import ctypes
import json
import math
import os
import struct
import sys

import torch


DTYPES = {'F32': (torch.float32, 4), 'U8': (torch.uint8, 1)}


class CheckpointError(Exception):
    """A file that cannot be used; the message says what is wrong with it."""


def encode(tensors, metadata):
    """bytes of a file holding `tensors` (name -> tensor, in order) and string `metadata`."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header['__metadata__'] = {k: str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        data = _le_bytes(t)
        header[name] = {'dtype': 'F32', 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(',', ':'), allow_nan=False).encode('utf-8')
    raw += b' ' * (-len(raw) % 8)
    return struct.pack('<Q', len(raw)) + raw + b''.join(blobs)


def _le_bytes(t):
    """a tensor's float32 values as bytes (the machine is little-endian: checked on import)"""
    a = t.detach().to('cpu', torch.float32).contiguous()
    return ctypes.string_at(a.data_ptr(), 4 * a.numel()) if a.numel() else b''


def decode(buf, source='checkpoint'):
    """(tensors, metadata) of a file's bytes, every header field checked; raises CheckpointError."""
    def fail(msg):
        raise CheckpointError(f'{source}: {msg}')

    if len(buf) < 8:
        fail(f'file is {len(buf)} bytes, shorter than the 8-byte header length')
    (n,) = struct.unpack('<Q', buf[:8])
    if 8 + n > len(buf):
        fail(f'header length {n} runs past the end of the file ({len(buf)} bytes): truncated or not a safetensors file')
    try:
        header = json.loads(bytes(buf[8:8 + n]).decode('utf-8'))
    except (UnicodeDecodeError, ValueError):
        fail('header is not valid UTF-8 JSON')
    if not isinstance(header, dict):
        fail('header is not a JSON object')
    metadata = header.pop('__metadata__', {})
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        fail('__metadata__ must map names to strings')
    data, entries = memoryview(buf)[8 + n:], []
    for name, e in header.items():
        if not isinstance(e, dict) or e.get('dtype') not in DTYPES:
            fail(f"tensor {name}: dtype must be one of {', '.join(DTYPES)}")
        dtype, size = DTYPES[e['dtype']]
        shape, (begin, end) = e.get('shape'), e.get('data_offsets', (None, None))
        if not (isinstance(shape, list) and all(isinstance(d, int) and d >= 0 for d in shape)):
            fail(f'tensor {name}: bad shape {shape!r}')
        if not (isinstance(begin, int) and isinstance(end, int) and 0 <= begin and end - begin == size * math.prod(shape)):
            fail(f"tensor {name}: data_offsets [{begin}, {end}] do not hold shape {shape} as {e['dtype']}")
        entries.append((begin, end, name, shape, dtype))
    covered = 0
    for begin, end, name, *_ in sorted(entries):
        if begin != covered:
            fail(f'tensor {name} starts at byte {begin} of the data section, expected {covered} (a gap or an overlap)')
        covered = end
    if covered != len(data):
        fail(f'data section has {len(data)} bytes but the tensors cover {covered}: truncated or padded file')
    tensors = {}
    for begin, end, name, shape, dtype in sorted(entries):
        # a fresh copy: the data section need not be aligned, and the tensor must own its memory
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=dtype) if end > begin else torch.zeros(0, dtype=dtype)
        tensors[name] = t.reshape(shape)
    return tensors, metadata


def read(path):
    try:
        with open(path, 'rb') as f:
            buf = f.read()
    except OSError as e:
        raise CheckpointError(f'{path}: cannot read checkpoint: {e.strerror}') from None
    return decode(buf, str(path))


def write_atomic(path, data):
    """Readers see the old file or the whole new one: a temporary file beside it, synced, renamed."""
    path = os.fspath(path)
    tmp = f'{path}.tmp-{os.getpid()}'
    try:
        with open(tmp, 'wb') as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    try:
        fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    except OSError:
        return  # a platform that cannot open a directory: the rename is still atomic
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


if sys.byteorder != 'little':
    raise ImportError('char_rnn_torch reads and writes little-endian files on little-endian machines only')
