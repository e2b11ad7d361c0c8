// Close-packed dimers as reproduce runs them: Koch-Janusz & Ringel's
// counterexample (arXiv:1704.06279). Free dimers (V = 0, a critical Coulomb
// phase whose coarse variables are the block electric field) on the 16 x 16
// torus, shown to the stacks in their kjr image with decoy spins by default;
// stacks of two units per block of b = 2, 4, 8 sites (the Ising stack's
// factor of four per layer); the block field's signs as the reference arm;
// and dimer-rg.json's measures of each layer (docs/methods.md, "Dimers: is
// it renormalization?").

import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Core } from "../../wasm.js";
import { sampleDimers, type DimerSampleOptions } from "../../systems/dimer/sampler.js";
import { DIMER_ENCODINGS, type DimerEncoding } from "../../systems/dimer/encodings.js";
import { dimerLayout } from "../../systems/dimer/layout.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import { writeDimerSamples } from "../io/sample-files.js";
import { encodeTrainingData, readTrainingData, type TrainingDataFile } from "../io/training-data.js";
import type { Progress } from "../runtime/progress.js";
import { fieldReferenceArm, writeDimerArmRg } from "./dimer-rg-arm.js";
import { rsmiDimerArm, rsmiDimerTraining } from "./rsmi-dimer-arm.js";
import type { ReproduceSystem, SystemData } from "./reproduce-system.js";

/** Lattice side of the dimer runs. */
export const DIMER_LATTICE = 16;
/** The encoding the stacks see by default: Koch-Janusz & Ringel's, with independent decoy spins. */
export const DIMER_DEFAULT_ENCODING: DimerEncoding = "kjr";

/** RSMI steps per level in a --quick run. */
const RSMI_QUICK_STEPS = 200;

/** Hidden units per layer: two per block of b = 2, 4, 8 sites, 2 (L / b)^2. */
export function dimerHidden(size: number): number[] {
  return [2, 4, 8].filter((b) => size % b === 0).map((b) => 2 * (size / b) ** 2);
}

/** `reproduce --system dimer`. */
export const dimerSystem: ReproduceSystem = {
  name: "dimer",
  summary: "close-packed dimers, Koch-Janusz & Ringel's counterexample",
  epochs: { rbm: 200, sklearn: 10 },
  async data(core, options, progress, log): Promise<SystemData> {
    const encoding = (options.encoding ?? DIMER_DEFAULT_ENCODING) as DimerEncoding;
    if (!(DIMER_ENCODINGS as readonly string[]).includes(encoding)) throw new RangeError(`unknown dimer encoding ${encoding}`);
    const sampling: DimerSampleOptions = {
      size: DIMER_LATTICE, interaction: options.interaction ?? 0, temperature: 1,
      count: options.samples ?? (options.quick ? 1000 : 20000), seed: options.dataSeed, chains: 4,
    };
    const raw = await cachedDimers(core, join(options.out, "data", "dimer.npy"), sampling, progress, log);
    const input = encodeTrainingData(raw, encoding, options.dataSeed);
    return {
      input, raw: Uint8Array.from(raw.data.values, (v) => (v > 0 ? 1 : 0)), layout: dimerLayout(encoding, DIMER_LATTICE), size: DIMER_LATTICE,
      sampling: { model: "dimer", size: sampling.size, interaction: sampling.interaction, temperature: sampling.temperature,
        count: sampling.count, seed: sampling.seed, chains: sampling.chains, encoding },
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

/** Reuses the .npy at `path` when its sidecar records the same sampling parameters. */
async function cachedDimers(
  core: Core, path: string, sampling: DimerSampleOptions, progress: Progress, log: (line: string) => void,
): Promise<TrainingDataFile> {
  const sidecar = path.replace(/\.npy$/, ".json");
  if (existsSync(path) && existsSync(sidecar)) {
    const { stats } = JSON.parse(await readFile(sidecar, "utf8")) as { stats: Record<string, unknown> };
    if ((["size", "interaction", "temperature", "count", "seed", "chains"] as const).every((key) => stats[key] === sampling[key])) {
      log(`reusing ${path}`);
      return readTrainingData(path, "cached samples");
    }
  }
  prepareOutputDirectory(join(path, ".."), "--out");
  progress.update(0, 1, "sampling dimers");
  const result = sampleDimers(core, sampling);
  progress.update(1, 1, "sampling dimers");
  await writeDimerSamples(path, result);
  return readTrainingData(path, "samples");
}
