// Close-packed dimers as reproduce runs them: Koch-Janusz & Ringel's
// counterexample (arXiv:1704.06279). Free dimers (V = 0, a critical Coulomb
// phase whose coarse variables are the block electric field) on the 16 x 16
// torus, shown to the stacks in their kjr image with decoy spins by default;
// stacks of two units per block of b = 2, 4, 8 sites (the Ising stack's
// factor of four per layer); the block field's signs as the reference arm;
// and dimer-rg.json's measures of each layer (docs/methods.md, "Dimers: is
// it renormalization?").

import { join } from "node:path";
import { sampleDimers, type DimerSampleOptions } from "../../systems/dimer/sampler.js";
import type { DimerEncoding } from "../../systems/dimer/encodings.js";
import { dimerLayout } from "../../systems/dimer/layout.js";
import { fieldReferenceLevelsOn, fieldReferenceUnits } from "../../systems/dimer/field-reference.js";
import { writeDimerSamples } from "../io/sample-files.js";
import { encodeTrainingData, sampleBits } from "../io/training-data.js";
import { cachedSamples } from "./cached-samples.js";
import { fieldReferenceArm, writeDimerArmRg } from "./dimer-rg-arm.js";
import { rsmiDimerArm, rsmiDimerTraining } from "./rsmi-dimer-arm.js";
import type { ReproduceSystem, SystemData } from "./reproduce-system.js";

/** Lattice side of the dimer runs. */
export const DIMER_LATTICE = 16;
/** The encoding the stacks see by default: Koch-Janusz & Ringel's, with independent decoy spins. */
export const DIMER_DEFAULT_ENCODING: DimerEncoding = "kjr";

/** RSMI steps per level in a --quick run. */
const RSMI_QUICK_STEPS = 200;

/**
 * Hidden units per layer of the dimer stacks: two per block of b = 2, 4, 8 sites, as the field reference has.
 *
 * @param size - Lattice side L.
 * @returns 2 (L / b)^2 per level whose block divides L.
 */
export function dimerHidden(size: number): number[] {
  return fieldReferenceLevelsOn(size).map((level) => fieldReferenceUnits(size, level));
}

/** `reproduce --system dimer`. */
export const dimerSystem: ReproduceSystem = {
  name: "dimer",
  epochs: { rbm: 200, sklearn: 10 },
  async data(core, options, progress, log): Promise<SystemData> {
    const sampling: DimerSampleOptions = {
      size: DIMER_LATTICE, interaction: options.interaction ?? 0, temperature: 1,
      count: options.samples ?? (options.quick ? 1000 : 20000), seed: options.dataSeed, chains: 4,
    };
    const path = join(options.out, "data", "dimer.npy");
    const draw = async () => {
      progress.update(0, 1, "sampling dimers");
      await writeDimerSamples(path, sampleDimers(core, sampling));
      progress.update(1, 1, "sampling dimers");
    };
    const raw = await cachedSamples(path, { ...sampling }, draw, log);
    // The flag's schema has checked the encoding's name; encodeTrainingData checks it for other callers.
    const input = encodeTrainingData(raw, options.encoding ?? DIMER_DEFAULT_ENCODING, options.dataSeed);
    const encoding = input.encoding!.name;
    return {
      input, raw: sampleBits(raw), layout: dimerLayout(encoding, DIMER_LATTICE), size: DIMER_LATTICE,
      sampling: { model: "dimer", ...sampling, encoding },
    };
  },
  hidden: (data) => dimerHidden(data.size),
  references: [{
    name: "field",
    title: "block field (the electric field's signs)",
    description: "the coarse variables RG should find for dimers: each b x b block's sign(E_x), sign(E_y), ties by a seeded coin, b = 2, 4, 8; trains nothing",
    run: (core, armDir, data, levels, seed) => fieldReferenceArm(core, armDir, rawBonds(data), data.size, levels, seed),
  }, {
    name: "rsmi",
    title: "RSMI (learned by mutual information)",
    description: "Koch-Janusz & Ringel's real-space mutual information: two coarse variables per b x b block (b = 2, 4, 8), " +
      "filters on the bonds learned to maximise the InfoNCE bound on I(H : environment), the best of two restarts, " +
      "h = sign(filter . block); trains no RBM",
    run: (core, armDir, data, levels, seed, _threads, quick) =>
      rsmiDimerArm(core, armDir, rawBonds(data), data.size, levels, seed, quick ? { ...rsmiDimerTraining(), steps: RSMI_QUICK_STEPS, restarts: 1 } : rsmiDimerTraining()),
  }],
  async measure(core, analysisDir, data, layers, seed) {
    const encoding = data.input.encoding?.name ?? "bonds";
    await writeDimerArmRg(core, analysisDir, rawBonds(data), data.size, encoding, data.input.data, layers, seed);
  },
};

function rawBonds(data: SystemData): Uint8Array {
  if (!data.raw) throw new Error("dimer data without its bonds");
  return data.raw;
}
