/**
 * `blockspin/core`: the pointer-level pieces under the main entry, for
 * advanced use (new kernels, custom training schedules, benchmarks, the
 * building blocks of the analyses).
 *
 * What this entry promises:
 * - **Browser-safe**, like `blockspin`: no Node built-in is imported.
 * - **Pointers are byte offsets into `Core.memory`**, allocated from
 *   `Core.arena`. Everything here assumes the arena's stack discipline
 *   (allocate inside {@link Arena.scoped} or between {@link Arena.mark} and
 *   {@link Arena.release}; never free out of order), and that typed-array
 *   views of kernel memory are made just before use: growing the memory
 *   detaches every earlier view.
 * - **No hidden state**: RNG streams, lattices and parameters live in memory
 *   the caller allocated, so the same calls on the same seeds give the same
 *   bits, as in `blockspin`.
 * - **Lower-level, so less settled**: these pieces are public (used by the
 *   demo page, the benchmarks and the CLI), but their signatures follow the
 *   kernels and may change with them between minor versions; `blockspin`'s
 *   own functions are the stable surface.
 *
 * The methods behind the pieces are in `docs/methods.md` (Sampling, Training,
 * Locality, Coarse variables, MCRG, Thermometer, Temperature flow).
 *
 * @packageDocumentation
 */

export { WASM_URL, RELAXED_WASM_URL } from "./wasm.js";
export { Arena } from "./arena.js";
export type { Kernels } from "./kernels.js";
export {
  setDefaultThreads, defaultThreads, threadTeam,
  type Team, type KernelCall, type ParallelKernel,
} from "./threads/pool.js";
export { allocStream, splitSeed, MAX_SEED, RNG_STATE_BYTES } from "./rng.js";
export { IsingChain, allocWorkspace, type LatticeWorkspace, type RecordBuffers } from "./systems/ising/chain.js";
export {
  integratedAutocorrelation, meanWithError, type AutocorrelationEstimate, type MeanEstimate,
} from "./systems/ising/autocorrelation.js";
export { selectRows } from "./rbm/layer-data.js";
export {
  trainLayerAsync, layerStream, type BetweenEpochs, type LayerRngState,
} from "./rbm/training/index.js";
export { propagateUp } from "./rbm/stack.js";
export { scoreLayer } from "./rbm/layer-scores.js";
export {
  uploadParameters, downloadParameters, zeroParameters, parameterLayout, type ParameterLayout, type WasmRbm,
} from "./rbm/rbm-parameters.js";
export { fieldColumn } from "./analysis/receptive-field.js";
export { randomFieldMatrix, randomFieldOverlap, meanOverlap, quartiles } from "./analysis/locality.js";

// Pieces behind the thermometer and the flow.
export { logPartitionFunction, CRITICAL_ENERGY_INFINITE } from "./systems/ising/exact.js";
export { torusObservables, batchMeans, THERMOMETER_BATCHES } from "./systems/ising/thermometer.js";
export { flowSeed, FLOW_BLOCK_ROWS } from "./flow/temperature-flow.js";
export { EXTREMES_BELOW, EXTREMES_ABOVE, CRITICAL_WINDOW } from "./flow/training-temperatures.js";

// Pieces behind rgAnalysis: coarse levels, positions, tiling, the localized share, the MCRG operators.
export { latticePositions } from "./rg/structure-factor.js";
export { MAJORITY_BLOCK, checkMajorityLevels, blockCentres, blockIndicatorFields } from "./systems/ising/majority-rule.js";
export { operatorSums, largestRealEigenvalue, MCRG_OPERATORS, MAX_OPERATORS } from "./rg/mcrg.js";
export { coarseGridTiling, siteDistance, spinsOnGrid, type Tiling } from "./rg/tiling.js";
export { localizedFraction, randomReferenceSeed, randomMedianSpread, LOCALIZED_SPREAD_FRACTION } from "./rg/localized-fraction.js";
export { dataLevel, stackCoarseLevels, majorityCoarseLevels, sampleHiddenStates, fieldSigns, type CoarseLevel } from "./rg/coarse-variables.js";
export { measureRgLevels, gridSide, MAX_MEANINGFUL_TILING_ERROR, type RgMeasureOptions } from "./rg/rg-levels.js";
