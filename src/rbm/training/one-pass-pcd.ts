// One-pass PCD: scikit-learn's BernoulliRBM.fit step (PCD-1 with sampled
// visibles, Tieleman 2008) on binary data. The chain's down pass needs only
// the chain, so it goes first, and both up passes (the data's and the
// chain's, through the same W) follow in one barrier. Each pass is split
// across the team by output units, not rows, so a thread reads only its
// share of W or W^T however small the batch (at scikit-learn's batch of 10,
// a row split had every thread read all of W in three passes a step). Each
// thread samples the units it computed, from the Gibbs stream jumped to them
// (stream-split.ts): the same numbers as one thread in order.

import type { KernelCall } from "../../threads/pool.js";
import type { StorageKind } from "../propagate.js";
import { StreamSplit } from "../stream-split.js";
import type { LayerTrainingOptions } from "../training-options.js";
import { biasUpdateCalls, COLUMN_SPLIT, negativeBiasSums, outputColumns, positiveBiasSums, tablesUpdateCalls } from "./passes.js";
import type { StepContext, StepPhase, StepStrategyBase } from "./step-context.js";

/**
 * From this batch size (options.batchSize) on, one-pass PCD's binary passes use complement sums
 * (rbmBinPropagateColumns with a `sums` scratch): a 64-row block of W (or W^T) that a row has mostly on is summed as
 * the block's totals minus the rows that are off. The paper's Ising rows have about a third of a block's bits on the
 * smaller side, against half summed directly, and a block's totals (64 row additions, made when a row first needs
 * them) are shared by the batch, so from a few rows on they pay (bench/rbm.ts's preset profile). Other roundings than
 * direct sums (test/peers/rbm-sklearn.test.ts still holds the replay of scikit-learn to 2e-6); the same bits on any thread
 * count.
 */
export const COMPLEMENT_MIN_BATCH = 8;

/**
 * From this batch size (options.batchSize) on, one-pass PCD runs its two up passes through subset-sum tables of 4
 * rows of W (rbmBinPropagateTables), below it by complement sums: the tables (15 additions per group and column
 * block) are built once per call, and building them costs more than the lookups save at small batches (scikit-learn's
 * 10), less from a few dozen rows on (bench/rbm.ts's preset profile).
 */
export const PROPAGATE_TABLES_MIN_BATCH = 32;

/** scikit-learn's PCD-1 with sampled visibles on binary data, its kernels fixed by the batch size. */
export interface OnePassPcdStrategy extends StepStrategyBase<"one-pass PCD"> {
  /** Whether the binary passes use complement sums (batchSize >= COMPLEMENT_MIN_BATCH). */
  readonly complementSums: boolean;
  /** Whether the up passes go through subset-sum tables (batchSize >= PROPAGATE_TABLES_MIN_BATCH). */
  readonly propagateTables: boolean;
}

/** Whether `options` on `kind` data train by one-pass PCD: persistent, binary, sampled negative visibles, k = 1. */
export function isOnePassPcd(options: LayerTrainingOptions, kind: StorageKind): boolean {
  return options.persistent && kind === "binary" && options.negativeVisible === "samples" && options.cdSteps === 1;
}

/** The one-pass PCD strategy for batches of `batchSize` rows (a setting, so the bits do not depend on the threads). */
export function onePassPcdStrategy(batchSize: number): OnePassPcdStrategy {
  const complementSums = batchSize >= COMPLEMENT_MIN_BATCH;
  const propagateTables = batchSize >= PROPAGATE_TABLES_MIN_BATCH;
  const strategy: OnePassPcdStrategy = {
    name: "one-pass PCD",
    complementSums,
    propagateTables,
    kernels: [
      "rbmStatesToU8", "rbmBinPropagateColumns", "rbmBernoulliU8Columns", propagateTables ? "rbmBinPropagateTables" : "rbmBinPropagateColumns",
      "rbmColumnSumsBin", "rbmColumnSumsDense", "rbmBernoulliF32Columns", "rbmGradUpdateBinTables", "rbmTransposeRows", "rbmUpdate",
    ],
    open: (ctx) => {
      const draws = {
        visible: new StreamSplit(ctx.core, ctx.team, ctx.nVisible, COLUMN_SPLIT, ctx.buf.visibleDraws),
        hidden: new StreamSplit(ctx.core, ctx.team, ctx.nHidden, COLUMN_SPLIT, ctx.buf.hiddenDraws),
      };
      return [chainDownPhase(ctx, strategy, draws.visible), upPassesPhase(ctx, strategy), updatePhase(ctx, draws.hidden)];
    },
  };
  return strategy;
}

/** Thread t's complement-sum scratch, or 0 (none) below COMPLEMENT_MIN_BATCH. */
function complementScratch(ctx: StepContext, strategy: OnePassPcdStrategy, t: number): number {
  return strategy.complementSums ? ctx.buf.complementSums + t * ctx.kernels.complementSumsBytes() : 0;
}

/** The chain's down pass from its hidden states (buf.chain) and the sampled visibles (buf.negativeVisibleBin). */
function chainDownPhase(ctx: StepContext, strategy: OnePassPcdStrategy, draws: StreamSplit): StepPhase {
  const { nVisible, nHidden, particles, rbm, buf, team } = ctx;
  return {
    name: "chain down, sample visibles",
    run: () => {
      ctx.kernels.rbmStatesToU8(buf.chain, particles * nHidden, buf.chainBin);
      draws.prepare(ctx.core, ctx.gibbsRng);
      team.run((t) => {
        const [first, end] = outputColumns(ctx, nVisible, t);
        return [{
          kernel: "rbmBinPropagateColumns",
          args: [buf.chainBin, particles, nHidden, buf.weightsT, rbm.visibleBias, nVisible, first, end, buf.negativeVisible,
            complementScratch(ctx, strategy, t)],
        }, ...draws.calls(t, "rbmBernoulliU8Columns", buf.negativeVisible, particles, buf.negativeVisibleBin)];
      });
      draws.finish(ctx.core, ctx.gibbsRng);
    },
  };
}

/** Both up passes through W, in one barrier: the data's (buf.positiveHidden) and the chain's (buf.negativeHidden). */
function upPassesPhase(ctx: StepContext, strategy: OnePassPcdStrategy): StepPhase {
  return {
    name: strategy.propagateTables ? "data and chain up, subset-sum tables" : "data and chain up",
    run: ({ rows }) => ctx.team.run((t) => upPassCalls(ctx, strategy, t, rows)),
  };
}

/** Thread t's up-pass calls on its hidden units: one rbmBinPropagateTables call, or two rbmBinPropagateColumns. */
function upPassCalls(ctx: StepContext, strategy: OnePassPcdStrategy, t: number, rows: number): KernelCall[] {
  const { nVisible, nHidden, particles, rbm, buf } = ctx;
  const [first, end] = outputColumns(ctx, nHidden, t);
  if (strategy.propagateTables) {
    const lookupBytes = (ctx.batchSize + particles) * ctx.kernels.propagateLookupBytes(nVisible);
    return [{
      kernel: "rbmBinPropagateTables",
      args: [buf.positive, rows, buf.positiveHidden, buf.negativeVisibleBin, particles, buf.negativeHidden, nVisible, rbm.weights,
        rbm.hiddenBias, nHidden, first, end, buf.upLookups + t * lookupBytes, buf.subsetTables + t * ctx.kernels.subsetTableBytes()],
    }];
  }
  const sums = complementScratch(ctx, strategy, t);
  const up = (rowsPtr: number, count: number, out: number): KernelCall => ({
    kernel: "rbmBinPropagateColumns", args: [rowsPtr, count, nVisible, rbm.weights, rbm.hiddenBias, nHidden, first, end, out, sums],
  });
  return [up(buf.positive, rows, buf.positiveHidden), up(buf.negativeVisibleBin, particles, buf.negativeHidden)];
}

/**
 * Both phases' bias sums, then on each thread: the chain's next hidden states (its units, sampled from
 * buf.negativeHidden, as scikit-learn samples after the update), its rows of W by rbmGradUpdateBinTables and their
 * W^T rows; thread 0 updates the biases.
 */
function updatePhase(ctx: StepContext, draws: StreamSplit): StepPhase {
  const { buf, particles } = ctx;
  return {
    name: "gradient and update by subset-sum tables, W^T, sample chain",
    run: ({ rows, momentum }) => {
      positiveBiasSums(ctx, rows);
      negativeBiasSums(ctx, particles);
      draws.prepare(ctx.core, ctx.gibbsRng);
      ctx.team.run((t) => [
        ...draws.calls(t, "rbmBernoulliF32Columns", buf.negativeHidden, particles, buf.chain),
        ...tablesUpdateCalls(ctx, t, rows, particles, momentum),
        ...(t === 0 ? biasUpdateCalls(ctx, rows, momentum) : []),
      ]);
      draws.finish(ctx.core, ctx.gibbsRng);
    },
  };
}
