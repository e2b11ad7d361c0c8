// The analysis of a dimer task: the locality numbers of every layer's
// effective receptive fields beside the random-field reference
// (docs/methods.md, "Locality"), measured on the 2L x 2L grid of the dimer
// encodings (src/systems/dimer/layout.ts). The Ising tasks' figures and RG numbers (MCRG
// on block spins) are not drawn: dimers have no spins to block.

import type { Core } from "../../wasm.js";
import { receptiveFields } from "../../analysis/receptive-field.js";
import type { DimerEncoding } from "../../systems/dimer/encodings.js";
import { readModelBundle } from "../io/model-bundle.js";
import type { LayerAnalysis } from "../reproduce/analysis-summary.js";
import { layerAnalysis } from "../reproduce/analyze.js";
import { UsageError } from "../runtime/usage-error.js";
import { dimerLayout } from "../../systems/dimer/layout.js";

/**
 * Locality numbers of each layer of the model bundle in `modelDir`, trained on dimer samples of side `size` encoded
 * with `encoding`; spreads are in grid spacings of the 2L x 2L grid (half a lattice spacing).
 *
 * @param core - The loaded wasm kernels.
 * @param modelDir - The task's model bundle.
 * @param encoding - How the coverings became visible units.
 * @param size - Lattice side L.
 * @param seed - The task's seed (it seeds the random-field reference, as for Ising tasks).
 * @returns One entry per layer, as analysis.json's layers.
 */
export async function analyzeDimerTask(core: Core, modelDir: string, encoding: DimerEncoding, size: number, seed: number): Promise<LayerAnalysis[]> {
  const bundle = await readModelBundle(modelDir);
  const layout = dimerLayout(encoding, size);
  if (bundle.layers[0]!.nVisible !== layout.nVisible) {
    throw new UsageError(`the model's ${bundle.layers[0]!.nVisible} visible units are not the ${layout.nVisible} of ${encoding} on L = ${size}`);
  }
  return receptiveFields(core, bundle.layers).map((field, i) => layerAnalysis(field, layout, bundle.layers[i]!.nHidden, i + 1, seed));
}
