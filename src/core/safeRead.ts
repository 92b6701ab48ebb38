// Reading a file that someone else may have put there: only a regular file is read (a FIFO, a
// device such as /dev/zero or a socket is refused at once, never waited on), the size limit
// holds while reading (a file that grows is cut off, not read to its end), and a symbolic link
// is followed only when its target lies inside the tree being read.
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';

export type Refusal = 'missing' | 'directory' | 'not-regular' | 'too-large' | 'unreadable';

export type ReadResult = { bytes: Uint8Array } | { refused: Refusal; detail?: string };

const REFUSAL_TEXT: Record<Refusal, string> = {
  'missing': 'no such file',
  'directory': 'is a directory',
  'not-regular': 'not a regular file (a device, pipe or socket)',
  'too-large': 'larger than the size limit',
  'unreadable': 'could not be read',
};

export function describeRefusal(r: Refusal, detail?: string): string {
  return detail ? `${REFUSAL_TEXT[r]} (${detail})` : REFUSAL_TEXT[r];
}

// O_NONBLOCK: opening a FIFO does not wait for a writer (the read is refused after fstat);
// Windows has no such flag and no FIFOs in the file system
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export const formatBytes = (n: number): string =>
  n < 1024 ? `${n} bytes` : n < 2 ** 20 ? `${Math.round(n / 1024)} KB` : n < 2 ** 30 ? `${(n / 2 ** 20).toFixed(1)} MB` : `${(n / 2 ** 30).toFixed(1)} GB`;

/** The bytes of a regular file of at most maxBytes, or why it was not read. */
export async function readRegularFile(file: string, maxBytes: number): Promise<ReadResult> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(file, OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { refused: 'missing' };
    if (code === 'EISDIR') return { refused: 'directory' };
    return { refused: 'unreadable', detail: code ?? (err as Error).message };
  }
  try {
    const st = await fh.stat();
    if (st.isDirectory()) return { refused: 'directory' };
    if (!st.isFile()) return { refused: 'not-regular' };
    if (st.size > maxBytes) return { refused: 'too-large', detail: `${formatBytes(st.size)}, the limit is ${formatBytes(maxBytes)}` };
    // a byte more than fstat said tells a file that grows while it is read: the buffer grows
    // with it up to one byte past the limit, which refuses it
    let buf = new Uint8Array(Math.min(st.size, maxBytes) + 1), n = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) return { bytes: buf.subarray(0, n) };
      n += bytesRead;
      if (n > maxBytes) return { refused: 'too-large', detail: `over ${formatBytes(maxBytes)}` };
      if (n === buf.length) {
        const grown = new Uint8Array(Math.min(2 * buf.length, maxBytes + 1));
        grown.set(buf);
        buf = grown;
      }
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'EISDIR' ? { refused: 'directory' } : { refused: 'unreadable', detail: code ?? (err as Error).message };
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** Whether `p` (after following every link) lies inside `root` (already a real path). */
export async function insideTree(realRoot: string, p: string): Promise<boolean> {
  try {
    const rel = path.relative(realRoot, await fs.realpath(p));
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  } catch {
    return false;
  }
}
