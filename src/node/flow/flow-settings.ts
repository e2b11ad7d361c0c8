// The settings of a flow experiment: the run's options (FlowOptions, what
// runFlowExperiment takes), their defaults, and `blockspin flow`'s flags as
// one zod schema for their values, checks and defaults
// (src/node/cli/flow.ts parses them with it; flow.ts turns them into
// FlowOptions).

import { z } from "zod";
import { FLOW_MODES, type FlowMode } from "../../flow/temperature-flow.js";
import type { TrainingPreset } from "../../flow/training-temperatures.js";
import {
  FLOW_TRAINING_PRESETS, NEGATIVE_PHASES, type FlowMomentum, type FlowTraining, type FlowTrainingPreset,
} from "../../flow/flow-training.js";
import { choiceOf, finiteNumber, flagValue, integerAtLeast, logIntervalSeconds, positiveFinite, switchFlag, text } from "../settings/flag-values.js";

/**
 * The kinds of flow start: `random` (fair-coin spins, T = infinity), `ordered` (all spins up, T = 0) and
 * `data` (held-out Wolff samples of each temperature); docs/methods.md, "Temperature flow".
 */
export const FLOW_STARTS = ["random", "ordered", "data"] as const;
/** One kind of flow start, an element of FLOW_STARTS. */
export type FlowStartKind = (typeof FLOW_STARTS)[number];

/** A set of training temperatures: a named preset, or an explicit list ("custom"). */
export interface TrainingSet {
  /** The preset's name (TRAINING_PRESETS), or `custom` for an explicit list. */
  name: TrainingPreset | "custom";
  /** The training temperatures of a `custom` set, in units of J/k, each one of the sampled temperatures; unset for a preset. */
  temperatures?: number[];
}

/**
 * The options of one flow experiment (runFlowExperiment); FLOW_DEFAULTS holds the defaults of `blockspin flow`,
 * flowTrainingPreset (src/flow/flow-training.ts) the training rules' (epochs, learningRate, batchSize, momentum,
 * negative, initStd, cdSteps, persistent, biases).
 */
export interface FlowOptions extends FlowTraining {
  /** Lattice side L (>= 2); the RBM has L^2 visible units. */
  size: number;
  /** Sampled temperatures in units of J/k, in the order given; one Wolff sample set each. */
  temperatures: number[];
  /** Wolff samples per sampled temperature (heldOutFraction of them held out). */
  perTemperature: number;
  /** The training sets: one RBM is trained on each. */
  trainingSets: TrainingSet[];
  /** Hidden units of each RBM (L^2 in `blockspin flow` unless given). */
  hidden: number;
  /** The training preset the rules started from (flags may have changed some of them). */
  preset: FlowTrainingPreset;
  /** Flow steps v -> h -> v per start. */
  steps: number;
  /** The kinds of start each RBM's flows begin from. */
  starts: FlowStartKind[];
  /** What is fed on at each half-step: sampled states or probabilities (FLOW_MODES). */
  mode: FlowMode;
  /** Seed of sampling, training and flows, an integer 0..MAX_FLOW_SEED. */
  seed: number;
  /** Output directory: flow.json, the charts, report.html and (unless dataDir is given) the cached samples. */
  out: string;
  /** Where the Wolff samples are cached and reused; default `out`/data. Not recorded in flow.json. */
  dataDir?: string;
  /** Threads for sampling, training and flows; results do not depend on it. */
  threads: number;
  /** Fraction of each temperature's samples held out of training and used as data starts. */
  heldOutFraction: number;
}

/**
 * Defaults of the experiment. The training rules' defaults are the preset's (flowTrainingPreset: `iso`, CD-1,
 * batch 100, lr 0.01 with rbm.m's momentum, 100 epochs; docs/cli.md, "flow", for the convergence check behind
 * the epochs); N_v = N_h = L^2.
 */
export const FLOW_DEFAULTS = {
  /** Lattice side L. */
  size: 10,
  /** Sampled temperatures, as `--temperatures` writes them (from:to:step, units of J/k). */
  temperatureSpec: "0.25:6:0.25",
  /** Wolff samples per temperature. */
  perTemperature: 1000,
  /** Flow steps v -> h -> v. */
  steps: 40,
  /** Fraction of each temperature's samples held out as data starts. */
  heldOutFraction: 0.2,
  /** Run seed. */
  seed: 1,
} as const;

/** Largest run seed: temperatureSeed stays a safe integer for T up to 1e6. */
export const MAX_FLOW_SEED = 2 ** 32 - 1;


const nonNegative = finiteNumber("a finite number >= 0", (v) => v >= 0);

/** `rbm.m` (0.5 for 5 epochs, then 0.9), `none`, or a constant momentum in [0, 1). */
const flowMomentum = flagValue<FlowMomentum>(
  (written) => (written === "rbm.m" || written === "none" ? written : written.trim() === "" ? undefined : Number(written)),
  (value) => value === "rbm.m" || value === "none" || (typeof value === "number" && Number.isFinite(value) && value >= 0 && value < 1),
  "expected rbm.m, none or a number in [0, 1)",
);

/** Every flag of `blockspin flow`, in the order of its help. */
export const flowSettingsSchema = z.object({
  /** Lattice side L, an integer >= 2 (--size); default 10. */
  size: integerAtLeast(2).default(FLOW_DEFAULTS.size),
  /** Sampled temperatures (--temperatures), in units of J/k: a range from:to:step or a comma list; default `0.25:6:0.25`. */
  temperatures: text().default(FLOW_DEFAULTS.temperatureSpec),
  /** Wolff samples per sampled temperature, >= 10 (--per-temperature; 20% are held out as data starts); default 1000. */
  perTemperature: integerAtLeast(10).default(FLOW_DEFAULTS.perTemperature),
  /** Training sets (--train-temperatures): preset names (comma-separated) or one list of sampled temperatures; default `all`. */
  trainTemperatures: text().default("all"),
  /** Hidden units (--hidden); default L^2. */
  hidden: integerAtLeast(1).optional(),
  /** Training rules' preset (--preset, FLOW_TRAINING_PRESETS): `iso` (Iso, Shiba & Yokoo 2018) or `veiga-vicente` (their code's setting); default `iso`. */
  preset: choiceOf(FLOW_TRAINING_PRESETS).default("iso"),
  /** Training epochs (--epochs); default the preset's (iso 100, veiga-vicente 8000). */
  epochs: integerAtLeast(1).optional(),
  /** Learning rate (--lr); default the preset's (0.01 in both). */
  lr: positiveFinite("learning rate").optional(),
  /** Mini-batch size in samples (--batch); default the preset's (100 in both). */
  batch: integerAtLeast(1).optional(),
  /** Momentum (--momentum): `rbm.m` (0.5 for 5 epochs, then 0.9), `none`, or a constant in [0, 1); default the preset's (iso rbm.m, veiga-vicente none). */
  momentum: flowMomentum.optional(),
  /** Negative visibles (--negative): `samples` or `probabilities`; default the preset's (iso probabilities, veiga-vicente samples). */
  negative: choiceOf(NEGATIVE_PHASES).optional(),
  /** Standard deviation of the initial weights (--init-std, >= 0); default the preset's (iso 0.01, veiga-vicente 0.1). */
  initStd: nonNegative.optional(),
  /** Gibbs steps per update, k of CD-k (--cd-steps); default the preset's (1 in both). */
  cdSteps: integerAtLeast(1).optional(),
  /** Persistent chains, PCD (--persistent); default the preset's (off in both). */
  persistent: switchFlag().optional(),
  /** False with --no-bias: visible and hidden biases stay at 0; unset: the preset's (iso trained, veiga-vicente fixed at 0). */
  bias: switchFlag().optional(),
  /** Flow steps v -> h -> v (--steps); default 40. */
  steps: integerAtLeast(1).default(FLOW_DEFAULTS.steps),
  /** Flow starts (--starts), comma-separated from FLOW_STARTS; default all of them. */
  starts: text().default(FLOW_STARTS.join(",")),
  /** Flow mode (--mode): `samples` (Bernoulli states at both half-steps) or `probabilities` (probabilities fed on; the thermometer reads one draw); default `samples`. */
  mode: choiceOf(FLOW_MODES).default("samples"),
  /** Seed of sampling, training and flows, an integer 0..MAX_FLOW_SEED (--seed); default 1. */
  seed: integerAtLeast(0).default(FLOW_DEFAULTS.seed),
  /** Output directory (--out); default `runs/flow`. */
  out: text().default("runs/flow"),
  /** Threads; results do not depend on it. One by default: an L = 10 RBM's kernels are too small for a team. */
  threads: integerAtLeast(1).default(1),
  /** No progress bar and no summary (--quiet); default false. */
  quiet: switchFlag().default(false),
  /** Seconds between progress lines when stdout is not a terminal (--log-interval; 0: every epoch); default 30. */
  logInterval: logIntervalSeconds().optional(),
  /** Take over --out's lock even when it is held on another host (--force); default false. */
  force: switchFlag().default(false),
});

/** Flow settings as parsed (flags given, defaults filled in): what runFlow takes. */
export type FlowSettings = z.output<typeof flowSettingsSchema>;
