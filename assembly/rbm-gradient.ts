// Accumulation of contrastive-divergence statistics: weight gradients
// gradW += scale V^T H and bias gradients out += scale * column sums. The
// kernels only add; the host picks the signs and scales (e.g. +1/-1 for the
// positive and negative phase) and rbmUpdate zeroes the buffers after use.

import { activeMask, activeMask64, BIN_ROW_BLOCK, gemmAccumulate } from "./rbm-propagate";

// ---------------------------------------------------------------------------
// Binary visible rows: gradW[i, :] += scale h[b, :] for every (b, i) with
// v[b, i] on, visited as in binPreactivations (16-unit bit masks, ctz).
// Columns in blocks of 32: the block of scale h[b, :] sits in 8 registers
// while the active rows of gradW's column block get a load, add and store
// each; rows go in blocks of BIN_ROW_BLOCK so that block's slice of gradW
// (32 KB) stays in L1 across the batch. Off units cost nothing, so this does
// half the work of a dense product at 50% activity and less for sparse data.

function gradBinColumns32(gradW: usize, vis: usize, hid: usize, batch: i32, nVisible: i32, nHidden: i32, j0: i32, scale: f32, first: i32, count: i32): void {
  const stride = <usize>nHidden << 2;
  const gCol = gradW + <usize>first * stride + (<usize>j0 << 2);
  const s = f32x4.splat(scale);
  for (let block = 0; block < count; block += BIN_ROW_BLOCK) {
    const blockEnd = min(block + BIN_ROW_BLOCK, count);
    for (let b = 0; b < batch; b++) {
      const row = vis + <usize>b * <usize>nVisible + <usize>first;
      const h = hid + <usize>b * stride + (<usize>j0 << 2);
      const h0 = f32x4.mul(s, v128.load(h, 0)), h1 = f32x4.mul(s, v128.load(h, 16));
      const h2 = f32x4.mul(s, v128.load(h, 32)), h3 = f32x4.mul(s, v128.load(h, 48));
      const h4 = f32x4.mul(s, v128.load(h, 64)), h5 = f32x4.mul(s, v128.load(h, 80));
      const h6 = f32x4.mul(s, v128.load(h, 96)), h7 = f32x4.mul(s, v128.load(h, 112));
      for (let i0 = block; i0 < blockEnd; i0 += 64) {
        let mask = activeMask64(row, i0, blockEnd);
        while (mask != 0) {
          const p = gCol + <usize>(i0 + <i32>ctz<u64>(mask)) * stride;
          mask &= mask - 1;
          v128.store(p, f32x4.add(v128.load(p, 0), h0), 0);
          v128.store(p, f32x4.add(v128.load(p, 16), h1), 16);
          v128.store(p, f32x4.add(v128.load(p, 32), h2), 32);
          v128.store(p, f32x4.add(v128.load(p, 48), h3), 48);
          v128.store(p, f32x4.add(v128.load(p, 64), h4), 64);
          v128.store(p, f32x4.add(v128.load(p, 80), h5), 80);
          v128.store(p, f32x4.add(v128.load(p, 96), h6), 96);
          v128.store(p, f32x4.add(v128.load(p, 112), h7), 112);
        }
      }
    }
  }
}

function gradBinColumns16(gradW: usize, vis: usize, hid: usize, batch: i32, nVisible: i32, nHidden: i32, j0: i32, scale: f32, first: i32, count: i32): void {
  const stride = <usize>nHidden << 2;
  const gCol = gradW + <usize>first * stride + (<usize>j0 << 2);
  const s = f32x4.splat(scale);
  for (let block = 0; block < count; block += BIN_ROW_BLOCK) {
    const blockEnd = min(block + BIN_ROW_BLOCK, count);
    for (let b = 0; b < batch; b++) {
      const row = vis + <usize>b * <usize>nVisible + <usize>first;
      const h = hid + <usize>b * stride + (<usize>j0 << 2);
      const h0 = f32x4.mul(s, v128.load(h, 0)), h1 = f32x4.mul(s, v128.load(h, 16));
      const h2 = f32x4.mul(s, v128.load(h, 32)), h3 = f32x4.mul(s, v128.load(h, 48));
      for (let i0 = block; i0 < blockEnd; i0 += 64) {
        let mask = activeMask64(row, i0, blockEnd);
        while (mask != 0) {
          const p = gCol + <usize>(i0 + <i32>ctz<u64>(mask)) * stride;
          mask &= mask - 1;
          v128.store(p, f32x4.add(v128.load(p, 0), h0), 0);
          v128.store(p, f32x4.add(v128.load(p, 16), h1), 16);
          v128.store(p, f32x4.add(v128.load(p, 32), h2), 32);
          v128.store(p, f32x4.add(v128.load(p, 48), h3), 48);
        }
      }
    }
  }
}

function gradBinColumns4(gradW: usize, vis: usize, hid: usize, batch: i32, nVisible: i32, nHidden: i32, j0: i32, scale: f32, first: i32, count: i32): void {
  const stride = <usize>nHidden << 2;
  const gCol = gradW + <usize>first * stride + (<usize>j0 << 2);
  const s = f32x4.splat(scale);
  for (let b = 0; b < batch; b++) {
    const row = vis + <usize>b * <usize>nVisible + <usize>first;
    const h0 = f32x4.mul(s, v128.load(hid + <usize>b * stride + (<usize>j0 << 2)));
    for (let i0 = 0; i0 < count; i0 += 16) {
      let mask = activeMask(row, i0, count);
      while (mask != 0) {
        const p = gCol + <usize>(i0 + ctz<i32>(mask)) * stride;
        mask &= mask - 1;
        v128.store(p, f32x4.add(v128.load(p), h0));
      }
    }
  }
}

function gradBinColumn1(gradW: usize, vis: usize, hid: usize, batch: i32, nVisible: i32, nHidden: i32, j: i32, scale: f32, first: i32, count: i32): void {
  const stride = <usize>nHidden << 2;
  const gCol = gradW + <usize>first * stride + (<usize>j << 2);
  for (let b = 0; b < batch; b++) {
    const row = vis + <usize>b * <usize>nVisible + <usize>first;
    const h0 = scale * load<f32>(hid + <usize>b * stride + (<usize>j << 2));
    for (let i0 = 0; i0 < count; i0 += 16) {
      let mask = activeMask(row, i0, count);
      while (mask != 0) {
        const p = gCol + <usize>(i0 + ctz<i32>(mask)) * stride;
        mask &= mask - 1;
        store<f32>(p, load<f32>(p) + h0);
      }
    }
  }
}

/** gradW[i, :] += scale * sum over b with vis[b, i] = 1 of hid[b, :] (gradW is nVisible x nHidden). */
export function rbmGradBin(gradW: usize, vis: usize, hid: usize, batch: i32, nVisible: i32, nHidden: i32, scale: f32): void {
  rbmGradBinRows(gradW, vis, hid, batch, nVisible, nHidden, scale, 0, nVisible);
}

/**
 * rbmGradBin restricted to the rows i in [first, end) of gradW (visible
 * units): every element gets the same additions in the same order as in the
 * full kernel, so disjoint row ranges run on different threads give the
 * full kernel's result bit for bit.
 */
export function rbmGradBinRows(
  gradW: usize, vis: usize, hid: usize, batch: i32, nVisible: i32, nHidden: i32, scale: f32, first: i32, end: i32,
): void {
  const count = end - first;
  if (count <= 0) return;
  let j = 0;
  for (; j + 32 <= nHidden; j += 32) gradBinColumns32(gradW, vis, hid, batch, nVisible, nHidden, j, scale, first, count);
  if (j + 16 <= nHidden) { gradBinColumns16(gradW, vis, hid, batch, nVisible, nHidden, j, scale, first, count); j += 16; }
  for (; j + 4 <= nHidden; j += 4) gradBinColumns4(gradW, vis, hid, batch, nVisible, nHidden, j, scale, first, count);
  for (; j < nHidden; j++) gradBinColumn1(gradW, vis, hid, batch, nVisible, nHidden, j, scale, first, count);
}

/** gradW += scale * vis^T hid: the register-blocked GEMM with A = vis^T read in place. */
export function rbmGradDense(gradW: usize, vis: usize, hid: usize, batch: i32, nVisible: i32, nHidden: i32, scale: f32): void {
  rbmGradDenseRows(gradW, vis, hid, batch, nVisible, nHidden, scale, 0, nVisible);
}

/**
 * rbmGradDense restricted to the rows i in [first, end) of gradW: the GEMM
 * computes each output row on its own (same k order, same blocking), so row
 * ranges split across threads reproduce the full kernel bit for bit.
 */
export function rbmGradDenseRows(
  gradW: usize, vis: usize, hid: usize, batch: i32, nVisible: i32, nHidden: i32, scale: f32, first: i32, end: i32,
): void {
  if (end <= first) return;
  const rowH = <usize>nHidden << 2;
  gemmAccumulate(vis + (<usize>first << 2), 4, <usize>nVisible << 2, hid, rowH, gradW + <usize>first * rowH, rowH, end - first, nHidden, batch, scale);
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
