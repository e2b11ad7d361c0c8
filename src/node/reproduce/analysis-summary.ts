// analysis.json: what `blockspin analyze` measured on one model bundle, and
// the figure files it drew (paths relative to the analysis directory).

import type { Quartiles } from "../../analysis/locality.js";

/** A layer's locality numbers (docs/methods.md, "Locality"). */
export interface LocalityNumbers {
  /** Spread of the units' receptive fields, in lattice spacings, over units. */
  spread: Quartiles;
  /** Share of each field's weight w = r^2 inside its k x k block (k = blockSide), in [0, 1], over units. */
  blockFraction: Quartiles;
  /** Mean cosine similarity of |r| over unit pairs, in [0, 1] (0: disjoint supports). */
  overlap: number;
}

/** One layer of analysis.json: its locality numbers beside those of the random-field reference. */
export interface LayerAnalysis extends LocalityNumbers {
  /** The layer, 1-based. */
  layer: number;
  /** Hidden units of the layer. */
  nUnits: number;
  /** Side k of the k x k block used for blockFraction: sqrt(L^2 / units). */
  blockSide: number;
  /** Share of units whose spread is under half the random fields' median (rg/localized-fraction.ts); absent in older files. */
  localizedFraction?: number;
  /** The same numbers for as many i.i.d. standard normal fields (docs/methods.md, "Locality": random-field reference). */
  random: LocalityNumbers;
}

/** The PNG files `blockspin analyze` drew, as names relative to the analysis directory. */
export interface AnalysisFigures {
  /** Effective receptive fields, one file per layer (receptive-field-N.png); for dimers a bond image. */
  receptiveFields: string[];
  /** The same fields' weights on decoy spins (kjr dimer encodings), one file per layer (receptive-field-N-decoys.png). */
  decoyFields?: string[];
  /** Weight columns on each layer's own input, for layers whose input is square (weights-N.png). */
  weights: string[];
  /** Originals in the first row, then their reconstructions from each depth. */
  reconstructions: string;
  /** Fantasies: top-layer Gibbs samples passed down to the lattice. */
  samples: string;
  /** Training curves, one file per chart (curves-KEY.png). */
  curves: string[];
}

/** analysis.json: what `blockspin analyze` measured on one model bundle. */
export interface AnalysisSummary {
  /** File format tag. */
  format: "blockspin-analysis";
  /** File format version. */
  formatVersion: 1;
  /** Lattice side L of the model's visible layer (L^2 units). */
  lattice: number;
  /** Seed of top-layer sampling and the random-field reference. */
  seed: number;
  /** Configurations reconstructed and fantasies drawn. */
  reconstructionSamples: number;
  /** Per layer, bottom first. */
  layers: LayerAnalysis[];
  /** The figure files written beside analysis.json. */
  figures: AnalysisFigures;
}
