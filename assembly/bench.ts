// Kernels only the benchmarks call, built apart from the shipped module
// (asconfig.bench.json -> build/bench/bench.wasm and bench.relaxed.wasm,
// loaded by bench/bench-wasm.ts) so the package does not carry them.

export { peakMulAdd, peakMulAddSplit, peakMadd, peakAdd } from "./peak";
