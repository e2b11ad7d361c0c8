// The model.json of a trained 1600-400-100-25 stack as the report reads it
// back: the fixture the report's tests build their runs on.

import type { ModelManifest } from "../../src/node/io/model-bundle.js";
import { rbmDefaults } from "../../src/rbm/training-options.js";

/**
 * A complete manifest of the paper's stack, trained with rbm.m's defaults on 40 x 40 data.
 *
 * @param seed - The training seed it records.
 * @returns The manifest.
 */
export function stackManifest(seed: number): ModelManifest {
  return {
    format: "blockspin-model", formatVersion: 1, libraryVersion: "0", architecture: [1600, 400, 100, 25], seed,
    propagate: "probabilities", status: "complete", createdAt: "",
    data: { source: "x", shape: [1, 40, 40], dtype: "int8", trainSamples: 1, validationSamples: 0, validationFraction: 0 },
    layers: [{
      index: 1, nVisible: 1600, nHidden: 400, files: { W: "a", vbias: "b", hbias: "c" }, training: rbmDefaults(),
      metrics: { epochs: 1, pseudoLikelihood: null, reconstructionError: null, freeEnergyTrain: null, freeEnergyValidation: null, seconds: 0 },
    }],
  };
}
