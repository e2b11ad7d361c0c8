// What a flow experiment gives: per training set the training record, the
// flows and their fixed points, against T_c and the specific-heat maximum of
// the same L (docs/methods.md, "Temperature flow"). flow-run.ts makes it,
// flow-report.ts shows it.

import type { EpochMetrics } from "../../rbm/training/index.js";
import type { LayerTrainingOptions } from "../../rbm/training-options.js";
import type { FlowFixedPoint, FlowTrace } from "../../flow/temperature-flow.js";
import type { FlowOptions } from "./flow-settings.js";

export interface FlowSetResult {
  trainingSet: string;
  trainingTemperatures: number[];
  /** Training settings, every epoch's monitoring metrics (the convergence record) and wall time. */
  training: { options: LayerTrainingOptions; metrics: EpochMetrics[]; seconds: number };
  flows: FlowTrace[];
  fixedPoints: FlowFixedPoint[];
}

export interface FlowResult {
  settings: Omit<FlowOptions, "out">;
  criticalTemperature: number;
  specificHeatMaximum: { temperature: number; specificHeat: number };
  sets: FlowSetResult[];
  reportPath: string;
}
