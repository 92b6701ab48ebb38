// Worker threads give way to the extension host's own thread when cores are scarce: on Linux a
// priority applies to the calling thread alone; elsewhere it would slow down the whole extension
// host, so there a worker keeps the normal priority. No `vscode` import (workers use it).
import { setPriority } from 'node:os';

/** Nice values: training yields to completions, and both to the editor (nice 0). */
export const NICE = { completion: 5, training: 10 } as const;

/** Lowers the calling thread's priority to `nice`, where that touches this thread only. */
export function niceThisThread(nice: number): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(0, nice);
  } catch {
    // a container may forbid it; the thread just runs at the normal priority
  }
}
