// Summaries of receptive-field locality shared by the reproduce report and
// the sweep's table: mean and sample SD over seeds, the share of a layer's
// units that are localized, and when a layer counts as localized
// (docs/methods.md, "Locality").

import { LOCALIZED_SPREAD_FRACTION } from "../../rg/localized-fraction.js";
import type { LayerAnalysis } from "./analysis-summary.js";

/** Mean and sample standard deviation (0 for a single value). */
export function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, sd: Math.sqrt(variance) };
}

/**
 * The share of a layer's units that are localized (spread under half the
 * random median); for analyses written before it was recorded, 1 or 0 from
 * the layer's median spread against the same threshold.
 */
export function localizedShare(layer: LayerAnalysis): number {
  return layer.localizedFraction ?? (layer.spread.median < LOCALIZED_SPREAD_FRACTION * layer.random.spread.median ? 1 : 0);
}

/** The report's criterion (the sweep's too): a layer is localized, block-spin-like, when at least half its units are. */
export function isLocalized(share: number): boolean {
  return share >= 0.5;
}
