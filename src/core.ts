// blockspin/core: the pointer-level pieces under the main entry, for
// advanced use (new kernels, custom schedules, benchmarks). Pointers are
// byte offsets into Core.memory, allocated from Core.arena; everything here
// assumes you keep to the arena's scoped (stack) discipline.

export { WASM_URL, RELAXED_WASM_URL } from "./wasm.js";
export { Arena } from "./arena.js";
export type { Kernels } from "./kernels.js";
export { setDefaultThreads, defaultThreads } from "./threads/pool.js";
export { allocStream, splitSeed, MAX_SEED, RNG_STATE_BYTES } from "./rng.js";
export { IsingChain, allocWorkspace, type LatticeWorkspace, type RecordBuffers } from "./ising/chain.js";
export {
  integratedAutocorrelation, meanWithError, type AutocorrelationEstimate, type MeanEstimate,
} from "./ising/autocorrelation.js";
export { selectRows } from "./rbm/layer-data.js";
export {
  trainLayerAsync, layerStream, type BetweenEpochs, type LayerRngState,
} from "./rbm/cd-trainer.js";
export { propagateUp } from "./rbm/stack.js";
export { scoreLayer } from "./rbm/layer-scores.js";
export {
  uploadParameters, downloadParameters, zeroParameters, parameterLayout, type ParameterLayout, type WasmRbm,
} from "./rbm/rbm-parameters.js";
export { fieldColumn } from "./analysis/receptive-field.js";
export { randomFieldMatrix, meanOverlap, quartiles } from "./analysis/locality.js";
// The small dense algebra behind linearized MCRG (general real eigenvalues, a linear solve).
export { eigenvalues, largestRealEigenvalue, solve, type Complex } from "./rg/small-matrix.js";
