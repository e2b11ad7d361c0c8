// blockspin: what an app embedding the library needs, browser-safe (imports
// no Node built-in). Load the kernels, sample the Ising model, train a layer
// or a stack (with progress, a stop hook and exact resume), score it, and
// measure receptive fields and their locality. Pointer-level pieces (the
// arena, RNG streams in kernel memory, single Ising chains, kernel-memory
// copies of parameters) are in "blockspin/core"; files, model bundles and the
// command line in "blockspin/node".

// Kernels and threads
export {
  loadCore, defaultCore, sharedMemorySupported, relaxedSimdSupported,
  type Core, type LoadOptions, type SimdBuild,
} from "./wasm.js";
export { startThreads, stopThreads, threadsUnavailableReason } from "./threads/pool.js";

// Ising sampling
export { CRITICAL_COUPLING, CRITICAL_TEMPERATURE, couplingFromTemperature } from "./ising/coupling.js";
export { ISING_ALGORITHMS, type IsingAlgorithm } from "./ising/chain.js";
export {
  sampleIsing, type SampleOptions, type SampleProgress, type SampleResult, type SampleStats,
} from "./ising/sampler.js";

// Training data and training
export { binaryLayerData, type LayerData } from "./rbm/layer-data.js";
export {
  rbmDefaults, sklearnPreset, presetDefaults, validateLayerOptions, PENALTIES, PRESETS,
  type LayerTrainingOptions, type Penalty, type Preset,
} from "./rbm/training-options.js";
export type { RbmParameters } from "./rbm/rbm-parameters.js";
export {
  trainLayer, type EpochMetrics, type LayerTrainingRun, type LayerTrainingResult, type LayerState,
} from "./rbm/training/index.js";
export {
  trainStack, trainStackAsync, splitData,
  type StackTrainingOptions, type AsyncStackTrainingOptions, type StackResult, type AsyncStackResult,
  type StackCheckpoint, type Propagation, type DataSplit,
} from "./rbm/stack.js";
export { scoreParameters, type LayerScores } from "./rbm/layer-scores.js";
export { modelManifest, type ModelManifest, type ModelManifestInputs } from "./rbm/model-manifest.js";

// Analysis
export { receptiveFields } from "./analysis/receptive-field.js";
export {
  unitLocality, layerLocality, randomFieldReference, kForLayer,
  type UnitLocality, type LayerLocality, type Quartiles,
} from "./analysis/locality.js";
export { reconstructionsByDepth, topLayerSamples } from "./analysis/reconstruction.js";
export { trainingCurveSpecs, type TrainingCurveSpecs } from "./charts/training-curves.js";

// .npy bytes (reading and writing files is in blockspin/node)
export { encodeNpy, decodeNpy, NpyError, type NpyArray, type NpyDtype } from "./npy-format.js";

// The exact finite-L Ising solution as a thermometer, and the RBM flow of temperature (Iso, Shiba & Yokoo 2018)
export {
  exactEnergyPerSpin, exactEnergyAtTemperature, exactSpecificHeat, temperatureFromEnergy, specificHeatMaximum,
  type InvertedTemperature, type TemperatureFlag, type SpecificHeatMaximum,
} from "./ising/exact.js";
export { readTemperature, type TorusSamples, type ThermometerReading } from "./ising/thermometer.js";
export {
  runFlow, randomStart, orderedStart, flowFixedPoint, FLOW_MODES,
  type FlowMode, type FlowStart, type FlowRunOptions, type FlowTrace, type FlowFixedPoint,
} from "./flow/temperature-flow.js";
export { presetTemperatures, parseTemperatures, TRAINING_PRESETS, type TrainingPreset } from "./flow/training-temperatures.js";
export { flowChartSpec, type FlowChartOptions, type FlowCurve } from "./charts/flow-chart.js";

// Is it renormalization? Coarse variables of a stack or of majority rule, measured level by level
// (xi2, |m|, Binder U, tiling, localized share, linearized MCRG); the pieces are in blockspin/core.
export { rgAnalysis, majorityDefaultLevels, type RgAnalysis, type RgAnalysisOptions } from "./rg/rg-analysis.js";
export { type RgLevel } from "./rg/rg-levels.js";
export { majorityBlockSpins, majorityLevels } from "./rg/majority-rule.js";
export { structureFactor, xi2FromStructureFactor, type PlacedSpins, type StructureFactor } from "./rg/structure-factor.js";
export { magnetizationMoments, type MagnetizationMoments } from "./rg/binder.js";
export { linearizedMcrg, type GridSpins, type McrgResult } from "./rg/mcrg.js";
