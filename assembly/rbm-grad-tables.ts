// The weight half of a contrastive-divergence step when both phases have
// binary visible rows (scikit-learn's PCD with sampled negative visibles):
//   grad[i, :] = sum over b with visPos[b, i] on of hidPos[b, :]
//              - sum over b with visNeg[b, i] on of hidNeg[b, :]
// and then rbmUpdate's rule on W[i, :] with that gradient, in registers (the
// gradient never goes through memory: at scikit-learn's batch of 10,
// streaming it was most of a step).
//
// The sums go through subset-sum tables (subset-sums.ts) of groups of 5
// batch rows: at batch 100 with half the bits on, 20 table entries per phase
// instead of 50 hidden rows, with no data-dependent branch, so it is faster
// than row-by-row sums (rbmGradBinRows twice and rbmUpdate) at every batch
// size scikit-learn's preset uses. Groups of 4 rows are slower (more lookups),
// and so are groups of 6 (5 tables of 6 KB per chunk, so more chunks); see
// bench/rbm.ts's preset profile.
//
// So the gradient of W[i, j] is
//   (sum over groups g of s_g(pos)) - (sum over groups g of s_g(neg)),
//   s_g = the group's selected h[b, j] summed from +0 in increasing b,
// added from +0 in increasing g (positive groups first): another rounding
// than row-by-row sums in increasing b, and the same bits for any range of
// rows of W, so for any thread count.

import { storeVectors } from "./rbm-propagate";
import { updateLane, updateLanes } from "./rbm-update";
import {
  CHUNK_BUDGET_BYTES, ENTRY_BYTES, buildTables, chunkSize, entryBits, entryOffset, entrySum, groupCount, tableBytes,
} from "./subset-sums";

/** Batch rows per group of the tables (see above). */
const GROUP_ROWS: i32 = 5;
/** Bytes of a group's table. */
const TABLE_BYTES: i32 = tableBytes(GROUP_ROWS);
/** Most groups in a chunk. */
const CHUNK_GROUPS: i32 = CHUNK_BUDGET_BYTES / TABLE_BYTES;

/** Bytes of rbmGradUpdateBinTables' `lookups` scratch per row of W: a u16 entry offset per group of both phases. */
export function gradLookupBytes(rowsPos: i32, rowsNeg: i32): i32 {
  return (groupCount(rowsPos, GROUP_ROWS) + groupCount(rowsNeg, GROUP_ROWS)) << 1;
}

/** Bytes of rbmGradUpdateBinTables' `partial` scratch per row of W (the running sums of a column block). */
export function gradPartialBytes(): i32 {
  return ENTRY_BYTES;
}

/** Batch rows per group of rbmGradUpdateBinTables' tables (2^rows - 1 row additions build a group's table). */
export function gradGroupRows(): i32 {
  return GROUP_ROWS;
}

/**
 * lookups[i, base + g] = where group g's entry for unit i sits in its chunk's tables: the group's place in the chunk
 * times TABLE_BYTES plus its bits of unit i (vis[GROUP_ROWS g + t, i] != 0 as bit t) times ENTRY_BYTES, for rows i in
 * [first, end). The groups of both phases are numbered together, positive first (base = its group count).
 */
function entryOffsets(vis: usize, rows: i32, nVisible: i32, first: i32, end: i32, lookups: usize, allGroups: i32, base: i32): void {
  const chunk = chunkSize(allGroups, CHUNK_GROUPS);
  const firstPlace = base % chunk;
  for (let i = first; i < end; i++) {
    const row = lookups + ((<usize>i * <usize>allGroups + <usize>base) << 1);
    let place = firstPlace;
    for (let g = 0; g < groupCount(rows, GROUP_ROWS); g++) {
      const b0 = g * GROUP_ROWS;
      let bits = 0;
      for (let t = 0; t < min(GROUP_ROWS, rows - b0); t++) {
        bits |= <i32>(load<u8>(vis + <usize>(b0 + t) * <usize>nVisible + <usize>i) != 0) << t;
      }
      store<u16>(row + (<usize>g << 1), <u16>entryOffset(place, bits, GROUP_ROWS));
      place = place + 1 == chunk ? 0 : place + 1;
    }
  }
}

/**
 * Columns [j0, j0 + 4 vectors) of rows [first, end) of W, vectors 1..6 (inlined with a constant). The groups of
 * both phases (positive first) go in chunks of chunkSize: per chunk its tables, then every row's lookups, the running
 * sums kept between chunks in `partial` (ENTRY_BYTES per row of W, at row i); the last chunk ends with the update.
 */
// @ts-ignore: decorator
@inline
function tableColumns(
  W: usize, increment: usize, hidPos: usize, rowsPos: i32, hidNeg: usize, rowsNeg: i32, nHidden: i32, first: i32, end: i32,
  lookups: usize, tables: usize, partial: usize, j0: i32, momentum: f32, gradScale: f32, l2: f32, l1: f32, vectors: i32,
): void {
  const posGroups = groupCount(rowsPos, GROUP_ROWS), allGroups = posGroups + groupCount(rowsNeg, GROUP_ROWS);
  const chunk = chunkSize(allGroups, CHUNK_GROUPS);
  const stride = <usize>nHidden << 2;
  const column = <usize>j0 << 2;
  const zero = f32x4.splat(0);
  for (let c0 = 0; c0 < allGroups; c0 += chunk) {
    const c1 = min(c0 + chunk, allGroups);
    // Positive groups [c0, split), negative groups [split, c1), numbered together; their tables in that order.
    const split = max(c0, min(c1, posGroups));
    buildTables(hidPos, rowsPos, nHidden, j0, c0, split, tables, vectors, GROUP_ROWS);
    buildTables(hidNeg, rowsNeg, nHidden, j0, split - posGroups, c1 - posGroups, tables + <usize>(split - c0) * <usize>TABLE_BYTES, vectors, GROUP_ROWS);
    const last = c1 == allGroups;
    for (let i = first; i < end; i++) {
      const keep = partial + <usize>i * <usize>ENTRY_BYTES;
      let a0 = zero, a1 = zero, a2 = zero, a3 = zero, a4 = zero, a5 = zero;
      if (c0 > 0) {
        a0 = v128.load(keep, 0);
        if (vectors > 1) a1 = v128.load(keep, 16);
        if (vectors > 2) a2 = v128.load(keep, 32);
        if (vectors > 3) a3 = v128.load(keep, 48);
        if (vectors > 4) a4 = v128.load(keep, 64);
        if (vectors > 5) a5 = v128.load(keep, 80);
      }
      // Pointer walks over the row's offsets: fewer live values than group counters, which V8 kept on the stack.
      const offsets = lookups + ((<usize>i * <usize>allGroups) << 1);
      const middle = offsets + (<usize>split << 1), stop = offsets + (<usize>c1 << 1);
      for (let at = offsets + (<usize>c0 << 1); at < middle; at += 2) {
        const p = tables + <usize>load<u16>(at);
        a0 = f32x4.add(a0, v128.load(p, 0));
        if (vectors > 1) a1 = f32x4.add(a1, v128.load(p, 16));
        if (vectors > 2) a2 = f32x4.add(a2, v128.load(p, 32));
        if (vectors > 3) a3 = f32x4.add(a3, v128.load(p, 48));
        if (vectors > 4) a4 = f32x4.add(a4, v128.load(p, 64));
        if (vectors > 5) a5 = f32x4.add(a5, v128.load(p, 80));
      }
      for (let at = middle; at < stop; at += 2) {
        const p = tables + <usize>load<u16>(at);
        a0 = f32x4.sub(a0, v128.load(p, 0));
        if (vectors > 1) a1 = f32x4.sub(a1, v128.load(p, 16));
        if (vectors > 2) a2 = f32x4.sub(a2, v128.load(p, 32));
        if (vectors > 3) a3 = f32x4.sub(a3, v128.load(p, 48));
        if (vectors > 4) a4 = f32x4.sub(a4, v128.load(p, 64));
        if (vectors > 5) a5 = f32x4.sub(a5, v128.load(p, 80));
      }
      if (!last) {
        storeVectors(keep, vectors, a0, a1, a2, a3, a4, a5);
        continue;
      }
      // Splatted only now: the sums need the registers (15 xmm under V8; see rbm-propagate.ts).
      const m = f32x4.splat(momentum), g = f32x4.splat(gradScale), c2 = f32x4.splat(l2), c1 = f32x4.splat(l1);
      const wRow = W + <usize>i * stride + column;
      const incRow = increment + <usize>i * stride + column;
      updateLanes(wRow, incRow, a0, m, g, c2, c1);
      if (vectors > 1) updateLanes(wRow + 16, incRow + 16, a1, m, g, c2, c1);
      if (vectors > 2) updateLanes(wRow + 32, incRow + 32, a2, m, g, c2, c1);
      if (vectors > 3) updateLanes(wRow + 48, incRow + 48, a3, m, g, c2, c1);
      if (vectors > 4) updateLanes(wRow + 64, incRow + 64, a4, m, g, c2, c1);
      if (vectors > 5) updateLanes(wRow + 80, incRow + 80, a5, m, g, c2, c1);
    }
  }
}

function tableColumns24(
  W: usize, increment: usize, hidPos: usize, rowsPos: i32, hidNeg: usize, rowsNeg: i32, nHidden: i32, first: i32, end: i32,
  lookups: usize, tables: usize, partial: usize, j0: i32, momentum: f32, gradScale: f32, l2: f32, l1: f32,
): void {
  tableColumns(W, increment, hidPos, rowsPos, hidNeg, rowsNeg, nHidden, first, end, lookups, tables, partial, j0, momentum, gradScale, l2, l1, 6);
}

function tableColumns16(
  W: usize, increment: usize, hidPos: usize, rowsPos: i32, hidNeg: usize, rowsNeg: i32, nHidden: i32, first: i32, end: i32,
  lookups: usize, tables: usize, partial: usize, j0: i32, momentum: f32, gradScale: f32, l2: f32, l1: f32,
): void {
  tableColumns(W, increment, hidPos, rowsPos, hidNeg, rowsNeg, nHidden, first, end, lookups, tables, partial, j0, momentum, gradScale, l2, l1, 4);
}

function tableColumns4(
  W: usize, increment: usize, hidPos: usize, rowsPos: i32, hidNeg: usize, rowsNeg: i32, nHidden: i32, first: i32, end: i32,
  lookups: usize, tables: usize, partial: usize, j0: i32, momentum: f32, gradScale: f32, l2: f32, l1: f32,
): void {
  tableColumns(W, increment, hidPos, rowsPos, hidNeg, rowsNeg, nHidden, first, end, lookups, tables, partial, j0, momentum, gradScale, l2, l1, 1);
}

/** Column j (the last nHidden mod 4): each group's sum made on the spot, the same numbers as its table entry. */
function tableColumn1(
  W: usize, increment: usize, hidPos: usize, rowsPos: i32, hidNeg: usize, rowsNeg: i32, nHidden: i32, first: i32, end: i32,
  lookups: usize, j: i32, momentum: f32, gradScale: f32, l2: f32, l1: f32,
): void {
  const posGroups = groupCount(rowsPos, GROUP_ROWS), allGroups = posGroups + groupCount(rowsNeg, GROUP_ROWS);
  const stride = <usize>nHidden << 2;
  for (let i = first; i < end; i++) {
    const offsets = lookups + ((<usize>i * <usize>allGroups) << 1);
    let acc: f32 = 0;
    for (let g = 0; g < allGroups; g++) {
      const bits = entryBits(load<u16>(offsets + (<usize>g << 1)), GROUP_ROWS);
      if (g < posGroups) acc += entrySum(hidPos, nHidden, j, g, bits, GROUP_ROWS);
      else acc -= entrySum(hidNeg, nHidden, j, g - posGroups, bits, GROUP_ROWS);
    }
    const offset = <usize>i * stride + (<usize>j << 2);
    updateLane(W + offset, increment + offset, acc, momentum, gradScale, l2, l1);
  }
}

/**
 * For rows i in [first, end) of W (nVisible x nHidden): the gradient visPos^T hidPos - visNeg^T hidNeg (vis u8 0/1,
 * hid f32; rowsPos and rowsNeg rows) by subset-sum tables (see above), then rbmUpdate's rule on W[i, :] and
 * increment[i, :]. Scratch: lookups, gradLookupBytes(rowsPos, rowsNeg) per row of W, and partial, gradPartialBytes()
 * per row of W (rows [first, end) written, at row i); tables, subsetTableBytes() per concurrent call.
 */
export function rbmGradUpdateBinTables(
  W: usize, increment: usize, visPos: usize, hidPos: usize, rowsPos: i32, visNeg: usize, hidNeg: usize, rowsNeg: i32,
  nVisible: i32, nHidden: i32, first: i32, end: i32, lookups: usize, tables: usize, partial: usize,
  momentum: f32, gradScale: f32, l2: f32, l1: f32,
): void {
  if (end <= first) return;
  const posGroups = groupCount(rowsPos, GROUP_ROWS), allGroups = posGroups + groupCount(rowsNeg, GROUP_ROWS);
  entryOffsets(visPos, rowsPos, nVisible, first, end, lookups, allGroups, 0);
  entryOffsets(visNeg, rowsNeg, nVisible, first, end, lookups, allGroups, posGroups);
  // Column blocks outside the rows: a chunk's tables stay in L1 while every row of the range uses them.
  let j = 0;
  for (; j + 24 <= nHidden; j += 24) {
    tableColumns24(W, increment, hidPos, rowsPos, hidNeg, rowsNeg, nHidden, first, end, lookups, tables, partial, j, momentum, gradScale, l2, l1);
  }
  if (j + 16 <= nHidden) {
    tableColumns16(W, increment, hidPos, rowsPos, hidNeg, rowsNeg, nHidden, first, end, lookups, tables, partial, j, momentum, gradScale, l2, l1);
    j += 16;
  }
  for (; j + 4 <= nHidden; j += 4) {
    tableColumns4(W, increment, hidPos, rowsPos, hidNeg, rowsNeg, nHidden, first, end, lookups, tables, partial, j, momentum, gradScale, l2, l1);
  }
  for (; j < nHidden; j++) {
    tableColumn1(W, increment, hidPos, rowsPos, hidNeg, rowsNeg, nHidden, first, end, lookups, j, momentum, gradScale, l2, l1);
  }
}
