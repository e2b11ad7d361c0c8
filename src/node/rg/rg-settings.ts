// The settings of `blockspin rg`: one zod schema for the values, checks and
// defaults of its flags (src/node/cli/rg.ts parses them with it).

import { availableParallelism } from "node:os";
import { z } from "zod";
import { integerAtLeast, text } from "../settings/flag-values.js";

/** Every flag of `blockspin rg`, in the order of its help. */
export const rgSettingsSchema = z.object({
  /** int8 -1/+1 spin samples of shape (N, L, L). */
  data: text(),
  /** A model bundle; without one, majority rule. */
  model: text().optional(),
  /** Levels above the data (default: all the model's layers, or majority-rule halvings down to a side >= 4). */
  levels: integerAtLeast(1).optional(),
  /** Use the first n samples (default all). */
  samples: integerAtLeast(2).optional(),
  /** Seed of the hidden-state sampling and the majority-rule tie coins (--seed); default 1. */
  seed: integerAtLeast(0).default(1),
  /** Output directory for rg.json (--out); default `rg`. */
  out: text().default("rg"),
  /** Threads for propagating through the model; results do not depend on it. */
  threads: integerAtLeast(1).default(() => availableParallelism()),
});

/** RG settings as parsed (flags given, defaults filled in): what runRg takes. */
export type RgSettings = z.output<typeof rgSettingsSchema>;
