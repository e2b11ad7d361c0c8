// The Ising model as reproduce runs it: Mehta & Schwab (2014)'s 20,000
// configurations of the 40 x 40 torus at K = 0.408 (Wolff, 4 chains, cached
// by parameters), their 1600-400-100-25 stack, majority-rule block spins as
// the reference, and rg.json's measures of each layer's coarse variables
// (docs/methods.md, "Coarse variables", "MCRG").

import { join } from "node:path";
import { sampleIsing, type SampleOptions } from "../../index.js";
import { siteLayout } from "../../systems/visible-layout.js";
import { writeSamples } from "../io/sample-files.js";
import { PAPER_COUPLING } from "../sample/sample-settings.js";
import { PAPER_LAYERS } from "./arms.js";
import { cachedSamples } from "./cached-samples.js";
import type { ReproduceSystem, SystemData } from "./reproduce-system.js";
import { majorityArm, writeArmRg } from "./rg-arm.js";
import { rsmiArm } from "./rsmi-arm.js";

/** Epochs (of 100 steps) per RSMI level in a --quick run. */
const RSMI_QUICK_EPOCHS = 2;

/** The paper's lattice side. */
export const PAPER_LATTICE = 40;

/** `reproduce --system ising`, the default. */
export const isingSystem: ReproduceSystem = {
  name: "ising",
  epochs: { rbm: 200, sklearn: 10 },
  async data(core, options, progress, log): Promise<SystemData> {
    const sampling: SampleOptions = {
      size: PAPER_LATTICE, coupling: options.coupling ?? PAPER_COUPLING,
      count: options.samples ?? (options.quick ? 1000 : 20000), seed: options.dataSeed, algorithm: "wolff", chains: 4,
    };
    const path = join(options.out, "data", "ising.npy");
    const draw = () => writeSamples(path, sampleIsing(core, {
      ...sampling, threads: options.threads,
      onProgress: ({ phase, done, total }) => progress.update(done, total, phase === "sample" ? "sampling" : "equilibrating"),
    }));
    const input = await cachedSamples(path, { ...sampling }, draw, log);
    return { input, layout: siteLayout(PAPER_LATTICE), sampling: { ...sampling }, size: PAPER_LATTICE };
  },
  hidden: () => PAPER_LAYERS,
  references: [{
    name: "majority",
    title: "majority rule b = 2 (Kadanoff block spins)",
    description: `the textbook RG map: 2x2 blocks take their majority sign, ties by a seeded coin, applied ${PAPER_LAYERS.length} times; trains nothing`,
    run: (core, armDir, data, levels, seed, threads) => majorityArm(core, armDir, data.input.data, data.size, levels, seed, threads),
  }, {
    name: "rsmi",
    title: "RSMI (learned by mutual information)",
    description: "Koch-Janusz & Ringel's real-space mutual information, RSMI-NE's estimator: a linear filter per 2x2 block " +
      "learned to maximise the InfoNCE bound on I(H : environment), buffer 2, environment 4, one coarse variable, 2,000 steps, " +
      "h = sign(filter . block), learned anew on each level's coarse lattice; trains no RBM",
    run: (core, armDir, data, levels, seed, threads, quick) =>
      rsmiArm(core, armDir, data.input.data, data.size, levels, seed, threads, quick ? { epochs: RSMI_QUICK_EPOCHS } : {}),
  }],
  async measure(core, analysisDir, data, layers, seed, threads) {
    await writeArmRg(core, analysisDir, data.input.data, data.size, { layers }, seed, threads);
  },
};
