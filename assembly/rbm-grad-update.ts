// The weight half of a contrastive-divergence step when both phases have
// binary visible rows (scikit-learn's PCD with sampled negative visibles):
//   grad[i, :] = sum over b with visPos[b, i] on of hidPos[b, :]
//              - sum over b with visNeg[b, i] on of hidNeg[b, :]
// and then rbmUpdate's rule on W[i, :] with that gradient, row by row in
// registers. The separate kernels (rbmGradBinRows with scale 1, then with
// scale -1, then rbmUpdate) stream the 4 nVisible nHidden-byte gradient
// through memory five times per batch; at scikit-learn's batch of 10 that
// traffic, not the additions, was most of a step. Here each row of W and of
// the increments is read and written once and the gradient never leaves
// registers. The additions are the separate kernels' own, in the same order
// (start from +0, positive rows in increasing b, then negative rows in
// increasing b; x - h is x + (-1) h exactly), and updateLanes is rbmUpdate's
// arithmetic, so W and the increments come out bit for bit the same.

import { maskWords, transposeActive } from "./rbm-gradient";
import { updateLane, updateLanes } from "./rbm-update";

/** Columns [j0, j0 + 4 vectors) of row i, vectors <= 6: the gradient in registers, then the update. */
// @ts-ignore: decorator
@inline
function gradUpdateColumns(
  W: usize, increment: usize, i: i32, j0: i32, nHidden: i32,
  hidPos: usize, posMasks: usize, posWords: i32, hidNeg: usize, negMasks: usize, negWords: i32,
  momentum: f32, gradScale: f32, l2: f32, l1: f32, vectors: i32,
): void {
  const stride = <usize>nHidden << 2;
  const column = <usize>j0 << 2;
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
  for (let w = 0; w < posWords; w++) {
    let mask = load<u64>(posMasks + (<usize>w << 3));
    while (mask != 0) {
      const p = hidPos + column + <usize>((w << 6) + <i32>ctz<u64>(mask)) * stride;
      mask &= mask - 1;
      a0 = f32x4.add(a0, v128.load(p, 0)); a1 = f32x4.add(a1, v128.load(p, 16));
      a2 = f32x4.add(a2, v128.load(p, 32)); a3 = f32x4.add(a3, v128.load(p, 48));
      if (vectors > 4) a4 = f32x4.add(a4, v128.load(p, 64));
      if (vectors > 5) a5 = f32x4.add(a5, v128.load(p, 80));
    }
  }
  for (let w = 0; w < negWords; w++) {
    let mask = load<u64>(negMasks + (<usize>w << 3));
    while (mask != 0) {
      const p = hidNeg + column + <usize>((w << 6) + <i32>ctz<u64>(mask)) * stride;
      mask &= mask - 1;
      a0 = f32x4.sub(a0, v128.load(p, 0)); a1 = f32x4.sub(a1, v128.load(p, 16));
      a2 = f32x4.sub(a2, v128.load(p, 32)); a3 = f32x4.sub(a3, v128.load(p, 48));
      if (vectors > 4) a4 = f32x4.sub(a4, v128.load(p, 64));
      if (vectors > 5) a5 = f32x4.sub(a5, v128.load(p, 80));
    }
  }
  // Splatted only now: the accumulators and a row pointer fill the x64 registers during the sums.
  const m = f32x4.splat(momentum), g = f32x4.splat(gradScale), c2 = f32x4.splat(l2), c1 = f32x4.splat(l1);
  const wRow = W + <usize>i * stride + column;
  const incRow = increment + <usize>i * stride + column;
  updateLanes(wRow, incRow, a0, m, g, c2, c1); updateLanes(wRow + 16, incRow + 16, a1, m, g, c2, c1);
  updateLanes(wRow + 32, incRow + 32, a2, m, g, c2, c1); updateLanes(wRow + 48, incRow + 48, a3, m, g, c2, c1);
  if (vectors > 4) updateLanes(wRow + 64, incRow + 64, a4, m, g, c2, c1);
  if (vectors > 5) updateLanes(wRow + 80, incRow + 80, a5, m, g, c2, c1);
}

/** Columns [j0, j0 + 4) of row i. */
function gradUpdate4(
  W: usize, increment: usize, i: i32, j0: i32, nHidden: i32,
  hidPos: usize, posMasks: usize, posWords: i32, hidNeg: usize, negMasks: usize, negWords: i32,
  m: v128, g: v128, c2: v128, c1: v128,
): void {
  const stride = <usize>nHidden << 2;
  const column = <usize>j0 << 2;
  let a0 = f32x4.splat(0);
  for (let w = 0; w < posWords; w++) {
    let mask = load<u64>(posMasks + (<usize>w << 3));
    while (mask != 0) {
      a0 = f32x4.add(a0, v128.load(hidPos + column + <usize>((w << 6) + <i32>ctz<u64>(mask)) * stride));
      mask &= mask - 1;
    }
  }
  for (let w = 0; w < negWords; w++) {
    let mask = load<u64>(negMasks + (<usize>w << 3));
    while (mask != 0) {
      a0 = f32x4.sub(a0, v128.load(hidNeg + column + <usize>((w << 6) + <i32>ctz<u64>(mask)) * stride));
      mask &= mask - 1;
    }
  }
  updateLanes(W + <usize>i * stride + column, increment + <usize>i * stride + column, a0, m, g, c2, c1);
}

/** Column j of row i. */
function gradUpdate1(
  W: usize, increment: usize, i: i32, j: i32, nHidden: i32,
  hidPos: usize, posMasks: usize, posWords: i32, hidNeg: usize, negMasks: usize, negWords: i32,
  momentum: f32, gradScale: f32, l2: f32, l1: f32,
): void {
  const stride = <usize>nHidden << 2;
  const column = <usize>j << 2;
  let a0: f32 = 0;
  for (let w = 0; w < posWords; w++) {
    let mask = load<u64>(posMasks + (<usize>w << 3));
    while (mask != 0) {
      a0 += load<f32>(hidPos + column + <usize>((w << 6) + <i32>ctz<u64>(mask)) * stride);
      mask &= mask - 1;
    }
  }
  for (let w = 0; w < negWords; w++) {
    let mask = load<u64>(negMasks + (<usize>w << 3));
    while (mask != 0) {
      a0 -= load<f32>(hidNeg + column + <usize>((w << 6) + <i32>ctz<u64>(mask)) * stride);
      mask &= mask - 1;
    }
  }
  updateLane(W + <usize>i * stride + column, increment + <usize>i * stride + column, a0, momentum, gradScale, l2, l1);
}

/**
 * For rows i in [first, end) of W (nVisible x nHidden): the gradient
 * visPos^T hidPos - visNeg^T hidNeg (vis u8 0/1, hid f32; rowsPos and rowsNeg
 * rows), then rbmUpdate's rule on W[i, :] and increment[i, :]. Equals
 * rbmGradBinRows(+1) and rbmGradBinRows(-1) into a zero gradient followed by
 * rbmUpdate, bit for bit. masks: scratch of 8 (ceil(rowsPos / 64) +
 * ceil(rowsNeg / 64)) bytes per visible unit (only rows [first, end) written).
 */
export function rbmGradUpdateBinRows(
  W: usize, increment: usize, visPos: usize, hidPos: usize, rowsPos: i32, visNeg: usize, hidNeg: usize, rowsNeg: i32,
  nVisible: i32, nHidden: i32, first: i32, end: i32, masks: usize,
  momentum: f32, gradScale: f32, l2: f32, l1: f32,
): void {
  if (end <= first) return;
  const posWords = maskWords(rowsPos);
  const negWords = maskWords(rowsNeg);
  const negMaskBase = masks + ((<usize>nVisible * <usize>posWords) << 3);
  transposeActive(visPos, rowsPos, nVisible, first, end, masks);
  transposeActive(visNeg, rowsNeg, nVisible, first, end, negMaskBase);
  const m = f32x4.splat(momentum);
  const g = f32x4.splat(gradScale);
  const c2 = f32x4.splat(l2);
  const c1 = f32x4.splat(l1);
  // Rows outside the column blocks: each row of W and of the increments is
  // read and written once, in order (the hardware prefetcher streams them),
  // while the batch's hidden rows (2 x 10 x 1.6 KB at batch 10 and 400
  // units) stay in L1. Measured on the 1600 x 400 layer against the three
  // separate kernels: 0.8x their time at batch 10, 1.1x at batch 100 (where
  // the additions, not the traffic, dominate and the hidden rows no longer
  // fit L1), so the trainer uses this kernel for small batches only. Column
  // blocks outside the rows, or rows in blocks of 64, measured no better.
  for (let i = first; i < end; i++) {
    const posMasks = masks + ((<usize>i * <usize>posWords) << 3);
    const negMasks = negMaskBase + ((<usize>i * <usize>negWords) << 3);
    let j = 0;
    for (; j + 24 <= nHidden; j += 24) {
      gradUpdateColumns(W, increment, i, j, nHidden, hidPos, posMasks, posWords, hidNeg, negMasks, negWords, momentum, gradScale, l2, l1, 6);
    }
    if (j + 16 <= nHidden) {
      gradUpdateColumns(W, increment, i, j, nHidden, hidPos, posMasks, posWords, hidNeg, negMasks, negWords, momentum, gradScale, l2, l1, 4);
      j += 16;
    }
    for (; j + 4 <= nHidden; j += 4) {
      gradUpdate4(W, increment, i, j, nHidden, hidPos, posMasks, posWords, hidNeg, negMasks, negWords, m, g, c2, c1);
    }
    for (; j < nHidden; j++) {
      gradUpdate1(W, increment, i, j, nHidden, hidPos, posMasks, posWords, hidNeg, negMasks, negWords, momentum, gradScale, l2, l1);
    }
  }
}
