// Per-phase profile of one --preset sklearn step (scikit-learn's PCD-1 with
// sampled negative visibles) on the paper's 1600 x 400 layer, one thread:
// the trainer's own strategy (chooseStepStrategy, src/rbm/training/) opened
// on a small context and each of its phases timed in turn (chain down and
// visible sampling; the data's and the chain's up passes; the gradient,
// update, transpose W^T, chain sampling and biases). It runs on a trained
// layer's own state (the parameters and persistent chain the bench's preset
// epochs ended with, a batch of the data), because the work depends on it:
// the chain's hidden units are almost all off after training, so its down
// pass is short, and its sampled visibles are about half on. Every product
// has a binary operand, so the additions are counted and compared with the
// add-only peak: per 64-row block of a pass, the rows on, or with complement
// sums (when the strategy uses them) the rows off plus the block total, and
// the totals themselves once per block that needs them; 400 additions a row
// of W, 1600 a row of W^T. The kernels on subset-sum tables
// (assembly/subset-sums.ts) count one table entry added per group of rows
// and output row, and 2^G - 1 per group of G rows to build the tables.

import { uploadParameters } from "../src/core.js";
import { sklearnPreset, type Core, type RbmParameters } from "../src/index.js";
import { threadTeam } from "../src/threads/pool.js";
import {
  allocTrainingBuffers, chooseStepStrategy, runStep, stepContext, trainingBufferBytes, type OnePassPcdStrategy, type StepContext,
} from "../src/rbm/training/index.js";
import { transposeWeights } from "../src/rbm/training/passes.js";
import { timeBest, type BenchRow } from "./timing.js";

const N_VISIBLE = 1600;
const N_HIDDEN = 400;

/** Where a preset layer's training stood: its parameters and persistent chain ((batch, nHidden) 0/1 states). */
export interface TrainedPresetState {
  parameters: RbmParameters;
  chain: Float32Array;
}

/**
 * Rows: the whole step, then each phase's ms, share of the step and (products) share of the add-only peak, for a
 * step at `batch` rows from `state` on the first rows of `bits` ((nSamples, 1600) 0/1 bytes).
 */
export function presetProfileRows(core: Core, bits: Uint8Array, batch: number, addPeakGflops: number, state: TrainedPresetState): BenchRow[] {
  const { arena: a } = core;
  const { parameters } = state;
  if (bits.length < batch * N_VISIBLE) throw new RangeError("presetProfileRows needs a batch of data");
  if (parameters.nVisible !== N_VISIBLE || parameters.nHidden !== N_HIDDEN || state.chain.length !== batch * N_HIDDEN) {
    throw new RangeError(`presetProfileRows needs a ${N_VISIBLE} x ${N_HIDDEN} layer and a chain of ${batch} rows`);
  }
  return a.scoped(() => {
    const options = { ...sklearnPreset(), nHidden: N_HIDDEN, batchSize: batch };
    const strategy = chooseStepStrategy(options, "binary", batch);
    if (strategy.name !== "one-pass PCD") throw new Error(`the sklearn preset trains by ${strategy.name}, not one-pass PCD`);
    const team = threadTeam(core, 1);
    const rbm = uploadParameters(core, parameters);
    const buf = allocTrainingBuffers(core, trainingBufferBytes("binary", batch, N_VISIBLE, N_HIDDEN, batch, team.size, core.kernels));
    const gibbsRng = a.alloc(16);
    core.kernels.rngSeed(gibbsRng, 1, 0, 0);
    a.u8(buf.positive, batch * N_VISIBLE).set(bits.subarray(0, batch * N_VISIBLE));
    a.f32(buf.chain, batch * N_HIDDEN).set(state.chain);
    const ctx = stepContext({ core, team, rbm, buf, kind: "binary", options, nVisible: N_VISIBLE, gibbsRng });
    transposeWeights(ctx);
    const phases = strategy.open(ctx);
    const step = { rows: batch, momentum: 0 };
    // One whole step first, so the chain's states and sampled visibles the additions are counted on are the step's own.
    runStep(phases, step);
    const adds = phaseAdditions(ctx, strategy);
    const calls = Math.max(5, Math.round(1000 / batch));
    const timed = phases.map((phase, i) => {
      for (let w = 0; w < 5; w++) phase.run(step);
      const seconds = timeBest(() => { for (let n = 0; n < calls; n++) phase.run(step); }) / calls;
      return { name: `${phase.name}${adds[i]?.note ?? ""}`, adds: adds[i]?.adds ?? 0, seconds };
    });
    const total = timed.reduce((sum, c) => sum + c.seconds, 0);
    const label = `preset step, batch ${batch}, 1600x400, 1 thread`;
    return [
      { name: `${label}: all phases`, value: total * 1e3, unit: "ms",
        note: `${((total * 20_000) / batch).toFixed(2)} s per 20,000-row epoch at this rate` },
      ...timed.map((c) => ({
        name: `${label}: ${c.name}`, value: c.seconds * 1e3, unit: "ms",
        note: `${((100 * c.seconds) / total).toFixed(0)}% of the step` +
          (c.adds > 0 ? `; ${((100 * c.adds) / c.seconds / 1e9 / addPeakGflops).toFixed(0)}% of the add-only peak (${(c.adds / 1e6).toFixed(1)}M adds)` : ""),
      })),
    ];
  });
}

/**
 * Additions of each one-pass PCD phase (chain down, up passes, update) on the operands in ctx's buffers, with a note
 * on what the counts depend on.
 */
function phaseAdditions(ctx: StepContext, strategy: OnePassPcdStrategy): { adds: number; note: string }[] {
  const { arena: a, kernels: k } = ctx.core;
  const { buf, batchSize: batch } = ctx;
  const complement = strategy.complementSums;
  const rowsAdded = (ptr: number, nIn: number) => passRowAdditions(a.u8(ptr, batch * nIn), batch, nIn, complement);
  const on = (ptr: number, count: number) => a.u8(ptr, count).reduce((sum, b) => sum + (b !== 0 ? 1 : 0), 0);
  const built = (groupRows: number) => 2 ** groupRows - 1;
  const sumsNote = complement ? ", complement sums" : "";
  const negativeOn = percent(on(buf.negativeVisibleBin, batch * N_VISIBLE), batch * N_VISIBLE);
  const upGroups = Math.ceil(N_VISIBLE / k.propagateGroupRows());
  const up = strategy.propagateTables
    ? (2 * batch + built(k.propagateGroupRows())) * upGroups * N_HIDDEN
    : (rowsAdded(buf.positive, N_VISIBLE) + rowsAdded(buf.negativeVisibleBin, N_VISIBLE)) * N_HIDDEN;
  const gradGroups = 2 * Math.ceil(batch / k.gradGroupRows());
  return [
    { adds: rowsAdded(buf.chainBin, N_HIDDEN) * N_VISIBLE,
      note: ` (${percent(on(buf.chainBin, batch * N_HIDDEN), batch * N_HIDDEN)} on${sumsNote})` },
    { adds: up, note: ` (chain ${negativeOn} on${strategy.propagateTables ? "" : sumsNote})` },
    { adds: (N_VISIBLE + built(k.gradGroupRows())) * gradGroups * N_HIDDEN, note: "" },
  ];
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
