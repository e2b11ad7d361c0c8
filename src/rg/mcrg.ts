// Swendsen's linearized Monte Carlo renormalization group (PRL 42, 859,
// 1979) between a fine level and the coarse level made from it by one RG
// step of factor b, from paired samples of both (docs/methods.md,
// "MCRG"). With even operators S_a summed over the fine lattice
// and S'_a over the coarse one,
//   D_ab = <S'_a S_b> - <S'_a><S_b>     (d<S'_a>/dK_b),
//   C_ac = <S'_a S'_c> - <S'_a><S'_c>   (d<S'_a>/dK'_c),
// the chain rule D = C T gives the linearized map T_cb = dK'_c / dK_b =
// (C^-1 D)_cb. Its largest eigenvalue lambda_t is b^(1/nu) at the fixed
// point: nu = ln b / ln lambda_t (2D Ising: nu = 1, lambda_t = 2 for b = 2).
//
// Operators, on a periodic side x side grid of +-1 spins s(x, y), in this
// order (the first n are used):
//   0 nearest neighbours   sum s(x,y) [s(x+1,y) + s(x,y+1)]
//   1 diagonal pairs       sum s(x,y) [s(x+1,y+1) + s(x+1,y-1)]
//   2 distance-2 on axes   sum s(x,y) [s(x+2,y) + s(x,y+2)]
//   3 plaquettes           sum s(x,y) s(x+1,y) s(x,y+1) s(x+1,y+1)
//
// Plain TypeScript: O(side^2) per sample and level; 20,000 samples of a
// 32 x 32 and a 16 x 16 level take well under a second. The n x n algebra
// (an LU solve, the eigenvalues of a real non-symmetric T) is ml-matrix's.

import { EigenvalueDecomposition, LuDecomposition, Matrix } from "ml-matrix";

/** Names of the even operators, in the order of operatorSums' columns (see header). */
export const MCRG_OPERATORS = ["nearest", "diagonal", "distance2", "plaquette"] as const;
/** How many operators linearizedMcrg can use (4). */
export const MAX_OPERATORS = MCRG_OPERATORS.length;

/** Spins of one level on its periodic grid. */
export interface GridSpins {
  /** (nSamples, side, side) row-major, +1 / -1. */
  spins: Int8Array;
  /** Grid side: side x side spins per sample. */
  side: number;
}

/** The linearized RG map between two levels and its thermal eigenvalue. */
export interface McrgResult {
  /** Largest real eigenvalue of T = C^-1 D (NaN when C is singular or T has no real eigenvalue). */
  lambdaT: number;
  /** ln b / ln lambdaT (NaN unless lambdaT > 0 and != 1). */
  nu: number;
  /** T_cb, nOperators x nOperators. */
  t: number[][];
}

/**
 * Swendsen's linearized MCRG (PRL 42, 859, 1979; `docs/methods.md`, MCRG) between `fine` and `coarse` (the same
 * samples, coarse made from fine by a step of factor b = fine.side / coarse.side) with the first `nOperators` of
 * MCRG_OPERATORS: T = C^-1 D from the operators' covariances, lambda_t its largest real eigenvalue,
 * nu = ln b / ln lambda_t.
 *
 * @param fine - The finer level on its periodic grid.
 * @param coarse - The coarser level, same samples.
 * @param nSamples - Samples (>= 2).
 * @param nOperators - Operators used, 1..4 (default 4).
 * @returns lambda_t, nu and T; NaN throughout when C is singular.
 * @throws RangeError on bad sizes or operator counts.
 *
 * @example
 * ```ts
 * const [, level1, level2] = majorityLevels(configs, count, 64, 2, 1);
 * linearizedMcrg({ spins: level1!, side: 32 }, { spins: level2!, side: 16 }, count).nu; // about 1 at K_c
 * ```
 */
export function linearizedMcrg(fine: GridSpins, coarse: GridSpins, nSamples: number, nOperators: number = MAX_OPERATORS): McrgResult {
  if (!Number.isInteger(nOperators) || nOperators < 1 || nOperators > MAX_OPERATORS) {
    throw new RangeError(`operators must be 1..${MAX_OPERATORS}, got ${nOperators}`);
  }
  if (!Number.isInteger(nSamples) || nSamples < 2) throw new RangeError(`MCRG needs at least 2 samples, got ${nSamples}`);
  const b = fine.side / coarse.side;
  if (!(b > 1)) throw new RangeError(`the coarse grid (${coarse.side}) must be smaller than the fine one (${fine.side})`);
  const fineOps = operatorSums(fine, nSamples, nOperators);
  const coarseOps = operatorSums(coarse, nSamples, nOperators);
  const d = covariance(coarseOps, fineOps, nSamples, nOperators);
  const c = covariance(coarseOps, coarseOps, nSamples, nOperators);
  const t = linearizedMap(c, d);
  if (!t) return { lambdaT: NaN, nu: NaN, t: d.map((row) => row.map(() => NaN)) };
  const lambdaT = largestRealEigenvalue(t);
  const nu = lambdaT > 0 && lambdaT !== 1 ? Math.log(b) / Math.log(lambdaT) : NaN;
  return { lambdaT, nu, t };
}

/**
 * Cov(A_a, B_b) over samples of flat (nSamples, n) operator sums, centred first (two passes: the sums are large,
 * their covariances small). Computed here on the flat arrays: a matrix library would hold the samples as one small
 * array per row, tens of MiB for 20,000 samples.
 */
function covariance(a: Float64Array, b: Float64Array, nSamples: number, n: number): number[][] {
  const meanA = columnMeans(a, nSamples, n), meanB = columnMeans(b, nSamples, n);
  const out = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let sample = 0; sample < nSamples; sample++) {
    for (let i = 0; i < n; i++) {
      const da = a[sample * n + i]! - meanA[i]!;
      const row = out[i]!;
      for (let j = 0; j < n; j++) row[j]! += da * (b[sample * n + j]! - meanB[j]!);
    }
  }
  return out.map((row) => row.map((value) => value / nSamples));
}

function columnMeans(values: Float64Array, nSamples: number, n: number): Float64Array {
  const means = new Float64Array(n);
  for (let sample = 0; sample < nSamples; sample++) for (let i = 0; i < n; i++) means[i]! += values[sample * n + i]!;
  return means.map((sum) => sum / nSamples);
}

/**
 * T = C^-1 D by ml-matrix's LU decomposition (partial pivoting); undefined when
 * C is singular to working precision: a pivot at most 1e-13 of C's largest entry.
 */
function linearizedMap(c: number[][], d: number[][]): number[][] | undefined {
  const scale = Math.max(...c.flat().map(Math.abs));
  if (!(scale > 0)) return undefined;
  const lu = new LuDecomposition(new Matrix(c));
  if (lu.upperTriangularMatrix.diagonal().some((pivot) => !(Math.abs(pivot) > 1e-13 * scale))) return undefined;
  return lu.solve(new Matrix(d)).to2DArray();
}

/**
 * The largest real eigenvalue of a real square matrix (one whose imaginary
 * part is below 1e-7 of the spectral radius, or of 1 if that is smaller),
 * from ml-matrix's eigenvalue decomposition (Hessenberg reduction and the
 * real Schur form, as in JAMA).
 *
 * @param matrix - Row-major n x n values, n >= 1.
 * @returns That eigenvalue; NaN when the matrix holds a non-finite value or
 *   has no real eigenvalue.
 */
export function largestRealEigenvalue(matrix: readonly (readonly number[])[]): number {
  if (matrix.flat().some((value) => !Number.isFinite(value))) return NaN;
  const decomposition = new EigenvalueDecomposition(new Matrix(matrix.map((row) => [...row])));
  const re = decomposition.realEigenvalues, im = decomposition.imaginaryEigenvalues;
  const scale = Math.max(1, ...re.map((value, i) => Math.hypot(value, im[i]!)));
  const real = re.filter((_, i) => Math.abs(im[i]!) <= 1e-7 * scale);
  return real.length === 0 ? NaN : Math.max(...real);
}

/**
 * (nSamples, nOperators) values of the operators on every sample of a grid, in MCRG_OPERATORS' order: nearest
 * neighbours, diagonal pairs, distance-2 pairs on the axes, plaquettes, each summed over the periodic grid.
 *
 * @param grid - Spins on their grid.
 * @param nSamples - Samples.
 * @param nOperators - How many operators (default 4).
 * @returns Row-major (nSamples, nOperators) sums.
 * @throws RangeError when the spins do not fit the grid.
 */
export function operatorSums(grid: GridSpins, nSamples: number, nOperators: number = MAX_OPERATORS): Float64Array {
  const { spins, side } = grid;
  const sites = side * side;
  if (!Number.isInteger(side) || side < 1 || spins.length !== nSamples * sites) {
    throw new RangeError(`grid spins hold ${spins.length} values, expected ${nSamples} x ${side} x ${side}`);
  }
  const out = new Float64Array(nSamples * nOperators);
  const right = neighbourTable(side, 1, 0), down = neighbourTable(side, 0, 1);
  const downRight = neighbourTable(side, 1, 1), upRight = neighbourTable(side, 1, -1);
  const right2 = neighbourTable(side, 2, 0), down2 = neighbourTable(side, 0, 2);
  for (let sample = 0; sample < nSamples; sample++) {
    const base = sample * sites;
    let nearest = 0, diagonal = 0, distance2 = 0, plaquette = 0;
    for (let site = 0; site < sites; site++) {
      const s = spins[base + site]!;
      const r = spins[base + right[site]!]!, d = spins[base + down[site]!]!;
      nearest += s * (r + d);
      diagonal += s * (spins[base + downRight[site]!]! + spins[base + upRight[site]!]!);
      distance2 += s * (spins[base + right2[site]!]! + spins[base + down2[site]!]!);
      plaquette += s * r * d * spins[base + downRight[site]!]!;
    }
    const values = [nearest, diagonal, distance2, plaquette];
    for (let a = 0; a < nOperators; a++) out[sample * nOperators + a] = values[a]!;
  }
  return out;
}

/** Site index of (x + dx, y + dy) mod side for every site (x, y). */
function neighbourTable(side: number, dx: number, dy: number): Int32Array {
  return Int32Array.from({ length: side * side }, (_, site) => {
    const x = (site % side + dx + side) % side;
    const y = (Math.floor(site / side) + dy + side) % side;
    return y * side + x;
  });
}
