// Close-packed dimers on the square torus: worm sampler, observables,
// covering checks, Kasteleyn's exact count and the encodings for an RBM.

export {
  sampleDimers, type DimerSampleOptions, type DimerSampleResult, type DimerSampleStats, type DimerEstimate,
} from "./sampler.js";
export { DimerChain, allocExitTable, columnarCovering, coveringBytes } from "./chain.js";
export {
  directedLoopMatrix, environmentWeights, exitProbabilities, exitTable, plaquetteFlipThresholds,
  DIMER_ENVIRONMENTS, EXIT_TABLE_BYTES, type ExitRule,
} from "./directed-loop.js";
export {
  bondOccupation, parallelPlaquettes, flippableDensity, windingNumbers, columnarOrder,
  horizontalDimerCorrelation, blockElectricField, type BondOccupation,
} from "./observables.js";
export { findCoveringDefect, assertCoverings, type CoveringDefect } from "./covering.js";
export { dimerCoverings, dimerLogCoverings, CATALAN, DIMER_ENTROPY_PER_SITE } from "./exact.js";
export { DIMER_ENCODINGS, encodeDimers, encodedSampleShape, type DimerEncoding } from "./encodings.js";
export { dimerLayout, dimerBlockSide, bondGridSite } from "./layout.js";
export {
  fieldAlignment, squaredMultipleCorrelation, unitBlocks, ALIGNED_R2, type FieldAlignment,
} from "./field-alignment.js";
export { decoyShare, type DecoyShare } from "./decoy-share.js";
export {
  fieldReferenceLevel, fieldReferenceLevels, fieldReferenceFields, fieldReferencePositions, fieldReferenceBlock,
  fieldReferenceLevelsOn, fieldReferenceUnits, FIELD_REFERENCE_BLOCK, DIMER_LEVELS,
} from "./field-reference.js";
export {
  coarseCorrelation, correlationProfile, decayExponent, fitRange, splitHalfSquaredCorrelation,
  type CoarseCorrelation, type CorrelationProfile,
} from "./coarse-correlation.js";
export {
  dimerBondImage, rsmiDimerGeometry, trainRsmiDimerLevel, rsmiDimerSigns, rsmiDimerFields, imageFilterFromBonds,
  bondFiltersFromImage, RSMI_DIMER_HIDDEN, type RsmiDimerGeometry, type RsmiDimerLevel, type RsmiDimerTraining,
} from "./rsmi-dimer.js";
