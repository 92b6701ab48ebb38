// Shared test helpers: run the CLI in-process and capture what it prints; temporary directories.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';
import { getBackend } from '../../src/core/kernels';

export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const o = process.stdout.write.bind(process.stdout), e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => { out += String(s); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => { err += String(s); return true; }) as typeof process.stderr.write;
  const before = process.exitCode;
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    process.stdout.write = o; process.stderr.write = e;
    process.exitCode = before;
  }
}

/** A fresh temporary directory, removed after the enclosing suite. Call inside describe(). */
export function tempDir(prefix = 'char-rnn-test-'): () => string {
  let d = '';
  before(() => { d = mkdtempSync(join(tmpdir(), prefix)); });
  after(() => rmSync(d, { recursive: true, force: true }));
  return () => d;
}

/** Backend names to run engine-level suites on: the reference, and wasm where it loads. */
export function backendNames(): ('ts' | 'wasm')[] {
  return getBackend('wasm').name === 'wasm' ? ['ts', 'wasm'] : ['ts'];
}
