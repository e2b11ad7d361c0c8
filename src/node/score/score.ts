// `blockspin score` as a service: how well a saved layer models some data.

import { loadCore } from "../../index.js";
import { scoreParameters, type LayerScores } from "../../rbm/layer-scores.js";
import { propagateUp } from "../../rbm/stack.js";
import { readModelBundle, type ModelBundle } from "../io/model-bundle.js";
import { readTrainingData } from "../io/training-data.js";
import { UsageError } from "../runtime/usage-error.js";
import type { LayerData } from "../../rbm/layer-data.js";
import type { ScoreSettings } from "./score-settings.js";

export async function scoreModel(bundle: ModelBundle, data: LayerData, layer: number, seed: number, threads = 1): Promise<LayerScores & { layer: number }> {
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

/** `blockspin score` as a call: reads the bundle and the data and scores layer `settings.layer`. */
export async function runScore(settings: ScoreSettings): Promise<LayerScores & { layer: number }> {
  const bundle = await readModelBundle(settings.model);
  const input = await readTrainingData(settings.data);
  return scoreModel(bundle, input.data, settings.layer, settings.seed, settings.threads);
}
