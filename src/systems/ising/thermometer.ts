// An exact thermometer for Ising configurations: the temperature whose exact
// finite-L mean energy (Kaufman / Ferdinand-Fisher, ./exact.ts) equals the
// ensemble's mean energy. Unlike a trained neural-network thermometer (Iso,
// Shiba & Yokoo 2018; Veiga & Vicente 2020) it cannot be fooled by what it
// was trained on: it reads only the energy, a sufficient statistic for T.

import { exactSpecificHeat, temperatureFromEnergy, type TemperatureFlag } from "./exact.js";

/** Configurations of an L x L torus as 0/1 bytes (bit 1 = spin +1), sample-major, row-major within a sample. */
export interface TorusSamples {
  /** count * size * size bytes, each 0 or 1. */
  bits: Uint8Array;
  /** Configurations. */
  count: number;
  /** L. */
  size: number;
}

/** What the thermometer reads from one ensemble. Energies are per spin in units of J, temperatures in J / k_B. */
export interface ThermometerReading {
  /** Exact-inversion temperature; Infinity when flag is "infinite", 0 when "zero". */
  temperature: number;
  /**
   * Standard error of the temperature: energyError / c(T) (c = de/dT, exact). Infinity when flag is "infinite";
   * when "zero", the temperature at which one flipped spin in the whole ensemble would be expected (an upper bound).
   */
  temperatureError: number;
  /** Mean energy per spin e = <E>/L^2, in [-2, 2]. */
  energy: number;
  /** Standard error of e from batch means (see THERMOMETER_BATCHES). */
  energyError: number;
  /** <|m|>, m = M / L^2. */
  absMagnetization: number;
  /** L. */
  size: number;
  /** Configurations read. */
  count: number;
  /** "infinite" for e >= 0, "zero" for e = -2, else null. */
  flag: TemperatureFlag | null;
}

/**
 * Batches for the batch-means standard error: the samples, in file order, are cut into this many contiguous
 * batches (fewer when there are fewer samples) and the error is the spread of the batch means, so correlation
 * between neighbouring samples (consecutive chain records) widens it as it should.
 */
export const THERMOMETER_BATCHES = 20;

/**
 * Per-sample energy per spin and |m| of 0/1-coded torus configurations: each bond (right, down) once.
 *
 * @param samples - The configurations.
 * @returns One value of each per configuration.
 * @throws RangeError if the shapes do not fit or a byte is not 0/1.
 */
export function torusObservables(samples: TorusSamples): {
  /** Energy per spin E / L^2 (J = 1), in [-2, 2]. */
  energyPerSpin: Float64Array;
  /** |M| / L^2, in [0, 1]. */
  absMagnetization: Float64Array;
} {
  const { bits, count, size } = samples;
  const nSites = size * size;
  checkSamples(samples);
  const energyPerSpin = new Float64Array(count);
  const absMagnetization = new Float64Array(count);
  for (let s = 0; s < count; s++) {
    const base = s * nSites;
    let bonds = 0;
    let up = 0;
    for (let y = 0; y < size; y++) {
      const row = base + y * size;
      const below = base + ((y + 1) % size) * size;
      for (let x = 0; x < size; x++) {
        const spin = bits[row + x]!;
        up += spin;
        // Aligned neighbours add -1 to E, anti-aligned +1.
        bonds += spin === bits[row + ((x + 1) % size)] ? -1 : 1;
        bonds += spin === bits[below + x] ? -1 : 1;
      }
    }
    energyPerSpin[s] = bonds / nSites;
    absMagnetization[s] = Math.abs(2 * up - nSites) / nSites;
  }
  return { energyPerSpin, absMagnetization };
}

/**
 * Mean and batch-means standard error of a series (THERMOMETER_BATCHES contiguous batches of equal size).
 *
 * @param values - The series, in sampling order.
 * @returns The mean of all values and the standard error from the spread of the batch means (Infinity with one value).
 * @throws RangeError on an empty series.
 */
export function batchMeans(values: ArrayLike<number>): {
  /** Mean of all values. */
  mean: number;
  /** Standard deviation of the batch means over sqrt(batches). */
  standardError: number;
} {
  const n = values.length;
  if (n === 0) throw new RangeError("no samples");
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  const batches = Math.min(THERMOMETER_BATCHES, n);
  if (batches < 2) return { mean, standardError: Infinity };
  const batchSize = Math.floor(n / batches);
  const batchMean = new Float64Array(batches);
  for (let b = 0; b < batches; b++) {
    let total = 0;
    for (let i = b * batchSize; i < (b + 1) * batchSize; i++) total += values[i]!;
    batchMean[b] = total / batchSize;
  }
  const grand = batchMean.reduce((a, v) => a + v, 0) / batches;
  const variance = batchMean.reduce((a, v) => a + (v - grand) ** 2, 0) / (batches - 1);
  return { mean, standardError: Math.sqrt(variance / batches) };
}

/**
 * Reads the temperature of an ensemble of L x L torus configurations by inverting the exact e(T) of that L at the
 * ensemble's mean energy, with a standard error propagated through de/dT. Never returns NaN: e >= 0 gives
 * T = Infinity with flag "infinite", e = -2 gives T = 0 with flag "zero" (`docs/methods.md`, Thermometer).
 *
 * @param samples - 0/1-coded configurations of one L x L torus.
 * @returns Temperature and energy with standard errors, and <|m|>.
 * @throws RangeError if the shapes do not fit or a byte is not 0/1.
 *
 * @example
 * ```ts
 * const { configs } = sampleIsing(core, { size: 16, coupling: 0.4, count: 2000, seed: 3 });
 * const bits = Uint8Array.from(configs, (s) => (s + 1) / 2);
 * readTemperature({ bits, count: 2000, size: 16 }).temperature; // about 2.5
 * ```
 */
export function readTemperature(samples: TorusSamples): ThermometerReading {
  const { energyPerSpin, absMagnetization } = torusObservables(samples);
  const energy = batchMeans(energyPerSpin);
  const magnetization = batchMeans(absMagnetization);
  const { temperature, flag } = temperatureFromEnergy(samples.size, energy.mean);
  return {
    temperature,
    temperatureError: temperatureError(samples, temperature, flag, energy.standardError),
    energy: energy.mean,
    energyError: energy.standardError,
    absMagnetization: magnetization.mean,
    size: samples.size,
    count: samples.count,
    flag,
  };
}

function temperatureError(samples: TorusSamples, temperature: number, flag: TemperatureFlag | null, energyError: number): number {
  if (flag === "infinite") return Infinity;
  if (flag === "zero") {
    // One flipped spin (dE = 8) anywhere in the ensemble would have shown above this temperature.
    return temperatureFromEnergy(samples.size, -2 + 8 / (samples.count * samples.size ** 2)).temperature;
  }
  if (energyError === 0) return 0;
  const heat = exactSpecificHeat(samples.size, temperature);
  return heat > 0 ? energyError / heat : Infinity;
}

function checkSamples({ bits, count, size }: TorusSamples): void {
  if (!Number.isInteger(size) || size < 2) throw new RangeError(`lattice size must be an integer >= 2, got ${size}`);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`need at least one sample, got ${count}`);
  if (bits.length !== count * size * size) {
    throw new RangeError(`${bits.length} values do not make ${count} samples of ${size} x ${size}`);
  }
  const bad = bits.findIndex((b) => b > 1);
  if (bad >= 0) throw new RangeError(`value ${bits[bad]} at flat index ${bad}: expected bits 0/1`);
}
