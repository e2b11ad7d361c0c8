// The public types of one layer's training: what a run is given, what it
// reports each epoch, and the state that resumes it exactly.

import type { LayerData } from "../layer-data.js";
import type { RbmParameters } from "../rbm-parameters.js";
import type { LayerTrainingOptions } from "../training-options.js";

/** One epoch's monitoring row (a line of metrics.jsonl), scored on up to monitorSamples evenly spaced rows. */
export interface EpochMetrics {
  /** 1-based layer index. */
  layer: number;
  /** 1-based epoch within the layer. */
  epoch: number;
  /** Momentum used in this epoch. */
  momentum: number;
  /** Mean pseudo-likelihood per training row (log, scikit-learn's score_samples); higher is better. */
  pseudoLikelihood: number;
  /** Mean squared error per visible unit of the one-step mean-field reconstruction. */
  reconstructionError: number;
  /** Mean free energy per training row. */
  freeEnergyTrain: number;
  /** Mean free energy per held-out row (null without a held-out set); a growing gap to freeEnergyTrain means overfitting. */
  freeEnergyValidation: number | null;
  /** Mean pseudo-likelihood per held-out row (null without a held-out set). */
  pseudoLikelihoodValidation: number | null;
  /** Wall time of the epoch's updates, in seconds, without monitoring. */
  seconds: number;
  /** Wall time of the monitoring, in seconds. */
  monitorSeconds: number;
}

/** One layer's training: its data, options, seed and hooks (see trainLayer). */
export interface LayerTrainingRun {
  /** 1-based layer index: names RNG streams (layerStream) and metrics rows. */
  layer: number;
  /** Seed of every RNG stream of the layer (see streams.ts). */
  seed: number;
  /** The layer's settings (validated by validateLayerOptions before anything is allocated). */
  options: LayerTrainingOptions;
  /** Training rows: (nSamples, nVisible), 0/1 bytes ("binary") or float32 probabilities ("dense"). */
  train: LayerData;
  /** Held-out rows (same width), scored each epoch but never trained on. */
  validation?: LayerData;
  /** Training (and held-out) rows scored each epoch, evenly spaced; default 1000. */
  monitorSamples?: number;
  /** Start from these parameters instead of a random initialisation. */
  initial?: RbmParameters;
  /** Start the persistent chain (batchSize x nHidden, 0/1) here instead of zeros. */
  initialChain?: Float32Array;
  /**
   * Start the momentum increments here instead of zeros (the `increments` of an earlier result), so training in
   * several calls keeps its momentum: laid out as parameterLayout says (W, then visible bias, then hidden bias).
   */
  initialIncrements?: Float32Array;
  /**
   * Resume: epochs already done (default 0); training continues with epoch startEpoch + 1. Give the `initial`
   * parameters, `initialIncrements`, `initialChain` (PCD) and `initialRng` of a LayerState saved at that epoch,
   * and the result is bit-identical to an uninterrupted run.
   */
  startEpoch?: number;
  /** Start the shuffle and Gibbs RNG streams from these saved states (16 bytes each) instead of seeding them. */
  initialRng?: LayerRngState;
  /** Called after every epoch; return "stop" to end training early. */
  onEpoch?: (metrics: EpochMetrics, parameters: () => RbmParameters) => void | "stop";
  /** Called after every mini-batch with the number done in this epoch. */
  onBatch?: (epoch: number, batch: number, batches: number) => void;
  /**
   * Threads for the mini-batch kernels (default defaultThreads(), which is 1 unless set). Parameters are bit-identical
   * for every count; fewer are used where workers are unavailable (see src/threads/pool.ts).
   */
  threads?: number;
}

/** A layer's shuffle and Gibbs RNG streams (four u32 words each), saved to resume exactly. */
export interface LayerRngState {
  /** The mini-batch shuffle's stream state (4 words). */
  shuffle: Uint32Array;
  /** The Gibbs sampling stream's state (4 words). */
  gibbs: Uint32Array;
}

/** Everything needed to continue one layer's training exactly after `epoch` epochs (see LayerTrainingRun.startEpoch). */
export interface LayerState {
  /** 1-based layer index. */
  layer: number;
  /** Epochs done. */
  epoch: number;
  /** The parameters after `epoch` epochs. */
  parameters: RbmParameters;
  /** Momentum increments, laid out as parameterLayout says. */
  increments: Float32Array;
  /** Persistent chain (PCD only): batchSize x nHidden hidden states, 0/1. */
  chain?: Float32Array;
  /** RNG stream states. */
  rng: LayerRngState;
}

/** Awaited after every epoch by trainLayerAsync (the event loop may run); return "stop" to end training there. */
export type BetweenEpochs = (epoch: number, state: () => LayerState) => Promise<void | "stop">;

/** What trainLayer returns. */
export interface LayerTrainingResult {
  /** The last finite parameters. */
  parameters: RbmParameters;
  /** One row per epoch run in this call (after startEpoch). */
  metrics: EpochMetrics[];
  /** Set when parameters became non-finite: the epoch it happened; parameters are the last finite ones. */
  divergedAtEpoch?: number;
  /** Persistent chain at the end (PCD only): batchSize x nHidden, 0/1. */
  chain?: Float32Array;
  /** Momentum increments at the end (same layout as LayerTrainingRun.initialIncrements), to continue training. */
  increments: Float32Array;
  /** Set when trainLayerAsync's hook asked to stop: the state after the last epoch done. */
  stopped?: LayerState;
}

/** Where a layer's training pauses (layerSteps yields these): after `epoch`, with its exact state on request. */
export interface EpochDone {
  /** Epochs done (1-based, counting those before startEpoch). */
  epoch: number;
  /** The state to resume from (valid until the generator is resumed). */
  state: () => LayerState;
}
