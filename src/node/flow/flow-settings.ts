// The settings of a flow experiment: the run's options (FlowOptions, what
// runFlowExperiment takes), their defaults, and `blockspin flow`'s flags as
// one zod schema for their values, checks and defaults
// (src/node/cli/flow.ts parses them with it; flow.ts turns them into
// FlowOptions).

import { z } from "zod";
import { FLOW_MODES, type FlowMode } from "../../flow/temperature-flow.js";
import type { TrainingPreset } from "../../flow/training-temperatures.js";
import { choiceOf, integerAtLeast, logIntervalSeconds, positiveFinite, switchFlag, text } from "../settings/flag-values.js";

export const FLOW_STARTS = ["random", "ordered", "data"] as const;
export type FlowStartKind = (typeof FLOW_STARTS)[number];

/** A set of training temperatures: a named preset, or an explicit list ("custom"). */
export interface TrainingSet {
  name: TrainingPreset | "custom";
  temperatures?: number[];
}

export interface FlowOptions {
  size: number;
  temperatures: number[];
  perTemperature: number;
  trainingSets: TrainingSet[];
  hidden: number;
  epochs: number;
  learningRate: number;
  batchSize: number;
  biases: boolean;
  steps: number;
  starts: FlowStartKind[];
  mode: FlowMode;
  seed: number;
  out: string;
  threads: number;
  /** Fraction of each temperature's samples held out of training and used as data starts. */
  heldOutFraction: number;
}

/**
 * Defaults. N_v = N_h = L^2, CD-1 and batch 100 as Iso et al. and Veiga & Vicente; lr 0.01 (Veiga & Vicente)
 * with rbm.m's momentum (0.5 for 5 epochs, then 0.9), no weight penalty, initial weights 0.01 N(0, 1) (Hinton's
 * practical guide). 100 epochs: see README ("blockspin flow") for the convergence check behind it.
 */
export const FLOW_DEFAULTS = {
  size: 10, temperatureSpec: "0.25:6:0.25", perTemperature: 1000, epochs: 100, learningRate: 0.01, batchSize: 100,
  steps: 40, heldOutFraction: 0.2, seed: 1,
} as const;

/** Largest run seed: temperatureSeed stays a safe integer for T up to 1e6. */
export const MAX_FLOW_SEED = 2 ** 32 - 1;


/** Every flag of `blockspin flow`, in the order of its help. */
export const flowSettingsSchema = z.object({
  size: integerAtLeast(2).default(FLOW_DEFAULTS.size),
  /** Sampled temperatures: a range from:to:step or a comma list. */
  temperatures: text().default(FLOW_DEFAULTS.temperatureSpec),
  perTemperature: integerAtLeast(10).default(FLOW_DEFAULTS.perTemperature),
  /** Training sets: preset names (comma-separated) or one list of sampled temperatures. */
  trainTemperatures: text().default("all"),
  /** Hidden units (default L^2). */
  hidden: integerAtLeast(1).optional(),
  epochs: integerAtLeast(1).default(FLOW_DEFAULTS.epochs),
  lr: positiveFinite("learning rate").default(FLOW_DEFAULTS.learningRate),
  batch: integerAtLeast(1).default(FLOW_DEFAULTS.batchSize),
  /** False with --no-bias: biases stay at 0. */
  bias: switchFlag().optional(),
  steps: integerAtLeast(1).default(FLOW_DEFAULTS.steps),
  /** Flow starts, comma-separated from FLOW_STARTS. */
  starts: text().default(FLOW_STARTS.join(",")),
  mode: choiceOf(FLOW_MODES).default("samples"),
  seed: integerAtLeast(0).default(FLOW_DEFAULTS.seed),
  out: text().default("runs/flow"),
  /** Threads; results do not depend on it. One by default: an L = 10 RBM's kernels are too small for a team. */
  threads: integerAtLeast(1).default(1),
  quiet: switchFlag().default(false),
  logInterval: logIntervalSeconds().optional(),
  force: switchFlag().default(false),
});

export type FlowSettings = z.output<typeof flowSettingsSchema>;
