// Receptive fields of a dimer stack as bond images: each unit's field is drawn
// on the 2L x 2L grid of the dimer layout (src/systems/dimer/layout.ts), so
// the weight on bond (x, y)-(x + 1, y) is the cell at row 2y, column 2x + 1,
// between the vertices (x, y) and (x + 1, y), and the weight on bond
// (x, y)-(x, y + 1) the cell at row 2y + 1, column 2x: horizontal bonds read
// as horizontal runs of cells, vertical ones as vertical runs, and the field
// reference's staggered pattern as a checkerboard of red and blue bonds.
// Vertex and face cells hold no bond and stay white.
//
// For the kjr encodings the decoy weights (vertex and face spins) go into a
// second figure, "decoys shown apart", so they neither hide the bond pattern
// nor set its colour scale; each tile of each figure is scaled by its own
// largest |value| (field-grid.ts), and the decoy share (decoy-share.ts) says
// how much of a unit's weight the second figure holds.

import type { VisibleLayout } from "../../systems/visible-layout.js";
import { fieldsOnGrid } from "../../systems/visible-layout.js";
import { renderFieldGrid, type FieldGridOptions } from "./field-grid.js";

/** The PNGs of renderBondFieldGrid. */
export interface BondFieldFigures {
  /** The bond weights on the 2L x 2L grid, one tile per unit (decoy cells blank). */
  bonds: Buffer;
  /** The decoy weights on the same grid (bond cells blank), for layouts with decoys (kjr encodings) only. */
  decoys?: Buffer;
}

/**
 * Draws a layer's receptive fields as bond images on the dimer layout's 2L x 2L grid, the decoy weights of the kjr
 * encodings in a separate figure (see the header).
 *
 * @param fields - nVisible x nUnits values, row-major (receptiveFields' layout over the encoding's visible units).
 * @param layout - The dimer layout (dimerLayout(encoding, L)).
 * @param nUnits - Units (columns).
 * @param options - Tiles per row, units drawn, pixels per grid cell, gap (as renderFieldGrid).
 * @returns The bond figure and, for layouts with decoys, the decoy figure.
 * @throws RangeError when the field does not have nVisible x nUnits values.
 *
 * @example
 * ```ts
 * const { bonds, decoys } = await renderBondFieldGrid(fields[0]!, dimerLayout("kjr", 16), 128, { maxUnits: 64 });
 * ```
 */
export async function renderBondFieldGrid(
  fields: Float32Array, layout: VisibleLayout, nUnits: number, options: FieldGridOptions = {},
): Promise<BondFieldFigures> {
  const onGrid = fieldsOnGrid(layout, fields, nUnits);
  const { width, height } = layout.geometry;
  if (width !== height) throw new RangeError(`bond images need a square grid, got ${width} x ${height}`);
  const sites = width * height;
  const { decoys } = layout;
  if (!decoys) return { bonds: await renderFieldGrid(onGrid, sites, nUnits, width, options) };
  const keep = (wantDecoy: boolean) => Float32Array.from(onGrid, (value, k) => ((decoys[Math.floor(k / nUnits)] === 1) === wantDecoy ? value : 0));
  return {
    bonds: await renderFieldGrid(keep(false), sites, nUnits, width, options),
    decoys: await renderFieldGrid(keep(true), sites, nUnits, width, options),
  };
}
