// The settings of a sampling run, `blockspin sample`'s flags: one zod schema
// for their values, checks and defaults. The command line parses each flag
// with it (src/node/cli/sample.ts) and a sweep spec's `sample` keys are its
// keys (src/node/sweep/sweep-spec.ts).

import { availableParallelism } from "node:os";
import { z } from "zod";
import { ISING_ALGORITHMS } from "../../systems/ising/chain.js";
import { couplingFromTemperature } from "../../systems/ising/coupling.js";
import { SYSTEM_NAMES } from "../../systems/registry.js";
import { choiceOf, finiteNumber, integerAtLeast, positiveFinite, switchFlag, text } from "../settings/flag-values.js";

/** The coupling when neither coupling nor temperature is given: Mehta & Schwab (2014)'s K = 0.408. */
export const PAPER_COUPLING = 0.408;

/** The dimer model's temperature when none is given: T = 1, in units of the plaquette energy. */
export const DIMER_TEMPERATURE = 1;

/** Every flag of `blockspin sample`, in the order of its help. */
export const sampleSettingsSchema = z.object({
  /** The system sampled (--model, one of SYSTEM_NAMES in src/systems/registry.ts): `ising`, `dimer` or `digits`; default `ising`. */
  model: choiceOf(SYSTEM_NAMES).default("ising"),
  /** Lattice side L, an integer >= 2 (--size); default 40. */
  size: integerAtLeast(2).default(40),
  /** Coupling K = J/kT; give coupling or temperature (default PAPER_COUPLING). */
  coupling: positiveFinite("coupling K").optional(),
  /**
   * Temperature (--temperature, > 0). Ising: T = 1/K in units of J/k; when given it overrides `coupling`.
   * Dimer: T in the units of V; default DIMER_TEMPERATURE.
   */
  temperature: positiveFinite("temperature T").optional(),
  /** Dimer only: the plaquette interaction V (--interaction, finite; V < 0 aligns), weight exp(-V N_par / T); default 0, the free model. */
  interaction: finiteNumber("interaction V: a finite number", () => true).optional(),
  /** Configurations to store (--count); default 20000. */
  count: integerAtLeast(1).default(20000),
  /** Random seed, an integer >= 0 (--seed): same seed, same bytes; default 1. */
  seed: integerAtLeast(0).default(1),
  /** Monte Carlo update (--algorithm): `wolff` (cluster) or `metropolis` (checkerboard); default `wolff`. */
  algorithm: choiceOf(ISING_ALGORITHMS).default("wolff"),
  /** Independent Markov chains (--chains); default 4. */
  chains: integerAtLeast(1).default(4),
  /** Threads the chains run on (--threads); the bytes do not depend on it. Default: the available cores. */
  threads: integerAtLeast(1).default(() => availableParallelism()),
  /** Updates discarded after the pilot run (--burn-in); default 20 tau_int (docs/methods.md). */
  burnIn: integerAtLeast(0).optional(),
  /** Updates between stored samples (--spacing); default ceil(2 tau_int) (docs/methods.md). */
  spacing: integerAtLeast(1).optional(),
  /** Output .npy file (--out); NAME.json is written beside it. Default `data/ising.npy`. */
  out: text().default("data/ising.npy"),
  /** No progress bar and no summary (--quiet); default false. */
  quiet: switchFlag().default(false),
});

/** Sample settings as parsed (flags given, defaults filled in): what runSample takes. */
export type SampleSettings = z.output<typeof sampleSettingsSchema>;

/** Settings of one invocation rather than of the samples: a sweep spec does not take them. */
export const INVOCATION_SAMPLE_KEYS = ["out", "quiet", "threads", "logInterval"] as const;

/**
 * The coupling the settings ask for: from the temperature if given, else the coupling, else PAPER_COUPLING.
 *
 * @param settings - Coupling K = J/kT and temperature T (units of J/k), either optional.
 * @returns The coupling K.
 */
export function couplingOf(settings: { coupling?: number; temperature?: number }): number {
  return settings.temperature !== undefined ? couplingFromTemperature(settings.temperature) : settings.coupling ?? PAPER_COUPLING;
}

/**
 * What `blockspin sample --model dimer` refuses of the sample settings (an odd L, a coupling, another algorithm than
 * the default), as a message naming the setting with `name`; the same checks for the command and a sweep spec.
 *
 * @param settings - Lattice side, coupling (if given) and algorithm.
 * @param name - How a setting is named in the message (`--size`, or `sample.size` in a sweep spec).
 * @returns The message, or undefined when the settings can be sampled as dimers.
 */
export function dimerSampleProblem(
  settings: { size: number; coupling?: number | undefined; algorithm: string }, name: (key: string) => string,
): string | undefined {
  if (settings.size % 2 !== 0) return `${name("size")}: the dimer model needs an even L (a covering pairs the sites), got ${settings.size}`;
  if (settings.coupling !== undefined) {
    return `${name("coupling")} is the Ising model's; give the dimer model ${name("temperature")} and ${name("interaction")}`;
  }
  if (settings.algorithm !== "wolff") return `${name("algorithm")} ${settings.algorithm} is the Ising model's; the dimer model is sampled by directed loops`;
  return undefined;
}
