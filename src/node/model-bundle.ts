// Model bundles: a directory with model.json (validated with zod on load)
// and, per layer k, layer{k}.W.npy float32 (n_visible, n_hidden),
// layer{k}.vbias.npy and layer{k}.hbias.npy. In scikit-learn terms:
// components_ = W.T, intercept_hidden_ = hbias, intercept_visible_ = vbias.
// model.json is written last: a directory without it is not a model.

import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { EpochMetrics } from "../rbm/cd-trainer.js";
import type { RbmParameters } from "../rbm/rbm-parameters.js";
import { PENALTIES, PRESETS } from "../rbm/training-options.js";
import { writeFileAtomic } from "./atomic-write.js";
import { sha256 } from "./digest.js";
import { decodeNpy, encodeNpy } from "./npy.js";
import { UsageError } from "./usage-error.js";

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

export type ModelManifest = z.infer<typeof modelManifestSchema>;
export type LayerManifest = z.infer<typeof layerSchema>;

export interface ModelBundle {
  manifest: ModelManifest;
  layers: RbmParameters[];
}

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

/**
 * Writes every array, then metrics.jsonl, then model.json, each atomically.
 * model.json records each array's SHA-256, so a crash between files (new
 * arrays beside an old model.json) is detected on load, not trained on.
 */
export async function writeModelBundle(dir: string, bundle: ModelBundle, metrics: readonly EpochMetrics[]): Promise<void> {
  const manifest = structuredClone(bundle.manifest);
  for (const [i, layer] of bundle.layers.entries()) {
    const files = layerFiles(i + 1);
    const write = async (file: string, shape: number[], data: Float32Array) => {
      const bytes = encodeNpy({ dtype: "float32", shape, data });
      await writeFileAtomic(join(dir, file), bytes);
      return sha256(bytes);
    };
    manifest.layers[i]!.sha256 = {
      W: await write(files.W, [layer.nVisible, layer.nHidden], layer.weights),
      vbias: await write(files.vbias, [layer.nVisible], layer.visibleBias),
      hbias: await write(files.hbias, [layer.nHidden], layer.hiddenBias),
    };
  }
  await writeFileAtomic(join(dir, "metrics.jsonl"), metrics.map((row) => JSON.stringify(row)).join("\n") + (metrics.length ? "\n" : ""));
  await writeFileAtomic(join(dir, "model.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Loads and checks model.json alone (no arrays): for callers that only need the settings. */
export async function readModelManifest(dir: string): Promise<ModelManifest> {
  const manifestPath = join(dir, "model.json");
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--model: ${dir} is not a directory`);
  if (!existsSync(manifestPath)) throw new UsageError(`--model: ${manifestPath} is missing (not a blockspin model bundle)`);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(manifestPath, "utf8"));
  } catch (error) {
    // V8 quotes the offending text, newlines included: keep the error to one line.
    throw new UsageError(`${manifestPath}: not valid JSON (${(error as Error).message.replace(/\s+/g, " ")})`);
  }
  const parsed = modelManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${manifestPath}: field ${issue.path.join(".") || "(root)"}: ${issue.message.replace(/\s+/g, " ")}`);
  }
  const manifest = parsed.data;
  for (const [i, layer] of manifest.layers.entries()) {
    if (layer.index !== i + 1) throw new UsageError(`${manifestPath}: field layers.${i}.index: expected ${i + 1}, got ${layer.index}`);
    if (i > 0 && layer.nVisible !== manifest.layers[i - 1]!.nHidden) {
      throw new UsageError(`${manifestPath}: layer ${i + 1} has ${layer.nVisible} visible units but layer ${i} has ${manifest.layers[i - 1]!.nHidden} hidden`);
    }
  }
  return manifest;
}

/** Loads and checks a bundle; every problem is a one-line UsageError naming the file or field. */
export async function readModelBundle(dir: string): Promise<ModelBundle> {
  const manifest = await readModelManifest(dir);
  const layers: RbmParameters[] = [];
  for (const layer of manifest.layers) {
    layers.push({
      nVisible: layer.nVisible,
      nHidden: layer.nHidden,
      weights: await readFloat32(dir, layer.files.W, [layer.nVisible, layer.nHidden], layer.sha256?.W),
      visibleBias: await readFloat32(dir, layer.files.vbias, [layer.nVisible], layer.sha256?.vbias),
      hiddenBias: await readFloat32(dir, layer.files.hbias, [layer.nHidden], layer.sha256?.hbias),
    });
  }
  return { manifest, layers };
}

async function readFloat32(dir: string, file: string, shape: number[], digest: string | undefined): Promise<Float32Array> {
  const path = join(dir, file);
  if (!existsSync(path)) throw new UsageError(`${path} is missing (listed in model.json)`);
  let array;
  try {
    const bytes = await readFile(path);
    if (digest !== undefined && sha256(bytes) !== digest) {
      throw new UsageError(`${path} is not the file model.json was written with (an interrupted or mixed write?)`);
    }
    array = decodeNpy(bytes, { source: path });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${path}: ${(error as Error).message.split("\n")[0]}`);
  }
  if (array.dtype !== "float32") throw new UsageError(`${path}: dtype ${array.dtype}, expected float32`);
  if (array.shape.join(",") !== shape.join(",")) {
    throw new UsageError(`${path}: shape (${array.shape.join(", ")}), model.json declares (${shape.join(", ")})`);
  }
  return array.data as Float32Array;
}

/** metrics.jsonl of a bundle (one EpochMetrics per line); [] when absent. */
export async function readMetrics(dir: string): Promise<EpochMetrics[]> {
  const path = join(dir, "metrics.jsonl");
  if (!existsSync(path)) return [];
  const text = await readFile(path, "utf8");
  return text.split("\n").filter((line) => line.trim() !== "").map((line, i) => {
    try {
      return JSON.parse(line) as EpochMetrics;
    } catch {
      throw new UsageError(`${path}: line ${i + 1} is not valid JSON`);
    }
  });
}
