// Accumulation of contrastive-divergence statistics: weight gradients
// gradW += scale V^T H and bias gradients out += scale * column sums. The
// kernels only add; the host picks the signs and scales (e.g. +1/-1 for the
// positive and negative phase) and rbmUpdate zeroes the buffers after use.

import { gemmAccumulate, gemmPackedAccumulate } from "./gemm";
import { transposeBlock } from "./transpose";

// ---------------------------------------------------------------------------
// Binary visible rows: gradW[i, :] += scale h[b, :] for every (b, i) with
// v[b, i] on. First the batch's on/off pattern is transposed into one 64-bit
// word per (row i, 64 samples) of the `masks` scratch; then each row of gradW
// takes its column block into registers (24 columns in 6, see rbm-propagate.ts
// for why not 32), adds the selected rows of h (visited with ctz, in
// increasing b) and is stored once. Column blocks go
// outside the rows, so the block's slice of h (batch x 96 bytes) stays in
// L1. Off units cost nothing. Every element gets scale h[b, j] (a multiply
// only when scale != 1) added in increasing b, whatever the row range, so
// row ranges on different threads reproduce the full kernel bit for bit.

/** Words of `masks` per row of gradW: one bit per sample. */
// @ts-ignore: decorator
@inline
export function maskWords(batch: i32): i32 {
  return (batch + 63) >> 6;
}

/** masks[i * words + w] has bit t set iff vis[64 w + t, i] != 0, for rows i in [first, end). */
export function transposeActive(vis: usize, batch: i32, nVisible: i32, first: i32, end: i32, masks: usize): void {
  const words = maskWords(batch);
  for (let i = first; i < end; i++) {
    const column = vis + <usize>i;
    for (let w = 0; w < words; w++) {
      const b0 = w << 6;
      const count = min<i32>(64, batch - b0);
      let word: u64 = 0;
      for (let t = 0; t < count; t++) {
        word |= <u64>(load<u8>(column + <usize>(b0 + t) * <usize>nVisible) != 0) << <u64>t;
      }
      store<u64>(masks + ((<usize>i * <usize>words + <usize>w) << 3), word);
    }
  }
}

/** How a selected row enters the sum: as is (scale 1), subtracted (scale -1), or multiplied by the scale. */
const PLUS: i32 = 0, MINUS: i32 = 1, SCALED: i32 = 2;

/**
 * acc + scale x for the inlined `mode`. acc - x equals acc + (-1) x exactly
 * (IEEE subtraction is addition of the negation), so MINUS gives the scaled
 * form's bits without the multiply, which cost the negative phase of
 * scikit-learn's PCD a third of the positive phase's rate.
 */
// @ts-ignore: decorator
@inline
function accumulate(acc: v128, x: v128, s: v128, mode: i32): v128 {
  return mode == MINUS ? f32x4.sub(acc, x) : f32x4.add(acc, mode == SCALED ? f32x4.mul(s, x) : x);
}

/**
 * Columns [j0, j0 + 4 vectors) of rows [first, end), vectors <= 6 (see
 * BIN_BLOCK_VECTORS in rbm-propagate.ts); inlined with constant `vectors` and
 * `mode`, so each variant has no branch.
 */
// @ts-ignore: decorator
@inline
function gradBinColumns(
  gradW: usize, hid: usize, batch: i32, nHidden: i32, j0: i32, scale: f32, first: i32, end: i32, masks: usize, mode: i32, vectors: i32,
): void {
  const stride = <usize>nHidden << 2;
  const hCol = hid + (<usize>j0 << 2);
  const words = maskWords(batch);
  const s = f32x4.splat(scale);
  const zero = f32x4.splat(0);
  for (let i = first; i < end; i++) {
    const g = gradW + <usize>i * stride + (<usize>j0 << 2);
    let a0 = v128.load(g, 0), a1 = v128.load(g, 16), a2 = v128.load(g, 32), a3 = v128.load(g, 48);
    let a4 = vectors > 4 ? v128.load(g, 64) : zero, a5 = vectors > 5 ? v128.load(g, 80) : zero;
    const maskRow = masks + ((<usize>i * <usize>words) << 3);
    for (let w = 0; w < words; w++) {
      let mask = load<u64>(maskRow + (<usize>w << 3));
      while (mask != 0) {
        const p = hCol + <usize>((w << 6) + <i32>ctz<u64>(mask)) * stride;
        mask &= mask - 1;
        a0 = accumulate(a0, v128.load(p, 0), s, mode);
        a1 = accumulate(a1, v128.load(p, 16), s, mode);
        a2 = accumulate(a2, v128.load(p, 32), s, mode);
        a3 = accumulate(a3, v128.load(p, 48), s, mode);
        if (vectors > 4) a4 = accumulate(a4, v128.load(p, 64), s, mode);
        if (vectors > 5) a5 = accumulate(a5, v128.load(p, 80), s, mode);
      }
    }
    v128.store(g, a0, 0); v128.store(g, a1, 16); v128.store(g, a2, 32); v128.store(g, a3, 48);
    if (vectors > 4) v128.store(g, a4, 64);
    if (vectors > 5) v128.store(g, a5, 80);
  }
}

// Blocks of 24 columns, then one of 16 if it fits; each returns the first
// column left. One function per mode, each calling gradBinColumns with
// literals: AssemblyScript folds an inlined parameter's branches only when the
// call site passes a constant, not a parameter of another inlined function.

function gradBinBlocksPlus(gradW: usize, hid: usize, batch: i32, nHidden: i32, scale: f32, first: i32, end: i32, masks: usize): i32 {
  let j = 0;
  for (; j + 24 <= nHidden; j += 24) gradBinColumns(gradW, hid, batch, nHidden, j, scale, first, end, masks, PLUS, 6);
  if (j + 16 <= nHidden) { gradBinColumns(gradW, hid, batch, nHidden, j, scale, first, end, masks, PLUS, 4); j += 16; }
  return j;
}

function gradBinBlocksMinus(gradW: usize, hid: usize, batch: i32, nHidden: i32, scale: f32, first: i32, end: i32, masks: usize): i32 {
  let j = 0;
  for (; j + 24 <= nHidden; j += 24) gradBinColumns(gradW, hid, batch, nHidden, j, scale, first, end, masks, MINUS, 6);
  if (j + 16 <= nHidden) { gradBinColumns(gradW, hid, batch, nHidden, j, scale, first, end, masks, MINUS, 4); j += 16; }
  return j;
}

function gradBinBlocksScaled(gradW: usize, hid: usize, batch: i32, nHidden: i32, scale: f32, first: i32, end: i32, masks: usize): i32 {
  let j = 0;
  for (; j + 24 <= nHidden; j += 24) gradBinColumns(gradW, hid, batch, nHidden, j, scale, first, end, masks, SCALED, 6);
  if (j + 16 <= nHidden) { gradBinColumns(gradW, hid, batch, nHidden, j, scale, first, end, masks, SCALED, 4); j += 16; }
  return j;
}

/** Columns [j0, j0 + 4). */
function gradBinColumns4(gradW: usize, hid: usize, batch: i32, nHidden: i32, j0: i32, scale: f32, first: i32, end: i32, masks: usize): void {
  const stride = <usize>nHidden << 2;
  const hCol = hid + (<usize>j0 << 2);
  const words = maskWords(batch);
  const s = f32x4.splat(scale);
  for (let i = first; i < end; i++) {
    const g = gradW + <usize>i * stride + (<usize>j0 << 2);
    let a0 = v128.load(g);
    const maskRow = masks + ((<usize>i * <usize>words) << 3);
    for (let w = 0; w < words; w++) {
      let mask = load<u64>(maskRow + (<usize>w << 3));
      while (mask != 0) {
        a0 = f32x4.add(a0, f32x4.mul(s, v128.load(hCol + <usize>((w << 6) + <i32>ctz<u64>(mask)) * stride)));
        mask &= mask - 1;
      }
    }
    v128.store(g, a0);
  }
}

/** Column j. */
function gradBinColumn1(gradW: usize, hid: usize, batch: i32, nHidden: i32, j: i32, scale: f32, first: i32, end: i32, masks: usize): void {
  const stride = <usize>nHidden << 2;
  const hCol = hid + (<usize>j << 2);
  const words = maskWords(batch);
  for (let i = first; i < end; i++) {
    const g = gradW + <usize>i * stride + (<usize>j << 2);
    let a0 = load<f32>(g);
    const maskRow = masks + ((<usize>i * <usize>words) << 3);
    for (let w = 0; w < words; w++) {
      let mask = load<u64>(maskRow + (<usize>w << 3));
      while (mask != 0) {
        a0 += scale * load<f32>(hCol + <usize>((w << 6) + <i32>ctz<u64>(mask)) * stride);
        mask &= mask - 1;
      }
    }
    store<f32>(g, a0);
  }
}

/**
 * gradW[i, :] += scale * sum over b with vis[b, i] = 1 of hid[b, :] (gradW is
 * nVisible x nHidden). masks: scratch of 8 ceil(batch / 64) bytes per visible unit.
 */
export function rbmGradBin(gradW: usize, vis: usize, hid: usize, batch: i32, nVisible: i32, nHidden: i32, scale: f32, masks: usize): void {
  rbmGradBinRows(gradW, vis, hid, batch, nVisible, nHidden, scale, 0, nVisible, masks);
}

/**
 * rbmGradBin restricted to the rows i in [first, end) of gradW (visible
 * units), writing only those rows' words of `masks`: every element gets the
 * same additions in the same order as in the full kernel, so disjoint row
 * ranges run on different threads give the full kernel's result bit for bit.
 */
export function rbmGradBinRows(
  gradW: usize, vis: usize, hid: usize, batch: i32, nVisible: i32, nHidden: i32, scale: f32, first: i32, end: i32, masks: usize,
): void {
  if (end <= first) return;
  transposeActive(vis, batch, nVisible, first, end, masks);
  let j = scale == 1 ? gradBinBlocksPlus(gradW, hid, batch, nHidden, scale, first, end, masks)
    : scale == -1 ? gradBinBlocksMinus(gradW, hid, batch, nHidden, scale, first, end, masks)
      : gradBinBlocksScaled(gradW, hid, batch, nHidden, scale, first, end, masks);
  for (; j + 4 <= nHidden; j += 4) gradBinColumns4(gradW, hid, batch, nHidden, j, scale, first, end, masks);
  for (; j < nHidden; j++) gradBinColumn1(gradW, hid, batch, nHidden, j, scale, first, end, masks);
}

/**
 * gradW += scale * vis^T hid: the register-blocked GEMM of gemm.ts with A = vis^T. visT: scratch of nVisible x batch
 * f32 (see rbmGradDenseRows).
 */
export function rbmGradDense(gradW: usize, vis: usize, hid: usize, batch: i32, nVisible: i32, nHidden: i32, scale: f32, visT: usize): void {
  rbmGradDenseRows(gradW, vis, hid, batch, nVisible, nHidden, scale, 0, nVisible, visT);
}

/**
 * rbmGradDense restricted to the rows i in [first, end) of gradW: the GEMM
 * computes each output row on its own (same k order, same blocking), so row
 * ranges split across threads reproduce the full kernel bit for bit. The
 * GEMM reads A = vis^T from a packed copy in visT: panels of 4 visible units,
 * each k step's 4 values one vector of a batch row (packVisiblePanels), so a
 * tile reads A through one pointer with constant offsets. Read in place,
 * every k step of a tile took a new cache line 4 nVisible bytes on (78% of
 * the mul + add peak); from a plain transposed copy the same arithmetic took
 * 0.8x the time, and from the panels 0.71x that again, 2.97 against 4.2 ms
 * (batch 100, 1600 x 400, one thread, AMD EPYC: 43 GFLOP/s). The last
 * (end - first) mod 4 rows go through the plain transposed copy.
 */
export function rbmGradDenseRows(
  gradW: usize, vis: usize, hid: usize, batch: i32, nVisible: i32, nHidden: i32, scale: f32, first: i32, end: i32, visT: usize,
): void {
  if (end <= first) return;
  const rowH = <usize>nHidden << 2;
  const rowT = <usize>batch << 2;
  const rowV = <usize>nVisible << 2;
  const whole = (end - first) & ~3;
  const slice = visT + <usize>first * rowT;
  packVisiblePanels(vis + (<usize>first << 2), rowV, batch, whole, slice);
  gemmPackedAccumulate(slice, hid, rowH, gradW + <usize>first * rowH, rowH, whole, nHidden, batch, scale);
  const tail = end - first - whole;
  if (tail == 0) return;
  const tailT = slice + <usize>whole * rowT;
  transposeBlock(vis + (<usize>(first + whole) << 2), rowV, tailT, rowT, batch, tail);
  gemmAccumulate(tailT, rowT, 4, hid, rowH, gradW + <usize>(first + whole) * rowH, rowH, tail, nHidden, batch, scale);
}

/**
 * Columns [0, count) of the batch x nVisible rows at vis (row stride rowV bytes, count a multiple of 4) as panels of
 * 4 columns for gemmPackedAccumulate: column 4p + r of row b at out + 16 (p batch + b) + 4 r.
 */
function packVisiblePanels(vis: usize, rowV: usize, batch: i32, count: i32, out: usize): void {
  const panelBytes = <usize>batch << 4;
  for (let b = 0; b < batch; b++) {
    const row = vis + <usize>b * rowV;
    const dst = out + (<usize>b << 4);
    for (let p = 0; p < count >> 2; p++) v128.store(dst + <usize>p * panelBytes, v128.load(row + (<usize>p << 4)));
  }
}

// ---------------------------------------------------------------------------
// Column sums, 16 columns at a time down the batch.

/** out[i] += scale * (number of b with data[b, i] = 1); counts are exact integers. */
export function rbmColumnSumsBin(data: usize, batch: i32, n: i32, out: usize, scale: f32): void {
  const one = i8x16.splat(1);
  const zero = i8x16.splat(0);
  const s = f32x4.splat(scale);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    let c0 = i32x4.splat(0), c1 = i32x4.splat(0), c2 = i32x4.splat(0), c3 = i32x4.splat(0);
    for (let b = 0; b < batch; b++) {
      const bits = v128.and(i8x16.ne(v128.load(data + <usize>b * <usize>n + <usize>i), zero), one);
      const lo = i16x8.extend_low_i8x16_u(bits);
      const hi = i16x8.extend_high_i8x16_u(bits);
      c0 = i32x4.add(c0, i32x4.extend_low_i16x8_u(lo));
      c1 = i32x4.add(c1, i32x4.extend_high_i16x8_u(lo));
      c2 = i32x4.add(c2, i32x4.extend_low_i16x8_u(hi));
      c3 = i32x4.add(c3, i32x4.extend_high_i16x8_u(hi));
    }
    const o = out + (<usize>i << 2);
    v128.store(o, f32x4.add(v128.load(o, 0), f32x4.mul(s, f32x4.convert_i32x4_s(c0))), 0);
    v128.store(o, f32x4.add(v128.load(o, 16), f32x4.mul(s, f32x4.convert_i32x4_s(c1))), 16);
    v128.store(o, f32x4.add(v128.load(o, 32), f32x4.mul(s, f32x4.convert_i32x4_s(c2))), 32);
    v128.store(o, f32x4.add(v128.load(o, 48), f32x4.mul(s, f32x4.convert_i32x4_s(c3))), 48);
  }
  for (; i < n; i++) {
    let count = 0;
    for (let b = 0; b < batch; b++) count += i32(load<u8>(data + <usize>b * <usize>n + <usize>i) != 0);
    const o = out + (<usize>i << 2);
    store<f32>(o, load<f32>(o) + scale * <f32>count);
  }
}

/** out[i] += scale * sum_b data[b, i] (f32 sums in increasing b). */
export function rbmColumnSumsDense(data: usize, batch: i32, n: i32, out: usize, scale: f32): void {
  const s = f32x4.splat(scale);
  const rowBytes = <usize>n << 2;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
    let p = data + (<usize>i << 2);
    for (let b = 0; b < batch; b++) {
      c0 = f32x4.add(c0, v128.load(p, 0));
      c1 = f32x4.add(c1, v128.load(p, 16));
      c2 = f32x4.add(c2, v128.load(p, 32));
      c3 = f32x4.add(c3, v128.load(p, 48));
      p += rowBytes;
    }
    const o = out + (<usize>i << 2);
    v128.store(o, f32x4.add(v128.load(o, 0), f32x4.mul(s, c0)), 0);
    v128.store(o, f32x4.add(v128.load(o, 16), f32x4.mul(s, c1)), 16);
    v128.store(o, f32x4.add(v128.load(o, 32), f32x4.mul(s, c2)), 32);
    v128.store(o, f32x4.add(v128.load(o, 48), f32x4.mul(s, c3)), 48);
  }
  for (; i + 4 <= n; i += 4) {
    let c0 = f32x4.splat(0);
    let p = data + (<usize>i << 2);
    for (let b = 0; b < batch; b++) {
      c0 = f32x4.add(c0, v128.load(p));
      p += rowBytes;
    }
    const o = out + (<usize>i << 2);
    v128.store(o, f32x4.add(v128.load(o), f32x4.mul(s, c0)));
  }
  for (; i < n; i++) {
    let c0: f32 = 0;
    let p = data + (<usize>i << 2);
    for (let b = 0; b < batch; b++) {
      c0 += load<f32>(p);
      p += rowBytes;
    }
    const o = out + (<usize>i << 2);
    store<f32>(o, load<f32>(o) + scale * c0);
  }
}
