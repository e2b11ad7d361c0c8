// The blockspin kernel module: pure numeric functions on raw pointers into
// one linear memory owned by the host. No allocation happens here; the host
// lays out buffers above heapBase().

export { rngSeed, rngFillU32, rngFillF32 } from "./rng";
export { rngJumpMatrix, rngJumpScratchBytes, rngJump, rbmBernoulliU8Columns, rbmBernoulliF32Columns } from "./rng-jump";
export { latticeNeighbors, latticeRandomize, latticeEnergy, latticeMagnetization } from "./lattice";
export { wolffUpdates, wolffRecord } from "./wolff";
export { metropolisSweeps, metropolisRecord } from "./metropolis";
export { dimerWorms, dimerRecord, dimerParallelPlaquettes, dimerPlaquetteFlips } from "./dimer";

/** First byte the host may use for its own buffers. */
export function heapBase(): usize {
  return __heap_base;
}
export { rbmSigmoid } from "./sigmoid";
export {
  rbmHiddenFromBin, rbmHiddenFromDense, rbmHiddenFromDenseT, rbmVisibleFromDense, rbmVisibleFromBinHidden,
  rbmBinPropagateColumns, complementSumsBytes,
} from "./rbm-propagate";
export { rbmTransposeRows } from "./transpose";
export { rbmBernoulliF32, rbmBernoulliU8, rbmStatesToU8 } from "./rbm-sample";
export { rbmGradBin, rbmGradBinRows, rbmGradDense, rbmGradDenseRows, rbmColumnSumsBin, rbmColumnSumsDense } from "./rbm-gradient";
export { rbmUpdate } from "./rbm-update";
export { subsetTableBytes } from "./subset-sums";
export { rbmBinPropagateTables, propagateLookupBytes, propagateGroupRows } from "./rbm-propagate-tables";
export { rbmGradUpdateBinTables, gradLookupBytes, gradPartialBytes, gradGroupRows } from "./rbm-grad-tables";
export {
  rbmFreeEnergyBin, rbmFreeEnergyDense, rbmPseudoLikelihoodBin, rbmSquaredErrorBin, rbmSquaredErrorDense,
  rbmHiddenPreactivationsBin, rbmFreeEnergyBinFromPre, rbmPseudoLikelihoodBinFromPre,
} from "./rbm-score";
export { matmulF32 } from "./matmul";
export { rsmiDenseForward, rsmiDenseBackward, rsmiReluMask, rsmiTransposeF64 } from "./rsmi-dense";
export { rsmiInfoNce, rsmiExpNonPositive } from "./rsmi-infonce";
