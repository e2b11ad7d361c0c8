// blockspin library entry: browser-safe, imports no Node built-ins.
// Node-only pieces (files, CLI) live behind "blockspin/node".

export {
  loadCore, defaultCore, sharedMemorySupported, relaxedSimdSupported, WASM_URL, RELAXED_WASM_URL,
  type Core, type LoadOptions, type SimdBuild,
} from "./wasm.js";
export { Arena } from "./arena.js";
export { startThreads, stopThreads, setDefaultThreads, defaultThreads, threadsUnavailableReason } from "./threads/pool.js";
export type { Kernels } from "./kernels.js";
export { allocStream, splitSeed, MAX_SEED, RNG_STATE_BYTES } from "./rng.js";
export {
  CRITICAL_COUPLING, CRITICAL_TEMPERATURE, couplingFromTemperature,
} from "./ising/coupling.js";
export { ISING_ALGORITHMS, IsingChain, allocWorkspace, type IsingAlgorithm } from "./ising/chain.js";
export {
  sampleIsing, type SampleOptions, type SampleProgress, type SampleResult, type SampleStats,
} from "./ising/sampler.js";
export {
  integratedAutocorrelation, meanWithError, type AutocorrelationEstimate, type MeanEstimate,
} from "./ising/autocorrelation.js";
export { receptiveFields, fieldColumn } from "./analysis/receptive-field.js";
export {
  unitLocality, layerLocality, randomFieldMatrix, randomFieldReference, meanOverlap, kForLayer, quartiles,
  type UnitLocality, type LayerLocality, type Quartiles,
} from "./analysis/locality.js";
export { reconstructionsByDepth, topLayerSamples } from "./analysis/reconstruction.js";
export { trainingCurveSpecs, type TrainingCurveSpecs } from "./charts/training-curves.js";
export { trainLayer, trainLayerAsync, layerStream, type EpochMetrics, type LayerTrainingRun, type LayerTrainingResult } from "./rbm/cd-trainer.js";
export { trainStack, trainStackAsync, splitData, propagateUp, type StackTrainingOptions, type StackResult, type Propagation } from "./rbm/stack.js";
export { scoreLayer, type LayerScores } from "./rbm/layer-scores.js";
export { binaryLayerData, selectRows, type LayerData } from "./rbm/layer-data.js";
export { uploadParameters, downloadParameters, zeroParameters, type RbmParameters, type WasmRbm } from "./rbm/rbm-parameters.js";
export {
  rbmDefaults, sklearnPreset, presetDefaults, validateLayerOptions, PENALTIES, PRESETS,
  type LayerTrainingOptions, type Penalty, type Preset,
} from "./rbm/training-options.js";
export { encodeNpy, decodeNpy, NpyError, type NpyArray, type NpyDtype } from "./npy-format.js";

// --- Is it renormalization? (issue #10): coarse variables, majority rule, xi2, Binder, tiling, MCRG ---
export {
  structureFactor, xi2FromStructureFactor, latticePositions, type PlacedSpins, type StructureFactor,
} from "./rg/structure-factor.js";
export { magnetizationMoments, type MagnetizationMoments } from "./rg/binder.js";
export {
  MAJORITY_BLOCK, majorityBlockSpins, majorityLevels, checkMajorityLevels, blockCentres, blockIndicatorFields,
} from "./rg/majority-rule.js";
export { linearizedMcrg, operatorSums, MCRG_OPERATORS, MAX_OPERATORS, type GridSpins, type McrgResult } from "./rg/mcrg.js";
export { eigenvalues, largestRealEigenvalue, solve, type Complex } from "./rg/small-matrix.js";
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
