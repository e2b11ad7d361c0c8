// Coarse correlations: how the connected correlation of a level's coarse
// variables falls with the distance between them, and the exponent of that
// fall. The free dimer model is critical: its coarse-grained electric field
// is the gradient of a Gaussian height field, so field-field correlations
// fall as 1/r^2 (Fisher & Stephenson, Phys. Rev. 132, 1411, 1963), and a
// coarse-graining that keeps the field keeps that exponent at every level
// (docs/methods.md, "Dimers: is it renormalization?").
//
// Definitions. Coarse variable i (a hidden unit's activation, or a block's
// sign(E_x)) sits at a block (x_i, y_i) of the coarse side x side torus, in
// coarse spacings. Its connected correlation with j is the Pearson
// coefficient rho_ij over the samples. A learned unit's sign and its mix of
// E_x and E_y are arbitrary, and the gradient correlations are dipolar,
// <E_a(0) E_b(r)> ~ (delta_ab r^2 - 2 r_a r_b) / r^4, whose sign turns with
// the direction; what is isotropic is the sum of squares over the
// components (xx^2 + xy^2 + yx^2 + yy^2 ~ 2 / r^4 in every direction), so the
// profile is the root mean square over all pairs at distance r:
//   G(r) = sqrt( mean over pairs i < j with |x_i - x_j| = r of rho_ij^2 ),
// |.| the minimal-image Euclidean distance on the coarse torus. The plain
// estimate of rho^2 is biased upward by about 1/N (N samples; more when
// they are correlated), which at large r swamps a signal falling as r^-4.
// So rho_ij^2 is estimated by rho_ij^A rho_ij^B, the coefficients of the
// first and the second half of the samples: for independent halves it is
// unbiased for rho_ij^2 and its noise averages out over the pairs. Where the
// mean is not positive the correlation is below the noise and G(r) is NaN.
//
// Exponent: -slope of the unweighted least-squares line through
// (ln r, ln G(r)) over the distinct distances r with a finite G in
// 1 <= r <= side / 4; on the torus a power law is bent upwards near side / 2
// by the periodic images (at r = side / 2 the axial image doubles it), and a
// quarter of the side keeps that bend to about a tenth. Coarse tori too
// small for three distances in that range (side < 8) take every distance
// r >= 1 there is, up to the largest, (side / 2) sqrt 2: bend and all, a
// rough exponent (side 4: r = 1, sqrt 2, 2, sqrt 5, sqrt 8; side 2: r = 1,
// sqrt 2). Fewer than two points (side 1) give NaN.

/** A correlation profile: per distinct distance, the RMS correlation and how many pairs it averages. */
export interface CorrelationProfile {
  /** Distinct pair distances, ascending, in coarse spacings (minimal image on the coarse torus). */
  distance: Float64Array;
  /** G(r): root of the mean split-half rho^2 over the pairs at that distance; NaN where the mean is not positive. */
  magnitude: Float64Array;
  /** Unit pairs averaged at each distance. */
  pairs: Int32Array;
}

/** A level's coarse correlations and their decay exponent. */
export interface CoarseCorrelation {
  /** The profile G(r) over all distances, r = 0 (units on one block) included. */
  profile: CorrelationProfile;
  /** Decay exponent p of G ~ r^-p (2 for the free dimer model's field); NaN with fewer than two usable distances. */
  exponent: number;
  /** The distances fitted, [rMin, rMax] in coarse spacings. */
  fitRange: [number, number];
  /** Distances that entered the fit. */
  fitPoints: number;
}

/**
 * Split-half estimates of rho_ij^2 for every pair of variables: rho^A_ij rho^B_ij, A the first floor(N/2) samples
 * and B the rest.
 *
 * @param values - (N, nUnits) row-major, one row per sample.
 * @param nSamples - N (at least 4).
 * @param nUnits - Variables.
 * @returns nUnits x nUnits row-major, symmetric; NaN for a pair with a constant variable in either half.
 * @throws RangeError on a size mismatch or fewer than 4 samples.
 */
export function splitHalfSquaredCorrelation(values: ArrayLike<number>, nSamples: number, nUnits: number): Float64Array {
  if (values.length !== nSamples * nUnits) throw new RangeError(`values hold ${values.length} numbers, expected ${nSamples} x ${nUnits}`);
  if (!Number.isInteger(nSamples) || nSamples < 4) throw new RangeError(`need at least 4 samples, got ${nSamples}`);
  const half = Math.floor(nSamples / 2);
  const first = pearsonMatrix(values, 0, half, nUnits);
  const second = pearsonMatrix(values, half, nSamples, nUnits);
  return Float64Array.from(first, (rho, k) => rho * second[k]!);
}

/**
 * The RMS correlation G(r) by distance from a matrix of squared correlations (see the header).
 *
 * @param squared - nUnits x nUnits estimates of rho_ij^2 (splitHalfSquaredCorrelation, or exact values); NaN
 *   entries are left out.
 * @param x - Per variable, its block's column on the coarse torus (coarse spacings).
 * @param y - Per variable, its block's row.
 * @param side - Side of the coarse torus (blocks per axis).
 * @returns The profile, distances ascending.
 * @throws RangeError on a size mismatch.
 */
export function correlationProfile(squared: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>, side: number): CorrelationProfile {
  const n = x.length;
  if (y.length !== n || squared.length !== n * n) throw new RangeError(`need ${n} x ${n} squared correlations and ${n} y positions`);
  const sums = new Map<number, { distance: number; sum: number; pairs: number }>();
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const value = squared[i * n + j]!;
      if (Number.isNaN(value)) continue;
      const distance = Math.hypot(minimalImage(x[i]! - x[j]!, side), minimalImage(y[i]! - y[j]!, side));
      const key = Math.round(distance * distance * 1e6);
      const bin = sums.get(key) ?? { distance, sum: 0, pairs: 0 };
      bin.sum += value;
      bin.pairs += 1;
      sums.set(key, bin);
    }
  }
  const bins = [...sums.values()].sort((a, b) => a.distance - b.distance);
  return {
    distance: Float64Array.from(bins, (b) => b.distance),
    magnitude: Float64Array.from(bins, (b) => (b.sum > 0 ? Math.sqrt(b.sum / b.pairs) : NaN)),
    pairs: Int32Array.from(bins, (b) => b.pairs),
  };
}

/**
 * Decay exponent p of G(r) ~ r^-p: minus the slope of the least-squares line through (ln r, ln G) over the
 * distances in [rMin, rMax] with a finite, positive G.
 *
 * @param profile - The profile.
 * @param rMin - Smallest distance fitted (coarse spacings, > 0).
 * @param rMax - Largest distance fitted.
 * @returns The exponent and the points used; exponent NaN with fewer than two points.
 */
export function decayExponent(profile: CorrelationProfile, rMin: number, rMax: number): {
  /** p in G(r) ~ r^-p, the negated slope of log G against log r. */
  exponent: number;
  /** Distances the fit used. */
  points: number;
} {
  const logR: number[] = [];
  const logG: number[] = [];
  profile.distance.forEach((r, k) => {
    const g = profile.magnitude[k]!;
    if (r > 0 && r >= rMin - 1e-9 && r <= rMax + 1e-9 && g > 0) {
      logR.push(Math.log(r));
      logG.push(Math.log(g));
    }
  });
  if (logR.length < 2) return { exponent: NaN, points: logR.length };
  const mx = mean(logR);
  const my = mean(logG);
  let sxy = 0, sxx = 0;
  logR.forEach((lx, k) => {
    sxy += (lx - mx) * (logG[k]! - my);
    sxx += (lx - mx) ** 2;
  });
  return { exponent: sxx > 0 ? -sxy / sxx : NaN, points: logR.length };
}

/**
 * The fitted range of distances on a coarse torus: [1, side / 4], or every distance from 1 up to the largest,
 * (side / 2) sqrt 2, when side / 4 leaves fewer than three distances (side < 8).
 *
 * @param side - Side of the coarse torus.
 * @returns [rMin, rMax] in coarse spacings.
 */
export function fitRange(side: number): [number, number] {
  return side >= 8 ? [1, side / 4] : [1, (side / 2) * Math.SQRT2];
}

/**
 * Coarse correlations of one level: the split-half RMS correlation by distance and its decay exponent over
 * fitRange(side).
 *
 * @param values - (N, nUnits) row-major: the level's coarse variables per sample (activations, or block signs).
 * @param nSamples - N (at least 4; the first and second halves should be independent, e.g. separate chains).
 * @param nUnits - Variables.
 * @param x - Per variable, its block's column on the coarse torus.
 * @param y - Per variable, its block's row.
 * @param side - Side of the coarse torus (L / b).
 * @returns Profile, exponent and the range fitted.
 *
 * @example
 * ```ts
 * const signs = fieldReferenceLevel(bonds, 32, 1, seed); // level 1, b = 2: (N, 16 x 16 x 2)
 * const { x, y } = fieldReferencePositions(32, 1);
 * coarseCorrelation(signs, N, 512, x, y, 16).exponent; // about 2 at V = 0
 * ```
 */
export function coarseCorrelation(
  values: ArrayLike<number>, nSamples: number, nUnits: number, x: ArrayLike<number>, y: ArrayLike<number>, side: number,
): CoarseCorrelation {
  const profile = correlationProfile(splitHalfSquaredCorrelation(values, nSamples, nUnits), x, y, side);
  const range = fitRange(side);
  const { exponent, points } = decayExponent(profile, range[0], range[1]);
  return { profile, exponent, fitRange: range, fitPoints: points };
}

/** Pearson coefficients of rows [from, to) as an nUnits x nUnits matrix; NaN for a constant variable. */
function pearsonMatrix(values: ArrayLike<number>, from: number, to: number, nUnits: number): Float64Array {
  const rows = to - from;
  const z = new Float64Array(rows * nUnits);
  for (let unit = 0; unit < nUnits; unit++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += values[(from + r) * nUnits + unit]!;
    const centre = sum / rows;
    let squares = 0;
    for (let r = 0; r < rows; r++) {
      const d = values[(from + r) * nUnits + unit]! - centre;
      z[r * nUnits + unit] = d;
      squares += d * d;
    }
    const scale = squares > 0 ? 1 / Math.sqrt(squares) : NaN;
    for (let r = 0; r < rows; r++) z[r * nUnits + unit]! *= scale;
  }
  const out = new Float64Array(nUnits * nUnits);
  for (let r = 0; r < rows; r++) {
    const row = r * nUnits;
    for (let i = 0; i < nUnits; i++) {
      const zi = z[row + i]!;
      const at = i * nUnits;
      for (let j = i; j < nUnits; j++) out[at + j]! += zi * z[row + j]!;
    }
  }
  for (let i = 0; i < nUnits; i++) for (let j = 0; j < i; j++) out[i * nUnits + j] = out[j * nUnits + i]!;
  return out;
}

function minimalImage(offset: number, period: number): number {
  return offset - period * Math.round(offset / period);
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
