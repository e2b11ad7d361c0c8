// `blockspin sample`: equilibrium 2D Ising configurations to a .npy file.

import { availableParallelism } from "node:os";
import { Command, Option } from "commander";
import {
  CRITICAL_TEMPERATURE, ISING_ALGORITHMS, couplingFromTemperature, loadCore, sampleIsing,
  type IsingAlgorithm,
} from "../../index.js";
import { integerAtLeast, positiveFinite } from "../settings/flag-values.js";
import { prepareOutputFile } from "../io/output-path.js";
import { createProgress } from "../runtime/progress.js";
import { sidecarPath, writeSamples } from "../io/sample-files.js";

interface SampleFlags {
  size: number;
  coupling?: number;
  temperature?: number;
  count: number;
  seed: number;
  algorithm: IsingAlgorithm;
  chains: number;
  threads: number;
  burnIn?: number;
  spacing?: number;
  out: string;
  quiet: boolean;
}

export const PAPER_COUPLING = 0.408;

export function sampleCommand(): Command {
  return new Command("sample")
    .description(
      "Sample the 2D Ising model (L x L torus, J = 1, no field) at equilibrium and write int8 +-1 " +
      "configurations, shape (count, L, L), as NumPy .npy, with NAME.json beside it (parameters, " +
      "autocorrelation times, burn-in, spacing, mean energy and |m| with standard errors).",
    )
    .option("--size <L>", "lattice side L (integer >= 2)", integerAtLeast(2), 40)
    .addOption(new Option("--coupling <K>", `coupling K = J/kT (> 0); K_c = 0.4406868 [default: ${PAPER_COUPLING}, the paper's]`)
      .argParser(positiveFinite("coupling K")).conflicts("temperature"))
    .addOption(new Option("--temperature <T>", `temperature T = 1/K (> 0); T_c = ${CRITICAL_TEMPERATURE.toFixed(6)}`)
      .argParser(positiveFinite("temperature T")))
    .option("--count <N>", "number of configurations to store (integer >= 1)", integerAtLeast(1), 20000)
    .option("--seed <S>", "random seed (integer >= 0): same seed, same bytes", integerAtLeast(0), 1)
    .addOption(new Option("--algorithm <name>", "Monte Carlo update: wolff (cluster) or metropolis (checkerboard)")
      .choices(ISING_ALGORITHMS).default("wolff"))
    .option("--chains <N>", "independent Markov chains (integer >= 1)", integerAtLeast(1), 4)
    .option("--threads <N>", "threads the chains run on (the bytes do not depend on it) [available cores]", integerAtLeast(1), availableParallelism())
    .option("--burn-in <updates>", "updates discarded after the pilot run [default: 20 tau_int]", integerAtLeast(0))
    .option("--spacing <updates>", "updates between stored samples [default: ceil(2 tau_int)]", integerAtLeast(1))
    .option("--out <file.npy>", "output file; NAME.json is written beside it", "data/ising.npy")
    .option("--quiet", "no progress bar and no summary", false)
    .action(runSample);
}

async function runSample(flags: SampleFlags): Promise<void> {
  const coupling = flags.temperature !== undefined
    ? couplingFromTemperature(flags.temperature)
    : flags.coupling ?? PAPER_COUPLING;
  prepareOutputFile(flags.out, "--out");
  const core = await loadCore();
  const progress = createProgress(flags.quiet);
  let result;
  try {
    result = sampleIsing(core, {
      size: flags.size, coupling, count: flags.count, seed: flags.seed,
      algorithm: flags.algorithm, chains: flags.chains, threads: flags.threads, burnIn: flags.burnIn, spacing: flags.spacing,
      onProgress: ({ phase, done, total }) => progress.update(done, total, phase === "sample" ? "sampling" : "equilibrating"),
    });
  } finally {
    progress.stop();
  }
  await writeSamples(flags.out, result);
  if (!flags.quiet) {
    const s = result.stats;
    const fmt = (m: { mean: number; standardError: number }) => `${m.mean.toFixed(6)} ± ${m.standardError.toFixed(6)}`;
    console.log(
      `wrote ${flags.out} (${s.count} x ${s.size} x ${s.size} int8) and ${sidecarPath(flags.out)}\n` +
      `  ${s.algorithm}, K = ${s.coupling}, ${s.chains} chains: tau_int(E) = ${s.tauEnergy.toFixed(2)}, ` +
      `tau_int(|m|) = ${s.tauAbsMagnetization.toFixed(2)} ${s.updateUnit} updates; burn-in ${s.burnIn}, spacing ${s.spacing}\n` +
      `  e = ${fmt(s.energyPerSpin)}   |m| = ${fmt(s.absMagnetization)}   (${s.wallSeconds.toFixed(2)} s)`,
    );
  }
}
