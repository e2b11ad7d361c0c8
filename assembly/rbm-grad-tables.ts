// The weight half of a contrastive-divergence step when both phases have
// binary visible rows (scikit-learn's PCD with sampled negative visibles):
//   grad[i, :] = sum over b with visPos[b, i] on of hidPos[b, :]
//              - sum over b with visNeg[b, i] on of hidNeg[b, :]
// and then rbmUpdate's rule on W[i, :] with that gradient, in registers (the
// gradient never goes through memory: at scikit-learn's batch of 10,
// streaming it was most of a step).
//
// The sums go by the method of the Four Russians (Arlazarov, Dinic, Kronrod
// & Faradzev 1970): the batch rows are taken in groups of GROUP_ROWS, and for
// each group and 24-column block the kernel first builds the 16 subset sums
// of the group's hidden rows. A visible unit's gradient is then one table
// entry per group, found from the unit's 4 bits in that group, instead of one
// hidden row per bit that is on: at batch 100 with half the bits on, 25
// additions per phase instead of 50, and no data-dependent branch. The tables
// cost 15 additions per group and block, shared by every row of W a call
// updates. Against row-by-row sums (rbmGradBinRows twice and rbmUpdate, or
// fused the same way) on the 1600 x 400 layer, one thread: 0.58x the time at
// batch 100, 0.72x at batch 10 (AMD EPYC, Node 20).
//
// So the gradient of W[i, j] is
//   (sum over groups g of s_g(pos)) - (sum over groups g of s_g(neg)),
//   s_g = the group's selected h[b, j] summed from +0 in increasing b,
// added from +0 in increasing g (positive groups first): another rounding
// than row-by-row sums in increasing b, and the same bits for any range of
// rows of W, so for any thread count.

import { updateLane, updateLanes } from "./rbm-update";

/** Batch rows per subset-sum table. */
const GROUP_ROWS: i32 = 4;
/** Entries of a group's table: one per subset of its rows. */
const TABLE_ENTRIES: i32 = 1 << GROUP_ROWS;
/** Bytes of an entry: a 24-column block (the narrower blocks use its first vectors). */
const ENTRY_BYTES: i32 = 6 * 16;
/** Bytes of a group's table. */
const TABLE_BYTES: i32 = TABLE_ENTRIES * ENTRY_BYTES;
/**
 * Groups whose tables are built and used together: 12 x 1.5 KB stay in a 32 KB L1 data cache. With all of batch
 * 100's 50 tables at once (77 KB, from L2) a lookup took 4.7 ns against 0.7 ns from L1 (AMD EPYC, Node 20).
 */
const CHUNK_GROUPS: i32 = 12;

// @ts-ignore: decorator
@inline
function groupCount(rows: i32): i32 {
  return (rows + GROUP_ROWS - 1) / GROUP_ROWS;
}

/** Groups per chunk for `groups` groups in all: as even as the chunks of at most CHUNK_GROUPS can be. */
// @ts-ignore: decorator
@inline
function chunkSize(groups: i32): i32 {
  const chunks = (groups + CHUNK_GROUPS - 1) / CHUNK_GROUPS;
  return (groups + chunks - 1) / chunks;
}

/** Bytes of rbmGradUpdateBinTables' `tables` scratch, per concurrent call. */
export function gradTableBytes(): i32 {
  return CHUNK_GROUPS * TABLE_BYTES;
}

/** Bytes of rbmGradUpdateBinTables' `lookups` scratch per row of W: a u16 entry offset per group of both phases. */
export function gradLookupBytes(rowsPos: i32, rowsNeg: i32): i32 {
  return (groupCount(rowsPos) + groupCount(rowsNeg)) << 1;
}

/** Bytes of rbmGradUpdateBinTables' `partial` scratch per row of W (the running sums of a column block). */
export function gradPartialBytes(): i32 {
  return ENTRY_BYTES;
}

/**
 * lookups[i, base + g] = where group g's entry for unit i sits in its chunk's tables: the group's place in the chunk
 * times TABLE_BYTES plus its 4 bits of unit i (vis[4 g + t, i] != 0 as bit t) times ENTRY_BYTES, for rows i in
 * [first, end). The groups of both phases are numbered together, positive first (base = its group count).
 */
function entryOffsets(vis: usize, rows: i32, nVisible: i32, first: i32, end: i32, lookups: usize, allGroups: i32, base: i32): void {
  const chunk = chunkSize(allGroups);
  for (let i = first; i < end; i++) {
    const row = lookups + ((<usize>i * <usize>allGroups + <usize>base) << 1);
    for (let g = 0; g < groupCount(rows); g++) {
      const b0 = g * GROUP_ROWS;
      let bits = 0;
      for (let t = 0; t < min(GROUP_ROWS, rows - b0); t++) {
        bits |= <i32>(load<u8>(vis + <usize>(b0 + t) * <usize>nVisible + <usize>i) != 0) << t;
      }
      store<u16>(row + (<usize>g << 1), <u16>(((base + g) % chunk) * TABLE_BYTES + bits * ENTRY_BYTES));
    }
  }
}

/**
 * The subset sums of groups [g0, g1) of `rows` hidden rows over columns [j0, j0 + 4 vectors), group g0's table
 * first: entry m of group g is the sum from +0 of hid[4 g + t, cols] over the bits t of m, in increasing t (entry m
 * extends the entry without m's highest bit). Entries with bits past the last row are not written (none is looked up).
 */
// @ts-ignore: decorator
@inline
function buildTables(hid: usize, rows: i32, nHidden: i32, j0: i32, g0: i32, g1: i32, tables: usize, vectors: i32): void {
  const stride = <usize>nHidden << 2;
  const column = hid + (<usize>j0 << 2);
  const zero = f32x4.splat(0);
  for (let g = g0; g < g1; g++) {
    const table = tables + <usize>(g - g0) * <usize>TABLE_BYTES;
    const first = g * GROUP_ROWS;
    const count = min(GROUP_ROWS, rows - first);
    for (let v = 0; v < vectors; v++) v128.store(table + (<usize>v << 4), zero);
    for (let m = 1; m < 1 << count; m++) {
      const high = 31 - <i32>clz<i32>(m);
      const from = table + <usize>((m ^ (1 << high)) * ENTRY_BYTES);
      const to = table + <usize>(m * ENTRY_BYTES);
      const row = column + <usize>(first + high) * stride;
      v128.store(to, f32x4.add(v128.load(from, 0), v128.load(row, 0)), 0);
      if (vectors > 1) v128.store(to, f32x4.add(v128.load(from, 16), v128.load(row, 16)), 16);
      if (vectors > 2) v128.store(to, f32x4.add(v128.load(from, 32), v128.load(row, 32)), 32);
      if (vectors > 3) v128.store(to, f32x4.add(v128.load(from, 48), v128.load(row, 48)), 48);
      if (vectors > 4) v128.store(to, f32x4.add(v128.load(from, 64), v128.load(row, 64)), 64);
      if (vectors > 5) v128.store(to, f32x4.add(v128.load(from, 80), v128.load(row, 80)), 80);
    }
  }
}

/** Stores the first `vectors` of a0..a5 at ptr, ptr + 16, ... */
// @ts-ignore: decorator
@inline
function storeSums(ptr: usize, vectors: i32, a0: v128, a1: v128, a2: v128, a3: v128, a4: v128, a5: v128): void {
  v128.store(ptr, a0, 0);
  if (vectors > 1) v128.store(ptr, a1, 16);
  if (vectors > 2) v128.store(ptr, a2, 32);
  if (vectors > 3) v128.store(ptr, a3, 48);
  if (vectors > 4) v128.store(ptr, a4, 64);
  if (vectors > 5) v128.store(ptr, a5, 80);
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
  const posGroups = groupCount(rowsPos), allGroups = posGroups + groupCount(rowsNeg);
  const chunk = chunkSize(allGroups);
  const stride = <usize>nHidden << 2;
  const column = <usize>j0 << 2;
  const zero = f32x4.splat(0);
  for (let c0 = 0; c0 < allGroups; c0 += chunk) {
    const c1 = min(c0 + chunk, allGroups);
    // Positive groups [c0, split), negative groups [split, c1), numbered together; their tables in that order.
    const split = max(c0, min(c1, posGroups));
    buildTables(hidPos, rowsPos, nHidden, j0, c0, split, tables, vectors);
    buildTables(hidNeg, rowsNeg, nHidden, j0, split - posGroups, c1 - posGroups, tables + <usize>(split - c0) * <usize>TABLE_BYTES, vectors);
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
      const offsets = lookups + ((<usize>i * <usize>allGroups) << 1);
      for (let g = c0; g < split; g++) {
        const p = tables + <usize>load<u16>(offsets + (<usize>g << 1));
        a0 = f32x4.add(a0, v128.load(p, 0));
        if (vectors > 1) a1 = f32x4.add(a1, v128.load(p, 16));
        if (vectors > 2) a2 = f32x4.add(a2, v128.load(p, 32));
        if (vectors > 3) a3 = f32x4.add(a3, v128.load(p, 48));
        if (vectors > 4) a4 = f32x4.add(a4, v128.load(p, 64));
        if (vectors > 5) a5 = f32x4.add(a5, v128.load(p, 80));
      }
      for (let g = split; g < c1; g++) {
        const p = tables + <usize>load<u16>(offsets + (<usize>g << 1));
        a0 = f32x4.sub(a0, v128.load(p, 0));
        if (vectors > 1) a1 = f32x4.sub(a1, v128.load(p, 16));
        if (vectors > 2) a2 = f32x4.sub(a2, v128.load(p, 32));
        if (vectors > 3) a3 = f32x4.sub(a3, v128.load(p, 48));
        if (vectors > 4) a4 = f32x4.sub(a4, v128.load(p, 64));
        if (vectors > 5) a5 = f32x4.sub(a5, v128.load(p, 80));
      }
      if (!last) {
        storeSums(keep, vectors, a0, a1, a2, a3, a4, a5);
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

/** Group g's sum of its selected rows of column j, made on the spot in its table entry's order. */
// @ts-ignore: decorator
@inline
function groupSum(hid: usize, nHidden: i32, j: i32, offset: i32, g: i32): f32 {
  const bits = (offset % TABLE_BYTES) / ENTRY_BYTES;
  let sum: f32 = 0;
  for (let t = 0; t < GROUP_ROWS; t++) {
    if (bits & (1 << t)) sum += load<f32>(hid + ((<usize>(g * GROUP_ROWS + t) * <usize>nHidden + <usize>j) << 2));
  }
  return sum;
}

/** Column j (the last nHidden mod 4): each group's sum made on the spot, the same numbers as its table entry. */
function tableColumn1(
  W: usize, increment: usize, hidPos: usize, rowsPos: i32, hidNeg: usize, rowsNeg: i32, nHidden: i32, first: i32, end: i32,
  lookups: usize, j: i32, momentum: f32, gradScale: f32, l2: f32, l1: f32,
): void {
  const posGroups = groupCount(rowsPos), allGroups = posGroups + groupCount(rowsNeg);
  const stride = <usize>nHidden << 2;
  for (let i = first; i < end; i++) {
    const offsets = lookups + ((<usize>i * <usize>allGroups) << 1);
    let acc: f32 = 0;
    for (let g = 0; g < posGroups; g++) acc += groupSum(hidPos, nHidden, j, load<u16>(offsets + (<usize>g << 1)), g);
    for (let g = posGroups; g < allGroups; g++) acc -= groupSum(hidNeg, nHidden, j, load<u16>(offsets + (<usize>g << 1)), g - posGroups);
    const offset = <usize>i * stride + (<usize>j << 2);
    updateLane(W + offset, increment + offset, acc, momentum, gradScale, l2, l1);
  }
}

/**
 * For rows i in [first, end) of W (nVisible x nHidden): the gradient visPos^T hidPos - visNeg^T hidNeg (vis u8 0/1,
 * hid f32; rowsPos and rowsNeg rows) by subset-sum tables (see above), then rbmUpdate's rule on W[i, :] and
 * increment[i, :]. Scratch: lookups, gradLookupBytes(rowsPos, rowsNeg) per row of W, and partial, gradPartialBytes()
 * per row of W (rows [first, end) written, at row i); tables, gradTableBytes() per concurrent call.
 */
export function rbmGradUpdateBinTables(
  W: usize, increment: usize, visPos: usize, hidPos: usize, rowsPos: i32, visNeg: usize, hidNeg: usize, rowsNeg: i32,
  nVisible: i32, nHidden: i32, first: i32, end: i32, lookups: usize, tables: usize, partial: usize,
  momentum: f32, gradScale: f32, l2: f32, l1: f32,
): void {
  if (end <= first) return;
  const posGroups = groupCount(rowsPos), allGroups = posGroups + groupCount(rowsNeg);
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
