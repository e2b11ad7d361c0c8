// Progress of greedy stack training counted in mini-batches, so a bar moves
// evenly across layers and arms of different sizes.

import type { LayerTrainingOptions } from "../rbm/training-options.js";

export interface StackProgressPlan {
  /** Mini-batches in the whole stack. */
  total: number;
  /** Mini-batches finished before `epoch` of `layer` (both 1-based) starts. */
  doneBefore(layer: number, epoch: number): number;
}

export function stackProgressPlan(layers: readonly LayerTrainingOptions[], trainSamples: number): StackProgressPlan {
  const batches = layers.map((l) => Math.ceil(trainSamples / l.batchSize));
  const layerTotals = layers.map((l, i) => l.epochs * batches[i]!);
  const before = (layer: number) => layerTotals.slice(0, layer - 1).reduce((a, b) => a + b, 0);
  return {
    total: before(layers.length + 1),
    doneBefore: (layer, epoch) => before(layer) + (epoch - 1) * batches[layer - 1]!,
  };
}

/** Training rows left after holding out `fraction` (as splitData rounds it). */
export function trainingRows(nSamples: number, fraction: number): number {
  return nSamples - Math.round(fraction * nSamples);
}
