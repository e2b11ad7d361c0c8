// Where a dimer encoding's visible units sit (visible-layout.ts): every
// encoding is drawn and measured on the 2L x 2L torus of Koch-Janusz &
// Ringel's image (encodings.ts), site (x, y) of the lattice being the 2 x 2
// cell at rows 2y, 2y + 1 and columns 2x, 2x + 1 of the grid:
//     [2y, 2x]     vertex (decoy)        [2y, 2x + 1]     bond (x, y)-(x + 1, y)
//     [2y + 1, 2x] bond (x, y)-(x, y + 1) [2y + 1, 2x + 1] face (decoy)
// For `bonds` the 2 L^2 units are placed where the kjr image keeps its bond
// bits, so a field of either encoding drawn on the grid is the same bond
// image and the locality measures compare them directly; the vertex and face
// sites of a `bonds` field are empty (zero). For the kjr encodings unit i is
// grid site i, and the vertex and face sites are marked as decoys.
//
// Block side of a layer. The dimer stacks keep two units per b x b block of
// lattice sites (the two components of the block's electric field, the
// coarse variable of the Coulomb phase: docs/methods.md, "Dimers"), so a
// layer of n units tiles the L x L lattice with blocks of side b where
// 2 (L / b)^2 = n, b = L sqrt(2 / n); b is rounded to the nearest power of two
// (in log2) that divides L, so blocks always tile the lattice (L = 16:
// 128 units -> b = 2, 32 -> 4, 8 -> 8). On the grid a block is 2b sites wide.

import { torusGeometry } from "../../analysis/geometry.js";
import type { VisibleLayout } from "../visible-layout.js";
import type { DimerEncoding } from "./encodings.js";

/**
 * The side b, in lattice sites, of the blocks a layer of `nUnits` units tiles the L x L dimer lattice with: two units
 * per block, 2 (L / b)^2 = nUnits, b rounded to the nearest power of two (in log2) dividing L.
 *
 * @param size - Lattice side L (even, >= 2).
 * @param nUnits - Units of the layer (positive integer).
 * @returns b in 1..(largest power of two dividing L), lattice spacings.
 * @throws RangeError on a bad side or unit count.
 */
export function dimerBlockSide(size: number, nUnits: number): number {
  checkSize(size);
  if (!Number.isInteger(nUnits) || nUnits < 1) throw new RangeError(`unit count must be a positive integer, got ${nUnits}`);
  let largest = 1;
  while (size % (2 * largest) === 0) largest *= 2;
  const exponent = Math.round(Math.log2(size * Math.sqrt(2 / nUnits)));
  return 2 ** Math.min(Math.log2(largest), Math.max(0, exponent));
}

/**
 * Grid site, on the 2L x 2L torus, of bond `bond` of a (2, L, L) occupation array: [0, y, x] (bond index y L + x,
 * the bond (x, y)-(x + 1, y)) sits at row 2y, column 2x + 1; [1, y, x] (index L^2 + y L + x) at row 2y + 1, column 2x.
 *
 * @param size - Lattice side L.
 * @param bond - Bond index in [0, 2 L^2).
 * @returns The grid site (row 2L + column).
 */
export function bondGridSite(size: number, bond: number): number {
  const n = size * size;
  const vertical = bond >= n ? 1 : 0;
  const y = Math.floor((bond - vertical * n) / size);
  const x = (bond - vertical * n) % size;
  return (2 * y + vertical) * 2 * size + 2 * x + 1 - vertical;
}

/**
 * The VisibleLayout of a dimer encoding: geometry the 2L x 2L torus; `bonds` units at the kjr image's bond sites
 * (sites set, no decoys); kjr units one per grid site (no sites map) with the vertex and face sites as decoys.
 * blockSide(nUnits) = 2 dimerBlockSide(L, nUnits) grid sites.
 *
 * @param encoding - `bonds`, `kjr` or `kjr-correlated`.
 * @param size - Lattice side L (even, >= 2).
 * @returns The layout (nVisible 2 L^2 for `bonds`, 4 L^2 for the kjr encodings).
 *
 * @example
 * ```ts
 * const layout = dimerLayout("bonds", 16);
 * layout.blockSide(128); // 4 grid sites: b = 2 lattice sites
 * layerAnalysis(fields[0]!, layout, 128, 1, seed);
 * ```
 */
export function dimerLayout(encoding: DimerEncoding, size: number): VisibleLayout {
  checkSize(size);
  const geometry = torusGeometry(2 * size);
  const blockSide = (nUnits: number) => 2 * dimerBlockSide(size, nUnits);
  if (encoding === "bonds") {
    const sites = Int32Array.from({ length: 2 * size * size }, (_, bond) => bondGridSite(size, bond));
    return { geometry, nVisible: 2 * size * size, sites, blockSide };
  }
  const side = 2 * size;
  const decoys = Uint8Array.from({ length: side * side }, (_, site) => {
    const row = Math.floor(site / side);
    const column = site % side;
    return row % 2 === column % 2 ? 1 : 0;
  });
  return { geometry, nVisible: side * side, decoys, blockSide };
}

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 2 || size % 2 !== 0) throw new RangeError(`lattice side must be an even integer >= 2, got ${size}`);
}
