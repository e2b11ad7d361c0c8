// How well a layer's units tile the coarse grid of Kadanoff blocks: assign
// the units one-to-one to the sites of the side x side coarse grid over the
// L x L torus by minimum total periodic distance between each unit's centre
// and its site (an optimal linear assignment, Jonker-Volgenant via the npm
// package linear-sum-assignment), then report the mean distance in coarse
// grid spacings g = L / side. Majority-rule block spins sit exactly on the
// grid: tiling error 0.
//
// Coarse site (i, j) (i the column, j the row, site = j side + i) is the
// centre of block (i, j): x = g i + (g - 1)/2, y = g j + (g - 1)/2, in
// original lattice spacings, as majority-rule.ts places its block spins.

import { linearSumAssignment } from "linear-sum-assignment";

/** The optimal assignment of units to coarse-grid sites and its mean distance. */
export interface Tiling {
  /** unitOfSite[site] = the unit assigned to coarse site `site` (site = j side + i). */
  unitOfSite: Int32Array;
  /** Mean periodic distance between a unit's centre and its site, in coarse spacings L / side. */
  meanDistance: number;
}

/**
 * Optimal assignment of nUnits = side^2 unit centres (original lattice
 * spacings, x = column) to the side x side coarse grid of the L x L torus:
 * minimum total periodic distance (Jonker-Volgenant, the linear-sum-assignment
 * package), coarse site (i, j) at the centre of block (i, j).
 *
 * @param x - Column coordinate of each unit's centre, original lattice spacings.
 * @param y - Row coordinate of each unit's centre.
 * @param L - Side of the original lattice.
 * @param side - Coarse grid side (side^2 = number of units).
 * @returns Which unit sits on each site, and the mean distance in coarse spacings (the tiling error).
 *
 * @example
 * ```ts
 * const { x, y } = blockCentres(40, 1);
 * coarseGridTiling(x, y, 40, 20).meanDistance; // 0: block spins sit on the grid
 * ```
 */
export function coarseGridTiling(x: ArrayLike<number>, y: ArrayLike<number>, L: number, side: number): Tiling {
  const nUnits = x.length;
  if (y.length !== nUnits) throw new RangeError(`centres hold ${x.length} x and ${y.length} y values`);
  if (!Number.isInteger(side) || side < 1 || nUnits !== side * side) {
    throw new RangeError(`${nUnits} units cannot tile a ${side} x ${side} grid one-to-one`);
  }
  if (!(L > 0)) throw new RangeError(`lattice side must be positive, got ${L}`);
  const cost = Array.from({ length: nUnits }, (_, unit) => {
    const row = new Float64Array(nUnits);
    for (let site = 0; site < nUnits; site++) row[site] = siteDistance(x[unit]!, y[unit]!, site, L, side);
    return row;
  });
  const unitOfSite = Int32Array.from({ length: nUnits }, (_, site) => site);
  // Units already on their own sites in order (lattice sites, block spins): the identity costs 0, nothing to solve.
  const onGrid = unitOfSite.every((site) => cost[site]![site]! < 1e-9);
  if (!onGrid && nUnits > 1) {
    const { rowAssignments } = linearSumAssignment(cost, { maximaze: false });
    rowAssignments.forEach((site, unit) => { unitOfSite[site] = unit; });
  }
  let total = 0;
  unitOfSite.forEach((unit, site) => { total += cost[unit]![site]!; });
  return { unitOfSite, meanDistance: total / nUnits / (L / side) };
}

/**
 * Periodic Euclidean distance from (x, y) to the centre of coarse site `site`, in original spacings.
 *
 * @param x - Column coordinate, original lattice spacings.
 * @param y - Row coordinate.
 * @param site - Coarse site j side + i.
 * @param L - Side of the original lattice.
 * @param side - Coarse grid side.
 * @returns The minimal-image distance.
 */
export function siteDistance(x: number, y: number, site: number, L: number, side: number): number {
  const spacing = L / side;
  const siteX = spacing * (site % side) + (spacing - 1) / 2;
  const siteY = spacing * Math.floor(site / side) + (spacing - 1) / 2;
  return Math.hypot(minimalImage(x - siteX, L), minimalImage(y - siteY, L));
}

/**
 * Spins reordered so that column `site` holds the unit assigned to that coarse site: (nSamples, side^2).
 *
 * @param spins - (nSamples, nUnits) +-1, in unit order.
 * @param nSamples - Samples.
 * @param unitOfSite - Tiling.unitOfSite.
 * @returns (nSamples, side^2) +-1 in grid order, for linearizedMcrg.
 */
export function spinsOnGrid(spins: Int8Array, nSamples: number, unitOfSite: Int32Array): Int8Array {
  const n = unitOfSite.length;
  if (spins.length !== nSamples * n) throw new RangeError(`spins hold ${spins.length} values, expected ${nSamples} x ${n}`);
  const out = new Int8Array(spins.length);
  for (let sample = 0; sample < nSamples; sample++) {
    const base = sample * n;
    for (let site = 0; site < n; site++) out[base + site] = spins[base + unitOfSite[site]!]!;
  }
  return out;
}

function minimalImage(offset: number, L: number): number {
  return offset - L * Math.round(offset / L);
}
