// The settings of `blockspin score`: one zod schema for the values, checks
// and defaults of its flags (src/node/cli/score.ts parses them with it).

import { availableParallelism } from "node:os";
import { z } from "zod";
import { integerAtLeast, text } from "../settings/flag-values.js";

export const scoreSettingsSchema = z.object({
  model: text(),
  data: text(),
  /** The layer to score; the data is propagated up through the layers below. */
  layer: integerAtLeast(1).default(1),
  /** Seed of the flipped units of the pseudo-likelihood. */
  seed: integerAtLeast(0).default(0),
  /** Threads for scoring; results do not depend on it. */
  threads: integerAtLeast(1).default(() => availableParallelism()),
});

export type ScoreSettings = z.output<typeof scoreSettingsSchema>;
