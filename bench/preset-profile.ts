// Per-kernel profile of one --preset sklearn step (scikit-learn's PCD-1 with
// sampled negative visibles) on the paper's 1600 x 400 layer, one thread,
// calling the module exports in the order the trainer does
// (src/rbm/cd-trainer.ts updateOnBatch): chain down, visible sampling, the
// data's and the chain's up passes, the weight gradient and update, the
// transpose W^T, hidden sampling. It runs on a trained layer's own state (the parameters
// and persistent chain the bench's preset epochs ended with, a batch of the
// data and the visibles the chain samples), because the work depends on it:
// the chain's hidden units are almost all off after training, so its down
// pass is short, and its sampled visibles are about half on. Every product
// has a binary operand, so the additions are counted and compared with the
// add-only peak: per 64-row block of a pass, the rows on, or with complement
// sums (as the trainer passes them from COMPLEMENT_MIN_BATCH rows) the rows
// off plus the block total, and the totals themselves once per block that
// needs them; 400 additions a row of W, 1600 a row of W^T. The kernels on
// subset-sum tables (assembly/subset-sums.ts) count one table entry added
// per group of rows and output row, and 2^G - 1 per group of G rows to build
// the tables.

import { COMPLEMENT_MIN_BATCH, COMPLEMENT_SUMS_BYTES, PROPAGATE_TABLES_MIN_BATCH, SUBSET_TABLES } from "../src/rbm/cd-trainer.js";
import { uploadParameters } from "../src/core.js";
import type { Core, RbmParameters } from "../src/index.js";
import { timeBest, type BenchRow } from "./timing.js";

const N_VISIBLE = 1600;
const N_HIDDEN = 400;

interface KernelCase {
  name: string;
  /** Additions per call (0: not an add-only product). */
  adds: number;
  call: () => void;
}

/** Where a preset layer's training stood: its parameters and persistent chain ((batch, nHidden) 0/1 states). */
export interface TrainedPresetState {
  parameters: RbmParameters;
  chain: Float32Array;
}

/**
 * Rows: the whole step, then each kernel's ms, share of the step and (products) share of the add-only peak, for a
 * step at `batch` rows from `state` on the first rows of `bits` ((nSamples, 1600) 0/1 bytes).
 */
export function presetProfileRows(core: Core, bits: Uint8Array, batch: number, addPeakGflops: number, state: TrainedPresetState): BenchRow[] {
  const { kernels: k, arena: a } = core;
  const { parameters } = state;
  if (bits.length < batch * N_VISIBLE) throw new RangeError("presetProfileRows needs a batch of data");
  if (parameters.nVisible !== N_VISIBLE || parameters.nHidden !== N_HIDDEN || state.chain.length !== batch * N_HIDDEN) {
    throw new RangeError(`presetProfileRows needs a ${N_VISIBLE} x ${N_HIDDEN} layer and a chain of ${batch} rows`);
  }
  return a.scoped(() => {
    const f32 = (count: number) => a.alloc(4 * count);
    const data = a.alloc(batch * N_VISIBLE), negVisBin = a.alloc(batch * N_VISIBLE), chainBin = a.alloc(batch * N_HIDDEN);
    const { weights: W, hiddenBias: hbias, visibleBias: vbias } = uploadParameters(core, parameters);
    const WT = f32(N_VISIBLE * N_HIDDEN), inc = f32(N_VISIBLE * N_HIDDEN), grad = f32(N_VISIBLE * N_HIDDEN);
    const posHid = f32(batch * N_HIDDEN), negHid = f32(batch * N_HIDDEN);
    const chain = f32(batch * N_HIDDEN), negVis = f32(batch * N_VISIBLE), rng = a.alloc(16);
    a.f32(chain, batch * N_HIDDEN).set(state.chain);
    const lookups = a.alloc(N_VISIBLE * SUBSET_TABLES.gradLookupBytes(batch, batch));
    const tables = a.alloc(SUBSET_TABLES.tableBytes), partial = a.alloc(N_VISIBLE * SUBSET_TABLES.gradPartialBytes);
    k.rngSeed(rng, 1, 0, 0);
    a.u8(data, batch * N_VISIBLE).set(bits.subarray(0, batch * N_VISIBLE));
    k.rbmTransposeRows(W, N_VISIBLE, N_HIDDEN, WT, 0, N_VISIBLE);
    // The step's own operands, computed once: the chain's sampled visibles (fixed from here on; the sampling kernel
    // is timed into another buffer) and both phases' hidden probabilities.
    k.rbmStatesToU8(chain, batch * N_HIDDEN, chainBin);
    k.rbmBinPropagateColumns(chainBin, batch, N_HIDDEN, WT, vbias, N_VISIBLE, 0, N_VISIBLE, negVis, 0);
    k.rbmBernoulliU8(negVis, batch * N_VISIBLE, rng, negVisBin);
    k.rbmBinPropagateColumns(data, batch, N_VISIBLE, W, hbias, N_HIDDEN, 0, N_HIDDEN, posHid, 0);
    k.rbmBinPropagateColumns(negVisBin, batch, N_VISIBLE, W, hbias, N_HIDDEN, 0, N_HIDDEN, negHid, 0);
    const on = (ptr: number, count: number) => a.u8(ptr, count).reduce((s, b) => s + (b !== 0 ? 1 : 0), 0);
    const negOn = on(negVisBin, batch * N_VISIBLE), chainOn = on(chainBin, batch * N_HIDDEN);
    const complement = batch >= COMPLEMENT_MIN_BATCH;
    const sums = complement ? a.alloc(COMPLEMENT_SUMS_BYTES) : 0;
    const rowsAdded = (ptr: number, nIn: number) => passRowAdditions(a.u8(ptr, batch * nIn), batch, nIn, complement);
    const sampled = a.alloc(batch * N_VISIBLE), sampledChain = f32(batch * N_HIDDEN);
    const gradGroups = 2 * Math.ceil(batch / SUBSET_TABLES.gradGroupRows);
    const built = (groupRows: number) => 2 ** groupRows - 1;
    const sumsNote = complement ? ", complement sums" : "";
    const step = 0.1 / batch;
    // The up passes as the trainer runs them: both through one call's subset-sum tables from
    // PROPAGATE_TABLES_MIN_BATCH rows (a table entry per group of inputs and row, and 2^G - 1 per group of G to build
    // them), else each by row sums.
    const upLookups = a.alloc(2 * batch * SUBSET_TABLES.propagateLookupBytes(N_VISIBLE));
    const inputGroups = Math.ceil(N_VISIBLE / SUBSET_TABLES.upGroupRows);
    const upCases: KernelCase[] = batch >= PROPAGATE_TABLES_MIN_BATCH
      ? [{ name: `rbmBinPropagateTables (data up and chain up, ${percent(negOn, batch * N_VISIBLE)} on)`,
        adds: (2 * batch + built(SUBSET_TABLES.upGroupRows)) * inputGroups * N_HIDDEN,
        call: () => k.rbmBinPropagateTables(data, batch, posHid, negVisBin, batch, negHid, N_VISIBLE, W, hbias, N_HIDDEN, 0, N_HIDDEN,
          upLookups, tables) }]
      : [
        { name: `rbmBinPropagateColumns (data up${sumsNote})`, adds: rowsAdded(data, N_VISIBLE) * N_HIDDEN,
          call: () => k.rbmBinPropagateColumns(data, batch, N_VISIBLE, W, hbias, N_HIDDEN, 0, N_HIDDEN, posHid, sums) },
        { name: `rbmBinPropagateColumns (chain up, ${percent(negOn, batch * N_VISIBLE)} on${sumsNote})`, adds: rowsAdded(negVisBin, N_VISIBLE) * N_HIDDEN,
          call: () => k.rbmBinPropagateColumns(negVisBin, batch, N_VISIBLE, W, hbias, N_HIDDEN, 0, N_HIDDEN, negHid, sums) },
      ];
    const cases: KernelCase[] = [
      { name: `rbmStatesToU8 + rbmBinPropagateColumns (chain down, ${percent(chainOn, batch * N_HIDDEN)} on${sumsNote})`, adds: rowsAdded(chainBin, N_HIDDEN) * N_VISIBLE, call: () => {
        k.rbmStatesToU8(chain, batch * N_HIDDEN, chainBin);
        k.rbmBinPropagateColumns(chainBin, batch, N_HIDDEN, WT, vbias, N_VISIBLE, 0, N_VISIBLE, negVis, sums);
      } },
      { name: "rbmBernoulliU8 (sample visibles)", adds: 0, call: () => k.rbmBernoulliU8(negVis, batch * N_VISIBLE, rng, sampled) },
      ...upCases,
      { name: "rbmGradUpdateBinTables (both gradients by subset-sum tables + update)", adds: (N_VISIBLE + built(SUBSET_TABLES.gradGroupRows)) * gradGroups * N_HIDDEN,
        call: () => k.rbmGradUpdateBinTables(W, inc, data, posHid, batch, negVisBin, negHid, batch, N_VISIBLE, N_HIDDEN, 0, N_VISIBLE,
          lookups, tables, partial, 0, step, 0, 0) },
      { name: "rbmTransposeRows (W^T for the next down pass)", adds: 0, call: () => k.rbmTransposeRows(W, N_VISIBLE, N_HIDDEN, WT, 0, N_VISIBLE) },
      { name: "bias sums and updates, rbmBernoulliF32 (chain)", adds: 0, call: () => {
        k.rbmColumnSumsBin(data, batch, N_VISIBLE, grad, 1);
        k.rbmColumnSumsDense(posHid, batch, N_HIDDEN, grad, 1);
        k.rbmColumnSumsBin(negVisBin, batch, N_VISIBLE, grad, -1);
        k.rbmColumnSumsDense(negHid, batch, N_HIDDEN, grad, -1);
        k.rbmUpdate(vbias, inc, grad, N_VISIBLE, 0, step, 0, 0);
        k.rbmUpdate(hbias, inc, grad, N_HIDDEN, 0, step, 0, 0);
        k.rbmBernoulliF32(negHid, batch * N_HIDDEN, rng, sampledChain);
      } },
    ];
    const calls = Math.max(5, Math.round(1000 / batch));
    const timed = cases.map((c) => {
      for (let w = 0; w < 5; w++) c.call();
      return { ...c, seconds: timeBest(() => { for (let n = 0; n < calls; n++) c.call(); }) / calls };
    });
    const total = timed.reduce((s, c) => s + c.seconds, 0);
    const label = `preset step, batch ${batch}, 1600x400, 1 thread`;
    return [
      { name: `${label}: all kernels`, value: total * 1e3, unit: "ms",
        note: `${((total * 20_000) / batch).toFixed(2)} s per 20,000-row epoch at this rate` },
      ...timed.map((c) => ({
        name: `${label}: ${c.name}`, value: c.seconds * 1e3, unit: "ms",
        note: `${((100 * c.seconds) / total).toFixed(0)}% of the step` +
          (c.adds > 0 ? `; ${((100 * c.adds) / c.seconds / 1e9 / addPeakGflops).toFixed(0)}% of the add-only peak (${(c.adds / 1e6).toFixed(1)}M adds)` : ""),
      })),
    ];
  });
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`;

/**
 * Rows of M a binary pass adds for `rows` (batch x nIn, 0/1): per row and 64-row block the rows on, or with
 * complement sums, when cheaper (rbm-propagate.ts), the rows off plus the block total; and 64 rows (the block's total,
 * made once per block some row needs it).
 */
function passRowAdditions(rows: Uint8Array, batch: number, nIn: number, complement: boolean): number {
  let added = 0;
  for (let block = 0; block < nIn; block += 64) {
    const count = Math.min(64, nIn - block);
    let totalNeeded = false;
    for (let b = 0; b < batch; b++) {
      let on = 0;
      for (let i = block; i < block + count; i++) on += rows[b * nIn + i] !== 0 ? 1 : 0;
      const cheaper = complement && 2 * on > count + 1;
      added += cheaper ? count - on + 1 : on;
      totalNeeded ||= cheaper;
    }
    if (totalNeeded) added += count;
  }
  return added;
}
