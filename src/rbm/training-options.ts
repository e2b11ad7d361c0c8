// Training settings for one RBM layer. Defaults are Hinton & Salakhutdinov's
// rbm.m as used by Mehta & Schwab (2014): CD-1, learning rate 0.1 for weights
// and biases, momentum 0.5 for 5 epochs then 0.9, batch 100, weights
// 0.1 * N(0, 1), zero biases, 200 epochs (paper), L1 penalty 2e-4 (paper,
// App. A; rbm.m's weightcost is the same number applied as L2).

/** Weight penalties: none, L1 (strength * sign(W), the paper's) or L2 (strength * W, rbm.m's weightcost). */
export const PENALTIES = ["none", "l1", "l2"] as const;
/** One of PENALTIES. */
export type Penalty = (typeof PENALTIES)[number];

/** Sets of defaults: rbm.m (Mehta & Schwab's, rbmDefaults) and sklearn (BernoulliRBM.fit, sklearnPreset). */
export const PRESETS = ["rbm.m", "sklearn"] as const;
/** One of PRESETS. */
export type Preset = (typeof PRESETS)[number];

/** Settings of one layer's contrastive-divergence training (rbm.m's update rule; see training/rbmm-cd.ts). */
export interface LayerTrainingOptions {
  /** Hidden units. */
  nHidden: number;
  /** Passes over the training rows. */
  epochs: number;
  /** Rows per mini-batch (the last batch of an epoch may be shorter). */
  batchSize: number;
  /** Step size for weights and biases, applied to the batch-mean gradient. */
  learningRate: number;
  /** Momentum for epochs 1..momentumSwitch, then the second value. */
  momentum: [initial: number, final: number];
  /** Last epoch (1-based) with the first momentum value. */
  momentumSwitch: number;
  /** Gibbs steps per update (CD-k / PCD-k). */
  cdSteps: number;
  /** Persistent chains (PCD, Tieleman 2008) instead of chains restarted at the data (CD). */
  persistent: boolean;
  /** Weight penalty: "l1" (the paper's), "l2" (rbm.m's weightcost) or "none". */
  penalty: Penalty;
  /** Penalty strength, multiplied by the learning rate as rbm.m does with weightcost. */
  penaltyStrength: number;
  /** Standard deviation of the initial weights (the Practical Guide suggests 0.01). */
  initStd: number;
  /** Start visible biases at log(p / (1 - p)) of the training data (Practical Guide, sec. 8). */
  visibleBiasFromData: boolean;
  /** Shuffle mini-batches each epoch (rbm.m-style); false gives scikit-learn's contiguous batches. */
  shuffle: boolean;
  /**
   * How the negative phase treats visible units: "probabilities" as rbm.m
   * (negdata = sigmoid(...)), "samples" as scikit-learn (_sample_visibles).
   */
  negativeVisible: "probabilities" | "samples";
  /** Which defaults these came from (recorded in model.json). */
  preset: Preset;
  /** false keeps both biases at their initial values (Veiga & Vicente's bias-free RBM); default true. */
  trainBiases?: boolean;
}

/**
 * rbm.m's settings as Mehta & Schwab (2014) used them: 400 hidden, 200 epochs, batch 100, lr 0.1, momentum 0.5 then
 * 0.9 after epoch 5, CD-1, L1 2e-4, weights 0.1 N(0, 1) (`docs/methods.md`, Training).
 *
 * @returns A fresh object; spread it and override what differs.
 *
 * @example
 * ```ts
 * const layer1 = { ...rbmDefaults(), nHidden: 400 };
 * const layer2 = { ...rbmDefaults(), nHidden: 100 };
 * ```
 */
export function rbmDefaults(): LayerTrainingOptions {
  return {
    nHidden: 400,
    epochs: 200,
    batchSize: 100,
    learningRate: 0.1,
    momentum: [0.5, 0.9],
    momentumSwitch: 5,
    cdSteps: 1,
    persistent: false,
    penalty: "l1",
    penaltyStrength: 2e-4,
    initStd: 0.1,
    visibleBiasFromData: false,
    shuffle: true,
    negativeVisible: "probabilities",
    preset: "rbm.m",
  };
}

/**
 * scikit-learn BernoulliRBM.fit (sklearn/neural_network/_rbm.py): PCD with
 * one Gibbs step, step lr / batch, weights N(0, 0.01), zero biases, batch
 * 10, 10 epochs, no momentum, no penalty, contiguous unshuffled batches,
 * sampled negative visibles.
 *
 * @returns A fresh object.
 */
export function sklearnPreset(): LayerTrainingOptions {
  return {
    ...rbmDefaults(),
    nHidden: 256,
    epochs: 10,
    batchSize: 10,
    learningRate: 0.1,
    momentum: [0, 0],
    momentumSwitch: 0,
    cdSteps: 1,
    persistent: true,
    penalty: "none",
    penaltyStrength: 0,
    initStd: 0.01,
    shuffle: false,
    negativeVisible: "samples",
    preset: "sklearn",
  };
}

/**
 * The defaults of a preset: rbmDefaults() or sklearnPreset().
 *
 * @param preset - "rbm.m" or "sklearn".
 * @returns A fresh object.
 */
export function presetDefaults(preset: Preset): LayerTrainingOptions {
  return preset === "sklearn" ? sklearnPreset() : rbmDefaults();
}

export function momentumAt(options: LayerTrainingOptions, epoch: number): number {
  return epoch <= options.momentumSwitch ? options.momentum[0] : options.momentum[1];
}

/**
 * Checks one layer's settings against the rows it will train on.
 *
 * @param options - The settings.
 * @param nSamples - Training rows (the batch may not be larger).
 * @throws RangeError naming the first invalid setting.
 */
export function validateLayerOptions(options: LayerTrainingOptions, nSamples: number): void {
  const problems: [boolean, string][] = [
    [Number.isInteger(options.nHidden) && options.nHidden > 0, `hidden units must be an integer > 0, got ${options.nHidden}`],
    [Number.isInteger(options.epochs) && options.epochs >= 0, `epochs must be an integer >= 0, got ${options.epochs}`],
    [Number.isInteger(options.batchSize) && options.batchSize > 0, `batch size must be an integer > 0, got ${options.batchSize}`],
    [options.batchSize <= nSamples, `batch size ${options.batchSize} is larger than the ${nSamples} training samples`],
    [Number.isFinite(options.learningRate) && options.learningRate > 0, `learning rate must be finite and > 0, got ${options.learningRate}`],
    [options.momentum.every((m) => Number.isFinite(m) && m >= 0 && m < 1), `momentum must be in [0, 1), got ${options.momentum.join(",")}`],
    [Number.isInteger(options.cdSteps) && options.cdSteps >= 1, `CD steps must be an integer >= 1, got ${options.cdSteps}`],
    [(PENALTIES as readonly string[]).includes(options.penalty), `penalty must be one of ${PENALTIES.join(", ")}, got ${options.penalty}`],
    [Number.isFinite(options.penaltyStrength) && options.penaltyStrength >= 0, `penalty strength must be finite and >= 0, got ${options.penaltyStrength}`],
    [Number.isFinite(options.initStd) && options.initStd >= 0, `init std must be finite and >= 0, got ${options.initStd}`],
  ];
  const failed = problems.find(([ok]) => !ok);
  if (failed) throw new RangeError(failed[1]);
}
