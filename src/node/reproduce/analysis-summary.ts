// analysis.json: what `blockspin analyze` measured on one model bundle, and
// the figure files it drew (paths relative to the analysis directory).

export interface Quartiles {
  median: number;
  q25: number;
  q75: number;
}

export interface LocalityNumbers {
  spread: Quartiles;
  blockFraction: Quartiles;
  overlap: number;
}

export interface LayerAnalysis extends LocalityNumbers {
  layer: number;
  nUnits: number;
  /** Side k of the k x k block used for blockFraction: sqrt(L^2 / units). */
  blockSide: number;
  /** Share of units whose spread is under half the random fields' median (rg/localized-fraction.ts); absent in older files. */
  localizedFraction?: number;
  random: LocalityNumbers;
}

export interface AnalysisFigures {
  receptiveFields: string[];
  weights: string[];
  reconstructions: string;
  samples: string;
  curves: string[];
}

export interface AnalysisSummary {
  format: "blockspin-analysis";
  formatVersion: 1;
  lattice: number;
  seed: number;
  reconstructionSamples: number;
  layers: LayerAnalysis[];
  figures: AnalysisFigures;
}
