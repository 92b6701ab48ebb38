// Backend selection. 'auto' picks the WebAssembly SIMD kernels when they load here and the
// dtype is float32, else the TypeScript reference; a fallback is logged once.
import type { Backend, DType } from './types';
import { tsBackend } from './ts';
import { wasmBackend, wasmUnavailableReason } from './wasm';

export type BackendName = 'auto' | 'ts' | 'wasm';

let log: (message: string) => void = (message) => console.warn(message);
let fallbackLogged = false;

/** where the one-time "falling back to TypeScript" line goes (default console.warn) */
export function setKernelLogger(fn: (message: string) => void): void {
  log = fn;
}

export function getBackend(name: BackendName = 'auto', dtype: DType = 'f32'): Backend {
  if (name === 'ts') return tsBackend;
  const reason = wasmUnavailableReason();
  if (name === 'wasm') {
    if (reason) throw new Error(`wasm kernels unavailable: ${reason}`);
    return wasmBackend;
  }
  if (dtype !== 'f32') return tsBackend;
  if (!reason) return wasmBackend;
  if (!fallbackLogged) {
    fallbackLogged = true;
    log(`char-rnn: WebAssembly SIMD kernels unavailable (${reason}); using the slower TypeScript kernels`);
  }
  return tsBackend;
}

export { tsBackend } from './ts';
export { wasmBackend, wasmUnavailableReason } from './wasm';
export type { Backend, Kernels, Arr, DType } from './types';
