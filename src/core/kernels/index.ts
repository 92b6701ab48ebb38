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

/** 'wasm' and 'auto' fall back to the TypeScript kernels (logged once) where wasm cannot run;
 *  wasmUnavailableReason() tells why. A float64 arena always gets the TypeScript kernels. */
export function getBackend(name: BackendName = 'auto', dtype: DType = 'f32'): Backend {
  if (name === 'ts' || dtype !== 'f32') return tsBackend;
  const reason = wasmUnavailableReason();
  if (!reason) return wasmBackend;
  if (!fallbackLogged) {
    fallbackLogged = true;
    log(`char-rnn: WebAssembly SIMD kernels unavailable (${reason}); using the slower TypeScript kernels`);
  }
  return tsBackend;
}

export { tsBackend } from './ts';
export { allowRelaxedSimd, int8Path, wasmBackend, wasmUnavailableReason, wasmVariant, type Int8Path, type WasmVariant } from './wasm';
export type { Backend, Kernels, Arr, DType } from './types';
