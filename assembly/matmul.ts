// A plain matrix product for host-side analysis (receptive fields
// r(l) = r(l-1) W(l)): out = A B, every matrix row-major f32.
//
// The arithmetic is the GEMM of gemm.ts (4 x 8 tiles of
// C held in eight f32x4 accumulators, the k range blocked so a panel of B
// stays in L1, 4- and 1-wide column tails), run on a zeroed output: one
// tuned, tested GEMM instead of two that could drift apart.

import { gemmAccumulate } from "./gemm";

/**
 * out[r, c] = sum_k A[r, k] B[k, c] for A rows x inner, B inner x cols,
 * out rows x cols (f32, row-major). out must not overlap A or B. inner = 0
 * gives zeros.
 */
export function matmulF32(a: usize, b: usize, rows: i32, inner: i32, cols: i32, out: usize): void {
  const outRowBytes = <usize>cols << 2;
  memory.fill(out, 0, <usize>rows * outRowBytes);
  gemmAccumulate(a, <usize>inner << 2, 4, b, outRowBytes, out, outRowBytes, rows, cols, inner, 1.0);
}
