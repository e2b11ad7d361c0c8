// What a model bundle's model.json holds (checked with zod when a bundle is
// read) and the one builder of it from a training run, shared by
// `blockspin train`, `blockspin reproduce` and the demo page. Browser-safe:
// the files themselves are written by src/node/model-bundle.ts (or offered
// for download by the demo).

import { z } from "zod";
import type { SimdBuild } from "../wasm.js";
import type { EpochMetrics } from "./training/index.js";
import type { Propagation, StackResult } from "./stack.js";
import { PENALTIES, PRESETS, type LayerTrainingOptions } from "./training-options.js";

export const MODEL_FORMAT = "blockspin-model";
export const MODEL_FORMAT_VERSION = 1;

const hexDigest = z.string().regex(/^[0-9a-f]{64}$/, "expected a SHA-256 hex digest");

const layerTrainingSchema = z.object({
  nHidden: z.number().int().positive(),
  epochs: z.number().int().nonnegative(),
  batchSize: z.number().int().positive(),
  learningRate: z.number().positive(),
  momentum: z.tuple([z.number(), z.number()]),
  momentumSwitch: z.number().int().nonnegative(),
  cdSteps: z.number().int().positive(),
  persistent: z.boolean(),
  penalty: z.enum(PENALTIES),
  penaltyStrength: z.number().nonnegative(),
  initStd: z.number().nonnegative(),
  visibleBiasFromData: z.boolean(),
  shuffle: z.boolean(),
  negativeVisible: z.enum(["probabilities", "samples"]),
  preset: z.enum(PRESETS),
});

const metricSummarySchema = z.object({
  epochs: z.number().int().nonnegative(),
  pseudoLikelihood: z.number().nullable(),
  reconstructionError: z.number().nullable(),
  freeEnergyTrain: z.number().nullable(),
  freeEnergyValidation: z.number().nullable(),
  seconds: z.number().nonnegative(),
});

/** A plain .npy name inside the bundle directory: never "", a directory, or a path leading out of it. */
const arrayFileName = z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]*\.npy$/, "must be a plain .npy file name inside the bundle");

const layerSchema = z.object({
  index: z.number().int().positive(),
  nVisible: z.number().int().positive(),
  nHidden: z.number().int().positive(),
  files: z.object({ W: arrayFileName, vbias: arrayFileName, hbias: arrayFileName }),
  /** SHA-256 of each array file as written: a bundle whose files come from different writes is refused. */
  sha256: z.object({ W: hexDigest, vbias: hexDigest, hbias: hexDigest }).optional(),
  training: layerTrainingSchema,
  metrics: metricSummarySchema,
});

export const modelManifestSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  formatVersion: z.literal(MODEL_FORMAT_VERSION),
  libraryVersion: z.string(),
  architecture: z.array(z.number().int().positive()).min(2),
  seed: z.number().int().nonnegative(),
  propagate: z.enum(["probabilities", "samples"]),
  /** The wasm build that trained it (absent in bundles from before the choice existed: baseline). */
  simd: z.enum(["baseline", "relaxed"]).optional(),
  data: z.object({
    source: z.string(),
    shape: z.array(z.number().int().nonnegative()),
    dtype: z.string(),
    trainSamples: z.number().int().nonnegative(),
    validationSamples: z.number().int().nonnegative(),
    validationFraction: z.number().min(0).max(1),
  }),
  status: z.enum(["complete", "diverged"]),
  diverged: z.object({ layer: z.number().int().positive(), epoch: z.number().int().positive() }).optional(),
  layers: z.array(layerSchema).min(1),
  createdAt: z.string(),
});

/** model.json of a bundle: format, architecture, seed, data, status and each layer's files, settings and metrics. */
export type ModelManifest = z.infer<typeof modelManifestSchema>;
export type LayerManifest = z.infer<typeof layerSchema>;

export function layerFiles(index: number): LayerManifest["files"] {
  return { W: `layer${index}.W.npy`, vbias: `layer${index}.vbias.npy`, hbias: `layer${index}.hbias.npy` };
}

export function summarizeMetrics(rows: readonly EpochMetrics[]): LayerManifest["metrics"] {
  const last = rows.at(-1);
  return {
    epochs: rows.length,
    pseudoLikelihood: last?.pseudoLikelihood ?? null,
    reconstructionError: last?.reconstructionError ?? null,
    freeEnergyTrain: last?.freeEnergyTrain ?? null,
    freeEnergyValidation: last?.freeEnergyValidation ?? null,
    seconds: rows.reduce((total, row) => total + row.seconds, 0),
  };
}

/** Everything a manifest records about one training run. */
export interface ModelManifestInputs {
  /** The training seed (splits, initialisation, shuffles, Gibbs chains). */
  seed: number;
  /** Held-out fraction of the data, in [0, 1). */
  validationFraction: number;
  propagate: Propagation;
  /** Per-layer options as trained (layer k's at index k - 1). */
  layers: readonly LayerTrainingOptions[];
  /** Where the data came from (a path, or a description), its shape (nSamples, ...) and dtype. */
  data: { source: string; shape: readonly number[]; dtype: string };
  result: StackResult;
  /** The kernel build that trained it (Core.simd). */
  simd: SimdBuild;
  /** The blockspin version that trained it. */
  libraryVersion: string;
}

/** model.json for a training run (its createdAt is now). */
export function modelManifest(inputs: ModelManifestInputs): ModelManifest {
  const { result } = inputs;
  const metricsOf = (layer: number): EpochMetrics[] => result.metrics.filter((m) => m.layer === layer);
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    libraryVersion: inputs.libraryVersion,
    architecture: [result.layers[0]?.nVisible ?? 0, ...result.layers.map((l) => l.nHidden)],
    seed: inputs.seed,
    propagate: inputs.propagate,
    simd: inputs.simd,
    data: {
      source: inputs.data.source, shape: [...inputs.data.shape], dtype: inputs.data.dtype,
      trainSamples: result.trainSamples, validationSamples: result.validationSamples,
      validationFraction: inputs.validationFraction,
    },
    status: result.diverged ? "diverged" : "complete",
    ...(result.diverged ? { diverged: result.diverged } : {}),
    layers: result.layers.map((params, i) => ({
      index: i + 1,
      nVisible: params.nVisible,
      nHidden: params.nHidden,
      files: layerFiles(i + 1),
      training: inputs.layers[i]!,
      metrics: summarizeMetrics(metricsOf(i + 1)),
    })),
    createdAt: new Date().toISOString(),
  };
}
