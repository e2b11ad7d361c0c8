// Magnetization moments of spin samples: <|m|> and Binder's cumulant
// U = 1 - <m^4> / (3 <m^2>^2) (Binder 1981), m the mean spin of a sample.
// U is 2/3 in an ordered phase, 0 for Gaussian (disordered) m, and at T_c on
// the torus a scale-invariant value of about 0.61 (docs/methods.md, "Binder cumulant"), so a
// blocking that keeps the physics keeps U.

/** Moments of the per-sample magnetization m over a sample set. */
export interface MagnetizationMoments {
  /** <|m|>, m = (1/n) sum_j s_j per sample. */
  absMagnetization: number;
  /** U = 1 - <m^4> / (3 <m^2>^2); NaN when every m is 0. */
  binder: number;
}

/**
 * <|m|> and Binder's cumulant U of (nSamples, nUnits) +-1 spins (Binder 1981; `docs/methods.md`, Binder cumulant).
 *
 * @param spins - nSamples * nUnits values +1 / -1, sample-major.
 * @param nSamples - Samples (>= 1).
 * @param nUnits - Spins per sample (>= 1).
 * @returns <|m|> in [0, 1] and U (2/3 ordered, 0 for Gaussian m, about 0.61 at T_c on the torus).
 * @throws RangeError when the sizes do not fit.
 *
 * @example
 * ```ts
 * magnetizationMoments(Int8Array.of(1, 1, 1, 1, -1, -1, -1, -1), 2, 4); // { absMagnetization: 1, binder: 2/3 }
 * ```
 */
export function magnetizationMoments(spins: Int8Array, nSamples: number, nUnits: number): MagnetizationMoments {
  if (spins.length !== nSamples * nUnits || nSamples < 1 || nUnits < 1) {
    throw new RangeError(`spins hold ${spins.length} values, expected ${nSamples} x ${nUnits} (both >= 1)`);
  }
  let abs = 0, m2 = 0, m4 = 0;
  for (let sample = 0; sample < nSamples; sample++) {
    let total = 0;
    const base = sample * nUnits;
    for (let j = 0; j < nUnits; j++) total += spins[base + j]!;
    const m = total / nUnits;
    abs += Math.abs(m);
    m2 += m * m;
    m4 += m ** 4;
  }
  abs /= nSamples; m2 /= nSamples; m4 /= nSamples;
  return { absMagnetization: abs, binder: m2 > 0 ? 1 - m4 / (3 * m2 * m2) : NaN };
}
