// Shared test helpers: run the CLI in-process and capture what it prints; temporary directories.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/** A worker entry point run from its TypeScript source (through tsx), as the build's bundle would
 *  run: writes a small loader for src/<entry> into dir and returns its path. */
export function tsWorkerScript(dir: string, entry: string): string {
  const script = join(dir, `${entry.replace(/[/\\.]/g, '-')}.cjs`);
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  writeFileSync(script, `require(${JSON.stringify(tsx)}); require(${JSON.stringify(join(__dirname, '..', '..', 'src', entry))});`);
  return script;
}
