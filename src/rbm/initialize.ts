// Initial parameters: weights initStd * N(0, 1) (rbm.m: 0.1*randn), hidden
// biases 0, visible biases 0 or log(p / (1 - p)) of the data.

import type { Core } from "../wasm.js";
import type { LayerData } from "./layer-data.js";
import { zeroParameters, type RbmParameters } from "./rbm-parameters.js";

export function initialParameters(
  core: Core, rngPtr: number, data: LayerData, nHidden: number, initStd: number, visibleBiasFromData: boolean,
): RbmParameters {
  const params = zeroParameters(data.nVisible, nHidden);
  fillNormal(core, rngPtr, params.weights, initStd);
  if (visibleBiasFromData) params.visibleBias.set(logOdds(data));
  return params;
}

/** Box-Muller on pairs of 32-bit uniforms in (0, 1]. */
export function fillNormal(core: Core, rngPtr: number, out: Float32Array, std: number): void {
  core.arena.scoped(() => {
    const pairs = Math.ceil(out.length / 2);
    const buffer = core.arena.alloc(pairs * 8);
    core.kernels.rngFillU32(rngPtr, buffer, pairs * 2);
    const draws = core.arena.u32(buffer, pairs * 2);
    for (let p = 0; p < pairs; p++) {
      const radius = Math.sqrt(-2 * Math.log((draws[2 * p]! + 1) / 2 ** 32));
      const angle = (2 * Math.PI * draws[2 * p + 1]!) / 2 ** 32;
      out[2 * p] = std * radius * Math.cos(angle);
      if (2 * p + 1 < out.length) out[2 * p + 1] = std * radius * Math.sin(angle);
    }
  });
}

/** log(p / (1 - p)) per visible unit, p clipped to [1e-3, 1 - 1e-3] so constant units stay finite. */
export function logOdds(data: LayerData): Float32Array {
  const means = new Float64Array(data.nVisible);
  for (let r = 0; r < data.nSamples; r++) {
    for (let i = 0; i < data.nVisible; i++) means[i]! += data.values[r * data.nVisible + i]!;
  }
  return Float32Array.from(means, (total) => {
    const p = Math.min(1 - 1e-3, Math.max(1e-3, total / data.nSamples));
    return Math.log(p / (1 - p));
  });
}
