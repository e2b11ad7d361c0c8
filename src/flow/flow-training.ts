// How the flow's RBM is trained. Where the flow of temperature goes depends on
// these rules, not only on the training temperatures (Acevedo et al. 2022,
// arXiv:2203.06652), so each is a setting, with two presets:
//
// - `iso`: blockspin's default, after Iso, Shiba & Yokoo (2018): CD-1, batch
//   100, lr 0.01 with rbm.m's momentum (0.5 for 5 epochs, then 0.9), negative
//   visibles as probabilities (rbm.m), weights 0.01 N(0, 1), biases trained,
//   100 epochs.
// - `veiga-vicente`: the setting of Veiga & Vicente's code
//   (github.com/rodsveiga/rbm_flows_ising, commit f5fb92f):
//   training_RBM/RBM_L010_train_dataset_V_complete.ipynb lines 1163-1171
//   (lr = 0.01, k_learning = 1, batch_size = 100, nb_epoch = 8000, N_h = N_v,
//   bias= False) and modules/rbm.py lines 49-51 (W ~ N(0, 0.1)), 248-258 and
//   152 (W += lr (v0^T ph0 - vk^T phk) / B: plain gradient steps, no
//   momentum, the negative visibles vk sampled, CD restarted at the data).
//   Their code shuffles the training rows once before training; blockspin
//   reshuffles every epoch.

import { rbmDefaults, type LayerTrainingOptions } from "../rbm/training-options.js";

/** The flow's training presets: `iso` (the default, Iso, Shiba & Yokoo 2018) and `veiga-vicente` (their code's setting). */
export const FLOW_TRAINING_PRESETS = ["iso", "veiga-vicente"] as const;
/** One of FLOW_TRAINING_PRESETS. */
export type FlowTrainingPreset = (typeof FLOW_TRAINING_PRESETS)[number];

/** How the negative phase treats the visible units: sampled 0/1 states, or their probabilities (rbm.m). */
export const NEGATIVE_PHASES = ["samples", "probabilities"] as const;
/** One of NEGATIVE_PHASES. */
export type NegativePhase = (typeof NEGATIVE_PHASES)[number];

/** Momentum of the flow's training: rbm.m's schedule (`rbm.m`: 0.5 for 5 epochs, then 0.9), `none`, or a constant in [0, 1). */
export type FlowMomentum = "rbm.m" | "none" | number;

/** The rules the flow's RBM is trained by (one per flow experiment; hidden units aside). */
export interface FlowTraining {
  /** Training epochs. */
  epochs: number;
  /** Learning rate of weights and biases, applied to the batch-mean gradient. */
  learningRate: number;
  /** Mini-batch size in samples. */
  batchSize: number;
  /** Momentum: rbm.m's schedule, none, or a constant. */
  momentum: FlowMomentum;
  /** Negative visibles: sampled states or probabilities. */
  negative: NegativePhase;
  /** Standard deviation of the initial weights. */
  initStd: number;
  /** Gibbs steps per update, k of CD-k. */
  cdSteps: number;
  /** Persistent chains (PCD, Tieleman 2008) instead of chains restarted at the data. */
  persistent: boolean;
  /** Whether visible and hidden biases are trained (false: they stay at 0). */
  biases: boolean;
}

/**
 * The training rules of a preset (see the head of this file for where each number comes from).
 *
 * @param preset - `iso` or `veiga-vicente`.
 * @returns A fresh object; spread it and override what the flags give.
 */
export function flowTrainingPreset(preset: FlowTrainingPreset): FlowTraining {
  if (preset === "veiga-vicente") {
    return {
      epochs: 8000, learningRate: 0.01, batchSize: 100, momentum: "none", negative: "samples",
      initStd: 0.1, cdSteps: 1, persistent: false, biases: false,
    };
  }
  return {
    epochs: 100, learningRate: 0.01, batchSize: 100, momentum: "rbm.m", negative: "probabilities",
    initStd: 0.01, cdSteps: 1, persistent: false, biases: true,
  };
}

/**
 * The momentum pair and switch epoch of LayerTrainingOptions for a FlowMomentum.
 *
 * @param momentum - `rbm.m`, `none` or a constant in [0, 1).
 * @returns rbm.m's [0.5, 0.9] switching after epoch 5, [0, 0], or [m, m].
 */
export function momentumSchedule(momentum: FlowMomentum): Pick<LayerTrainingOptions, "momentum" | "momentumSwitch"> {
  if (momentum === "rbm.m") {
    const { momentum: pair, momentumSwitch } = rbmDefaults();
    return { momentum: pair, momentumSwitch };
  }
  const m = momentum === "none" ? 0 : momentum;
  return { momentum: [m, m], momentumSwitch: 0 };
}

/**
 * The layer options the flow's RBM trains with: rbm.m's update rule (src/rbm/training/) with these rules, no
 * weight penalty.
 *
 * @param training - The training rules.
 * @param nHidden - Hidden units.
 * @returns Options for trainLayer.
 */
export function flowLayerOptions(training: FlowTraining, nHidden: number): LayerTrainingOptions {
  return {
    ...rbmDefaults(), nHidden, epochs: training.epochs, learningRate: training.learningRate, batchSize: training.batchSize,
    ...momentumSchedule(training.momentum),
    cdSteps: training.cdSteps, persistent: training.persistent, negativeVisible: training.negative,
    penalty: "none", penaltyStrength: 0, initStd: training.initStd, trainBiases: training.biases,
  };
}

/**
 * The rules in one line, for the report's setup line and the charts' subtitles.
 *
 * @param training - The training rules.
 * @returns E.g. "CD-1, batch 100, lr 0.01, momentum rbm.m (0.5 then 0.9), negative probabilities, init std 0.01, 100 epochs, biases trained".
 */
export function describeFlowTraining(training: FlowTraining): string {
  const momentum = training.momentum === "rbm.m" ? "momentum rbm.m (0.5 then 0.9)"
    : training.momentum === "none" ? "no momentum" : `momentum ${training.momentum}`;
  return `${training.persistent ? "PCD" : "CD"}-${training.cdSteps}, batch ${training.batchSize}, lr ${training.learningRate}, ${momentum}, ` +
    `negative ${training.negative}, init std ${training.initStd}, ${training.epochs} epochs, biases ${training.biases ? "trained" : "fixed at 0"}`;
}
