// Atomic file replacement: readers see either the old file or the complete new one, never a
// half-written file, and a failure at any point leaves the old file as it was. Also what comes
// with it: checking before a long run that the file can be written at all, clearing the
// temporary files that killed processes left behind, and saying why a write failed in words.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** How the bytes reach the temporary file; tests replace it to simulate a full disk. */
export type WriteBytes = (fh: fs.FileHandle, bytes: Uint8Array) => Promise<void>;

const TMP_INFIX = '.tmp-';

export async function writeFileAtomic(target: string, bytes: Uint8Array, write: WriteBytes = (fh, b) => fh.writeFile(b)): Promise<void> {
  // same directory as the target, so the rename never crosses file systems
  const tmp = `${target}${TMP_INFIX}${process.pid}-${randomBytes(6).toString('hex')}`;
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(tmp, 'wx');
    await write(fh, bytes);
    await fh.sync();
    await fh.close();
    fh = undefined;
    await fs.rename(tmp, target);
  } catch (err) {
    await fh?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncDir(path.dirname(target));
}

/** Makes the rename itself durable; not every platform can open a directory, which is fine. */
async function syncDir(dir: string): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
    // Windows cannot fsync a directory; the rename is still atomic there
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/** Why a write failed, in words (the system's message when it is none of the usual reasons). */
export function describeWriteError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOSPC': case 'EDQUOT': return 'the disk is full';
    case 'EROFS': return 'the file system is read-only';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ENOENT': return 'its folder does not exist';
    case 'EISDIR': return 'it is a folder';
    case 'ENOTDIR': return 'a part of its path is a file, not a folder';
    default: return e.message ?? String(err);
  }
}

/**
 * Whether `target` can be written, found out before any work that would be lost: its folder
 * exists and takes a new file (a probe file is created and removed), and it is not a folder
 * itself. Returns what is wrong, in words, or undefined.
 */
export async function checkWritable(target: string): Promise<string | undefined> {
  const dir = path.dirname(path.resolve(target));
  const st = await fs.stat(dir).catch(() => undefined);
  if (!st) return `the folder ${dir} does not exist`;
  if (!st.isDirectory()) return `${dir} is not a folder`;
  const existing = await fs.stat(target).catch(() => undefined);
  if (existing?.isDirectory()) return `${target} is a folder`;
  const probe = path.join(dir, `.${path.basename(target)}${TMP_INFIX}probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await (await fs.open(probe, 'wx')).close();
    await fs.rm(probe, { force: true });
    return undefined;
  } catch (err) {
    return `the folder ${dir} cannot be written to (${describeWriteError(err)})`;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, as another user's process
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files of `target` (`<target>.tmp-<pid>-<hex>`) whose writing process no
 * longer runs: what a save killed midway leaves. Returns the names removed.
 */
export async function removeStaleTemps(target: string): Promise<string[]> {
  const dir = path.dirname(path.resolve(target)), base = path.basename(target);
  const entries = await fs.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of entries) {
    if (!name.startsWith(base + TMP_INFIX)) continue;
    const m = /^(\d+)-[0-9a-f]+$/.exec(name.slice(base.length + TMP_INFIX.length));
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    await fs.rm(path.join(dir, name), { force: true }).then(() => removed.push(name), () => undefined);
  }
  return removed;
}
