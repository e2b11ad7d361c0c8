// The settings of a sampling run, `blockspin sample`'s flags: one zod schema
// for their values, checks and defaults. The command line parses each flag
// with it (src/node/cli/sample.ts) and a sweep spec's `sample` keys are its
// keys (src/node/sweep/sweep-spec.ts).

import { availableParallelism } from "node:os";
import { z } from "zod";
import { ISING_ALGORITHMS } from "../../ising/chain.js";
import { couplingFromTemperature } from "../../ising/coupling.js";
import { choiceOf, integerAtLeast, positiveFinite, switchFlag, text } from "../settings/flag-values.js";

/** The coupling when neither coupling nor temperature is given: Mehta & Schwab (2014)'s K = 0.408. */
export const PAPER_COUPLING = 0.408;

/** Every flag of `blockspin sample`, in the order of its help. */
export const sampleSettingsSchema = z.object({
  size: integerAtLeast(2).default(40),
  /** Coupling K = J/kT; give coupling or temperature (default PAPER_COUPLING). */
  coupling: positiveFinite("coupling K").optional(),
  temperature: positiveFinite("temperature T").optional(),
  count: integerAtLeast(1).default(20000),
  seed: integerAtLeast(0).default(1),
  algorithm: choiceOf(ISING_ALGORITHMS).default("wolff"),
  chains: integerAtLeast(1).default(4),
  /** Threads the chains run on; the bytes do not depend on it. */
  threads: integerAtLeast(1).default(() => availableParallelism()),
  burnIn: integerAtLeast(0).optional(),
  spacing: integerAtLeast(1).optional(),
  out: text().default("data/ising.npy"),
  quiet: switchFlag().default(false),
});

export type SampleSettings = z.output<typeof sampleSettingsSchema>;

/** Settings of one invocation rather than of the samples: a sweep spec does not take them. */
export const INVOCATION_SAMPLE_KEYS = ["out", "quiet", "threads", "logInterval"] as const;

/** The coupling the settings ask for: from the temperature if given, else the coupling, else PAPER_COUPLING. */
export function couplingOf(settings: { coupling?: number; temperature?: number }): number {
  return settings.temperature !== undefined ? couplingFromTemperature(settings.temperature) : settings.coupling ?? PAPER_COUPLING;
}
