// `blockspin score` as a service: how well a saved layer models some data.

import { loadCore } from "../../index.js";
import { scoreParameters, type LayerScores } from "../../rbm/layer-scores.js";
import { propagateUp } from "../../rbm/stack.js";
import { readModelBundle, type ModelBundle } from "../io/model-bundle.js";
import { encodedAsRecorded, readTrainingData } from "../io/training-data.js";
import { UsageError } from "../runtime/usage-error.js";
import type { LayerData } from "../../rbm/layer-data.js";
import type { ScoreSettings } from "./score-settings.js";

/**
 * How well one layer of a bundle models some data: the data propagated up (as probabilities) through the
 * layers below, then scored (pseudo-likelihood, reconstruction error, free energy; scoreParameters).
 *
 * @param bundle - The model bundle (readModelBundle).
 * @param data - Samples with as many values as the first layer's visible units, else UsageError.
 * @param layer - The layer to score, 1-based (at most the bundle's layers, else UsageError).
 * @param seed - Seed of the flipped units of the pseudo-likelihood (and of propagating).
 * @param threads - Threads for scoring; results do not depend on it. Default 1.
 * @returns The layer's scores and its number.
 */
export async function scoreModel(bundle: ModelBundle, data: LayerData, layer: number, seed: number, threads = 1): Promise<LayerScores & {
  /** The layer scored, 1-based. */
  layer: number;
}> {
  const expected = bundle.layers[0]!.nVisible;
  if (data.nVisible !== expected) {
    throw new UsageError(`--data: samples have ${data.nVisible} values, the model's first layer expects ${expected}`);
  }
  if (layer > bundle.layers.length) throw new UsageError(`--layer: the model has ${bundle.layers.length} layers, got ${layer}`);
  const core = await loadCore();
  let input = data;
  for (let below = 0; below < layer - 1; below++) input = propagateUp(core, bundle.layers[below]!, input, "probabilities", seed, below + 1);
  return { layer, ...scoreParameters(core, bundle.layers[layer - 1]!, input, { seed, threads }) };
}

/**
 * `blockspin score` as a call: reads the bundle and the data and scores layer `settings.layer` (scoreModel).
 *
 * @param settings - The command's flags, parsed by scoreSettingsSchema.
 * @returns The layer's scores and its number.
 */
export async function runScore(settings: ScoreSettings): Promise<LayerScores & {
  /** The layer scored, 1-based. */
  layer: number;
}> {
  const bundle = await readModelBundle(settings.model);
  const read = await readTrainingData(settings.data);
  // Data of a system with encodings (dimers) is scored as the bundle saw it: its encoding and decoy seed.
  const encoding = bundle.manifest.data.encoding;
  const input = read.model === "dimer" ? encodedAsRecorded(read, encoding) : read;
  return scoreModel(bundle, input.data, settings.layer, settings.seed, settings.threads);
}
