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
