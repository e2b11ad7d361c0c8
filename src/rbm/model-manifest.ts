// What a model bundle's model.json holds (checked with zod when a bundle is
// read) and the one builder of it from a training run, shared by
// `blockspin train`, `blockspin reproduce` and the demo page. Browser-safe:
// the files themselves are written by src/node/model-bundle.ts (or offered
// for download by the demo).

import type { Geometry } from "../analysis/geometry.js";
import { z } from "zod";
import type { SimdBuild } from "../wasm.js";
import type { EpochMetrics } from "./training/index.js";
import type { Propagation, StackResult } from "./stack.js";
import { PENALTIES, PRESETS, type LayerTrainingOptions } from "./training-options.js";

/** The `format` of every model.json. */
export const MODEL_FORMAT = "blockspin-model";
/** The layout version this library writes and reads. */
export const MODEL_FORMAT_VERSION = 1;

const hexDigest = z.string().regex(/^[0-9a-f]{64}$/, "expected a SHA-256 hex digest");

const layerTrainingSchema = z.object({
  /** Hidden units. */
  nHidden: z.number().int().positive(),
  /** Epochs asked for. */
  epochs: z.number().int().nonnegative(),
  /** Rows per mini-batch. */
  batchSize: z.number().int().positive(),
  /** Step size for weights and biases. */
  learningRate: z.number().positive(),
  /** Momentum before and after momentumSwitch. */
  momentum: z.tuple([z.number(), z.number()]),
  /** Last epoch (1-based) with the first momentum. */
  momentumSwitch: z.number().int().nonnegative(),
  /** Gibbs steps per update (CD-k / PCD-k). */
  cdSteps: z.number().int().positive(),
  /** Persistent chains (PCD) instead of CD. */
  persistent: z.boolean(),
  /** Weight penalty: "none", "l1" or "l2". */
  penalty: z.enum(PENALTIES),
  /** Penalty strength (times the learning rate). */
  penaltyStrength: z.number().nonnegative(),
  /** Standard deviation of the initial weights. */
  initStd: z.number().nonnegative(),
  /** Visible biases started at the data's log-odds. */
  visibleBiasFromData: z.boolean(),
  /** Mini-batches shuffled each epoch. */
  shuffle: z.boolean(),
  /** Negative phase visibles: "probabilities" (rbm.m) or "samples" (scikit-learn). */
  negativeVisible: z.enum(["probabilities", "samples"]),
  /** Which defaults the settings came from. */
  preset: z.enum(PRESETS),
});

const metricSummarySchema = z.object({
  /** Epochs trained (fewer than asked when stopped or diverged). */
  epochs: z.number().int().nonnegative(),
  /** Last epoch's mean log pseudo-likelihood on the training rows (null when not scored). */
  pseudoLikelihood: z.number().nullable(),
  /** Last epoch's mean squared reconstruction error per visible unit (null when not scored). */
  reconstructionError: z.number().nullable(),
  /** Last epoch's mean free energy of the monitored training rows (null when not scored). */
  freeEnergyTrain: z.number().nullable(),
  /** Last epoch's mean free energy of the held-out rows (null without them). */
  freeEnergyValidation: z.number().nullable(),
  /** Wall-clock seconds of all epochs. */
  seconds: z.number().nonnegative(),
});

/** A plain .npy name inside the bundle directory: never "", a directory, or a path leading out of it. */
const arrayFileName = z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]*\.npy$/, "must be a plain .npy file name inside the bundle");

const layerSchema = z.object({
  /** Layer number, 1 for the layer on the data. */
  index: z.number().int().positive(),
  /** Visible units. */
  nVisible: z.number().int().positive(),
  /** Hidden units. */
  nHidden: z.number().int().positive(),
  /** The layer's .npy files in the bundle: W (nVisible, nHidden), vbias (nVisible), hbias (nHidden), float32. */
  files: z.object({
    /** Weights file. */
    W: arrayFileName,
    /** Visible-bias file. */
    vbias: arrayFileName,
    /** Hidden-bias file. */
    hbias: arrayFileName,
  }),
  /** SHA-256 of each array file as written: a bundle whose files come from different writes is refused. */
  sha256: z.object({
    /** Of the weights file. */
    W: hexDigest,
    /** Of the visible-bias file. */
    vbias: hexDigest,
    /** Of the hidden-bias file. */
    hbias: hexDigest,
  }).optional(),
  /** The settings it was trained with. */
  training: layerTrainingSchema,
  /** A summary of its training metrics. */
  metrics: metricSummarySchema,
});

/** The zod schema of model.json: a bundle's manifest is checked against it when read. */
export const modelManifestSchema = z.object({
  /** Always "blockspin-model". */
  format: z.literal(MODEL_FORMAT),
  /** Version of this layout (1). */
  formatVersion: z.literal(MODEL_FORMAT_VERSION),
  /** The blockspin version that trained it. */
  libraryVersion: z.string(),
  /** Units per level: visible units of layer 1, then each layer's hidden units. */
  architecture: z.array(z.number().int().positive()).min(2),
  /** The training seed. */
  seed: z.number().int().nonnegative(),
  /** What each layer passed up to the next: hidden "probabilities" or sampled states ("samples"). */
  propagate: z.enum(["probabilities", "samples"]),
  /** The wasm build that trained it (absent in bundles from before the choice existed: baseline). */
  simd: z.enum(["baseline", "relaxed"]).optional(),
  /** The training data. */
  data: z.object({
    /** Where the data came from (a path, or a description). */
    source: z.string(),
    /** Its shape, (nSamples, ...). */
    shape: z.array(z.number().int().nonnegative()),
    /** Its dtype as stored (e.g. "int8"). */
    dtype: z.string(),
    /** The system the samples are of (the sample sidecar's `model`, e.g. "dimer"); absent for Ising data and data without a sidecar. */
    model: z.string().optional(),
    /** How the samples became visible units (dimer data: docs/cli.md, "--encoding"); absent when they are used as stored. */
    encoding: z.object({
      /** The encoding: "bonds", "kjr" or "kjr-correlated". */
      name: z.string(),
      /** The shape of one encoded sample: (2, L, L) for bonds, (2L, 2L) for the kjr images. */
      shape: z.array(z.number().int().positive()),
      /** The seed of the decoy spins (kjr encodings). */
      seed: z.number().int().nonnegative().optional(),
    }).optional(),
    /** The grid of the data's sites (docs/methods.md, "Locality"); absent for Ising data, whose grid is the L x L torus. */
    geometry: z.object({
      /** "torus" (periodic) or "open" (an image with edges). */
      kind: z.enum(["torus", "open"]),
      /** Columns. */
      width: z.number().int().positive(),
      /** Rows. */
      height: z.number().int().positive(),
    }).optional(),
    /** Rows trained on. */
    trainSamples: z.number().int().nonnegative(),
    /** Rows held out. */
    validationSamples: z.number().int().nonnegative(),
    /** The held-out fraction asked for. */
    validationFraction: z.number().min(0).max(1),
  }),
  /** "complete", or "diverged" when a layer's parameters stopped being finite. */
  status: z.enum(["complete", "diverged"]),
  /** Where training diverged (status "diverged" only). */
  diverged: z.object({
    /** The layer (1-based). */
    layer: z.number().int().positive(),
    /** The epoch (1-based). */
    epoch: z.number().int().positive(),
  }).optional(),
  /** One entry per trained layer, layer 1 first. */
  layers: z.array(layerSchema).min(1),
  /** When the manifest was made (ISO 8601). */
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
  /** What each layer passed up to the next. */
  propagate: Propagation;
  /** Per-layer options as trained (layer k's at index k - 1). */
  layers: readonly LayerTrainingOptions[];
  /** Where the data came from (a path, or a description), its shape (nSamples, ...) and dtype. */
  data: {
    /** A path, or a description. */
    source: string;
    /** (nSamples, ...). */
    shape: readonly number[];
    /** As stored, e.g. "int8". */
    dtype: string;
    /** The system the samples are of, when recorded (e.g. "dimer"). */
    model?: string;
    /** How the samples became visible units, when they were encoded. */
    encoding?: {
      /** The encoding's name. */
      name: string;
      /** The shape of one encoded sample. */
      shape: readonly number[];
      /** The seed of its decoy spins, if it has any. */
      seed?: number;
    };
    /** The grid of the data's sites, when recorded (absent: the L x L torus of Ising data). */
    geometry?: Geometry;
  };
  /** What training returned. */
  result: StackResult;
  /** The kernel build that trained it (Core.simd). */
  simd: SimdBuild;
  /** The blockspin version that trained it. */
  libraryVersion: string;
}

/**
 * model.json for a training run (its createdAt is now). Browser-safe: writing the bundle's files is
 * `blockspin/node`'s writeModelBundle (the demo page offers them for download).
 *
 * @param inputs - The run's settings and result.
 * @returns The manifest, valid under modelManifestSchema.
 */
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
      ...(inputs.data.model !== undefined ? { model: inputs.data.model } : {}),
      ...(inputs.data.encoding ? { encoding: { ...inputs.data.encoding, shape: [...inputs.data.encoding.shape] } } : {}),
      ...(inputs.data.geometry ? { geometry: { ...inputs.data.geometry } } : {}),
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
