// Scratch memory reserved by the host inside the arena's Memory (never allocated per call):
// packed panels of A and B for gemm-packed.ts and a small tile for partial tiles.
export const MC: i32 = 64;   // rows of A per packed block (MC x KC floats, stays in L2)
export const KC: i32 = 256;  // depth of a packed block
export const NC: i32 = 512;  // columns of B per packed block (KC x NC floats)
export let packA: usize = 0;
export let packB: usize = 0;
export let tile: usize = 0;  // 32 floats

export function scratchBytes(): i32 {
  return (MC * KC + KC * NC + 32) * 4;
}

/** p: 16-byte aligned start of scratchBytes() bytes owned by this instance */
export function setScratch(p: usize): void {
  packA = p;
  packB = packA + <usize>(MC * KC) * 4;
  tile = packB + <usize>(KC * NC) * 4;
}
