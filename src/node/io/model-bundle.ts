// Model bundles: a directory with model.json (validated with zod on load)
// and, per layer k, layer{k}.W.npy float32 (n_visible, n_hidden),
// layer{k}.vbias.npy and layer{k}.hbias.npy. In scikit-learn terms:
// components_ = W.T, intercept_hidden_ = hbias, intercept_visible_ = vbias.
// model.json is written last: a directory without it is not a model. What
// model.json holds, and how a run's manifest is built, is in the browser-safe
// src/rbm/model-manifest.ts (the demo page builds the same one).

import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import type { EpochMetrics } from "../../rbm/training/index.js";
import type { RbmParameters } from "../../rbm/rbm-parameters.js";
import { layerFiles, modelManifestSchema, type ModelManifest } from "../../rbm/model-manifest.js";
import { writeFileAtomic } from "./atomic-write.js";
import { sha256 } from "./digest.js";
import { decodeNpy, encodeNpy } from "./npy.js";
import { UsageError } from "../runtime/usage-error.js";

export {
  MODEL_FORMAT, MODEL_FORMAT_VERSION, layerFiles, modelManifest, modelManifestSchema, summarizeMetrics,
  type LayerManifest, type ModelManifest, type ModelManifestInputs,
} from "../../rbm/model-manifest.js";

/** A model bundle in memory: model.json and each layer's parameters. */
export interface ModelBundle {
  /** model.json: format, settings, layer sizes, files and their SHA-256 digests. */
  manifest: ModelManifest;
  /** Per layer, bottom first: weights (nVisible x nHidden, row-major) and biases. */
  layers: RbmParameters[];
}

/**
 * Writes every array, then metrics.jsonl, then model.json, each atomically.
 * model.json records each array's SHA-256, so a crash between files (new
 * arrays beside an old model.json) is detected on load, not trained on.
 *
 * @param dir - The bundle directory (must exist).
 * @param bundle - Manifest and layers; the manifest's digests are filled in on a copy.
 * @param metrics - Training metrics, one JSON line each in metrics.jsonl.
 * @returns Once model.json is written.
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

/**
 * Loads and checks a bundle (model.json against its schema, each array's shape and SHA-256); every problem
 * is a one-line UsageError naming the file or field.
 *
 * @param dir - The bundle directory.
 * @returns The manifest and every layer's parameters.
 */
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
