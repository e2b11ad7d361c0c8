import { describe, expect, it } from "vitest";
import { CRITICAL_COUPLING } from "../../src/index.js";
import {
  CRITICAL_ENERGY_INFINITE, bruteForce, exactEnergyPerSpin, logPartitionFunction,
  stateEnergy, stateIndex, stateMagnetization,
} from "../support/exact-ising.js";

// The Kaufman / Ferdinand-Fisher closed form against direct enumeration of
// every state. Couplings straddle K_c, where g_0 and hence the sign of the
// Z4 product flips.
const COUPLINGS = [0.1, 0.3, 0.42, CRITICAL_COUPLING, 0.46, 0.6, 1.2];

function relativeError(value: number, reference: number): number {
  return Math.abs(value - reference) / Math.abs(reference);
}

describe.each([2, 3, 4])("Kaufman formula on a %i x %i torus", (L) => {
  it.each(COUPLINGS)("equals brute-force enumeration at K = %f", (K) => {
    const exact = bruteForce(L, K);
    expect(relativeError(logPartitionFunction(L, K), exact.logZ)).toBeLessThan(1e-10);
    expect(relativeError(exactEnergyPerSpin(L, K), exact.energyPerSpin)).toBeLessThan(1e-10);
  });
});

describe("brute-force helpers", () => {
  it("count energies of hand-made 3 x 3 states", () => {
    // All up: 18 satisfied bonds. One spin down: its 4 bonds broken, E = -18 + 8.
    expect(stateEnergy(3, 0b111111111)).toBe(-18);
    expect(stateEnergy(3, 0b111101111)).toBe(-10);
    // Rows (+,+,+), (-,-,-), (+,+,+): horizontal bonds all satisfied (-9),
    // vertical: row0-row1 and row1-row2 broken (+6), row2-row0 satisfied (-3).
    expect(stateEnergy(3, 0b111000111)).toBe(-6);
    expect(stateMagnetization(3, 0b111000111)).toBe(3);
    expect(stateIndex([1, -1, -1, -1, -1, -1, -1, -1, 1])).toBe(0b100000001);
  });

  it("bonds each pair twice on the 2 x 2 torus", () => {
    // One spin down on 2 x 2: its two distinct neighbours are each bonded twice.
    expect(stateEnergy(2, 0b1111)).toBe(-8);
    expect(stateEnergy(2, 0b1110)).toBe(0);
  });

  it("gives normalised probabilities and Z = 2^N at K -> 0", () => {
    const exact = bruteForce(3, 1e-12);
    expect(exact.probabilities.reduce((a, p) => a + p, 0)).toBeCloseTo(1, 12);
    expect(exact.logZ).toBeCloseTo(9 * Math.LN2, 10);
  });
});

describe("Kaufman formula on large lattices", () => {
  it("reproduces the 40 x 40 sanity values", () => {
    expect(exactEnergyPerSpin(40, 0.408)).toBeCloseTo(-1.151821, 6);
    expect(exactEnergyPerSpin(40, CRITICAL_COUPLING)).toBeCloseTo(-1.429771, 6);
  });

  it("has an analytic energy equal to Richardson-extrapolated -d lnZ/dK / N", () => {
    for (const L of [16, 40, 128]) {
      for (const K of [0.3, CRITICAL_COUPLING, 0.55]) {
        const numeric = -richardsonDerivative((k) => logPartitionFunction(L, k), K, 1e-3) / (L * L);
        expect(Math.abs(exactEnergyPerSpin(L, K) - numeric)).toBeLessThan(1e-9);
      }
    }
  });

  it("approaches Onsager's -sqrt 2 at K_c with a 1/L correction", () => {
    const deviation = (L: number) => exactEnergyPerSpin(L, CRITICAL_COUPLING) - CRITICAL_ENERGY_INFINITE;
    expect(Math.abs(deviation(10_000))).toBeLessThan(1e-4);
    // L (e_L + sqrt 2) tends to a constant (Ferdinand & Fisher 1969).
    expect(relativeError(1000 * deviation(1000), 10_000 * deviation(10_000))).toBeLessThan(1e-3);
  });

  it("stays finite where the products overflow doubles", () => {
    const L = 2000;
    for (const K of [0.2, CRITICAL_COUPLING, 0.9]) {
      const logZ = logPartitionFunction(L, K);
      expect(Number.isFinite(logZ)).toBe(true);
      // Bounds on ln Z / N: Jensen over uniform states (<E> = 0) gives ln 2,
      // the two ground states give 2K, and 2^N states of weight <= e^(2KN) give 2K + ln 2.
      expect(logZ / (L * L)).toBeGreaterThan(Math.max(Math.LN2, 2 * K));
      expect(logZ / (L * L)).toBeLessThan(2 * K + Math.LN2);
    }
  });
});

/**
 * f'(x) from central differences D(h) = (f(x+h) - f(x-h)) / 2h, whose error
 * is a series in h^2: two Richardson steps cancel the h^2 and h^4 terms.
 */
function richardsonDerivative(f: (x: number) => number, x: number, h: number): number {
  const central = (step: number) => (f(x + step) - f(x - step)) / (2 * step);
  const d1 = central(h);
  const d2 = central(h / 2);
  const d4 = central(h / 4);
  const r1 = (4 * d2 - d1) / 3;
  const r2 = (4 * d4 - d2) / 3;
  return (16 * r2 - r1) / 15;
}
