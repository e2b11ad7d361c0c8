// rbm.m's CD-k (Hinton & Salakhutdinov's rbm.m; Hinton 2002), also with a
// persistent chain (PCD-k, Tieleman 2008): up pass, k Gibbs steps, then the
// weight gradient, rbm.m's update and W^T's refresh by row blocks of W:
//   inc = momentum * inc + lr * ((pos - neg) / batch - penalty'(W)),  W += inc
// with the penalty strength * W (L2, rbm.m's weightcost) or strength *
// sign(W) (L1, Mehta & Schwab App. A), on weights only. The default for
// dense data and for negative visible probabilities.

import type { KernelCall } from "../../threads/pool.js";
import { chainPhases, gibbsPhase, upPhase } from "./cd-phases.js";
import {
  biasUpdateCalls, gradientCall, negativeBiasSums, negativeVisibleSampled, threadGradientCalls, transposeCalls, updateRule,
  weightRows,
} from "./passes.js";
import { chainRows, type BatchStep, type StepContext, type StepPhase, type StepStrategyBase } from "./step-context.js";

/** rbm.m's CD-k / PCD-k: the gradient by row sums (binary rows) or GEMM (dense), then rbmUpdate, by row blocks. */
export type RbmmCdStrategy = StepStrategyBase<"rbm.m CD-k">;

/** The rbm.m CD-k strategy. */
export function rbmmCdStrategy(): RbmmCdStrategy {
  return {
    name: "rbm.m CD-k",
    kernels: [
      "rbmBinPropagateColumns | rbmHiddenFromDenseT", "rbmColumnSumsBin | rbmColumnSumsDense", "rbmBernoulliF32",
      "rbmStatesToU8", "rbmGradBinRows | rbmGradDenseRows", "rbmBernoulliU8", "rbmUpdate", "rbmTransposeRows",
    ],
    open: (ctx) => [
      upPhase(ctx),
      // The positive-phase gradient rides along with the first down pass, each thread its rows of W.
      gibbsPhase(ctx, (t, rows) => threadGradientCalls(ctx, ctx.kind === "binary", t, ctx.buf.positive, ctx.buf.positiveHidden, rows, 1)),
      rowBlockUpdatePhase(ctx),
      ...chainPhases(ctx),
    ],
  };
}

/**
 * Rows of W per block of the gradient sums, update and transpose, for a thread's slice of `rows` rows: at least 64
 * (100 KB of 400 units), and few enough blocks per thread that their calls fit a phase's slot (CONTROL.slotDoubles in
 * src/threads/protocol.ts).
 */
function updateRowBlock(rows: number): number {
  const maxBlocks = 16;
  return Math.max(64, Math.ceil(rows / maxBlocks / 16) * 16);
}

/**
 * The negative bias sums, then each thread's rows of W in blocks: a block's negative gradient, its rbmUpdate and its
 * W^T rows, so the block's gradient rows stay in cache from their sums through the update and the transpose instead
 * of each of the three passes streaming the thread's whole slice of the gradient through L3. Thread 0 then updates
 * the biases.
 */
function rowBlockUpdatePhase(ctx: StepContext): StepPhase {
  return {
    name: "gradient, update and W^T by row blocks",
    run: (batch) => {
      negativeBiasSums(ctx, chainRows(ctx, batch.rows));
      ctx.team.run((t) => [...rowBlockCalls(ctx, t, batch), ...(t === 0 ? biasUpdateCalls(ctx, batch.rows, batch.momentum) : [])]);
    },
  };
}

/** Thread t's row-block calls (see rowBlockUpdatePhase). */
function rowBlockCalls(ctx: StepContext, t: number, { rows, momentum }: BatchStep): KernelCall[] {
  const { rbm, buf, nHidden } = ctx;
  const particles = chainRows(ctx, rows);
  const sampled = negativeVisibleSampled(ctx);
  const negativeVisible = sampled ? buf.negativeVisibleBin : buf.negativeVisible;
  const { step, l2, l1 } = updateRule(ctx, rows);
  const [first, end] = weightRows(ctx, t);
  const blockRows = updateRowBlock(end - first);
  const calls: KernelCall[] = [];
  for (let block = first; block < end; block += blockRows) {
    const blockEnd = Math.min(block + blockRows, end);
    const offset = block * nHidden * 4;
    calls.push(
      gradientCall(ctx, sampled, block, blockEnd, negativeVisible, buf.negativeHidden, particles, -1),
      {
        kernel: "rbmUpdate",
        args: [rbm.weights + offset, buf.increments + offset, buf.gradients + offset, (blockEnd - block) * nHidden, momentum, step, l2, l1],
      },
      ...transposeCalls(ctx, block, blockEnd),
    );
  }
  return calls;
}
