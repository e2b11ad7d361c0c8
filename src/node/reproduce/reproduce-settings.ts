// The settings of the reproduce pipeline's commands, `blockspin reproduce`,
// `analyze` and `report`: one zod schema each for the values, checks and
// defaults of their flags (src/node/cli/reproduce.ts, analyze.ts and
// report.ts parse them with it).

import { availableParallelism } from "node:os";
import { z } from "zod";
import { PAPER_COUPLING } from "../sample/sample-settings.js";
import { SIMD_CHOICES } from "../runtime/simd-choice.js";
import { choiceOf, integerAtLeast, logIntervalSeconds, positiveFinite, switchFlag, text } from "../settings/flag-values.js";
import { ARM_NAMES } from "./arms.js";

/** Every flag of `blockspin reproduce`, in the order of its help; all but quiet and logInterval are ReproduceOptions. */
export const reproduceSettingsSchema = z.object({
  out: text().default("runs/mehta-schwab"),
  quick: switchFlag().default(false),
  seeds: integerAtLeast(1).default(1),
  epochs: integerAtLeast(1).optional(),
  sklearnEpochs: integerAtLeast(1).optional(),
  samples: integerAtLeast(100).optional(),
  dataSeed: integerAtLeast(0).default(1),
  coupling: positiveFinite("coupling K").default(PAPER_COUPLING),
  arms: z.array(choiceOf(ARM_NAMES)).optional(),
  /** Held-out fraction; the run refuses values >= 1 with a usage error of its own. */
  validation: positiveFinite("fraction in (0, 1)").default(0.1),
  threads: integerAtLeast(1).default(() => availableParallelism()),
  resume: switchFlag().default(false),
  simd: choiceOf(SIMD_CHOICES).default("baseline"),
  quiet: switchFlag().default(false),
  logInterval: logIntervalSeconds().optional(),
  force: switchFlag().default(false),
});

export type ReproduceSettings = z.output<typeof reproduceSettingsSchema>;

/** Every flag of `blockspin analyze`. */
export const analyzeSettingsSchema = z.object({
  model: text(),
  data: text(),
  /** Output directory (default MODEL/analysis). */
  out: text().optional(),
  /** Configurations to reconstruct. */
  samples: integerAtLeast(1).default(8),
  /** Seed of top-layer sampling and the random-field reference. */
  seed: integerAtLeast(0).default(1),
});

export type AnalyzeSettings = z.output<typeof analyzeSettingsSchema>;

/** The flags of `blockspin report` (its run directories are arguments). */
export const reportSettingsSchema = z.object({
  /** Report file (default: the first run directory's report.html). */
  out: text().optional(),
});

export type ReportSettings = z.output<typeof reportSettingsSchema>;
