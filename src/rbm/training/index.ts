// One Bernoulli RBM layer's contrastive-divergence training (Hinton 2002;
// Tieleman 2008 for PCD) with rbm.m's update rule: the public entry points,
// types, stream numbering, buffer sizing and step strategies.
//
// Files: types.ts (public types), streams.ts (RNG stream numbers),
// buffers.ts (kernel memory), session.ts (epoch loop, state, resume),
// monitor.ts (per-epoch scores), step-context.ts (what strategies work on),
// passes.ts (passes the strategies share), strategy.ts (the choice), and one
// module per strategy: rbmm-cd.ts, sampled-tables-cd.ts, one-pass-pcd.ts
// (with cd-phases.ts, the CD-k phases the first two share).

export type {
  BetweenEpochs, EpochDone, EpochMetrics, LayerRngState, LayerState, LayerTrainingResult, LayerTrainingRun,
} from "./types.js";
export { layerStream, type StreamPurpose } from "./streams.js";
export {
  allocTrainingBuffers, trainingBufferBytes, type KernelScratchSizes, type TrainingBuffer, type TrainingBuffers,
} from "./buffers.js";
export { layerSteps, trainLayer, trainLayerAsync } from "./session.js";
export { stepContext, type BatchStep, type StepContext, type StepContextInputs, type StepPhase } from "./step-context.js";
export { chooseStepStrategy, runStep, type StepStrategy, type StepStrategyName } from "./strategy.js";
export { COMPLEMENT_MIN_BATCH, PROPAGATE_TABLES_MIN_BATCH, type OnePassPcdStrategy } from "./one-pass-pcd.js";
