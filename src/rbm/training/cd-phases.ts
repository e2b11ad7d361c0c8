// The phases of a CD-k / PCD-k step (Hinton 2002; Tieleman 2008 for the
// persistent chain) that rbm.m's strategy and the sampled-negatives tables
// strategy share: the up pass from the data, the Gibbs steps, and the
// persistent chain's next hidden states. They differ in the weight update.

import type { KernelCall } from "../../threads/pool.js";
import { gibbs, hiddenPhase, positiveBiasSums } from "./passes.js";
import { chainRows, type StepContext, type StepPhase } from "./step-context.js";

/**
 * The up pass: buf.positiveHidden = sigmoid(hbias + data W) for the batch, the positive bias sums, and (CD) the chain
 * started from hidden states sampled from those probabilities.
 */
export function upPhase(ctx: StepContext): StepPhase {
  const k = ctx.kernels;
  const { buf, nHidden } = ctx;
  return {
    name: "up pass",
    run: ({ rows }) => {
      hiddenPhase(ctx, ctx.kind === "binary", buf.positive, rows, buf.positiveHidden);
      positiveBiasSums(ctx, rows);
      if (!ctx.options.persistent) k.rbmBernoulliF32(buf.positiveHidden, rows * nHidden, ctx.gibbsRng, buf.chain);
    },
  };
}

/**
 * options.cdSteps Gibbs steps from buf.chain (see passes.ts gibbs); `positiveGradient(t, rows)` are thread t's calls
 * that ride along with the first down pass (none when the update computes the gradient itself).
 */
export function gibbsPhase(ctx: StepContext, positiveGradient: (t: number, rows: number) => KernelCall[]): StepPhase {
  return {
    name: `Gibbs (k = ${ctx.options.cdSteps})`,
    run: ({ rows }) => gibbs(ctx, chainRows(ctx, rows), (t) => positiveGradient(t, rows)),
  };
}

/**
 * PCD: the chain moves on with hidden states sampled from the negative phase's probabilities (scikit-learn samples
 * after the update too); CD restarts at the data, so it has no such phase.
 */
export function chainPhases(ctx: StepContext): StepPhase[] {
  if (!ctx.options.persistent) return [];
  const { buf, nHidden, particles } = ctx;
  return [{
    name: "chain hidden states",
    run: () => ctx.kernels.rbmBernoulliF32(buf.negativeHidden, particles * nHidden, ctx.gibbsRng, buf.chain),
  }];
}
