// Kernel memory of one layer's training session: every buffer's size, in
// the order the session allocates them. The memory estimate
// (src/rbm/memory-estimate.ts) adds up the same record, so it counts what
// the trainer really allocates.

import type { Core } from "../../wasm.js";
import type { Kernels } from "../../kernels.js";
import { bytesPerRow, type StorageKind } from "../propagate.js";
import { parameterLayout } from "../rbm-parameters.js";
import { streamSplitBytes } from "../stream-split.js";

/**
 * The kernels' own scratch sizes the buffers depend on (exported by assembly/subset-sums.ts, rbm-grad-tables.ts,
 * rbm-propagate-tables.ts and rbm-propagate.ts): `core.kernels` satisfies it.
 */
export type KernelScratchSizes = Pick<
  Kernels, "subsetTableBytes" | "gradLookupBytes" | "gradPartialBytes" | "propagateLookupBytes" | "complementSumsBytes"
>;

/** Kernel-memory buffers of one layer's training session (byte offsets into Core.memory once allocated). */
export type TrainingBuffer =
  | "data" | "increments" | "gradients" | "positive" | "positiveHidden" | "chain" | "negativeVisible"
  | "negativeVisibleBin" | "negativeHidden" | "weightsT" | "chainBin" | "gradientMasks" | "order" | "complementSums"
  | "gradientLookups" | "gradientPartial" | "upLookups" | "subsetTables" | "visibleT" | "visibleDraws" | "hiddenDraws";

/** Where each training buffer starts in kernel memory (a byte offset). */
export type TrainingBuffers = Record<TrainingBuffer, number>;

/**
 * Bytes of each buffer a layer's training allocates besides the parameters themselves (and the per-epoch scoring,
 * see layer-scores.ts): `kind` rows of nVisible units ("binary" 1 byte a unit, "dense" 4), nSamples training rows,
 * nHidden hidden units, batches of batchSize rows, per-thread scratch for `threads` threads, and the kernels' scratch
 * sizes from `scratch` (core.kernels). Every strategy's buffers are allocated whichever runs.
 */
export function trainingBufferBytes(
  kind: StorageKind, nSamples: number, nVisible: number, nHidden: number, batchSize: number, threads: number,
  scratch: KernelScratchSizes,
): TrainingBuffers {
  // The persistent chain has as many particles as a batch has rows.
  const particles = batchSize;
  const parameterBytes = parameterLayout(nVisible, nHidden).count * 4;
  // In allocation order.
  return {
    data: nSamples * bytesPerRow(kind, nVisible),
    increments: parameterBytes,
    gradients: parameterBytes,
    positive: batchSize * bytesPerRow(kind, nVisible),
    positiveHidden: batchSize * nHidden * 4,
    chain: particles * nHidden * 4,
    chainBin: particles * nHidden,
    // rbmGradBinRows' bit masks of the batch rows: 64 rows a u64 per visible unit.
    gradientMasks: nVisible * 8 * Math.ceil(Math.max(batchSize, particles) / 64),
    negativeVisible: particles * nVisible * 4,
    negativeVisibleBin: particles * nVisible,
    negativeHidden: particles * nHidden * 4,
    weightsT: nVisible * nHidden * 4,
    order: nSamples * 4,
    complementSums: threads * scratch.complementSumsBytes(),
    gradientLookups: nVisible * scratch.gradLookupBytes(batchSize, particles),
    gradientPartial: nVisible * scratch.gradPartialBytes(),
    upLookups: threads * (batchSize + particles) * scratch.propagateLookupBytes(nVisible),
    subsetTables: threads * scratch.subsetTableBytes(),
    // The dense gradient's transposed batch (rbmGradDenseRows), each thread writing its own rows of W's.
    visibleT: nVisible * Math.max(batchSize, particles) * 4,
    // One-pass PCD's per-thread Gibbs streams and jumps (stream-split.ts).
    visibleDraws: streamSplitBytes(threads),
    hiddenDraws: streamSplitBytes(threads),
  };
}

/** Allocates `bytes` (trainingBufferBytes) from the arena, in the record's order; returns where each starts. */
export function allocTrainingBuffers(core: Core, bytes: TrainingBuffers): TrainingBuffers {
  return Object.fromEntries(Object.entries(bytes).map(([name, size]) => [name, core.arena.alloc(size)])) as TrainingBuffers;
}
