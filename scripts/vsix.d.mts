// Types of ./vsix.mjs for the TypeScript tests that use it.
export interface VsixEntry {
  name: string;
  /** uncompressed bytes */
  size: number;
  read(): Uint8Array;
}
export function packageVsix(out: string): Promise<string>;
export function listVsix(file: string): VsixEntry[];
