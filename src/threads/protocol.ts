// Layout of the control block shared by the main thread and the kernel
// workers: a SharedArrayBuffer read as Int32 (header words) and as Float64
// (per-thread call lists). Thread t's slot holds
//   [number of calls, then per call: kernel id, argument count, arguments...]
// with kernel ids indexing KERNEL_NAMES.

export const CONTROL = {
  /** Int32 index: bumped once per phase; workers wait on it. */
  seq: 0,
  /** Int32 index: workers still busy with the current phase; the main thread waits on it. */
  pending: 1,
  /** Int32 index: non-zero tells workers to exit. */
  stop: 2,
  /** Int32 index: workers that instantiated the module. */
  ready: 3,
  /** Int32 index: workers that could not. */
  failed: 4,
  /** Int32 index: set when a kernel threw in a worker. */
  error: 5,
  /** Float64 index of thread 0's slot (header is 64 bytes). */
  slotBase: 8,
  /** Float64 values per thread slot. */
  slotDoubles: 96,
} as const;

/** Kernels that may run on workers (every exported kernel but the RNG-stream ones would be safe; these are the ones used). */
export const KERNEL_NAMES = [
  "rbmHiddenFromBin", "rbmHiddenFromDense", "rbmVisibleFromDense", "rbmGradBinRows", "rbmGradDenseRows",
  "rbmUpdate", "rbmColumnSumsBin", "rbmColumnSumsDense", "rbmSigmoid", "matmulF32",
  "rbmFreeEnergyBin", "rbmFreeEnergyDense", "rbmPseudoLikelihoodBin", "rbmVisibleFromBinHidden", "rbmTransposeRows", "rbmStatesToU8", "rbmHiddenFromDenseT",
  "wolffUpdates", "wolffRecord", "metropolisSweeps", "metropolisRecord",
  "rbmBernoulliU8",
] as const;

export type ParallelKernel = (typeof KERNEL_NAMES)[number];

export function controlBytes(threads: number): number {
  return (CONTROL.slotBase + threads * CONTROL.slotDoubles) * 8;
}
