// Kernel memory a training run needs, so that a run too large for
// WebAssembly's 4 GiB (wasm32) is refused before anything is allocated.
// The sizes are the trainer's and the scorer's own (trainingBufferBytes,
// scoringBufferBytes), so the estimate follows them when they change.

import type { LayerTrainingOptions } from "./training-options.js";
import { trainingBufferBytes, type KernelScratchSizes } from "./training/index.js";
import { scoringBufferBytes } from "./layer-scores.js";
import { parameterLayout } from "./rbm-parameters.js";

export const WASM_MEMORY_LIMIT_BYTES = 4 * 2 ** 30;
/** Threads per-thread scratch (training and scoring) is counted for: more than any machine here runs a team of. */
const SCRATCH_THREADS = 64;
/** Arena rounding (16 bytes per allocation) and the RNG streams: small, counted generously. */
const SLACK_BYTES = 4096;

/**
 * The kernels' scratch sizes (assembly/subset-sums.ts subsetTableBytes, rbm-grad-tables.ts gradLookupBytes and
 * gradPartialBytes, rbm-propagate-tables.ts propagateLookupBytes, rbm-propagate.ts complementSumsBytes), written out
 * here because the estimate runs before any WebAssembly instance exists (a sweep sizes its Slurm jobs on the submit
 * host, and checkTrainingFits refuses a run before anything is allocated). The trainer itself reads them from core.kernels;
 * test/kernels/rbm-kernels.test.ts holds these to the kernels, so the estimate still counts what the trainer allocates.
 */
export const ESTIMATE_KERNEL_SCRATCH: KernelScratchSizes = {
  subsetTableBytes: () => 30 * 1024,
  gradLookupBytes: (rowsPos, rowsNeg) => 2 * (Math.ceil(rowsPos / 5) + Math.ceil(rowsNeg / 5)),
  gradPartialBytes: () => 96,
  propagateLookupBytes: (nIn) => 2 * Math.ceil(nIn / 4),
  complementSumsBytes: () => 96,
};

const total = (bytes: Record<string, number>) => Object.values(bytes).reduce((sum, size) => sum + size, 0);

/**
 * Peak bytes of kernel memory while training layer by layer: for each layer,
 * its parameters, the trainer's buffers (input rows as bytes for 0/1 data and
 * float32 above the first layer, momentum, gradients, W^T, mini-batch and
 * chain buffers) and the per-epoch scoring buffers.
 */
export function trainingMemoryBytes(nSamples: number, nVisible: number, layers: readonly LayerTrainingOptions[]): number {
  let peak = 0;
  let inputWidth = nVisible;
  layers.forEach((layer, i) => {
    const kind = i === 0 ? "binary" : "dense";
    const parameters = parameterLayout(inputWidth, layer.nHidden).count * 4;
    const trainer = total(trainingBufferBytes(
      kind, nSamples, inputWidth, layer.nHidden, layer.batchSize, SCRATCH_THREADS, ESTIMATE_KERNEL_SCRATCH,
    ));
    const scoring = total(scoringBufferBytes(kind, inputWidth, layer.nHidden, SCRATCH_THREADS, true));
    peak = Math.max(peak, parameters + trainer + scoring + SLACK_BYTES);
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
