// Brute-force quantities of a tiny Bernoulli RBM, by enumerating states.
import type { RbmParameters } from "../../src/rbm/rbm-parameters.js";

/** Visible state with index `code`: bit i is unit i. */
export function visibleState(code: number, nVisible: number): Uint8Array {
  return Uint8Array.from({ length: nVisible }, (_, i) => (code >> i) & 1);
}

/** F(v) = -log sum_h exp(-E(v, h)), E = -v.b - h.c - v W h, summing over all 2^nHidden h. */
export function freeEnergyByEnumeration(params: RbmParameters, v: ArrayLike<number>): number {
  const { nVisible, nHidden } = params;
  const terms: number[] = [];
  for (let code = 0; code < 2 ** nHidden; code++) {
    let negEnergy = 0;
    for (let i = 0; i < nVisible; i++) negEnergy += v[i]! * params.visibleBias[i]!;
    for (let j = 0; j < nHidden; j++) {
      if (((code >> j) & 1) === 0) continue;
      negEnergy += params.hiddenBias[j]!;
      for (let i = 0; i < nVisible; i++) negEnergy += v[i]! * params.weights[i * nHidden + j]!;
    }
    terms.push(negEnergy);
  }
  return -logSumExp(terms);
}

/** Mean log p(v) over rows of `data` (row-major 0/1), exact: log Z by enumerating every visible state. */
export function exactLogLikelihood(params: RbmParameters, data: Uint8Array, nSamples: number): number {
  const { nVisible } = params;
  const logZ = logSumExp(Array.from({ length: 2 ** nVisible }, (_, code) => -freeEnergyByEnumeration(params, visibleState(code, nVisible))));
  let total = 0;
  for (let r = 0; r < nSamples; r++) total -= freeEnergyByEnumeration(params, data.subarray(r * nVisible, (r + 1) * nVisible));
  return total / nSamples - logZ;
}

export function logSumExp(values: readonly number[]): number {
  const max = Math.max(...values);
  return max + Math.log(values.reduce((sum, v) => sum + Math.exp(v - max), 0));
}

