// What a flow experiment gives: per training set the training record, the
// flows and their fixed points, against T_c and the specific-heat maximum of
// the same L (docs/methods.md, "Temperature flow"). flow-run.ts makes it,
// flow-report.ts shows it.

import type { EpochMetrics } from "../../rbm/training/index.js";
import type { LayerTrainingOptions } from "../../rbm/training-options.js";
import type { FlowFixedPoint, FlowTrace } from "../../flow/temperature-flow.js";
import type { SpecificHeatMaximum } from "../../systems/ising/exact.js";
import type { FlowOptions } from "./flow-settings.js";

/** One training set's part of a flow experiment: the RBM trained on it and the flows it makes. */
export interface FlowSetResult {
  /** The training set's name: a preset (TRAINING_PRESETS) or `custom`. */
  trainingSet: string;
  /** The temperatures trained on, in units of J/k. */
  trainingTemperatures: number[];
  /** Training settings, every epoch's monitoring metrics (the convergence record) and wall time. */
  training: {
    /** The RBM's training options. */
    options: LayerTrainingOptions;
    /** Every epoch's monitoring metrics. */
    metrics: EpochMetrics[];
    /** Wall-clock seconds of training. */
    seconds: number;
  };
  /** One flow per start: the thermometer's reading at every step. */
  flows: FlowTrace[];
  /** Each flow's fixed point, parallel to `flows`. */
  fixedPoints: FlowFixedPoint[];
}

/** What a flow experiment gives (flow.json): per training set its flows, against T_c and the specific-heat maximum of the same L. */
export interface FlowResult {
  /** The run's options, less the output and data directories. */
  settings: Omit<FlowOptions, "out" | "dataDir">;
  /** Onsager's T_c = 2 / ln(1 + sqrt 2) in units of J/k, about 2.269. */
  criticalTemperature: number;
  /** Where the exact specific heat of the L x L torus peaks (Ferdinand & Fisher 1969; specificHeatMaximum). */
  specificHeatMaximum: SpecificHeatMaximum;
  /** One entry per training set, in the order of FlowOptions.trainingSets. */
  sets: FlowSetResult[];
  /** Path of report.html. */
  reportPath: string;
}
