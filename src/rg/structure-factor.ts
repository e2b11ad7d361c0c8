// Second-moment correlation length from the structure factor, for spins at
// arbitrary positions on the L x L torus (docs/methods.md, "Correlation
// length xi2"; Cooper, Freedman & Preston 1982, Salas & Sokal 2000):
//
//   S(k) = < | sum_j (s_j - <s_j>) e^{i k . x_j} |^2 > / n,
//   xi_2 = sqrt( S(0) / S(k_min) - 1 ) / (2 sin(pi / L)),   k_min = 2 pi / L,
//
// n the number of units, <s_j> unit j's mean over samples, S(k_min) the mean
// of the two axis directions (2 pi / L, 0) and (0, 2 pi / L). Because the
// positions x_j may be anywhere (a hidden unit sits at the centre of its
// receptive field), xi_2 comes out in original lattice spacings for every
// layer: k_min is set by the original lattice side L, whatever the number of
// units. A blocking that keeps the physics keeps xi_2 in these units.
//
// When sampling noise puts S(0) below S(k_min) (no correlations, T = inf)
// the square root has no real value and xi_2 is reported as 0.
//
// Plain TypeScript: per sample O(n) multiply-adds against precomputed phase
// tables (20,000 x 1,600 spins take a fraction of a second).

/** Spins and where their units sit. */
export interface PlacedSpins {
  /** (nSamples, nUnits) row-major, values +1 / -1. */
  spins: Int8Array;
  /** Samples. */
  nSamples: number;
  /** Units (spins) per sample. */
  nUnits: number;
  /** (nUnits) positions in original lattice spacings, x = column, any real value (taken modulo L). */
  x: ArrayLike<number>;
  /** (nUnits) positions in original lattice spacings, y = row, any real value (taken modulo L). */
  y: ArrayLike<number>;
}

/** S(0), S(k_min) (per unit) and the xi_2 they give. */
export interface StructureFactor {
  /** S(0): the susceptibility per unit of the centred spins. */
  s0: number;
  /** S(k_min), averaged over the two axis directions. */
  sMin: number;
  /** Second-moment correlation length in original lattice spacings (0 when S(0) <= S(k_min)). */
  xi2: number;
}

/**
 * S(0), S(k_min) and xi_2 of spins placed on the L x L torus: S(k) = (1/n) <|sum_j (s_j - <s_j>) e^{i k.x_j}|^2>,
 * k_min = 2 pi / L along either axis, so xi_2 is in original lattice spacings whatever the number of units
 * (`docs/methods.md`, Correlation length xi2).
 *
 * @param placed - Spins and the positions of their units.
 * @param L - Side of the original lattice.
 * @returns S(0), S(k_min) (per unit) and xi_2.
 * @throws RangeError when the sizes do not fit.
 *
 * @example
 * ```ts
 * const { x, y } = latticePositions(32);
 * structureFactor({ spins: configs, nSamples: count, nUnits: 32 * 32, x, y }, 32).xi2; // about 0.9 L at K_c
 * ```
 */
export function structureFactor(placed: PlacedSpins, L: number): StructureFactor {
  const { spins, nSamples, nUnits, x, y } = placed;
  checkPlaced(placed);
  if (!(L > 1)) throw new RangeError(`lattice side must be > 1, got ${L}`);
  const means = unitMeans(spins, nSamples, nUnits);
  const kMin = (2 * Math.PI) / L;
  const cosX = Float64Array.from({ length: nUnits }, (_, j) => Math.cos(kMin * x[j]!));
  const sinX = Float64Array.from({ length: nUnits }, (_, j) => Math.sin(kMin * x[j]!));
  const cosY = Float64Array.from({ length: nUnits }, (_, j) => Math.cos(kMin * y[j]!));
  const sinY = Float64Array.from({ length: nUnits }, (_, j) => Math.sin(kMin * y[j]!));
  // The mean's own transform, subtracted from every sample's (linearity).
  const offset = transform(means, 0, cosX, sinX, cosY, sinY, nUnits);
  let sum0 = 0, sumMin = 0;
  const row = new Float64Array(nUnits);
  for (let sample = 0; sample < nSamples; sample++) {
    const base = sample * nUnits;
    for (let j = 0; j < nUnits; j++) row[j] = spins[base + j]!;
    const t = transform(row, 0, cosX, sinX, cosY, sinY, nUnits);
    const m0 = t.zero - offset.zero;
    sum0 += m0 * m0;
    sumMin += (t.reX - offset.reX) ** 2 + (t.imX - offset.imX) ** 2 + (t.reY - offset.reY) ** 2 + (t.imY - offset.imY) ** 2;
  }
  const s0 = sum0 / (nSamples * nUnits);
  const sMin = sumMin / (2 * nSamples * nUnits);
  return { s0, sMin, xi2: xi2FromStructureFactor(s0, sMin, L) };
}

/**
 * xi_2 = sqrt(S(0)/S(k_min) - 1) / (2 sin(pi/L)); 0 when the ratio is at most 1.
 *
 * @param s0 - S(0).
 * @param sMin - S(k_min).
 * @param L - Side of the original lattice.
 * @returns xi_2 in original lattice spacings (NaN when the ratio is NaN).
 */
export function xi2FromStructureFactor(s0: number, sMin: number, L: number): number {
  const ratio = s0 / sMin;
  if (!(ratio > 1)) return Number.isNaN(ratio) ? NaN : 0;
  return Math.sqrt(ratio - 1) / (2 * Math.sin(Math.PI / L));
}

/**
 * Site positions of an L x L lattice (site s = y L + x): what the data's spins are placed at.
 *
 * @param L - Lattice side.
 * @returns L^2 coordinates per axis.
 */
export function latticePositions(L: number): {
  /** Column of each site. */
  x: Float64Array;
  /** Row of each site. */
  y: Float64Array;
} {
  return {
    x: Float64Array.from({ length: L * L }, (_, s) => s % L),
    y: Float64Array.from({ length: L * L }, (_, s) => Math.floor(s / L)),
  };
}

function unitMeans(spins: Int8Array, nSamples: number, nUnits: number): Float64Array {
  const means = new Float64Array(nUnits);
  for (let sample = 0; sample < nSamples; sample++) {
    const base = sample * nUnits;
    for (let j = 0; j < nUnits; j++) means[j]! += spins[base + j]!;
  }
  for (let j = 0; j < nUnits; j++) means[j]! /= nSamples;
  return means;
}

interface Transform { zero: number; reX: number; imX: number; reY: number; imY: number }

function transform(
  values: Float64Array, base: number, cosX: Float64Array, sinX: Float64Array, cosY: Float64Array, sinY: Float64Array, nUnits: number,
): Transform {
  let zero = 0, reX = 0, imX = 0, reY = 0, imY = 0;
  for (let j = 0; j < nUnits; j++) {
    const s = values[base + j]!;
    zero += s;
    reX += s * cosX[j]!;
    imX += s * sinX[j]!;
    reY += s * cosY[j]!;
    imY += s * sinY[j]!;
  }
  return { zero, reX, imX, reY, imY };
}

/** Throws RangeError unless spins hold nSamples x nUnits values and x, y one per unit. */
export function checkPlaced(placed: PlacedSpins): void {
  const { spins, nSamples, nUnits, x, y } = placed;
  if (!Number.isInteger(nSamples) || nSamples < 1) throw new RangeError(`need at least one sample, got ${nSamples}`);
  if (!Number.isInteger(nUnits) || nUnits < 1) throw new RangeError(`need at least one unit, got ${nUnits}`);
  if (spins.length !== nSamples * nUnits) throw new RangeError(`spins hold ${spins.length} values, expected ${nSamples} x ${nUnits}`);
  if (x.length !== nUnits || y.length !== nUnits) throw new RangeError(`positions hold ${x.length} / ${y.length} values, expected ${nUnits}`);
}
