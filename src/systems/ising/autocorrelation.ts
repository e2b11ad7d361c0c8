// Integrated autocorrelation time with Sokal's automatic window (A. Sokal,
// "Monte Carlo Methods in Statistical Mechanics", 1996, sec. 3):
// tau_int(M) = 1/2 + sum_{t=1..M} rho(t), M the smallest lag with M >= c tau(M).
// Several chains of the same process are pooled: the autocovariance at lag t
// averages the lag-t products of every chain around the common mean.

/** Integrated autocorrelation time of a series, in updates, with the Sokal window it used. */
export interface AutocorrelationEstimate {
  /** tau_int in units of the series' spacing; 0.5 for independent samples. */
  tau: number;
  /** Window M where the sum stopped. */
  window: number;
  /** False when the series was too short for the window condition (tau is then a lower bound). */
  converged: boolean;
}

export const SOKAL_WINDOW_FACTOR = 6;

/**
 * tau_int of one or more chains' series (Sokal's automatic window, c = SOKAL_WINDOW_FACTOR).
 *
 * @param series - One series per chain, of the same process; they may differ in length.
 * @param windowFactor - c in the window condition M >= c tau(M) (default 6).
 * @returns tau_int in units of the series' spacing, the window and whether the condition was met.
 *
 * @example
 * ```ts
 * integratedAutocorrelation([Float64Array.from({ length: 1000 }, Math.random)]).tau; // about 0.5
 * ```
 */
export function integratedAutocorrelation(
  series: readonly ArrayLike<number>[],
  windowFactor = SOKAL_WINDOW_FACTOR,
): AutocorrelationEstimate {
  const mean = pooledMean(series);
  const variance = autocovariance(series, mean, 0);
  if (!(variance > 0)) return { tau: 0.5, window: 0, converged: true };
  const shortest = Math.min(...series.map((s) => s.length));
  let tau = 0.5;
  for (let lag = 1; lag < shortest; lag++) {
    tau += autocovariance(series, mean, lag) / variance;
    if (lag >= windowFactor * tau) return { tau: Math.max(tau, 0.5), window: lag, converged: true };
  }
  return { tau: Math.max(tau, 0.5), window: shortest - 1, converged: false };
}

/** A mean and its standard error. */
export interface MeanEstimate {
  /** Mean over every chain's values. */
  mean: number;
  /** Standard error of the mean, inflated by 2 tau_int for correlation. */
  standardError: number;
  /** The tau_int used, in units of the series' spacing. */
  tau: number;
}

/**
 * Mean over every chain's values and its standard error, correcting for autocorrelation:
 * sqrt(2 tau_int var / n) over all n values.
 *
 * @param series - One series per chain.
 * @returns The mean, its standard error and tau_int.
 */
export function meanWithError(series: readonly ArrayLike<number>[]): MeanEstimate {
  const mean = pooledMean(series);
  const total = series.reduce((sum, s) => sum + s.length, 0);
  const variance = autocovariance(series, mean, 0);
  const { tau } = integratedAutocorrelation(series);
  return { mean, standardError: Math.sqrt((variance * 2 * tau) / total), tau };
}

function pooledMean(series: readonly ArrayLike<number>[]): number {
  let sum = 0;
  let count = 0;
  for (const values of series) {
    for (let i = 0; i < values.length; i++) sum += values[i]!;
    count += values.length;
  }
  return sum / count;
}

function autocovariance(series: readonly ArrayLike<number>[], mean: number, lag: number): number {
  let sum = 0;
  let pairs = 0;
  for (const values of series) {
    for (let i = 0; i + lag < values.length; i++) sum += (values[i]! - mean) * (values[i + lag]! - mean);
    pairs += Math.max(0, values.length - lag);
  }
  return sum / pairs;
}
