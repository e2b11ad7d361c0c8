// CD-k / PCD-k on binary data with sampled negative visibles (Hinton 2002;
// Tieleman 2008), when it is not one-pass PCD (k > 1, or CD): the same up
// pass and Gibbs steps as rbm.m's strategy, but with 0/1 visibles in both
// phases the weight gradient is summed through subset-sum tables of batch
// rows and applied in registers (rbmGradUpdateBinTables), so no positive
// gradient rides along with the Gibbs steps.

import { chainPhases, gibbsPhase, upPhase } from "./cd-phases.js";
import { biasUpdateCalls, negativeBiasSums, tablesUpdateCalls } from "./passes.js";
import { chainRows, type StepContext, type StepPhase, type StepStrategyBase } from "./step-context.js";

/** CD-k / PCD-k with sampled negatives on binary data: the gradient and update by rbmGradUpdateBinTables. */
export type SampledTablesCdStrategy = StepStrategyBase<"CD-k, sampled negatives">;

/** The sampled-negatives CD-k strategy. */
export function sampledTablesCdStrategy(): SampledTablesCdStrategy {
  return {
    name: "CD-k, sampled negatives",
    kernels: [
      "rbmBinPropagateColumns", "rbmColumnSumsBin", "rbmColumnSumsDense", "rbmBernoulliF32", "rbmStatesToU8", "rbmBernoulliU8",
      "rbmGradUpdateBinTables", "rbmTransposeRows", "rbmUpdate",
    ],
    open: (ctx) => [upPhase(ctx), gibbsPhase(ctx, () => []), tablesUpdatePhase(ctx), ...chainPhases(ctx)],
  };
}

/** The negative bias sums, then each thread's rows of W by rbmGradUpdateBinTables and their W^T rows; thread 0 the biases. */
function tablesUpdatePhase(ctx: StepContext): StepPhase {
  return {
    name: "gradient and update by subset-sum tables, W^T",
    run: ({ rows, momentum }) => {
      const particles = chainRows(ctx, rows);
      negativeBiasSums(ctx, particles);
      ctx.team.run((t) => [
        ...tablesUpdateCalls(ctx, t, rows, particles, momentum),
        ...(t === 0 ? biasUpdateCalls(ctx, rows, momentum) : []),
      ]);
    },
  };
}
