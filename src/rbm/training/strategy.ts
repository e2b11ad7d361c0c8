// A step strategy is how one mini-batch step runs: which kernels, in which
// passes, split how across threads. The session chooses one per layer from
// the options and the data kind (chooseStepStrategy) and runs its phases on
// every batch; docs/architecture.md tabulates which settings select which.

import type { StorageKind } from "../propagate.js";
import type { LayerTrainingOptions } from "../training-options.js";
import type { BatchStep, StepPhase } from "./step-context.js";
import { onePassPcdStrategy, isOnePassPcd, type OnePassPcdStrategy } from "./one-pass-pcd.js";
import { rbmmCdStrategy, type RbmmCdStrategy } from "./rbmm-cd.js";
import { sampledTablesCdStrategy, type SampledTablesCdStrategy } from "./sampled-tables-cd.js";

/** One of the trainer's step strategies. */
export type StepStrategy = RbmmCdStrategy | SampledTablesCdStrategy | OnePassPcdStrategy;

/** The name of a step strategy. */
export type StepStrategyName = StepStrategy["name"];

/**
 * The strategy a layer trains with, chosen once per session: one-pass PCD for scikit-learn's PCD-1 with sampled
 * visibles on binary data; CD-k / PCD-k with the subset-sum-table update for other runs with sampled negative visibles
 * on binary data; rbm.m's CD-k otherwise. `batchSize` (options.batchSize, a setting, never the thread count) picks
 * one-pass PCD's kernels, so the trained bits do not depend on the thread count.
 */
export function chooseStepStrategy(options: LayerTrainingOptions, kind: StorageKind, batchSize: number): StepStrategy {
  if (isOnePassPcd(options, kind)) return onePassPcdStrategy(batchSize);
  if (kind === "binary" && options.negativeVisible === "samples") return sampledTablesCdStrategy();
  return rbmmCdStrategy();
}

/** Runs one mini-batch step: every phase, in order. */
export function runStep(phases: readonly StepPhase[], batch: BatchStep): void {
  for (const phase of phases) phase.run(batch);
}
