// Where an RBM's visible units sit: the grid its receptive fields are drawn
// and measured on (docs/methods.md, "Locality"). For Ising spins and digit
// pixels each visible unit is one grid site; a dimer encoding places its
// bond bits (and decoys) on a finer 2L x 2L grid, so a field is embedded
// into that grid before the locality measures see it.

import { asGeometry, siteCount, type Geometry, type GridLike } from "../analysis/geometry.js";
import { kForLayer } from "../analysis/locality.js";

/** How a data set's visible units map onto a grid. */
export interface VisibleLayout {
  /** The grid the units are drawn and measured on. */
  readonly geometry: Geometry;
  /** Visible units (values per sample the RBM sees). */
  readonly nVisible: number;
  /** Grid site (y width + x) of each visible unit, length nVisible; undefined when unit i is site i. */
  readonly sites?: Int32Array;
  /** Per grid site, 1 where the unit is a decoy (the kjr dimer encodings); undefined when there are none. */
  readonly decoys?: Uint8Array;
  /**
   * Side, in grid sites, of the block a layer of `nUnits` units covers when its units tile the data.
   *
   * @param nUnits - Units of the layer.
   * @returns The block side k (grid sites) that locality's block fraction uses.
   */
  blockSide(nUnits: number): number;
}

/**
 * The layout in which visible unit i is site i of `grid` (Ising spins on the L x L torus, digit pixels on an open
 * image); blocks of a layer hold one unit each, kForLayer.
 *
 * @param grid - A side L (the L x L torus) or a Geometry.
 * @returns The layout.
 */
export function siteLayout(grid: GridLike): VisibleLayout {
  const geometry = asGeometry(grid);
  const nVisible = siteCount(geometry);
  return { geometry, nVisible, blockSide: (nUnits) => kForLayer(geometry, nVisible, nUnits) };
}

/**
 * A field matrix over the visible units, placed on the layout's grid (zero on sites that hold no unit).
 *
 * @param layout - The layout.
 * @param fieldMatrix - nVisible x nUnits values, row-major (unit u of visible i at i nUnits + u).
 * @param nUnits - Units (columns).
 * @returns sites x nUnits values, row-major; `fieldMatrix` itself when every unit is its own site.
 */
export function fieldsOnGrid(layout: VisibleLayout, fieldMatrix: Float32Array, nUnits: number): Float32Array {
  if (fieldMatrix.length !== layout.nVisible * nUnits) {
    throw new RangeError(`field has ${fieldMatrix.length} values, expected ${layout.nVisible} x ${nUnits}`);
  }
  if (!layout.sites) return fieldMatrix;
  const out = new Float32Array(siteCount(layout.geometry) * nUnits);
  for (let i = 0; i < layout.nVisible; i++) {
    out.set(fieldMatrix.subarray(i * nUnits, (i + 1) * nUnits), layout.sites[i]! * nUnits);
  }
  return out;
}

/**
 * Samples over the visible units (reconstructions, fantasies), placed on the layout's grid (zero on sites that hold
 * no unit).
 *
 * @param layout - The layout.
 * @param samples - count x nVisible values, sample-major.
 * @param count - Samples.
 * @returns count x sites values, sample-major; `samples` itself when every unit is its own site.
 */
export function samplesOnGrid(layout: VisibleLayout, samples: Float32Array, count: number): Float32Array {
  if (samples.length !== count * layout.nVisible) {
    throw new RangeError(`samples have ${samples.length} values, expected ${count} x ${layout.nVisible}`);
  }
  if (!layout.sites) return samples;
  const sites = siteCount(layout.geometry);
  const out = new Float32Array(count * sites);
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < layout.nVisible; i++) out[n * sites + layout.sites[i]!] = samples[n * layout.nVisible + i]!;
  }
  return out;
}
