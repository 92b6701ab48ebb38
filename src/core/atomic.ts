// Atomic file replacement: readers see either the old file or the complete new one, never a
// half-written file, and a failure at any point leaves the old file as it was.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export async function writeFileAtomic(target: string, bytes: Uint8Array): Promise<void> {
  // same directory as the target, so the rename never crosses file systems
  const tmp = `${target}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(tmp, 'wx');
    await fh.writeFile(bytes);
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
