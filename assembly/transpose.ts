// Transpose of a row-major f32 matrix, by row ranges so that threads can
// each transpose the rows they own (disjoint columns of the output).

/**
 * out[j, i] = W[i, j] for the rows i in [first, end) of W (nRows x nCols);
 * out is nCols x nRows. 4 x 4 tiles go through registers with shuffles;
 * row and column tails are scalar.
 */
export function rbmTransposeRows(W: usize, nRows: i32, nCols: i32, out: usize, first: i32, end: i32): void {
  const rowW = <usize>nCols << 2;
  const rowOut = <usize>nRows << 2;
  let i = first;
  for (; i + 4 <= end; i += 4) {
    const w = W + <usize>i * rowW;
    const o = out + (<usize>i << 2);
    let j = 0;
    for (; j + 4 <= nCols; j += 4) {
      const r0 = v128.load(w + (<usize>j << 2));
      const r1 = v128.load(w + rowW + (<usize>j << 2));
      const r2 = v128.load(w + 2 * rowW + (<usize>j << 2));
      const r3 = v128.load(w + 3 * rowW + (<usize>j << 2));
      // (a0 b0 a1 b1), (a2 b2 a3 b3), (c0 d0 c1 d1), (c2 d2 c3 d3)
      const ab01 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
      const ab23 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
      const cd01 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
      const cd23 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
      const p = o + <usize>j * rowOut;
      v128.store(p, v128.shuffle<f32>(ab01, cd01, 0, 1, 4, 5));
      v128.store(p + rowOut, v128.shuffle<f32>(ab01, cd01, 2, 3, 6, 7));
      v128.store(p + 2 * rowOut, v128.shuffle<f32>(ab23, cd23, 0, 1, 4, 5));
      v128.store(p + 3 * rowOut, v128.shuffle<f32>(ab23, cd23, 2, 3, 6, 7));
    }
    for (; j < nCols; j++) {
      for (let r = 0; r < 4; r++) store<f32>(o + <usize>j * rowOut + (<usize>r << 2), load<f32>(w + <usize>r * rowW + (<usize>j << 2)));
    }
  }
  for (; i < end; i++) {
    const w = W + <usize>i * rowW;
    for (let j = 0; j < nCols; j++) store<f32>(out + <usize>j * rowOut + (<usize>i << 2), load<f32>(w + (<usize>j << 2)));
  }
}
