// The settings of `blockspin rsmi`: one zod schema for the values, checks and
// defaults of its flags (src/node/cli/rsmi.ts parses them with it). The
// geometry and training defaults are RSMI-NE's (rsmiDefaults(),
// docs/methods.md "RSMI"); an epoch is RSMI_STEPS_PER_EPOCH steps.

import { z } from "zod";
import { integerAtLeast, logIntervalSeconds, switchFlag, text } from "../settings/flag-values.js";

/** Every flag of `blockspin rsmi`, in the order of its help. */
export const rsmiSettingsSchema = z.object({
  /** int8 -1/+1 Ising samples of shape (N, L, L) (--data). */
  data: text(),
  /** Bundle directory (--out); default `runs/rsmi`. */
  out: text().default("runs/rsmi"),
  /** Block side b (--block); default 2. */
  block: integerAtLeast(1).default(2),
  /** Buffer width w between block and environment (--buffer); default 2. */
  buffer: integerAtLeast(0).default(2),
  /** Environment shell width e (--env); default 4, thinner on coarse lattices too small for it. */
  env: integerAtLeast(1).default(4),
  /** Coarse variables per block k (--hidden); default 1 (more only with one level). */
  hidden: integerAtLeast(1).default(1),
  /** Levels learned, each on the one below (--levels); default 1. */
  levels: integerAtLeast(1).default(1),
  /** Epochs of 100 steps per level (--epochs); default 20 (RSMI-NE's 2,000 steps). */
  epochs: integerAtLeast(1).default(20),
  /** Pairs per batch K (--batch): the bound's ceiling is ln K; default 400. */
  batch: integerAtLeast(2).default(400),
  /** Seed of the initial weights, pairs, noise and tie coins (--seed); default 1. */
  seed: integerAtLeast(0).default(1),
  /** No progress bar, progress lines or summary (--quiet). */
  quiet: switchFlag().default(false),
  /** Seconds between progress lines when stdout is not a terminal (--log-interval). */
  logInterval: logIntervalSeconds().optional(),
  /** Take over --out's lock even if held on another host (--force). */
  force: switchFlag().default(false),
});

/** RSMI settings as parsed (flags given, defaults filled in): what runRsmi takes. */
export type RsmiSettings = z.output<typeof rsmiSettingsSchema>;
