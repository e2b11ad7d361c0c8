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
} from "./rbm/cd-trainer.js";
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

// ---- Exact thermometer and RBM temperature flow (issue #11) ----
export {
  logPartitionFunction, exactEnergyPerSpin, exactEnergyAtTemperature, exactSpecificHeat, temperatureFromEnergy,
  specificHeatMaximum, CRITICAL_ENERGY_INFINITE,
  type InvertedTemperature, type TemperatureFlag, type SpecificHeatMaximum,
} from "./ising/exact.js";
export {
  readTemperature, torusObservables, batchMeans, THERMOMETER_BATCHES, type TorusSamples, type ThermometerReading,
} from "./ising/thermometer.js";
export {
  runFlow, randomStart, orderedStart, flowFixedPoint, flowSeed, FLOW_MODES, FLOW_BLOCK_ROWS,
  type FlowMode, type FlowStart, type FlowRunOptions, type FlowTrace, type FlowFixedPoint,
} from "./flow/temperature-flow.js";
export {
  presetTemperatures, parseTemperatures, TRAINING_PRESETS, EXTREMES_BELOW, EXTREMES_ABOVE, CRITICAL_WINDOW,
  type TrainingPreset,
} from "./flow/training-temperatures.js";
export { flowChartSpec, type FlowChartOptions, type FlowCurve } from "./charts/flow-chart.js";
// ---- end issue #11 ----

// --- Is it renormalization? (issue #10): coarse variables, majority rule, xi2, Binder, tiling, MCRG ---
export {
  structureFactor, xi2FromStructureFactor, latticePositions, type PlacedSpins, type StructureFactor,
} from "./rg/structure-factor.js";
export { magnetizationMoments, type MagnetizationMoments } from "./rg/binder.js";
export {
  MAJORITY_BLOCK, majorityBlockSpins, majorityLevels, checkMajorityLevels, blockCentres, blockIndicatorFields,
} from "./rg/majority-rule.js";
export { linearizedMcrg, operatorSums, MCRG_OPERATORS, MAX_OPERATORS, type GridSpins, type McrgResult } from "./rg/mcrg.js";
export { coarseGridTiling, siteDistance, spinsOnGrid, type Tiling } from "./rg/tiling.js";
export {
  localizedFraction, randomReferenceSeed, randomMedianSpread, LOCALIZED_SPREAD_FRACTION,
} from "./rg/localized-fraction.js";
export {
  dataLevel, stackCoarseLevels, majorityCoarseLevels, sampleHiddenStates, fieldSigns, type CoarseLevel,
} from "./rg/coarse-variables.js";
export { measureRgLevels, gridSide, MAX_MEANINGFUL_TILING_ERROR, type RgLevel, type RgMeasureOptions } from "./rg/rg-levels.js";
export { rgAnalysis, majorityDefaultLevels, type RgAnalysis, type RgAnalysisOptions } from "./rg/rg-analysis.js";
// --- end of issue #10 exports ---
