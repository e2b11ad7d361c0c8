// The settings of `blockspin score`: one zod schema for the values, checks
// and defaults of its flags (src/node/cli/score.ts parses them with it).

import { availableParallelism } from "node:os";
import { z } from "zod";
import { integerAtLeast, text } from "../settings/flag-values.js";

/** Every flag of `blockspin score`, in the order of its help. */
export const scoreSettingsSchema = z.object({
  /** Model bundle directory, from `blockspin train` (--model, required). */
  model: text(),
  /** Samples to score (--data, an .npy of int8 -1/+1 or uint8/bool 0/1; required). */
  data: text(),
  /** The layer to score, 1-based (--layer); the data is propagated up through the layers below. Default 1. */
  layer: integerAtLeast(1).default(1),
  /** Seed of the flipped units of the pseudo-likelihood (--seed); default 0. */
  seed: integerAtLeast(0).default(0),
  /** Threads for scoring (--threads); results do not depend on it. Default: the available cores. */
  threads: integerAtLeast(1).default(() => availableParallelism()),
});

/** Score settings as parsed (flags given, defaults filled in): what runScore takes. */
export type ScoreSettings = z.output<typeof scoreSettingsSchema>;
