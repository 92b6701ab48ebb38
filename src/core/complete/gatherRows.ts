// Copying one stream's recurrent state to every row of a batch (the completer's candidates).

/** dst = blocks x [n, H] from src = blocks x [srcRows, H]: row j of each block is row from[j] of
 *  src's (the layout of Net.saveState, `blocks` being layers x (h, c)). */
export function gatherRows(src: Float32Array, srcRows: number, dst: Float32Array, blocks: number, H: number, from: Int32Array, n: number): void {
  for (let b = 0; b < blocks; b++) {
    for (let r = 0; r < n; r++) {
      const o = (b * n + r) * H, i = (b * srcRows + from[r]) * H;
      for (let j = 0; j < H; j++) dst[o + j] = src[i + j];
    }
  }
}
