// The settings of the reproduce pipeline's commands, `blockspin reproduce`,
// `analyze` and `report`: one zod schema each for the values, checks and
// defaults of their flags (src/node/cli/reproduce.ts, analyze.ts and
// report.ts parse them with it).

import { availableParallelism } from "node:os";
import { z } from "zod";
import { SIMD_CHOICES } from "../runtime/simd-choice.js";
import { DIMER_ENCODINGS } from "../../systems/dimer/encodings.js";
import { REPRODUCE_SYSTEM_NAMES } from "./system-names.js";
import { choiceOf, finiteNumber, integerAtLeast, logIntervalSeconds, positiveFinite, switchFlag, text } from "../settings/flag-values.js";
import { ARM_NAMES } from "./arms.js";

/** Every flag of `blockspin reproduce`, in the order of its help; all but quiet and logInterval are ReproduceOptions. */
export const reproduceSettingsSchema = z.object({
  /** Output directory (--out); default `runs/mehta-schwab`. */
  out: text().default("runs/mehta-schwab"),
  /** The data (--system, one of REPRODUCE_SYSTEM_NAMES): `ising` (the paper's), `dimer` or `digits`; default `ising`. */
  system: choiceOf(REPRODUCE_SYSTEM_NAMES).default("ising"),
  /** Dimer data: the encoding the stacks see (--encoding, DIMER_ENCODINGS); default `kjr`, Koch-Janusz & Ringel's image with decoys. */
  encoding: choiceOf(DIMER_ENCODINGS).optional(),
  /** Dimer data: the plaquette interaction V at T = 1 (--interaction); default 0, the free model. */
  interaction: finiteNumber("interaction V: a finite number", () => true).optional(),
  /** Smoke run of about 15 seconds (--quick): 1,000 samples, 3 epochs per layer (2 for scikit-learn); default false. */
  quick: switchFlag().default(false),
  /** Training seeds per arm (--seeds; locality is reported as mean ± sd across them); default 1. */
  seeds: integerAtLeast(1).default(1),
  /** Epochs per layer of the L1 and L2 arms (--epochs); default 200, the paper's (quick: 3). */
  epochs: integerAtLeast(1).optional(),
  /** Epochs per layer of the scikit-learn arm (--sklearn-epochs); default 10, its n_iter (quick: 2). */
  sklearnEpochs: integerAtLeast(1).optional(),
  /** Samples to draw, >= 100 (--samples); default the system's (Ising 20000, digits all 10000; quick: 1000). */
  samples: integerAtLeast(100).optional(),
  /** Seed of the samples (--data-seed; the digits' subset, the kjr decoys); default 1. */
  dataSeed: integerAtLeast(0).default(1),
  /** Coupling K = J/kT of the Ising samples (--coupling, > 0); default the paper's 0.408 (PAPER_COUPLING). */
  coupling: positiveFinite("coupling K").optional(),
  /** Arms to run (--arms, names from ARM_NAMES); default all. */
  arms: z.array(choiceOf(ARM_NAMES)).optional(),
  /** Other reproduce output directories (--compare) whose systems the report shows beside this run's (its verdict table gets a column per system); default none. */
  compare: z.array(text()).optional(),
  /** Held-out fraction (--validation, in (0, 1)); the run refuses values >= 1 with a usage error of its own. Default 0.1. */
  validation: positiveFinite("fraction in (0, 1)").default(0.1),
  /** Threads for training (--threads); results do not depend on it. Default: the available cores. */
  threads: integerAtLeast(1).default(() => availableParallelism()),
  /** Continue the interrupted run in `out` with the settings it was started with (--resume): finished arms are reused, the arm in progress continues from its checkpoint; default false. */
  resume: switchFlag().default(false),
  /** The wasm build (--simd, one of SIMD_CHOICES); default `baseline`. */
  simd: choiceOf(SIMD_CHOICES).default("baseline"),
  /** No progress bar, progress lines or summary (--quiet); default false. */
  quiet: switchFlag().default(false),
  /** Seconds between progress lines when stdout is not a terminal (--log-interval; 0: every epoch); default 30. */
  logInterval: logIntervalSeconds().optional(),
  /** Take over --out's lock even when it is held on another host (--force); default false. */
  force: switchFlag().default(false),
});

/** Reproduce settings as parsed (flags given, defaults filled in): what runReproduce takes. */
export type ReproduceSettings = z.output<typeof reproduceSettingsSchema>;

/** Every flag of `blockspin analyze`. */
export const analyzeSettingsSchema = z.object({
  /** Model bundle directory (--model, required). */
  model: text(),
  /** Samples of shape (N, L, L) the model was trained on (--data, an .npy; required). */
  data: text(),
  /** Output directory (--out); default MODEL/analysis. */
  out: text().optional(),
  /** Configurations to reconstruct (--samples); default 8. */
  samples: integerAtLeast(1).default(8),
  /** Seed of top-layer sampling and the random-field reference (--seed); default 1. */
  seed: integerAtLeast(0).default(1),
});

/** Analyze settings as parsed (flags given, defaults filled in): what runAnalyze takes. */
export type AnalyzeSettings = z.output<typeof analyzeSettingsSchema>;

/** The flags of `blockspin report` (its run directories are arguments). */
export const reportSettingsSchema = z.object({
  /** Report file (default: the first run directory's report.html). */
  out: text().optional(),
});

/** Report settings as parsed: the flags of `blockspin report`, beside its run directories. */
export type ReportSettings = z.output<typeof reportSettingsSchema>;
