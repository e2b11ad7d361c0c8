// Hidden probabilities from binary rows through subset-sum tables
// (subset-sums.ts) of groups of 4 rows of W: out[b, j] = sigmoid(bias[j] +
// sum over the groups g of W's rows 4g..4g+3 of the entry that row b's 4 bits
// there select). At the paper's 1600 inputs that is 400 table entries per
// row and column block, against ~800 rows of W with half the bits on (or
// ~550 with rbm-propagate.ts's complement sums on locally magnetised Ising
// rows). The tables are built once per call and shared by both row sets of
// it: scikit-learn's PCD takes the data's and the chain's up pass through the
// same W in one call.
//
// The sum is bias[j] plus the entries added in increasing g, each entry its
// group's selected rows summed from +0 in increasing row: another rounding
// than rbmBinPropagateColumns' sums in increasing row, and the same bits for
// any column range, so for any thread count.

import { sigmoidColumns, storeVectors } from "./rbm-propagate";
import { CHUNK_BUDGET_BYTES, buildTables, chunkSize, entryBits, entryOffset, entrySum, groupCount, tableBytes } from "./subset-sums";

/**
 * Rows of W per group of the tables: only the call's two batches share them, so building 31 entries per group for
 * groups of 5 cost what the fewer lookups saved, and groups of 6 cost more than they saved (bench/rbm.ts).
 */
const GROUP_ROWS: i32 = 4;
/** Bytes of a group's table. */
const TABLE_BYTES: i32 = tableBytes(GROUP_ROWS);
/** Most groups in a chunk. */
const CHUNK_GROUPS: i32 = CHUNK_BUDGET_BYTES / TABLE_BYTES;

/** Bytes of rbmBinPropagateTables' `lookups` scratch per input row (a u16 entry offset per group), per call. */
export function propagateLookupBytes(nIn: i32): i32 {
  return groupCount(nIn, GROUP_ROWS) << 1;
}

/** Rows of W per group of rbmBinPropagateTables' tables (2^rows - 1 row additions build a group's table). */
export function propagateGroupRows(): i32 {
  return GROUP_ROWS;
}

/**
 * lookups[b, g] = where group g's entry for row b sits in its chunk's tables: the group's place in its chunk times
 * TABLE_BYTES plus row b's bits there (rows[b, GROUP_ROWS g + t] != 0 as bit t) times ENTRY_BYTES.
 */
function rowOffsets(rows: usize, batch: i32, nIn: i32, lookups: usize): void {
  const groups = groupCount(nIn, GROUP_ROWS);
  const chunk = chunkSize(groups, CHUNK_GROUPS);
  const zero = i8x16.splat(0);
  for (let b = 0; b < batch; b++) {
    const row = rows + <usize>b * <usize>nIn;
    const out = lookups + ((<usize>b * <usize>groups) << 1);
    let place = 0;
    for (let g = 0; g < groups; g++) {
      const i0 = g * GROUP_ROWS;
      let bits = 0;
      if (i0 + 16 <= nIn) {
        bits = i8x16.bitmask(i8x16.ne(v128.load(row + <usize>i0), zero)) & ((1 << GROUP_ROWS) - 1);
      } else {
        for (let t = 0; t < min(GROUP_ROWS, nIn - i0); t++) bits |= <i32>(load<u8>(row + <usize>(i0 + t)) != 0) << t;
      }
      store<u16>(out + (<usize>g << 1), <u16>entryOffset(place, bits, GROUP_ROWS));
      place = place + 1 == chunk ? 0 : place + 1;
    }
  }
}

/**
 * Adds groups [c0, c1) of every row's lookups to out's columns [j0, j0 + 4 vectors) (starting from the bias when c0
 * is 0), in increasing g; inlined with a constant `vectors`.
 */
// @ts-ignore: decorator
@inline
function addChunk(
  lookups: usize, batch: i32, groups: i32, out: usize, bias: usize, nOut: i32, j0: i32, tables: usize, c0: i32, c1: i32, vectors: i32,
): void {
  const zero = f32x4.splat(0);
  for (let b = 0; b < batch; b++) {
    const o = out + ((<usize>b * <usize>nOut + <usize>j0) << 2);
    const start = c0 == 0 ? bias + (<usize>j0 << 2) : o;
    let a0 = v128.load(start, 0);
    let a1 = vectors > 1 ? v128.load(start, 16) : zero, a2 = vectors > 2 ? v128.load(start, 32) : zero;
    let a3 = vectors > 3 ? v128.load(start, 48) : zero, a4 = vectors > 4 ? v128.load(start, 64) : zero;
    let a5 = vectors > 5 ? v128.load(start, 80) : zero;
    // A pointer walk over the row's offsets: fewer live values than a group counter, which V8 kept on the stack.
    const offsets = lookups + ((<usize>b * <usize>groups) << 1);
    const stop = offsets + (<usize>c1 << 1);
    for (let at = offsets + (<usize>c0 << 1); at < stop; at += 2) {
      const p = tables + <usize>load<u16>(at);
      a0 = f32x4.add(a0, v128.load(p, 0));
      if (vectors > 1) a1 = f32x4.add(a1, v128.load(p, 16));
      if (vectors > 2) a2 = f32x4.add(a2, v128.load(p, 32));
      if (vectors > 3) a3 = f32x4.add(a3, v128.load(p, 48));
      if (vectors > 4) a4 = f32x4.add(a4, v128.load(p, 64));
      if (vectors > 5) a5 = f32x4.add(a5, v128.load(p, 80));
    }
    storeVectors(o, vectors, a0, a1, a2, a3, a4, a5);
  }
}

/** Columns [j0, j0 + 4 vectors) of both row sets, chunk by chunk of tables; inlined with a constant `vectors`. */
// @ts-ignore: decorator
@inline
function tableColumns(
  batchA: i32, outA: usize, batchB: i32, outB: usize, nIn: i32, W: usize, bias: usize, nOut: i32, j0: i32,
  lookups: usize, tables: usize, vectors: i32,
): void {
  const groups = groupCount(nIn, GROUP_ROWS);
  const chunk = chunkSize(groups, CHUNK_GROUPS);
  const lookupsB = lookups + ((<usize>batchA * <usize>groups) << 1);
  for (let c0 = 0; c0 < groups; c0 += chunk) {
    const c1 = min(c0 + chunk, groups);
    buildTables(W, nIn, nOut, j0, c0, c1, tables, vectors, GROUP_ROWS);
    addChunk(lookups, batchA, groups, outA, bias, nOut, j0, tables, c0, c1, vectors);
    addChunk(lookupsB, batchB, groups, outB, bias, nOut, j0, tables, c0, c1, vectors);
  }
}

function tableColumns24(
  batchA: i32, outA: usize, batchB: i32, outB: usize, nIn: i32, W: usize, bias: usize, nOut: i32, j0: i32, lookups: usize, tables: usize,
): void {
  tableColumns(batchA, outA, batchB, outB, nIn, W, bias, nOut, j0, lookups, tables, 6);
}

function tableColumns16(
  batchA: i32, outA: usize, batchB: i32, outB: usize, nIn: i32, W: usize, bias: usize, nOut: i32, j0: i32, lookups: usize, tables: usize,
): void {
  tableColumns(batchA, outA, batchB, outB, nIn, W, bias, nOut, j0, lookups, tables, 4);
}

function tableColumns4(
  batchA: i32, outA: usize, batchB: i32, outB: usize, nIn: i32, W: usize, bias: usize, nOut: i32, j0: i32, lookups: usize, tables: usize,
): void {
  tableColumns(batchA, outA, batchB, outB, nIn, W, bias, nOut, j0, lookups, tables, 1);
}

/** Column j of one row set (the last columns of a range, past its multiples of 4): each entry made on the spot. */
function tableColumn1(batch: i32, out: usize, nIn: i32, W: usize, bias: usize, nOut: i32, j: i32, lookups: usize): void {
  const groups = groupCount(nIn, GROUP_ROWS);
  for (let b = 0; b < batch; b++) {
    const offsets = lookups + ((<usize>b * <usize>groups) << 1);
    let acc = load<f32>(bias + (<usize>j << 2));
    for (let g = 0; g < groups; g++) {
      acc += entrySum(W, nOut, j, g, entryBits(load<u16>(offsets + (<usize>g << 1)), GROUP_ROWS), GROUP_ROWS);
    }
    store<f32>(out + ((<usize>b * <usize>nOut + <usize>j) << 2), acc);
  }
}

/**
 * outA[b, j] = sigmoid(bias[j] + sum of W[i, j] over i with rowsA[b, i] != 0) for b < batchA, and the same for rowsB
 * into outB (batchB may be 0), for the columns j in [first, end) of the outputs (batch x nOut) only, by subset-sum
 * tables (see above). rows: u8 batch x nIn; W: nIn x nOut. Scratch per concurrent call: lookups,
 * (batchA + batchB) propagateLookupBytes(nIn) bytes; tables, subsetTableBytes().
 */
export function rbmBinPropagateTables(
  rowsA: usize, batchA: i32, outA: usize, rowsB: usize, batchB: i32, outB: usize,
  nIn: i32, W: usize, bias: usize, nOut: i32, first: i32, end: i32, lookups: usize, tables: usize,
): void {
  if (end <= first) return;
  const lookupsB = lookups + <usize>batchA * <usize>propagateLookupBytes(nIn);
  rowOffsets(rowsA, batchA, nIn, lookups);
  rowOffsets(rowsB, batchB, nIn, lookupsB);
  let j = first;
  for (; j + 24 <= end; j += 24) tableColumns24(batchA, outA, batchB, outB, nIn, W, bias, nOut, j, lookups, tables);
  if (j + 16 <= end) { tableColumns16(batchA, outA, batchB, outB, nIn, W, bias, nOut, j, lookups, tables); j += 16; }
  for (; j + 4 <= end; j += 4) tableColumns4(batchA, outA, batchB, outB, nIn, W, bias, nOut, j, lookups, tables);
  for (; j < end; j++) {
    tableColumn1(batchA, outA, nIn, W, bias, nOut, j, lookups);
    tableColumn1(batchB, outB, nIn, W, bias, nOut, j, lookupsB);
  }
  sigmoidColumns(outA, batchA, nOut, first, end);
  sigmoidColumns(outB, batchB, nOut, first, end);
}
