// Propagation through a Bernoulli-Bernoulli RBM: hidden probabilities from
// binary or dense visible rows, visible probabilities from dense hidden rows.
//
// Layouts: W row-major nVisible x nHidden (W[i, j] at W + 4 (i nHidden + j)),
// batches row-major batch x n, binary states u8 0/1 (any non-zero byte counts
// as 1), everything else f32. Any sizes: SIMD bodies with scalar tails, and
// unaligned vector loads (rows of W start at 4 nHidden bytes).
//
// Every kernel first writes the pre-activations (bias + sum) into its output
// and then applies the vector sigmoid in place over the whole output.

import { rbmSigmoid } from "./sigmoid";
import { madd } from "./fma";
import { gemmAccumulate } from "./gemm";

// ---------------------------------------------------------------------------
// Binary visible rows: the sum over the units that are on, no multiplies.
// A row is scanned into bit masks (i8x16.bitmask, 64 units per mask in the
// 24- and 16-column blocks) whose set bits are visited with ctz, so the only
// unpredictable branch is one loop exit per mask rather than one per unit,
// and off units cost nothing.
// Columns are done in blocks of 24 (6 f32x4 accumulators in registers), and
// the batch loop runs inside a column block (see BIN_ROW_BLOCK for the rows).
// Why 24 and not 32: V8 (Node 20) allocates 15 xmm registers and schedules
// all of a step's loads before its adds, so 8 accumulators + 8 loaded rows do
// not fit: one accumulator lived on the stack, and every selected row waited
// on its store-to-load round trip (seen in --print-wasm-code). 6 + 6 fit.
// The gradient kernels (rbm-gradient.ts, rbm-grad-tables.ts) block the same way.

/** Bit k set iff row[i0 + k] != 0, for the (up to) 16 units from i0. */
// @ts-ignore: decorator
@inline
export function activeMask(row: usize, i0: i32, nVisible: i32): i32 {
  if (i0 + 16 <= nVisible) {
    return i8x16.bitmask(i8x16.ne(v128.load(row + <usize>i0), i8x16.splat(0)));
  }
  let mask = 0;
  for (let k = 0; i0 + k < nVisible; k++) {
    mask |= select<i32>(1 << k, 0, load<u8>(row + <usize>(i0 + k)) != 0);
  }
  return mask;
}

/**
 * Bit k set iff row[i0 + k] != 0, for the (up to) 64 units from i0. The
 * loops over set bits mispredict once, at their exit, per mask: 64-unit
 * masks pay that once per ~32 active rows instead of once per ~8, which at
 * 50% activity was half the time of the 16-unit version.
 */
// @ts-ignore: decorator
@inline
export function activeMask64(row: usize, i0: i32, limit: i32): u64 {
  if (i0 + 64 <= limit) {
    const zero = i8x16.splat(0);
    const m0 = <u64>i8x16.bitmask(i8x16.ne(v128.load(row + <usize>i0, 0), zero));
    const m1 = <u64>i8x16.bitmask(i8x16.ne(v128.load(row + <usize>i0, 16), zero));
    const m2 = <u64>i8x16.bitmask(i8x16.ne(v128.load(row + <usize>i0, 32), zero));
    const m3 = <u64>i8x16.bitmask(i8x16.ne(v128.load(row + <usize>i0, 48), zero));
    return m0 | (m1 << 16) | (m2 << 32) | (m3 << 48);
  }
  let mask: u64 = 0;
  for (let k = 0; i0 + k < limit; k += 16) mask |= <u64>activeMask(row, i0 + k, limit) << <u64>k;
  return mask;
}

// Rows of W in blocks of BIN_ROW_BLOCK (the mask width, 64): the batch loop
// runs inside a block, so the block's slice of the column panel stays in L1
// across the batch instead of coming from L2 for every sample. 64 rows rather
// than 256: at 1600 bytes a row of W (400 hidden units) a block's rows then
// span 25 pages, not 100, and 64 measured faster than 256 (bench/rbm.ts).
// Accumulators are spilled to `out` between blocks, which keeps the
// additions in increasing i.
//
// Complement sums (when the caller passes `sums`, 4 bytes a column of the
// call's widest block): a block whose row has more than half of its bits on
// adds the block's column total S = sum of all its rows of W (summed from 0
// in increasing i) and subtracts the rows that are off, in increasing i, so
// a block costs min(on, off) + 1 row additions. Ising rows are locally
// magnetised: over 64 consecutive sites of reproduce's 40 x 40 data the
// smaller side averages 34% of the bits, against 50% for the sum over the on
// bits. The total costs 64 row additions per block and column panel, shared
// by the batch and made only when a row first needs it (sparse rows, such as
// a trained layer's hidden states, never pay for it), so callers pass sums
// for batches of several rows.
// Every column block width below does the same additions in the same order.
const BIN_ROW_BLOCK: i32 = 64;

/**
 * Bytes of rbmBinPropagateColumns' `sums` scratch (complement sums) per concurrent call: a column total per unit of
 * the widest column block (24 units, 6 f32x4 accumulators).
 */
export function complementSumsBytes(): i32 {
  return 6 * 16;
}

/** Bits [0, count) set, count in 1..64. */
// @ts-ignore: decorator
@inline
function lowBits(count: i32): u64 {
  return count >= 64 ? <u64>-1 : (<u64>1 << <u64>count) - 1;
}

/** Whether a block of `count` rows with `on` of them selected is cheaper as its total minus the off rows. */
// @ts-ignore: decorator
@inline
function complementIsCheaper(on: i32, count: i32): bool {
  return 2 * on > count + 1;
}

/** Stores the first `vectors` of a0..a5 at ptr, ptr + 16, ... */
// @ts-ignore: decorator
@inline
export function storeVectors(ptr: usize, vectors: i32, a0: v128, a1: v128, a2: v128, a3: v128, a4: v128, a5: v128): void {
  v128.store(ptr, a0, 0);
  if (vectors > 1) v128.store(ptr, a1, 16);
  if (vectors > 2) v128.store(ptr, a2, 32);
  if (vectors > 3) v128.store(ptr, a3, 48);
  if (vectors > 4) v128.store(ptr, a4, 64);
  if (vectors > 5) v128.store(ptr, a5, 80);
}

/** sums[0, 4 vectors) = column totals of rows [i0, i1) of the panel at wCol (summed from 0 in increasing i). */
// @ts-ignore: decorator
@inline
function panelTotals(wCol: usize, stride: usize, i0: i32, i1: i32, sums: usize, vectors: i32): void {
  const zero = f32x4.splat(0);
  let s0 = zero, s1 = zero, s2 = zero, s3 = zero, s4 = zero, s5 = zero;
  for (let i = i0; i < i1; i++) {
    const p = wCol + <usize>i * stride;
    s0 = f32x4.add(s0, v128.load(p, 0));
    if (vectors > 1) s1 = f32x4.add(s1, v128.load(p, 16));
    if (vectors > 2) s2 = f32x4.add(s2, v128.load(p, 32));
    if (vectors > 3) s3 = f32x4.add(s3, v128.load(p, 48));
    if (vectors > 4) s4 = f32x4.add(s4, v128.load(p, 64));
    if (vectors > 5) s5 = f32x4.add(s5, v128.load(p, 80));
  }
  storeVectors(sums, vectors, s0, s1, s2, s3, s4, s5);
}

/**
 * Columns [j0, j0 + 4 vectors) of every row of the batch, vectors 1..6
 * (complement sums when sums != 0, see above). Inlined into the wrappers
 * below with a constant `vectors`, so each keeps only its accumulators.
 * The off rows are subtracted by adding them to the negated accumulators
 * and negating back: round-to-nearest is symmetric in sign, so -(-a + x)
 * is a - x bit for bit, and both paths share one loop.
 */
// @ts-ignore: decorator
@inline
function binColumns(
  vis: usize, batch: i32, nVisible: i32, W: usize, bias: usize, nHidden: i32, out: usize, j0: i32, vectors: i32, sums: usize,
): void {
  const stride = <usize>nHidden << 2;
  const wCol = W + (<usize>j0 << 2);
  const biasCol = bias + (<usize>j0 << 2);
  const zero = f32x4.splat(0);
  for (let block = 0; block < nVisible; block += BIN_ROW_BLOCK) {
    const count = min(BIN_ROW_BLOCK, nVisible - block);
    let haveTotals = false;
    for (let b = 0; b < batch; b++) {
      const row = vis + <usize>b * <usize>nVisible;
      const o = out + ((<usize>b * <usize>nHidden + <usize>j0) << 2);
      let mask = activeMask64(row, block, block + count);
      // Nothing on in this block: the sums stand (sparse rows, such as a trained chain's hidden states, skip the
      // accumulators' round trip through out; the first block still writes the bias).
      if (mask == 0 && block > 0) continue;
      const start = block == 0 ? biasCol : o;
      let a0 = v128.load(start, 0);
      let a1 = vectors > 1 ? v128.load(start, 16) : zero, a2 = vectors > 2 ? v128.load(start, 32) : zero;
      let a3 = vectors > 3 ? v128.load(start, 48) : zero, a4 = vectors > 4 ? v128.load(start, 64) : zero;
      let a5 = vectors > 5 ? v128.load(start, 80) : zero;
      const complement = sums != 0 && complementIsCheaper(<i32>popcnt<u64>(mask), count);
      if (complement) {
        if (!haveTotals) {
          panelTotals(wCol, stride, block, block + count, sums, vectors);
          haveTotals = true;
        }
        a0 = f32x4.neg(f32x4.add(a0, v128.load(sums, 0)));
        if (vectors > 1) a1 = f32x4.neg(f32x4.add(a1, v128.load(sums, 16)));
        if (vectors > 2) a2 = f32x4.neg(f32x4.add(a2, v128.load(sums, 32)));
        if (vectors > 3) a3 = f32x4.neg(f32x4.add(a3, v128.load(sums, 48)));
        if (vectors > 4) a4 = f32x4.neg(f32x4.add(a4, v128.load(sums, 64)));
        if (vectors > 5) a5 = f32x4.neg(f32x4.add(a5, v128.load(sums, 80)));
        mask = ~mask & lowBits(count);
      }
      while (mask != 0) {
        const p = wCol + <usize>(block + <i32>ctz<u64>(mask)) * stride;
        mask &= mask - 1;
        a0 = f32x4.add(a0, v128.load(p, 0));
        if (vectors > 1) a1 = f32x4.add(a1, v128.load(p, 16));
        if (vectors > 2) a2 = f32x4.add(a2, v128.load(p, 32));
        if (vectors > 3) a3 = f32x4.add(a3, v128.load(p, 48));
        if (vectors > 4) a4 = f32x4.add(a4, v128.load(p, 64));
        if (vectors > 5) a5 = f32x4.add(a5, v128.load(p, 80));
      }
      if (complement) storeVectors(o, vectors, f32x4.neg(a0), f32x4.neg(a1), f32x4.neg(a2), f32x4.neg(a3), f32x4.neg(a4), f32x4.neg(a5));
      else storeVectors(o, vectors, a0, a1, a2, a3, a4, a5);
    }
  }
}

function binColumns24(vis: usize, batch: i32, nVisible: i32, W: usize, bias: usize, nHidden: i32, out: usize, j0: i32, sums: usize): void {
  binColumns(vis, batch, nVisible, W, bias, nHidden, out, j0, 6, sums);
}

function binColumns16(vis: usize, batch: i32, nVisible: i32, W: usize, bias: usize, nHidden: i32, out: usize, j0: i32, sums: usize): void {
  binColumns(vis, batch, nVisible, W, bias, nHidden, out, j0, 4, sums);
}

function binColumns4(vis: usize, batch: i32, nVisible: i32, W: usize, bias: usize, nHidden: i32, out: usize, j0: i32, sums: usize): void {
  binColumns(vis, batch, nVisible, W, bias, nHidden, out, j0, 1, sums);
}

/** One column: binColumns' additions in scalar f32 (the same sums in the same order as any lane of a vector block). */
function binColumn1(vis: usize, batch: i32, nVisible: i32, W: usize, bias: usize, nHidden: i32, out: usize, j: i32, sums: usize): void {
  const stride = <usize>nHidden << 2;
  const wCol = W + (<usize>j << 2);
  for (let block = 0; block < nVisible; block += BIN_ROW_BLOCK) {
    const count = min(BIN_ROW_BLOCK, nVisible - block);
    let total: f32 = 0;
    let haveTotal = false;
    for (let b = 0; b < batch; b++) {
      const row = vis + <usize>b * <usize>nVisible;
      const o = out + ((<usize>b * <usize>nHidden + <usize>j) << 2);
      let a0 = load<f32>(block == 0 ? bias + (<usize>j << 2) : o);
      let mask = activeMask64(row, block, block + count);
      const complement = sums != 0 && complementIsCheaper(<i32>popcnt<u64>(mask), count);
      if (complement) {
        if (!haveTotal) {
          for (let i = block; i < block + count; i++) total += load<f32>(wCol + <usize>i * stride);
          haveTotal = true;
        }
        a0 = -(a0 + total);
        mask = ~mask & lowBits(count);
      }
      while (mask != 0) {
        a0 += load<f32>(wCol + <usize>(block + <i32>ctz<u64>(mask)) * stride);
        mask &= mask - 1;
      }
      store<f32>(o, complement ? -a0 : a0);
    }
  }
}

/**
 * out[b, j] = bias[j] + sum of W[i, j] over i with vis[b, i] != 0, summed in
 * increasing i (f32), for the columns j in [first, end) of out (batch x
 * nHidden) only; with `sums` (24 f32 of scratch, 0 for none) by complement
 * sums per 64-row block (see BIN_ROW_BLOCK). Each element is the same sum in
 * the same order whatever the range, so column ranges run on different
 * threads give the full result bit for bit.
 */
function binPreactivationsColumns(
  vis: usize, batch: i32, nVisible: i32, W: usize, bias: usize, nHidden: i32, first: i32, end: i32, out: usize, sums: usize = 0,
): void {
  let j = first;
  for (; j + 24 <= end; j += 24) binColumns24(vis, batch, nVisible, W, bias, nHidden, out, j, sums);
  if (j + 16 <= end) { binColumns16(vis, batch, nVisible, W, bias, nHidden, out, j, sums); j += 16; }
  for (; j + 4 <= end; j += 4) binColumns4(vis, batch, nVisible, W, bias, nHidden, out, j, sums);
  for (; j < end; j++) binColumn1(vis, batch, nVisible, W, bias, nHidden, out, j, sums);
}

/** binPreactivationsColumns over every column. */
export function binPreactivations(vis: usize, batch: i32, nVisible: i32, W: usize, bias: usize, nHidden: i32, out: usize): void {
  binPreactivationsColumns(vis, batch, nVisible, W, bias, nHidden, 0, nHidden, out);
}

// ---------------------------------------------------------------------------
// Dense visible rows: bias rows, then the GEMM of gemm.ts adds V W.

/** out[b, :] = bias for b < batch (out is batch x n). */
function fillRows(bias: usize, n: i32, batch: i32, out: usize): void {
  const rowBytes = <usize>n << 2;
  for (let b = 0; b < batch; b++) memory.copy(out + <usize>b * rowBytes, bias, rowBytes);
}

/** out[b, j] = bias[j] + sum_i vis[b, i] W[i, j] (f32). out is batch x nHidden. */
export function densePreactivations(vis: usize, batch: i32, nVisible: i32, W: usize, bias: usize, nHidden: i32, out: usize): void {
  fillRows(bias, nHidden, batch, out);
  const rowH = <usize>nHidden << 2;
  gemmAccumulate(vis, <usize>nVisible << 2, 4, W, rowH, out, rowH, batch, nHidden, nVisible, 1.0);
}

// ---------------------------------------------------------------------------
// Hidden to visible: out[b, i] = vbias[i] + W[i, :] . h[b, :], dot products
// of contiguous rows. A tile is 4 batch rows x 2 rows of W: 8 f32x4
// accumulators over j, each W vector reused by 4 batch rows and each h
// vector by 2 W rows; horizontal sums once per output. W rows are taken in
// blocks of about VIS_BLOCK_BYTES so a block stays in L2 across the batch.

const VIS_BLOCK_BYTES: i32 = 256 * 1024;

// @ts-ignore: decorator
@inline
function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

function dotTile2(
  h0: usize, h1: usize, h2: usize, h3: usize, w0: usize, w1: usize, n: i32,
  o: usize, ldo: usize, rows: i32, bias0: f32, bias1: f32,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const off = <usize>j << 2;
    const x0 = v128.load(w0 + off);
    const x1 = v128.load(w1 + off);
    let h = v128.load(h0 + off);
    c00 = madd(h, x0, c00);
    c01 = madd(h, x1, c01);
    h = v128.load(h1 + off);
    c10 = madd(h, x0, c10);
    c11 = madd(h, x1, c11);
    h = v128.load(h2 + off);
    c20 = madd(h, x0, c20);
    c21 = madd(h, x1, c21);
    h = v128.load(h3 + off);
    c30 = madd(h, x0, c30);
    c31 = madd(h, x1, c31);
  }
  let s00 = hsum(c00), s01 = hsum(c01), s10 = hsum(c10), s11 = hsum(c11);
  let s20 = hsum(c20), s21 = hsum(c21), s30 = hsum(c30), s31 = hsum(c31);
  for (; j < n; j++) {
    const off = <usize>j << 2;
    const x0 = load<f32>(w0 + off), x1 = load<f32>(w1 + off);
    let h = load<f32>(h0 + off); s00 += h * x0; s01 += h * x1;
    h = load<f32>(h1 + off); s10 += h * x0; s11 += h * x1;
    h = load<f32>(h2 + off); s20 += h * x0; s21 += h * x1;
    h = load<f32>(h3 + off); s30 += h * x0; s31 += h * x1;
  }
  let op = o;
  store<f32>(op, bias0 + s00, 0); store<f32>(op, bias1 + s01, 4);
  if (rows < 2) return;
  op += ldo;
  store<f32>(op, bias0 + s10, 0); store<f32>(op, bias1 + s11, 4);
  if (rows < 3) return;
  op += ldo;
  store<f32>(op, bias0 + s20, 0); store<f32>(op, bias1 + s21, 4);
  if (rows < 4) return;
  op += ldo;
  store<f32>(op, bias0 + s30, 0); store<f32>(op, bias1 + s31, 4);
}

function dotTile1(
  h0: usize, h1: usize, h2: usize, h3: usize, w0: usize, n: i32,
  o: usize, ldo: usize, rows: i32, bias0: f32,
): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const off = <usize>j << 2;
    const x0 = v128.load(w0 + off);
    c0 = madd(v128.load(h0 + off), x0, c0);
    c1 = madd(v128.load(h1 + off), x0, c1);
    c2 = madd(v128.load(h2 + off), x0, c2);
    c3 = madd(v128.load(h3 + off), x0, c3);
  }
  let s0 = hsum(c0), s1 = hsum(c1), s2 = hsum(c2), s3 = hsum(c3);
  for (; j < n; j++) {
    const off = <usize>j << 2;
    const x0 = load<f32>(w0 + off);
    s0 += load<f32>(h0 + off) * x0;
    s1 += load<f32>(h1 + off) * x0;
    s2 += load<f32>(h2 + off) * x0;
    s3 += load<f32>(h3 + off) * x0;
  }
  let op = o;
  store<f32>(op, bias0 + s0);
  if (rows < 2) return;
  op += ldo;
  store<f32>(op, bias0 + s1);
  if (rows < 3) return;
  op += ldo;
  store<f32>(op, bias0 + s2);
  if (rows < 4) return;
  op += ldo;
  store<f32>(op, bias0 + s3);
}

/** out[b, i] = vbias[i] + sum_j W[i, j] hid[b, j] (f32) for i < nVisible; out rows are rowV bytes apart. */
export function densePreactivationsDown(
  hid: usize, batch: i32, nHidden: i32, W: usize, vbias: usize, nVisible: i32, out: usize, rowV: usize,
): void {
  const rowH = <usize>nHidden << 2;
  const blockRows = max<i32>(2, (VIS_BLOCK_BYTES / max<i32>(1, nHidden << 2)) & ~1);
  for (let i0 = 0; i0 < nVisible; i0 += blockRows) {
    const i1 = min<i32>(nVisible, i0 + blockRows);
    for (let r = 0; r < batch; r += 4) {
      const rows = min<i32>(4, batch - r);
      const h0 = hid + <usize>r * rowH;
      const h1 = rows > 1 ? h0 + rowH : h0;
      const h2 = rows > 2 ? h1 + rowH : h1;
      const h3 = rows > 3 ? h2 + rowH : h2;
      const o = out + <usize>r * rowV;
      let i = i0;
      for (; i + 2 <= i1; i += 2) {
        const w0 = W + <usize>i * rowH;
        dotTile2(h0, h1, h2, h3, w0, w0 + rowH, nHidden, o + (<usize>i << 2), rowV, rows,
          load<f32>(vbias + (<usize>i << 2)), load<f32>(vbias + (<usize>i << 2), 4));
      }
      if (i < i1) {
        dotTile1(h0, h1, h2, h3, W + <usize>i * rowH, nHidden, o + (<usize>i << 2), rowV, rows,
          load<f32>(vbias + (<usize>i << 2)));
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Exported kernels.

/** outHid[b, j] = sigmoid(hbias[j] + sum_{i: vis[b, i] = 1} W[i, j]). */
export function rbmHiddenFromBin(vis: usize, batch: i32, nVisible: i32, W: usize, hbias: usize, nHidden: i32, outHid: usize): void {
  binPreactivations(vis, batch, nVisible, W, hbias, nHidden, outHid);
  rbmSigmoid(outHid, batch * nHidden, outHid);
}

/** outHid[b, j] = sigmoid(hbias[j] + sum_i vis[b, i] W[i, j]). */
export function rbmHiddenFromDense(vis: usize, batch: i32, nVisible: i32, W: usize, hbias: usize, nHidden: i32, outHid: usize): void {
  densePreactivations(vis, batch, nVisible, W, hbias, nHidden, outHid);
  rbmSigmoid(outHid, batch * nHidden, outHid);
}

/**
 * outVis[b, i] = sigmoid(vbias[i] + sum_{j: hid[b, j] != 0} WT[j, i]) for
 * 0/1 hidden states as bytes (see rbmStatesToU8), from the transpose WT
 * (nHidden x nVisible, see rbmTransposeRows): the sum of the rows of WT
 * selected by the hidden units that are on, as in rbmHiddenFromBin. Trained
 * layers keep most hidden units off (16% on late in the paper's L1 run), so
 * this does a fraction of rbmVisibleFromDense's work.
 */
export function rbmVisibleFromBinHidden(hid: usize, batch: i32, nHidden: i32, WT: usize, vbias: usize, nVisible: i32, outVis: usize): void {
  binPreactivations(hid, batch, nHidden, WT, vbias, nVisible, outVis);
  rbmSigmoid(outVis, batch * nVisible, outVis);
}

/**
 * out[b, c] = sigmoid(bias[c] + sum_{i: rows[b, i] != 0} M[i, c]) for the
 * columns c in [first, end) of out (batch x nOut) only; rows are 0/1 bytes
 * (batch x nIn), M is nIn x nOut. With M = W it is rbmHiddenFromBin, with
 * M = W^T rbmVisibleFromBinHidden, and column ranges give their values bit
 * for bit: threads can share one batch, each reading only its columns of M,
 * where splitting the rows made every thread read all of M. With `sums` (96
 * bytes of scratch for this call alone; 0 for none) each 64-row block of M
 * whose row has more than half its bits on is summed as the block's column
 * total minus the rows that are off (see BIN_ROW_BLOCK): other roundings,
 * the same for every column range.
 */
export function rbmBinPropagateColumns(
  rows: usize, batch: i32, nIn: i32, M: usize, bias: usize, nOut: i32, first: i32, end: i32, out: usize, sums: usize,
): void {
  if (end <= first) return;
  binPreactivationsColumns(rows, batch, nIn, M, bias, nOut, first, end, out, sums);
  sigmoidColumns(out, batch, nOut, first, end);
}

/** The sigmoid in place over columns [first, end) of the batch x nOut rows at out. */
export function sigmoidColumns(out: usize, batch: i32, nOut: i32, first: i32, end: i32): void {
  for (let b = 0; b < batch; b++) {
    const segment = out + ((<usize>b * <usize>nOut + <usize>first) << 2);
    rbmSigmoid(segment, end - first, segment);
  }
}

/**
 * outHid[b, j] = sigmoid(hbias[j] + sum_i WT[j, i] vis[b, i]) for the hidden
 * units j in [first, end) only (columns of outHid, batch x nHidden), from the
 * transpose WT (nHidden x nVisible): the same product as rbmHiddenFromDense,
 * computed as dot products along rows of WT like rbmVisibleFromDense, which
 * runs nearer the SIMD peak than the GEMM tiles (bench/rbm.ts). Each output
 * is the same dot product whatever the range, so threads can split the
 * hidden units, each reading only its rows of WT: faster on two threads than
 * splitting the batch rows, where each thread read all of WT.
 */
export function rbmHiddenFromDenseT(
  vis: usize, batch: i32, nVisible: i32, WT: usize, hbias: usize, nHidden: i32, first: i32, end: i32, outHid: usize,
): void {
  if (end <= first) return;
  const rowV = <usize>nVisible << 2;
  densePreactivationsDown(vis, batch, nVisible, WT + <usize>first * rowV, hbias + (<usize>first << 2), end - first,
    outHid + (<usize>first << 2), <usize>nHidden << 2);
  sigmoidColumns(outHid, batch, nHidden, first, end);
}

/** outVis[b, i] = sigmoid(vbias[i] + sum_j W[i, j] hid[b, j]). */
export function rbmVisibleFromDense(hid: usize, batch: i32, nHidden: i32, W: usize, vbias: usize, nVisible: i32, outVis: usize): void {
  densePreactivationsDown(hid, batch, nHidden, W, vbias, nVisible, outVis, <usize>nVisible << 2);
  rbmSigmoid(outVis, batch * nVisible, outVis);
}
