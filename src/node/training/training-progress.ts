// Progress of greedy stack training counted in work, not mini-batches, so the
// fraction done and the ETA hold across layers and arms of different sizes: a
// mini-batch of a 1600x400 layer costs 16 times one of a 400x100 layer, since
// every CD step's products (v W, h W^T, the gradient v^T h) take
// rows x nVisible x nHidden multiply-adds.

import type { LayerTrainingOptions } from "../../rbm/training-options.js";

/**
 * Where greedy training of a stack stands, in work units: one unit is one training row passed through one
 * weight (rows x nVisible x nHidden per layer and epoch). Only ratios and rates of units mean anything.
 */
export interface StackProgressPlan {
  /** Work units in the whole stack. */
  total: number;
  /**
   * Work units finished once `batch` mini-batches (0 to the epoch's count) of `epoch` of `layer` (both 1-based)
   * are done: done(layer, epoch, 0) is where that epoch starts; `batch` is as onBatch reports it.
   */
  done(layer: number, epoch: number, batch: number): number;
}

/**
 * The plan for training `layers` greedily on `trainSamples` rows of width `nVisible` (the data's; each next
 * layer's visible width is the previous layer's nHidden).
 */
export function stackProgressPlan(layers: readonly LayerTrainingOptions[], nVisible: number, trainSamples: number): StackProgressPlan {
  const widths = layers.map((l, i) => (i === 0 ? nVisible : layers[i - 1]!.nHidden) * l.nHidden);
  const epochUnits = widths.map((width) => trainSamples * width);
  const before = (layer: number) => layers.slice(0, layer - 1).reduce((sum, l, i) => sum + l.epochs * epochUnits[i]!, 0);
  return {
    total: before(layers.length + 1),
    done: (layer, epoch, batch) => {
      // the last mini-batch of an epoch may be shorter: count rows, not batches
      const rows = Math.min(batch * layers[layer - 1]!.batchSize, trainSamples);
      return before(layer) + (epoch - 1) * epochUnits[layer - 1]! + rows * widths[layer - 1]!;
    },
  };
}

/** Training rows left after holding out `fraction` (as splitData rounds it). */
export function trainingRows(nSamples: number, fraction: number): number {
  return nSamples - Math.round(fraction * nSamples);
}
