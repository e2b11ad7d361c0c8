// Kernel memory a training run needs, so that a run too large for
// WebAssembly's 4 GiB (wasm32) is refused before anything is allocated.

import type { LayerTrainingOptions } from "./training-options.js";

export const WASM_MEMORY_LIMIT_BYTES = 4 * 2 ** 30;
const SCORE_CHUNK_ROWS = 256;
const SCORE_THREADS = 64;

/**
 * Peak bytes of kernel memory while training layer by layer: the layer's
 * input (bytes for 0/1 data, float32 above the first layer), parameters,
 * momentum and gradient buffers (3 x params), the transpose of W for the
 * down pass, the mini-batch buffers and the per-epoch scoring buffers
 * (256-row chunks, see layer-scores.ts, with scratch for up to SCORE_THREADS
 * threads).
 */
export function trainingMemoryBytes(nSamples: number, nVisible: number, layers: readonly LayerTrainingOptions[]): number {
  let peak = 0;
  let inputWidth = nVisible;
  layers.forEach((layer, i) => {
    const bytesPerInput = i === 0 ? 1 : 4;
    const params = inputWidth * layer.nHidden + inputWidth + layer.nHidden;
    const batch = layer.batchSize * (inputWidth * (bytesPerInput + 4 + 1) + 3 * layer.nHidden * 4 + layer.nHidden) +
      inputWidth * 8 * Math.ceil(layer.batchSize / 64);
    const scoring = SCORE_CHUNK_ROWS * (inputWidth * (bytesPerInput + 8) + layer.nHidden * 4 + 24) + SCORE_THREADS * 2 * layer.nHidden * 4;
    const weightsT = inputWidth * layer.nHidden * 4;
    peak = Math.max(peak, nSamples * inputWidth * bytesPerInput + 3 * params * 4 + weightsT + batch + nSamples * 4 + scoring);
    inputWidth = layer.nHidden;
  });
  return peak;
}

/** Throws RangeError, saying how large and what to do, when a run cannot fit. */
export function checkTrainingFits(nSamples: number, nVisible: number, layers: readonly LayerTrainingOptions[]): void {
  const needed = trainingMemoryBytes(nSamples, nVisible, layers);
  if (needed <= WASM_MEMORY_LIMIT_BYTES * 0.95) return;
  const gib = (needed / 2 ** 30).toFixed(1);
  throw new RangeError(
    `training needs about ${gib} GiB of WebAssembly memory (limit 4 GiB): use fewer samples, ` +
    `smaller layers or a smaller lattice`,
  );
}
