// "Is it renormalization?" per level of a coarse-graining (docs/methods.md, "Coarse variables"):
// the physics of the coarse variables, level 0 being the data.
//   xi2                 second-moment correlation length, original lattice spacings (structure-factor.ts)
//   xi2Ratio            xi2 / xi2 of level 0: 1 for a coarse-graining that keeps the physics
//   absMagnetization    <|m|> of the aligned coarse spins, and binder U (binder.ts)
//   tilingError         mean distance of the units from their optimally assigned coarse-grid sites,
//                       in coarse spacings (tiling.ts); 0 for majority rule
//   localizedFraction   share of units with spread under half the random fields' (localized-fraction.ts)
//   lambdaT, nu         linearized MCRG between level l-1 and level l on their assigned grids (mcrg.ts);
//                       meaningful only when both levels tile their grids (tiling error < 0.5)
//
// The coarse grid of a level with n units has side sqrt(n) (the paper's
// 400 / 100 / 25 units on 40 x 40: 20, 10, 5, which is L / 2^l); when n is
// not a square whose side divides L there is no grid, and the tiling and
// MCRG numbers are NaN.

import type { CoarseLevel } from "./coarse-variables.js";
import { magnetizationMoments } from "./binder.js";
import { localizedFraction, randomMedianSpread, randomReferenceSeed } from "./localized-fraction.js";
import { linearizedMcrg, MAX_OPERATORS } from "./mcrg.js";
import { structureFactor } from "./structure-factor.js";
import { coarseGridTiling, spinsOnGrid } from "./tiling.js";

/** MCRG numbers are reported as meaningful only below this tiling error (coarse spacings) at both levels. */
export const MAX_MEANINGFUL_TILING_ERROR = 0.5;

/**
 * The measures of one level of a coarse-graining, level 0 being the data (lengths in original lattice spacings,
 * tiling in coarse spacings; `docs/methods.md`, Coarse variables).
 */
export interface RgLevel {
  /** 0 for the data, l for the l-th coarse level. */
  level: number;
  /** Coarse variables (spins) at this level. */
  units: number;
  /** Side of the coarse grid the units are assigned to (NaN when n is not a square dividing L). */
  gridSide: number;
  /** Second-moment correlation length, in original lattice spacings (`docs/methods.md`, Correlation length xi2). */
  xi2: number;
  /** xi2 / xi2 of level 0: 1 for a coarse-graining that keeps the physics. */
  xi2Ratio: number;
  /** <|m|> of the aligned coarse spins, in [0, 1]. */
  absMagnetization: number;
  /** Binder cumulant U = 1 - <m^4> / (3 <m^2>^2) (`docs/methods.md`, Binder cumulant). */
  binder: number;
  /**
   * Mean distance of the units from their optimally assigned coarse-grid sites, in coarse spacings (0 for
   * majority rule; NaN without a grid).
   */
  tilingError: number;
  /** Share of units whose receptive-field spread is under half the random fields' median, in [0, 1]. */
  localizedFraction: number;
  /** Linearized MCRG from level - 1 to this level (NaN at level 0). */
  lambdaT: number;
  /** ln b / ln lambdaT, the correlation-length exponent MCRG estimates (2D Ising: 1; NaN at level 0). */
  nu: number;
  /** Whether lambdaT and nu mean something: both levels tile their grids (tiling error < 0.5). */
  mcrgMeaningful: boolean;
}

/** Options of measureRgLevels. */
export interface RgMeasureOptions {
  /** Operators of the MCRG (1..4, default 4). */
  mcrgOperators?: number;
  /** Seed of the run: the random-field reference of localizedFraction uses randomReferenceSeed(seed, level). */
  seed: number;
}

/**
 * The measures of every level (levels in order from 0, the same nSamples each) on the L x L torus.
 *
 * @param levels - Coarse levels from dataLevel, stackCoarseLevels or majorityCoarseLevels, level 0 first.
 * @param L - Side of the original lattice.
 * @param nSamples - Samples at every level.
 * @param options - Seed and MCRG operators.
 * @returns One RgLevel per level.
 */
export function measureRgLevels(levels: readonly CoarseLevel[], L: number, nSamples: number, options: RgMeasureOptions): RgLevel[] {
  const operators = options.mcrgOperators ?? MAX_OPERATORS;
  let data: number | undefined;
  let below: { grid: Int8Array; side: number; tilingError: number } | undefined;
  return levels.map((coarse) => {
    const { xi2 } = structureFactor({ spins: coarse.spins, nSamples, nUnits: coarse.nUnits, x: coarse.x, y: coarse.y }, L);
    data ??= xi2;
    const moments = magnetizationMoments(coarse.spins, nSamples, coarse.nUnits);
    const side = gridSide(coarse.nUnits, L);
    const tiling = Number.isNaN(side) ? undefined : coarseGridTiling(coarse.x, coarse.y, L, side);
    const here = tiling ? { grid: spinsOnGrid(coarse.spins, nSamples, tiling.unitOfSite), side, tilingError: tiling.meanDistance } : undefined;
    const mcrg = below && here && below.side > here.side
      ? linearizedMcrg({ spins: below.grid, side: below.side }, { spins: here.grid, side: here.side }, nSamples, operators)
      : { lambdaT: NaN, nu: NaN };
    const meaningful = Boolean(below && here) && below!.tilingError < MAX_MEANINGFUL_TILING_ERROR &&
      here!.tilingError < MAX_MEANINGFUL_TILING_ERROR && Number.isFinite(mcrg.nu);
    below = here;
    return {
      level: coarse.level, units: coarse.nUnits, gridSide: side,
      xi2, xi2Ratio: xi2 / data,
      absMagnetization: moments.absMagnetization, binder: moments.binder,
      tilingError: tiling?.meanDistance ?? NaN,
      localizedFraction: levelLocalizedFraction(coarse, L, options.seed),
      lambdaT: mcrg.lambdaT, nu: mcrg.nu, mcrgMeaningful: meaningful,
    };
  });
}

/**
 * sqrt(n) when n units can fill a square grid whose side divides L, else NaN.
 *
 * @param nUnits - Units at the level.
 * @param L - Side of the original lattice.
 * @returns The grid side, or NaN.
 */
export function gridSide(nUnits: number, L: number): number {
  const side = Math.round(Math.sqrt(nUnits));
  return side * side === nUnits && L % side === 0 ? side : NaN;
}

function levelLocalizedFraction(coarse: CoarseLevel, L: number, seed: number): number {
  // Lattice sites (spread 0) are localized whatever the reference: skip building it.
  if (coarse.spread.every((s) => s === 0)) return 1;
  return localizedFraction(coarse.spread, randomMedianSpread(L, coarse.nUnits, randomReferenceSeed(seed, coarse.level)));
}
