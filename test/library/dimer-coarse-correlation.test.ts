import { beforeAll, describe, expect, it } from "vitest";
import { blockElectricField, sampleDimers } from "../../src/systems/dimer/index.js";
import {
  coarseCorrelation, correlationProfile, decayExponent, fitRange, splitHalfSquaredCorrelation,
} from "../../src/systems/dimer/coarse-correlation.js";
import { fieldReferenceLevel, fieldReferencePositions } from "../../src/systems/dimer/field-reference.js";
import { testCore } from "../support/core.js";
import { mulberry32 } from "../support/random.js";

// Coarse correlations (src/systems/dimer/coarse-correlation.ts): the
// split-half estimate and the profile against plain re-computations, the
// exponent of an exact power law, and the free dimer model's 1/r^2 on the
// field reference (Fisher & Stephenson 1963).

/** Pearson's r of two arrays, written out. */
function pearson(a: readonly number[], b: readonly number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0, saa = 0, sbb = 0;
  a.forEach((v, i) => {
    sab += (v - ma) * (b[i]! - mb);
    saa += (v - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

describe("coarse correlation: pieces", () => {
  it("estimates rho^2 as the product of the two halves' Pearson coefficients", () => {
    const random = mulberry32(4);
    const nSamples = 41, nUnits = 5;
    const values = Float32Array.from({ length: nSamples * nUnits }, (_, k) => random() + (k % nUnits === 1 ? 0.5 * random() : 0));
    // Unit 3 is a copy of unit 0 plus a little noise; unit 4 is constant.
    for (let s = 0; s < nSamples; s++) {
      values[s * nUnits + 3] = values[s * nUnits]! + 0.1 * random();
      values[s * nUnits + 4] = 2;
    }
    const squared = splitHalfSquaredCorrelation(values, nSamples, nUnits);
    const column = (u: number, from: number, to: number) => Array.from({ length: to - from }, (_, s) => values[(from + s) * nUnits + u]!);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        const expected = pearson(column(i, 0, 20), column(j, 0, 20)) * pearson(column(i, 20, 41), column(j, 20, 41));
        expect(squared[i * nUnits + j]).toBeCloseTo(expected, 10);
      }
      expect(squared[i * nUnits + 4]).toBeNaN();
    }
    expect(squared[3]).toBeGreaterThan(0.8);
  });

  it("averages rho^2 over the pairs at each minimal-image distance", () => {
    const side = 5;
    const random = mulberry32(6);
    const x = [0, 1, 4, 2, 2, 0];
    const y = [0, 0, 0, 3, 1, 4];
    const n = x.length;
    const squared = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) squared[i * n + j] = squared[j * n + i] = random() - 0.2;
    squared[1 * n + 2] = squared[2 * n + 1] = NaN;
    const profile = correlationProfile(squared, x, y, side);
    // Brute force: distances with the wrap written out as the nearest of the nine images.
    const bins = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (i === 1 && j === 2) continue;
        let best = Infinity;
        for (const ox of [-side, 0, side]) for (const oy of [-side, 0, side]) best = Math.min(best, (x[i]! - x[j]! + ox) ** 2 + (y[i]! - y[j]! + oy) ** 2);
        bins.set(best, [...(bins.get(best) ?? []), squared[i * n + j]!]);
      }
    }
    const keys = [...bins.keys()].sort((a, b) => a - b);
    expect(Array.from(profile.distance)).toEqual(keys.map(Math.sqrt));
    keys.forEach((key, k) => {
      const values = bins.get(key)!;
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      expect(profile.pairs[k]).toBe(values.length);
      if (mean > 0) expect(profile.magnitude[k]).toBeCloseTo(Math.sqrt(mean), 12);
      else expect(profile.magnitude[k]).toBeNaN();
    });
  });

  it("recovers the exponent of an exact power law on the coarse torus", () => {
    for (const [side, power] of [[16, 2], [16, 1.3], [8, 0.5], [4, 2], [2, 1.5]] as const) {
      const x: number[] = [], y: number[] = [];
      for (let k = 0; k < side * side; k++) for (let a = 0; a < 2; a++) {
        x.push(k % side);
        y.push(Math.floor(k / side));
      }
      const n = x.length;
      // rho_ij^2 = r^(-2 p) exactly (the same at r = 0 would be infinite: those pairs get 1).
      const squared = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const dx = Math.min(Math.abs(x[i]! - x[j]!), side - Math.abs(x[i]! - x[j]!));
          const dy = Math.min(Math.abs(y[i]! - y[j]!), side - Math.abs(y[i]! - y[j]!));
          const r = Math.hypot(dx, dy);
          squared[i * n + j] = r > 0 ? r ** (-2 * power) : 1;
        }
      }
      const profile = correlationProfile(squared, x, y, side);
      const [rMin, rMax] = fitRange(side);
      const fit = decayExponent(profile, rMin, rMax);
      expect(fit.exponent).toBeCloseTo(power, 10);
      expect(fit.points).toBe(profile.distance.filter((r) => r >= rMin && r <= rMax + 1e-9 && r > 0).length);
      expect(fit.points).toBeGreaterThanOrEqual(side === 2 ? 2 : 3);
    }
    expect(fitRange(16)).toEqual([1, 4]);
    expect(fitRange(4)).toEqual([1, 2 * Math.SQRT2]);
    expect(fitRange(2)).toEqual([1, Math.SQRT2]);
    expect(decayExponent({ distance: Float64Array.of(0, 1), magnitude: Float64Array.of(1, 0.5), pairs: Int32Array.of(1, 1) }, 1, 4).exponent).toBeNaN();
  });
});

describe("coarse correlation: free dimers", () => {
  const size = 32;
  const count = 3000;
  let bonds: Uint8Array;
  beforeAll(async () => {
    const core = await testCore();
    bonds = sampleDimers(core, { size, interaction: 0, temperature: 1, count, seed: 12, chains: 4 }).configs;
  });

  it("falls as 1/r^2 for the block field and for the field reference's signs at V = 0, b = 2", () => {
    // Measured over 8 seeds of 3000 samples (L = 32, b = 2, fit over 1 <= r <= 4 coarse spacings): the exponent of
    // E itself 2.064 +- 0.018 (sd), of sign(E) 2.02 +- 0.08; the bounds are 5 sd or more around those means (the
    // field's own offset from 2 is the lattice's correction at r = 1 to 4 blocks).
    const { x, y } = fieldReferencePositions(size, 1);
    const field = coarseCorrelation(blockElectricField(bonds, size, 2), count, x.length, x, y, size / 2);
    const signs = coarseCorrelation(fieldReferenceLevel(bonds, size, 1, 3), count, x.length, x, y, size / 2);
    expect(field.fitRange).toEqual([1, 4]);
    expect(field.fitPoints).toBe(9);
    expect(field.exponent).toBeGreaterThan(1.95);
    expect(field.exponent).toBeLessThan(2.2);
    expect(signs.exponent).toBeGreaterThan(1.6);
    expect(signs.exponent).toBeLessThan(2.45);
    // A critical field, not a short-ranged one: G(4) / G(1) is within a factor 2 of 4^-2 = 1/16.
    const at = (r: number) => field.profile.magnitude[field.profile.distance.indexOf(r)]!;
    expect(at(4) / at(1)).toBeGreaterThan(1 / 16 / 2);
    expect(at(4) / at(1)).toBeLessThan((1 / 16) * 2);
  });
});
