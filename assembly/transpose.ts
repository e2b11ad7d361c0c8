// Transposes of row-major f32 matrices: of W by row ranges, so that threads
// can each transpose the rows they own (disjoint columns of the output), and
// of a batch by column ranges (the gradient's GEMM reads V^T row by row).

/**
 * out[c, r] = src[r, c] for r < rows, c < cols, with row strides srcRow and outRow in bytes. 4 x 4 tiles go through
 * registers with shuffles; row and column tails are scalar.
 */
export function transposeBlock(src: usize, srcRow: usize, out: usize, outRow: usize, rows: i32, cols: i32): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const w = src + <usize>r * srcRow;
    const o = out + (<usize>r << 2);
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const r0 = v128.load(w + (<usize>c << 2));
      const r1 = v128.load(w + srcRow + (<usize>c << 2));
      const r2 = v128.load(w + 2 * srcRow + (<usize>c << 2));
      const r3 = v128.load(w + 3 * srcRow + (<usize>c << 2));
      // (a0 b0 a1 b1), (a2 b2 a3 b3), (c0 d0 c1 d1), (c2 d2 c3 d3)
      const ab01 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
      const ab23 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
      const cd01 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
      const cd23 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
      const p = o + <usize>c * outRow;
      v128.store(p, v128.shuffle<f32>(ab01, cd01, 0, 1, 4, 5));
      v128.store(p + outRow, v128.shuffle<f32>(ab01, cd01, 2, 3, 6, 7));
      v128.store(p + 2 * outRow, v128.shuffle<f32>(ab23, cd23, 0, 1, 4, 5));
      v128.store(p + 3 * outRow, v128.shuffle<f32>(ab23, cd23, 2, 3, 6, 7));
    }
    for (; c < cols; c++) {
      for (let k = 0; k < 4; k++) store<f32>(o + <usize>c * outRow + (<usize>k << 2), load<f32>(w + <usize>k * srcRow + (<usize>c << 2)));
    }
  }
  for (; r < rows; r++) {
    const w = src + <usize>r * srcRow;
    for (let c = 0; c < cols; c++) store<f32>(out + <usize>c * outRow + (<usize>r << 2), load<f32>(w + (<usize>c << 2)));
  }
}

/** out[j, i] = W[i, j] for the rows i in [first, end) of W (nRows x nCols); out is nCols x nRows. */
export function rbmTransposeRows(W: usize, nRows: i32, nCols: i32, out: usize, first: i32, end: i32): void {
  if (end <= first) return;
  const rowW = <usize>nCols << 2;
  transposeBlock(W + <usize>first * rowW, rowW, out + (<usize>first << 2), <usize>nRows << 2, end - first, nCols);
}
