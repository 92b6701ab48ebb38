// Which build of the WebAssembly kernels loads (wasm.ts), and which dot product its int8
// products use: the relaxed-SIMD build where the runtime validates it, and in it the one-
// instruction dot product, the 16-bit one, or none, by what small probe modules compute here.

export type WasmVariant = 'simd' | 'relaxed-simd';
/** how the int8 products multiply: i32x4.relaxed_dot_i8x16_i7x16_add_s (one instruction with
 *  VNNI), i16x8.relaxed_dot_i8x16_i7x16_s and a pairwise add, or widened to i32x4.dot_i16x8_s */
export type Int8Path = 'relaxed-dot' | 'relaxed-dot-pairs' | 'i16-dot';
/** setRelaxedDot's argument for each (assembly/gemm-i8.ts) */
export const DOT_MODE: Record<Int8Path, number> = { 'i16-dot': 0, 'relaxed-dot-pairs': 1, 'relaxed-dot': 2 };

/** build/kernels-wasm.generated.js: the four builds, base64 */
export interface GeneratedKernels { base64: string; base64Shared: string; base64Relaxed: string; base64RelaxedShared: string }

/** The build that loads: the relaxed-SIMD one where `validate` accepts its bytes, else plain SIMD. */
export function selectBuild(g: GeneratedKernels, validate: (bytes: Uint8Array<ArrayBuffer>) => boolean = (b) => WebAssembly.validate(b)):
  { variant: WasmVariant; bytes: Uint8Array<ArrayBuffer>; sharedBase64: string } {
  const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
  const relaxed = bytes(g.base64Relaxed);
  return validate(relaxed)
    ? { variant: 'relaxed-simd', bytes: relaxed, sharedBase64: g.base64RelaxedShared }
    : { variant: 'simd', bytes: bytes(g.base64), sharedBase64: g.base64Shared };
}

// (func (param i32 i32 i32) (result i32)): lane 0 of i32x4.relaxed_dot_i8x16_i7x16_add_s(
// i8x16.splat(a), i8x16.splat(b), i32x4.splat(c)), that is c + 4ab
const DOT_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 127, 127, 127, 1, 127, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0,
  10, 22, 1, 20, 0, 32, 0, 253, 15, 32, 1, 253, 15, 32, 2, 253, 17, 253, 147, 2, 253, 27, 0, 11]);
// (func (param i32 i32) (result i32)): lane 0 of i16x8.relaxed_dot_i8x16_i7x16_s(i8x16.splat(a),
// i8x16.splat(b)), that is 2ab (the third argument is ignored)
const DOT_PAIRS_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0,
  10, 18, 1, 16, 0, 32, 0, 253, 15, 32, 1, 253, 15, 253, 146, 2, 253, 24, 0, 11]);

type Dot = (a: number, b: number, c: number) => number;

/** Whether a relaxed dot product (as the probe above) gives c + 4ab for operands like the int8
 *  kernels' (a in [-127, 127], b in [1, 127]): V8 11.3, Node 20's, validates it behind its flag
 *  but drops c and returns twice the sum. */
export function dotIsExact(dot: Dot): boolean {
  return dot(-1, 1, 5) === 1 && dot(-127, 127, 0) === -64516 && dot(127, 1, -7) === 501 && dot(100, 63, 3) === 25203;
}

/** The same for the 16-bit one, which gives 2ab (right on Node 20 too). */
export function pairsAreExact(dot: Dot): boolean {
  return dot(-1, 1, 0) === -2 && dot(-127, 127, 0) === -32258 && dot(127, 1, 0) === 254 && dot(100, 63, 0) === 12600;
}

/** The int8 products' dot product in the relaxed build, by probing the engine. */
export function probeInt8(): Int8Path {
  const run = (bytes: Uint8Array<ArrayBuffer>) => (new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as { f: Dot }).f;
  if (dotIsExact(run(DOT_PROBE))) return 'relaxed-dot';
  return pairsAreExact(run(DOT_PAIRS_PROBE)) ? 'relaxed-dot-pairs' : 'i16-dot';
}
