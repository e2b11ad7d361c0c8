// blockspin library entry: browser-safe, imports no Node built-ins.
// Node-only pieces (files, CLI) live behind "blockspin/node".

export { loadCore, defaultCore, WASM_URL, type Core, type LoadOptions } from "./wasm.js";
export { Arena } from "./arena.js";
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
