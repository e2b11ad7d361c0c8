// Units: J = 1 and k_B = 1, so the coupling K = J / kT is 1 / T.

/** Onsager's critical coupling K_c = ln(1 + sqrt 2) / 2. */
export const CRITICAL_COUPLING = Math.log(1 + Math.SQRT2) / 2;
/** The critical temperature T_c = 1 / K_c ≈ 2.269185 (units J = k_B = 1). */
export const CRITICAL_TEMPERATURE = 1 / CRITICAL_COUPLING;

/**
 * The coupling K = J / kT for a temperature T (units J = k_B = 1, so K = 1 / T).
 *
 * @param temperature - T > 0, in units of J / k_B.
 * @returns K = 1 / T.
 *
 * @example
 * ```ts
 * couplingFromTemperature(CRITICAL_TEMPERATURE) === CRITICAL_COUPLING; // up to rounding
 * ```
 */
export function couplingFromTemperature(temperature: number): number {
  return 1 / temperature;
}

/** Wolff bond probability p = 1 - exp(-2K) as a u32 threshold floor(p * 2^32). */
export function wolffAddThreshold(coupling: number): number {
  return u32Threshold(-Math.expm1(-2 * coupling));
}

/** Metropolis acceptance thresholds for dE = 4 and dE = 8: exp(-4K), exp(-8K). */
export function metropolisThresholds(coupling: number): [accept4: number, accept8: number] {
  return [u32Threshold(Math.exp(-4 * coupling)), u32Threshold(Math.exp(-8 * coupling))];
}

// A draw u (uniform u32) succeeds when u < threshold, so the probability
// realised is threshold / 2^32, within 2^-32 of the one asked for.
function u32Threshold(probability: number): number {
  return Math.min(2 ** 32 - 1, Math.floor(probability * 2 ** 32));
}
