import { describe, expect, it } from "vitest";
import {
  CRITICAL_TEMPERATURE, couplingFromTemperature, exactEnergyAtTemperature, exactSpecificHeat, readTemperature,
  sampleIsing, specificHeatMaximum, temperatureFromEnergy,
} from "../../src/index.js";
import { testCore } from "../support/core.js";
import { bruteForce } from "../support/exact-ising.js";

// The exact thermometer: e(T) inverted against the forward formula and
// against enumeration of every 4 x 4 state, then read on Wolff samples
// whose temperature is known, with its standard error checked against the
// spread of independent repetitions.

const grid = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);

describe("inverting the exact e(T)", () => {
  it.each([4, 10, 40])("round-trips T -> e(T) -> T to 1e-9 over 0.5 <= T <= 10 on L = %i", (L) => {
    for (const T of grid(0.5, 10, 0.05)) {
      const { temperature, flag } = temperatureFromEnergy(L, exactEnergyAtTemperature(L, T));
      expect(flag).toBeNull();
      expect(Math.abs(temperature - T)).toBeLessThan(1e-9);
    }
  });

  it("recovers the temperature of brute-force 4 x 4 energies", () => {
    for (const T of [0.5, 1, 1.8, CRITICAL_TEMPERATURE, 2.8, 4, 7, 10]) {
      const { energyPerSpin } = bruteForce(4, couplingFromTemperature(T));
      expect(Math.abs(temperatureFromEnergy(4, energyPerSpin).temperature - T) / T).toBeLessThan(1e-8);
    }
  });

  it("is monotone and flags both ends instead of returning NaN", () => {
    expect(temperatureFromEnergy(10, 0)).toEqual({ temperature: Infinity, flag: "infinite" });
    expect(temperatureFromEnergy(10, 0.3)).toEqual({ temperature: Infinity, flag: "infinite" });
    expect(temperatureFromEnergy(10, -2)).toEqual({ temperature: 0, flag: "zero" });
    expect(temperatureFromEnergy(10, -2.5)).toEqual({ temperature: 0, flag: "zero" });
    const energies = [-1.999999, -1.9, -1.5, -1, -0.5, -0.1, -1e-3, -1e-7];
    const temperatures = energies.map((e) => temperatureFromEnergy(10, e).temperature);
    temperatures.forEach((T, i) => {
      expect(Number.isFinite(T)).toBe(true);
      if (i > 0) expect(T).toBeGreaterThan(temperatures[i - 1]!);
    });
    // Far into the high-temperature series e = -2 tanh K (1 + O(K^2)).
    expect(temperatureFromEnergy(10, -1e-7).temperature).toBeCloseTo(2e7, -1);
  });
});

describe("exact specific heat", () => {
  it("equals K^2 Var(E) / N from enumeration on 4 x 4", () => {
    for (const T of [0.8, 1.6, CRITICAL_TEMPERATURE, 3, 6]) {
      const reference = bruteForce(4, 1 / T).specificHeat;
      // c is a numerical derivative of the exact e(K) (two Richardson steps): ~1e-7 relative.
      expect(Math.abs(exactSpecificHeat(4, T) - reference) / reference).toBeLessThan(1e-7);
    }
  });

  it("peaks where enumeration's specific heat peaks on 4 x 4", () => {
    // Independent maximum: golden section on the brute-force c(T).
    const heat = (T: number) => bruteForce(4, 1 / T).specificHeat;
    let low = 1.5;
    let high = 4;
    while (high - low > 1e-6) {
      const left = high - 0.618034 * (high - low);
      const right = low + 0.618034 * (high - low);
      if (heat(left) > heat(right)) high = right;
      else low = left;
    }
    const peak = specificHeatMaximum(4);
    expect(Math.abs(peak.temperature - (low + high) / 2)).toBeLessThan(1e-5);
    expect(peak.specificHeat).toBeCloseTo(heat(peak.temperature), 8);
  });

  it("peaks at 2.344 on L = 10 and moves towards T_c as L grows", () => {
    // 2.3446: the exact maximum (docs/methods.md, "Thermometer") to 2.344's digits.
    expect(Math.abs(specificHeatMaximum(10).temperature - 2.344)).toBeLessThan(1e-3);
    const sizes = [10, 20, 40, 80];
    const offsets = sizes.map((L) => specificHeatMaximum(L).temperature - CRITICAL_TEMPERATURE);
    offsets.forEach((offset, i) => {
      expect(offset).toBeGreaterThan(0);
      if (i > 0) expect(offset).toBeLessThan(offsets[i - 1]!);
    });
  });
});

describe("thermometer on Wolff samples", () => {
  /** |z| < 4 for one reading; with a 19-dof batch-means error the false-alarm rate is ~8e-4 per case. */
  const Z_LIMIT = 4;
  const REPETITIONS = 20;
  const cases = [10, 40].flatMap((size) => [1.5, CRITICAL_TEMPERATURE, 3.5].map((temperature) => ({ size, temperature })));

  it.each(cases)("reads T = $temperature on L = $size within 4 SE, with an SE matching 20 repetitions", async ({ size, temperature }) => {
    const core = await testCore();
    const readings = Array.from({ length: REPETITIONS }, (_, rep) => {
      const { configs } = sampleIsing(core, {
        size, coupling: couplingFromTemperature(temperature), count: 400, seed: 7000 + 101 * rep + size, chains: 2,
      });
      const bits = Uint8Array.from(configs, (s) => (s === 1 ? 1 : 0));
      return readTemperature({ bits, count: 400, size });
    });
    const first = readings[0]!;
    expect(first.flag).toBeNull();
    expect(first.temperatureError).toBeGreaterThan(0);
    expect(Math.abs(first.temperature - temperature) / first.temperatureError).toBeLessThan(Z_LIMIT);

    // The spread of 20 independent readings against the reported errors: the sample SD over 19 dof lies within
    // [0.55, 1.5] of the true SD with probability > 0.995, and each reported SE is itself a 19-dof estimate.
    const values = readings.map((r) => r.temperature);
    const mean = values.reduce((a, v) => a + v, 0) / REPETITIONS;
    const spread = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (REPETITIONS - 1));
    const typicalError = Math.sqrt(readings.reduce((a, r) => a + r.temperatureError ** 2, 0) / REPETITIONS);
    expect(spread / typicalError).toBeGreaterThan(0.55);
    expect(spread / typicalError).toBeLessThan(1.5);
    expect(Math.abs(mean - temperature) / (spread / Math.sqrt(REPETITIONS))).toBeLessThan(Z_LIMIT);
  }, 120_000);
});

describe("thermometer edge cases", () => {
  it("reads fair coins as near-infinite and all-up as T = 0 without NaN", () => {
    const size = 10;
    const allUp = readTemperature({ bits: new Uint8Array(50 * size * size).fill(1), count: 50, size });
    expect(allUp).toMatchObject({ temperature: 0, flag: "zero", energy: -2, energyError: 0, absMagnetization: 1 });
    // The bound: where one flipped spin (dE = 8) among all 50 x 100 spins is expected.
    expect(exactEnergyAtTemperature(size, allUp.temperatureError)).toBeCloseTo(-2 + 8 / (50 * size * size), 12);
    // A checkerboard has every bond broken: e = +2, read as infinite (no negative temperatures).
    const checker = Uint8Array.from({ length: size * size }, (_, i) => ((i % size) + Math.floor(i / size)) % 2);
    const anti = readTemperature({ bits: checker, count: 1, size });
    expect(anti).toMatchObject({ temperature: Infinity, flag: "infinite", energy: 2, temperatureError: Infinity });
    expect(Object.values(anti).some((v) => Number.isNaN(v))).toBe(false);
  });

  it("rejects shapes that are not L x L samples and bytes other than 0/1", () => {
    expect(() => readTemperature({ bits: new Uint8Array(99), count: 1, size: 10 })).toThrow(RangeError);
    expect(() => readTemperature({ bits: new Uint8Array(4).fill(2), count: 1, size: 2 })).toThrow(/flat index 0/);
  });
});
