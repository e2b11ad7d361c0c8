// `blockspin score`: how well a saved layer models some data, as JSON.

import { availableParallelism } from "node:os";
import { Command } from "commander";
import { loadCore } from "../../index.js";
import { scoreParameters, type LayerScores } from "../../rbm/layer-scores.js";
import { propagateUp } from "../../rbm/stack.js";
import { readModelBundle, type ModelBundle } from "../io/model-bundle.js";
import { integerAtLeast } from "../settings/flag-values.js";
import { readTrainingData } from "../io/training-data.js";
import { UsageError } from "../runtime/usage-error.js";
import type { LayerData } from "../../rbm/layer-data.js";

interface ScoreFlags {
  model: string;
  data: string;
  layer: number;
  seed: number;
  threads: number;
}

export function scoreCommand(): Command {
  return new Command("score")
    .description(
      "Score a trained model on data and print JSON: mean free energy, mean pseudo-likelihood " +
      "(scikit-learn's score_samples: one random visible unit flipped per sample), reconstruction " +
      "error (mean squared error per visible unit of the one-step mean-field reconstruction), samples.",
    )
    .requiredOption("--model <dir>", "model bundle directory (from blockspin train)")
    .requiredOption("--data <file.npy>", "int8 -1/+1 or uint8/bool 0/1 samples")
    .option("--layer <k>", "layer to score; data is propagated up through the layers below", integerAtLeast(1), 1)
    .option("--seed <s>", "seed for the flipped units of the pseudo-likelihood", integerAtLeast(0), 0)
    .option("--threads <n>", "threads for scoring (results are identical for any count) [available cores]", integerAtLeast(1), availableParallelism())
    .action(async (flags: ScoreFlags) => {
      const bundle = await readModelBundle(flags.model);
      const input = await readTrainingData(flags.data);
      const scores = await scoreModel(bundle, input.data, flags.layer, flags.seed, flags.threads);
      console.log(JSON.stringify(scores, null, 2));
    });
}

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
