// Subset-sum tables, the method of the Four Russians (Arlazarov, Dinic,
// Kronrod & Faradzev 1970) for products with a 0/1 operand: the rows to be
// summed are taken in groups of G rows, and each group's 2^G subset sums
// over a block of up to 24 columns are built once (2^G - 1 row additions); a
// sum over any selection of rows is then one table entry per group, found
// from the selection's G bits in that group, instead of one row per bit that
// is on, and with no data-dependent branch. The gradient (rbm-grad-tables.ts)
// and the up pass (rbm-propagate-tables.ts) of scikit-learn's PCD use them.
//
// A group's entry is its selected rows summed from +0 in increasing row
// order; the callers add the entries from their start value in increasing
// group order. Tables go in chunks that are built and used together so that
// they stay in L1 (CHUNK_BUDGET_BYTES).

/** Bytes of an entry: a 24-column block (the narrower blocks use its first vectors). */
export const ENTRY_BYTES: i32 = 6 * 16;
/**
 * Bytes of the tables built and used together (a chunk): they stay in a 32 KB L1 data cache. All of a large batch's
 * tables at once spill to L2, where a lookup is several times slower; a budget near L1's size rather than half of
 * it means fewer chunks, so fewer running sums stored and reloaded (measured with bench/rbm.ts's preset profile).
 */
export const CHUNK_BUDGET_BYTES: i32 = 30 * 1024;

/** Bytes of a group's table for groups of `groupRows` rows: an entry per subset. */
// @ts-ignore: decorator
@inline
export function tableBytes(groupRows: i32): i32 {
  return (1 << groupRows) * ENTRY_BYTES;
}

/** Groups of `groupRows` of `rows` rows (the last may be short). */
// @ts-ignore: decorator
@inline
export function groupCount(rows: i32, groupRows: i32): i32 {
  return (rows + groupRows - 1) / groupRows;
}

/** Groups per chunk for `groups` groups in all: as even as chunks of at most `most` groups can be. */
// @ts-ignore: decorator
@inline
export function chunkSize(groups: i32, most: i32): i32 {
  const chunks = (groups + most - 1) / most;
  return (groups + chunks - 1) / chunks;
}

/** Where the entry for `bits` of the group at `place` in its chunk sits in the chunk's tables (a byte offset). */
// @ts-ignore: decorator
@inline
export function entryOffset(place: i32, bits: i32, groupRows: i32): i32 {
  return place * tableBytes(groupRows) + bits * ENTRY_BYTES;
}

/** The bits of an entryOffset: which of the group's rows its entry sums. */
// @ts-ignore: decorator
@inline
export function entryBits(offset: i32, groupRows: i32): i32 {
  return (offset % tableBytes(groupRows)) / ENTRY_BYTES;
}

/**
 * Column j of the entry for `bits` of group g of the rows at src (nCols f32 each), made on the spot in the tables'
 * order (the selected rows from +0 in increasing row): the same number as the table holds, for column tails.
 */
// @ts-ignore: decorator
@inline
export function entrySum(src: usize, nCols: i32, j: i32, g: i32, bits: i32, groupRows: i32): f32 {
  let sum: f32 = 0;
  for (let t = 0; t < groupRows; t++) {
    if (bits & (1 << t)) sum += load<f32>(src + ((<usize>(g * groupRows + t) * <usize>nCols + <usize>j) << 2));
  }
  return sum;
}

/** Bytes of a chunk's tables: the table scratch of one concurrent call. */
export function subsetTableBytes(): i32 {
  return CHUNK_BUDGET_BYTES;
}

/**
 * The subset sums of groups [g0, g1) of `groupRows` of the `rows` rows at hid (nHidden f32 each) over columns
 * [j0, j0 + 4 vectors), group g0's table first: entry m of group g is the sum from +0 of hid[groupRows g + t, cols]
 * over the bits t of m, in increasing t (entry m extends the entry without m's highest bit). Entries with bits past the
 * last row are not written (none is looked up). Inlined with constant `vectors` and `groupRows`.
 */
// @ts-ignore: decorator
@inline
export function buildTables(
  hid: usize, rows: i32, nHidden: i32, j0: i32, g0: i32, g1: i32, tables: usize, vectors: i32, groupRows: i32,
): void {
  const stride = <usize>nHidden << 2;
  const column = hid + (<usize>j0 << 2);
  const zero = f32x4.splat(0);
  for (let g = g0; g < g1; g++) {
    const table = tables + <usize>(g - g0) * <usize>tableBytes(groupRows);
    const first = g * groupRows;
    const count = min(groupRows, rows - first);
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

