// The passes step strategies share: how each splits across the thread team,
// the hidden (up) pass, k Gibbs steps (Hinton 2002), the weight-gradient
// calls, the bias sums and the bias update. Every split gives each thread a
// disjoint share that receives the same additions in the same order as on
// one thread, so parameters are bit-identical for any thread count.

import type { KernelCall } from "../../threads/pool.js";
import { splitRange } from "../../threads/pool.js";
import type { StepContext } from "./step-context.js";

/**
 * Output units split across threads in multiples of this: whole 24-unit kernel blocks (assembly/rbm-propagate.ts),
 * and 192-byte boundaries, so no two threads write the same cache line of an output row.
 */
export const COLUMN_SPLIT = 48;

/** Rows of W (visible units) split across threads in multiples of this (whole 64-byte lines of gradient rows). */
const WEIGHT_ROW_SPLIT = 16;

/** The rows of W (visible units) thread t updates: each thread owns a disjoint slice. */
export function weightRows(ctx: StepContext, t: number): [first: number, end: number] {
  return splitRange(ctx.nVisible, ctx.team.size, t, WEIGHT_ROW_SPLIT);
}

/** The output units [first, end) thread t computes of a pass with `units` outputs. */
export function outputColumns(ctx: StepContext, units: number, t: number): [first: number, end: number] {
  return splitRange(units, ctx.team.size, t, COLUMN_SPLIT);
}

/** W^T (buf.weightsT) for the rows [first, end) of W: the down pass from sampled hidden states reads it. */
export function transposeCalls(ctx: StepContext, first: number, end: number): KernelCall[] {
  if (end <= first) return [];
  return [{ kernel: "rbmTransposeRows", args: [ctx.rbm.weights, ctx.nVisible, ctx.nHidden, ctx.buf.weightsT, first, end] }];
}

/** Refreshes all of W^T from W, each thread its rows of W. */
export function transposeWeights(ctx: StepContext): void {
  ctx.team.run((t) => transposeCalls(ctx, ...weightRows(ctx, t)));
}

/** gradW[first:end, :] += scale vis^T hid (vis: `rows` rows, 0/1 bytes when `binary`, else f32; hid f32). */
export function gradientCall(
  ctx: StepContext, binary: boolean, first: number, end: number, vis: number, hid: number, rows: number, scale: number,
): KernelCall {
  const args = [ctx.buf.gradients, vis, hid, rows, ctx.nVisible, ctx.nHidden, scale, first, end] as const;
  return binary
    ? { kernel: "rbmGradBinRows", args: [...args, ctx.buf.gradientMasks] }
    : { kernel: "rbmGradDenseRows", args: [...args, ctx.buf.visibleT] };
}

/** gradW[slice of thread t, :] += scale vis^T hid (see gradientCall). */
export function threadGradientCalls(
  ctx: StepContext, binary: boolean, t: number, vis: number, hid: number, rows: number, scale: number,
): KernelCall[] {
  const [first, end] = weightRows(ctx, t);
  return end > first ? [gradientCall(ctx, binary, first, end, vis, hid, rows, scale)] : [];
}

/**
 * out = sigmoid(hbias + vis W) for `rows` rows at vis, the hidden units split across the team, so that a thread
 * reads only its columns of W (0/1 bytes sum rows of W: rbmBinPropagateColumns) or its rows of W^T (probabilities,
 * as dot products: rbmHiddenFromDenseT, faster than the GEMM tiles on W). W^T must be current.
 */
export function hiddenPhase(ctx: StepContext, binary: boolean, vis: number, rows: number, out: number): void {
  const { nVisible, nHidden, rbm, team } = ctx;
  team.run((t) => {
    const [first, end] = outputColumns(ctx, nHidden, t);
    return [binary
      ? { kernel: "rbmBinPropagateColumns", args: [vis, rows, nVisible, rbm.weights, rbm.hiddenBias, nHidden, first, end, out, 0] }
      : { kernel: "rbmHiddenFromDenseT", args: [vis, rows, nVisible, ctx.buf.weightsT, rbm.hiddenBias, nHidden, first, end, out] }];
  });
}

/**
 * Runs options.cdSteps Gibbs steps on `particles` rows from the hidden states in buf.chain, leaving the negative
 * visibles (0/1 bytes in buf.negativeVisibleBin when options.negativeVisible is "samples", else probabilities in
 * buf.negativeVisible) and hidden probabilities (buf.negativeHidden). Every step but the last samples its visibles
 * and hidden states. `alongside(t)` are extra calls for thread t in the first down pass.
 */
export function gibbs(ctx: StepContext, particles: number, alongside: (t: number) => KernelCall[]): void {
  const k = ctx.kernels;
  const { nVisible, nHidden, rbm, buf, team, options } = ctx;
  for (let step = 1; step <= options.cdSteps; step++) {
    // buf.chain holds sampled 0/1 hidden states: as bytes, they select the rows of W^T to sum, split by output
    // units so that a thread reads only its columns of W^T.
    k.rbmStatesToU8(buf.chain, particles * nHidden, buf.chainBin);
    team.run((t) => {
      const calls = step === 1 ? alongside(t) : [];
      const [first, end] = outputColumns(ctx, nVisible, t);
      calls.push({
        kernel: "rbmBinPropagateColumns",
        args: [buf.chainBin, particles, nHidden, buf.weightsT, rbm.visibleBias, nVisible, first, end, buf.negativeVisible, 0],
      });
      return calls;
    });
    const last = step === options.cdSteps;
    if (!last || options.negativeVisible === "samples") {
      k.rbmBernoulliU8(buf.negativeVisible, particles * nVisible, ctx.gibbsRng, buf.negativeVisibleBin);
      hiddenPhase(ctx, true, buf.negativeVisibleBin, particles, buf.negativeHidden);
    } else {
      hiddenPhase(ctx, false, buf.negativeVisible, particles, buf.negativeHidden);
    }
    if (!last) k.rbmBernoulliF32(buf.negativeHidden, particles * nHidden, ctx.gibbsRng, buf.chain);
  }
}

/** Whether the negative phase ends on sampled 0/1 visibles (buf.negativeVisibleBin) rather than probabilities. */
export function negativeVisibleSampled(ctx: StepContext): boolean {
  return ctx.options.negativeVisible === "samples";
}

/** The positive phase's bias gradients: gradVisible += sum of the batch's rows, gradHidden += sum of buf.positiveHidden. */
export function positiveBiasSums(ctx: StepContext, rows: number): void {
  const k = ctx.kernels;
  const { buf, nVisible, nHidden } = ctx;
  const [gradVisible, gradHidden] = biasGradients(ctx);
  if (ctx.kind === "binary") k.rbmColumnSumsBin(buf.positive, rows, nVisible, gradVisible, 1);
  else k.rbmColumnSumsDense(buf.positive, rows, nVisible, gradVisible, 1);
  k.rbmColumnSumsDense(buf.positiveHidden, rows, nHidden, gradHidden, 1);
}

/** The negative phase's bias gradients: minus the column sums of the negative visibles and hidden probabilities. */
export function negativeBiasSums(ctx: StepContext, particles: number): void {
  const k = ctx.kernels;
  const { buf, nVisible, nHidden } = ctx;
  const [gradVisible, gradHidden] = biasGradients(ctx);
  if (negativeVisibleSampled(ctx)) k.rbmColumnSumsBin(buf.negativeVisibleBin, particles, nVisible, gradVisible, -1);
  else k.rbmColumnSumsDense(buf.negativeVisible, particles, nVisible, gradVisible, -1);
  k.rbmColumnSumsDense(buf.negativeHidden, particles, nHidden, gradHidden, -1);
}

/** Pointers of the visible and hidden bias gradients in buf.gradients. */
function biasGradients(ctx: StepContext): [visible: number, hidden: number] {
  return [ctx.buf.gradients + ctx.layout.visibleBias * 4, ctx.buf.gradients + ctx.layout.hiddenBias * 4];
}

/**
 * rbm.m's update coefficients for a batch of `rows`: inc = momentum inc + step grad - l2 W - l1 sign(W), with step =
 * learning rate / rows (the batch mean), and the penalty strength times the learning rate on the chosen penalty.
 */
export function updateRule(ctx: StepContext, rows: number): { step: number; l2: number; l1: number } {
  const { options } = ctx;
  const strength = options.learningRate * options.penaltyStrength;
  return {
    step: options.learningRate / rows,
    l2: options.penalty === "l2" ? strength : 0,
    l1: options.penalty === "l1" ? strength : 0,
  };
}

/** Both biases' rbmUpdate calls (no penalty); frozen biases still pass through with zero step and momentum, which clears their gradients. */
export function biasUpdateCalls(ctx: StepContext, rows: number, momentum: number): KernelCall[] {
  const { rbm, buf, layout, nVisible, nHidden } = ctx;
  const [gradVisible, gradHidden] = biasGradients(ctx);
  const [biasMomentum, biasStep] = ctx.options.trainBiases === false ? [0, 0] : [momentum, updateRule(ctx, rows).step];
  return [
    { kernel: "rbmUpdate", args: [rbm.visibleBias, buf.increments + layout.visibleBias * 4, gradVisible, nVisible, biasMomentum, biasStep, 0, 0] },
    { kernel: "rbmUpdate", args: [rbm.hiddenBias, buf.increments + layout.hiddenBias * 4, gradHidden, nHidden, biasMomentum, biasStep, 0, 0] },
  ];
}

/**
 * Thread t's rbmGradUpdateBinTables call on its rows of W: both phases' gradients through subset-sum tables (binary
 * visibles in both: buf.positive and buf.negativeVisibleBin) and the update, in registers; then their W^T rows.
 */
export function tablesUpdateCalls(ctx: StepContext, t: number, rows: number, particles: number, momentum: number): KernelCall[] {
  const { rbm, buf, nVisible, nHidden } = ctx;
  const [first, end] = weightRows(ctx, t);
  const { step, l2, l1 } = updateRule(ctx, rows);
  const tables = buf.subsetTables + t * ctx.kernels.subsetTableBytes();
  return [{
    kernel: "rbmGradUpdateBinTables",
    args: [rbm.weights, buf.increments, buf.positive, buf.positiveHidden, rows, buf.negativeVisibleBin, buf.negativeHidden,
      particles, nVisible, nHidden, first, end, buf.gradientLookups, tables, buf.gradientPartial, momentum, step, l2, l1],
  }, ...transposeCalls(ctx, first, end)];
}
