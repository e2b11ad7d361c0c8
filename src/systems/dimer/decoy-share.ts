// Decoy share: how much of a unit's effective receptive field lies on the
// decoy spins of Koch-Janusz & Ringel's image (encodings.ts; Koch-Janusz &
// Ringel, Nature Physics 14, 578, 2018). With the locality measures' weight
// w_s = r_s^2 (locality.ts: a coupling's sign never matters),
//   decoy share = sum over decoy sites of r_s^2 / sum over all sites of r_s^2,
// 0 for a unit that ignores the decoys (what a coarse-graining that keeps the
// relevant information, RSMI, learns) and 1 for a unit that only models them.
// Random fields on the kjr grid give 1/2: half the sites are decoys.

import { quartiles } from "../../analysis/locality.js";

/** Decoy shares of a layer's units. */
export interface DecoyShare {
  /** Per unit, share of sum r^2 on decoy sites, in [0, 1]; NaN for an all-zero field. */
  perUnit: Float64Array;
  /** Median over the units with a value (NaN when none has one). */
  median: number;
  /** Mean over the units with a value (NaN when none has one). */
  mean: number;
}

/**
 * Share of each unit's r^2 on the decoy sites, with the layer's median and mean.
 *
 * @param fieldOnGrid - sites x nUnits values, row-major: the layer's effective receptive fields on the layout's
 *   grid (fieldsOnGrid of the dimer layout; for kjr encodings the fields themselves).
 * @param nUnits - Units (columns).
 * @param decoys - Per grid site, 1 on a decoy (the layout's `decoys`).
 * @returns Per unit shares, median and mean.
 * @throws RangeError when the field does not have decoys.length x nUnits values.
 *
 * @example
 * ```ts
 * const layout = dimerLayout("kjr", 16);
 * decoyShare(fields[0]!, 128, layout.decoys!).median; // 0: the decoys are ignored
 * ```
 */
export function decoyShare(fieldOnGrid: ArrayLike<number>, nUnits: number, decoys: Uint8Array): DecoyShare {
  const sites = decoys.length;
  if (fieldOnGrid.length !== sites * nUnits) throw new RangeError(`field has ${fieldOnGrid.length} values, expected ${sites} x ${nUnits}`);
  const onDecoys = new Float64Array(nUnits);
  const total = new Float64Array(nUnits);
  for (let site = 0; site < sites; site++) {
    for (let unit = 0; unit < nUnits; unit++) {
      const w = fieldOnGrid[site * nUnits + unit]! ** 2;
      total[unit]! += w;
      if (decoys[site]) onDecoys[unit]! += w;
    }
  }
  const perUnit = Float64Array.from(total, (sum, unit) => (sum > 0 ? onDecoys[unit]! / sum : NaN));
  const finite = Array.from(perUnit).filter((v) => !Number.isNaN(v));
  const mean = finite.length > 0 ? finite.reduce((s, v) => s + v, 0) / finite.length : NaN;
  return { perUnit, median: quartiles(finite).median, mean };
}
