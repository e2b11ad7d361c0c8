// Where a dimer task's visible units sit for the locality measures
// (src/systems/visible-layout.ts; docs/methods.md, "Locality" and "Dimers"):
// every encoding on the 2L x 2L torus of Koch-Janusz & Ringel's image
// (src/systems/dimer/encodings.ts), site (x, y) of the lattice being the
// 2 x 2 cell at rows 2y, 2y + 1 and columns 2x, 2x + 1:
//     [2y, 2x]     vertex (decoy)          [2y, 2x + 1]     bond (x, y)-(x + 1, y)
//     [2y + 1, 2x] bond (x, y)-(x, y + 1)  [2y + 1, 2x + 1] face (decoy)
// `bonds` units sit at the image's bond sites, so fields of every encoding are
// the same bond image on the grid; kjr units are one per grid site, the
// vertex and face sites marked as decoys.
//
// A layer keeps two units per b x b block of lattice sites (the two
// components of the block's electric field, the coarse variable of the
// Coulomb phase): 2 (L / b)^2 = n units, b rounded to the nearest power of two
// (in log2) dividing L; on the grid a block is 2b sites wide.
//
// This is the sweep's own copy of the layout the library's dimer analysis
// uses (dimerLayout in src/systems/dimer/layout.ts, same sites, decoys and
// block side); the sweep takes that one once both are on one branch.

import { torusGeometry } from "../../analysis/geometry.js";
import type { DimerEncoding } from "../../systems/dimer/encodings.js";
import type { VisibleLayout } from "../../systems/visible-layout.js";

/** Block side b in lattice sites for a layer of `nUnits` units on the L x L lattice (two units per block, see above). */
function blockSide(size: number, nUnits: number): number {
  let largest = 1;
  while (size % (2 * largest) === 0) largest *= 2;
  const exponent = Math.round(Math.log2(size * Math.sqrt(2 / nUnits)));
  return 2 ** Math.min(Math.log2(largest), Math.max(0, exponent));
}

/** Grid site (row 2L + column) of bond index `bond` of a (2, L, L) occupation array. */
function bondSite(size: number, bond: number): number {
  const n = size * size;
  const vertical = bond >= n ? 1 : 0;
  const y = Math.floor((bond - vertical * n) / size);
  const x = (bond - vertical * n) % size;
  return (2 * y + vertical) * 2 * size + 2 * x + 1 - vertical;
}

/**
 * The VisibleLayout of a dimer encoding on the 2L x 2L torus: `bonds` units at the image's bond sites; kjr units one
 * per grid site with the vertex and face sites as decoys. blockSide(n) = 2 b grid sites.
 *
 * @param encoding - `bonds`, `kjr` or `kjr-correlated`.
 * @param size - Lattice side L (even, >= 2).
 * @returns The layout: nVisible 2 L^2 for `bonds`, 4 L^2 for the kjr encodings.
 */
export function dimerTaskLayout(encoding: DimerEncoding, size: number): VisibleLayout {
  if (!Number.isInteger(size) || size < 2 || size % 2 !== 0) throw new RangeError(`lattice side must be an even integer >= 2, got ${size}`);
  const geometry = torusGeometry(2 * size);
  const side = (nUnits: number) => 2 * blockSide(size, nUnits);
  if (encoding === "bonds") {
    const sites = Int32Array.from({ length: 2 * size * size }, (_, bond) => bondSite(size, bond));
    return { geometry, nVisible: 2 * size * size, sites, blockSide: side };
  }
  const width = 2 * size;
  const decoys = Uint8Array.from({ length: width * width }, (_, site) => (Math.floor(site / width) % 2 === site % width % 2 ? 1 : 0));
  return { geometry, nVisible: width * width, decoys, blockSide: side };
}
