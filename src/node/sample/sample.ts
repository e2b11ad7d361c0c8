// `blockspin sample` as a service: equilibrium 2D Ising configurations to a
// .npy file with its NAME.json sidecar.

import { loadCore } from "../../index.js";
import { sampleIsing, type SampleResult } from "../../ising/sampler.js";
import { prepareOutputFile } from "../io/output-path.js";
import { createProgress } from "../runtime/progress.js";
import { writeSamples } from "../io/sample-files.js";
import { couplingOf, type SampleSettings } from "./sample-settings.js";

/**
 * `blockspin sample` as a call: samples with `settings` (a progress bar unless quiet) and writes
 * settings.out (int8 -1/+1, shape (count, L, L)) and its NAME.json sidecar.
 *
 * @param settings - The command's flags, parsed by sampleSettingsSchema.
 * @returns The samples and the sampler's statistics.
 */
export async function runSample(settings: SampleSettings): Promise<SampleResult> {
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
