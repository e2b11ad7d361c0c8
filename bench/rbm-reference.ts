// The plain-TypeScript peer of the RBM benchmark: one CD-1 step of rbm.m's
// rules (momentum, L1 weight cost, probabilities for the negative visibles)
// written the way one would without SIMD or WebAssembly: Float32Array
// parameters, float64 arithmetic in loops whose inner loop runs along a row
// of W. It is timed on a few mini-batches and scaled to an epoch.

import { mulberry32 } from "../test/support/random.js";

export interface ReferenceRbm {
  nVisible: number;
  nHidden: number;
  weights: Float32Array;
  visibleBias: Float32Array;
  hiddenBias: Float32Array;
  increments: Float32Array;
}

/** Weights uniform with standard deviation 0.1 (rbm.m's scale; the timing does not depend on their law). */
export function referenceRbm(nVisible: number, nHidden: number, seed: number): ReferenceRbm {
  const random = mulberry32(seed);
  const weights = Float32Array.from({ length: nVisible * nHidden }, () => 0.1 * Math.sqrt(3) * (2 * random() - 1));
  return {
    nVisible, nHidden, weights,
    visibleBias: new Float32Array(nVisible), hiddenBias: new Float32Array(nHidden),
    increments: new Float32Array(nVisible * nHidden),
  };
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** out[b, j] = sigmoid(bias[j] + sum_i input[b, i] W[i, j]). */
function up(rbm: ReferenceRbm, input: ArrayLike<number>, batch: number, out: Float32Array): void {
  const { nVisible, nHidden, weights } = rbm;
  const row = new Float64Array(nHidden);
  for (let b = 0; b < batch; b++) {
    row.set(rbm.hiddenBias);
    for (let i = 0; i < nVisible; i++) {
      const v = input[b * nVisible + i]!;
      if (v === 0) continue;
      const w = i * nHidden;
      for (let j = 0; j < nHidden; j++) row[j]! += v * weights[w + j]!;
    }
    for (let j = 0; j < nHidden; j++) out[b * nHidden + j] = sigmoid(row[j]!);
  }
}

/** out[b, i] = sigmoid(vbias[i] + sum_j hidden[b, j] W[i, j]). */
function down(rbm: ReferenceRbm, hidden: Float32Array, batch: number, out: Float32Array): void {
  const { nVisible, nHidden, weights } = rbm;
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < nVisible; i++) {
      let sum = rbm.visibleBias[i]!;
      const w = i * nHidden;
      for (let j = 0; j < nHidden; j++) sum += hidden[b * nHidden + j]! * weights[w + j]!;
      out[b * nVisible + i] = sigmoid(sum);
    }
  }
}

/** One CD-1 update on `batch` rows of 0/1 data (rbm.m: epsilon 0.1, momentum, weight cost as L1). */
export function referenceCdStep(
  rbm: ReferenceRbm, data: Uint8Array, batch: number, random: () => number,
  learningRate = 0.1, momentum = 0.9, weightCost = 2e-4,
): void {
  const { nVisible, nHidden, weights, increments } = rbm;
  const positiveHidden = new Float32Array(batch * nHidden);
  const hiddenStates = new Float32Array(batch * nHidden);
  const negativeVisible = new Float32Array(batch * nVisible);
  const negativeHidden = new Float32Array(batch * nHidden);
  up(rbm, data, batch, positiveHidden);
  for (let k = 0; k < hiddenStates.length; k++) hiddenStates[k] = positiveHidden[k]! > random() ? 1 : 0;
  down(rbm, hiddenStates, batch, negativeVisible);
  up(rbm, negativeVisible, batch, negativeHidden);
  const gradient = new Float64Array(nVisible * nHidden);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < nVisible; i++) {
      const v = data[b * nVisible + i]!, nv = negativeVisible[b * nVisible + i]!;
      const g = i * nHidden;
      for (let j = 0; j < nHidden; j++) {
        gradient[g + j]! += v * positiveHidden[b * nHidden + j]! - nv * negativeHidden[b * nHidden + j]!;
      }
    }
  }
  for (let k = 0; k < weights.length; k++) {
    increments[k] = momentum * increments[k]! + learningRate * (gradient[k]! / batch - weightCost * Math.sign(weights[k]!));
    weights[k]! += increments[k]!;
  }
  // Biases (rbm.m: no weight cost on them); their increments are not kept here, a negligible simplification.
  for (let i = 0; i < nVisible; i++) {
    let sum = 0;
    for (let b = 0; b < batch; b++) sum += data[b * nVisible + i]! - negativeVisible[b * nVisible + i]!;
    rbm.visibleBias[i]! += (learningRate * sum) / batch;
  }
  for (let j = 0; j < nHidden; j++) {
    let sum = 0;
    for (let b = 0; b < batch; b++) sum += positiveHidden[b * nHidden + j]! - negativeHidden[b * nHidden + j]!;
    rbm.hiddenBias[j]! += (learningRate * sum) / batch;
  }
}
