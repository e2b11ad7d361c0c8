// The RG measures against known answers: the second-moment correlation
// length against a direct double-loop evaluation, T = infinity (no
// correlations) and the Salas-Sokal universal ratio at K_c; majority rule
// keeping xi_2 at K = 0.408 (docs/methods.md, "Correlation length xi2"); the
// linearized MCRG exponent nu = 1 of the 2D Ising model at K_c; the Binder
// cumulant at its exact limits. Each sampled check is a fixed-seed draw; the
// tolerances are set several standard errors wide, stated where they are set.

import { beforeAll, describe, expect, it } from "vitest";
import { CRITICAL_COUPLING, sampleIsing } from "../../src/index.js";
import { latticePositions, structureFactor, xi2FromStructureFactor } from "../../src/rg/structure-factor.js";
import { magnetizationMoments } from "../../src/rg/binder.js";
import { blockCentres, blockIndicatorFields, majorityBlockSpins, majorityLevels } from "../../src/systems/ising/majority-rule.js";
import { linearizedMcrg, operatorSums } from "../../src/rg/mcrg.js";
import { layerLocality } from "../../src/analysis/locality.js";
import { testCore } from "../support/core.js";
import { mulberry32 } from "../support/random.js";

/** Salas & Sokal, J. Stat. Phys. 98, 551 (2000): xi_2 / L at K_c on the torus as L -> infinity. */
const SALAS_SOKAL_X_STAR = 0.905;

function randomSpins(nSamples: number, nUnits: number, seed: number): Int8Array {
  const rand = mulberry32(seed);
  return Int8Array.from({ length: nSamples * nUnits }, () => (rand() < 0.5 ? -1 : 1));
}

/** S(0) and S(k_min) by the definition, in complex arithmetic, one sample and one k at a time. */
function directStructureFactor(spins: Int8Array, nSamples: number, x: ArrayLike<number>, y: ArrayLike<number>, L: number) {
  const n = x.length;
  const mean = new Array<number>(n).fill(0);
  for (let s = 0; s < nSamples; s++) for (let j = 0; j < n; j++) mean[j]! += spins[s * n + j]! / nSamples;
  const s2 = (kx: number, ky: number) => {
    let total = 0;
    for (let s = 0; s < nSamples; s++) {
      let re = 0, im = 0;
      for (let j = 0; j < n; j++) {
        const phase = kx * x[j]! + ky * y[j]!;
        re += (spins[s * n + j]! - mean[j]!) * Math.cos(phase);
        im += (spins[s * n + j]! - mean[j]!) * Math.sin(phase);
      }
      total += re * re + im * im;
    }
    return total / (nSamples * n);
  };
  const k = (2 * Math.PI) / L;
  return { s0: s2(0, 0), sMin: (s2(k, 0) + s2(0, k)) / 2 };
}

describe("second-moment correlation length", () => {
  it("matches the definition evaluated directly, at irregular positions", () => {
    const rand = mulberry32(11);
    const L = 12, nUnits = 30, nSamples = 200;
    const x = Array.from({ length: nUnits }, () => rand() * L);
    const y = Array.from({ length: nUnits }, () => rand() * L);
    // Correlated spins: each sample is a random field's sign, so S(0) > S(k_min).
    const spins = new Int8Array(nSamples * nUnits);
    for (let s = 0; s < nSamples; s++) {
      const bias = rand() - 0.5;
      for (let j = 0; j < nUnits; j++) spins[s * nUnits + j] = rand() < 0.5 + bias ? 1 : -1;
    }
    const fast = structureFactor({ spins, nSamples, nUnits, x, y }, L);
    const direct = directStructureFactor(spins, nSamples, x, y, L);
    expect(fast.s0).toBeCloseTo(direct.s0, 10);
    expect(fast.sMin).toBeCloseTo(direct.sMin, 10);
    expect(fast.xi2).toBeCloseTo(xi2FromStructureFactor(direct.s0, direct.sMin, L), 10);
    expect(fast.xi2).toBeGreaterThan(0);
  });

  it("of a lattice equals that of the same lattice given as shuffled, unwrapped positions", () => {
    const L = 10, nSamples = 300, nUnits = L * L;
    const spins = randomSpins(nSamples, nUnits, 3);
    // Add structure so xi2 is not 0: copy each site's left neighbour in half the samples.
    for (let s = 0; s < nSamples; s += 2) for (let j = 1; j < nUnits; j++) if (j % L !== 0) spins[s * nUnits + j] = spins[s * nUnits + j - 1]!;
    const lattice = { spins, nSamples, nUnits, ...latticePositions(L) };
    const rand = mulberry32(5);
    const order = Array.from({ length: nUnits }, (_, j) => j).sort(() => rand() - 0.5);
    // Unit j of the irregular set is site order[j], moved by whole periods (the torus does not care).
    const irregular = {
      spins: Int8Array.from({ length: nSamples * nUnits }, (_, i) => spins[Math.floor(i / nUnits) * nUnits + order[i % nUnits]!]!),
      nSamples, nUnits,
      x: order.map((site, j) => (site % L) + L * ((j % 3) - 1)),
      y: order.map((site, j) => Math.floor(site / L) - L * (j % 2)),
    };
    const a = structureFactor(lattice, L), b = structureFactor(irregular, L);
    expect(a.xi2).toBeGreaterThan(0.3);
    expect(b.xi2).toBeCloseTo(a.xi2, 12);
    expect(b.s0).toBeCloseTo(a.s0, 12);
    expect(b.sMin).toBeCloseTo(a.sMin, 12);
  });

  it("is near 0 for independent spins (T = infinity: S(0) = S(k))", () => {
    const L = 20, nSamples = 20_000;
    const result = structureFactor({ spins: randomSpins(nSamples, L * L, 9), nSamples, nUnits: L * L, ...latticePositions(L) }, L);
    // S(0) / S(k_min) - 1 has sd ~ 0.011 at 20,000 samples (chi-square 1 and 4 dof): 5 sd is 0.055,
    // so xi2 <= sqrt(0.055) / (2 sin(pi / 20)) = 0.75; one correlated neighbour would give xi2 of order 1.
    expect(Math.abs(result.s0 / result.sMin - 1)).toBeLessThan(0.055);
    expect(result.xi2).toBeLessThan(0.75);
    expect(result.s0).toBeCloseTo(1, 1);
  });
});

describe("Binder cumulant and <|m|>", () => {
  it("is 2/3 for a fully ordered sample set and 0 for Gaussian m", () => {
    const ordered = Int8Array.from({ length: 50 * 16 }, (_, i) => (Math.floor(i / 16) % 2 === 0 ? 1 : -1));
    const moments = magnetizationMoments(ordered, 50, 16);
    expect(moments.absMagnetization).toBe(1);
    expect(moments.binder).toBeCloseTo(2 / 3, 14);
    const independent = randomSpins(20_000, 400, 4);
    const { binder, absMagnetization } = magnetizationMoments(independent, 20_000, 400);
    // m ~ N(0, 1/400): <|m|> = sqrt(2 / (400 pi)) = 0.0399; U has sd ~ 0.01 here.
    expect(absMagnetization).toBeCloseTo(Math.sqrt(2 / (400 * Math.PI)), 3);
    expect(Math.abs(binder)).toBeLessThan(0.04);
  });
});

describe("majority rule", () => {
  it("takes the block's sign, and fair seeded coins on ties", () => {
    // 4 x 4 lattice, one sample: blocks (0,0) all up, (1,0) three down, (0,1) tie, (1,1) tie.
    const lattice = Int8Array.from([
      1, 1, -1, -1,
      1, 1, -1, 1,
      1, -1, 1, 1,
      -1, 1, -1, -1,
    ]);
    const coarse = majorityBlockSpins(lattice, 1, 4, 7, 1);
    expect([coarse[0], coarse[1]]).toEqual([1, -1]);
    expect(Math.abs(coarse[2]!)).toBe(1);
    expect(majorityBlockSpins(lattice, 1, 4, 7, 1)).toEqual(coarse);
    // Ties everywhere: half the coins come up +1 (50,000 coins, sd 0.0022).
    const ties = Int8Array.from({ length: 200 * 40 * 40 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    const coins = majorityBlockSpins(ties, 200, 40, 123, 1);
    const up = coins.filter((s) => s === 1).length / coins.length;
    expect(Math.abs(up - 0.5)).toBeLessThan(0.01);
    expect(majorityBlockSpins(ties, 200, 40, 124, 1)).not.toEqual(coins);
  });

  it("places block spins at the centres of their block indicator fields", () => {
    for (const level of [1, 2, 3]) {
      const centres = blockCentres(40, level);
      const nUnits = centres.x.length;
      const locality = layerLocality(blockIndicatorFields(40, level), 40, nUnits, 2 ** level);
      locality.units.forEach((unit, j) => {
        expect(unit.centreX).toBeCloseTo(centres.x[j]!, 9);
        expect(unit.centreY).toBeCloseTo(centres.y[j]!, 9);
        expect(unit.spread).toBeCloseTo(Math.sqrt((4 ** level - 1) / 6), 9);
        expect(unit.blockFraction).toBeCloseTo(1, 9);
      });
    }
  });

  it("keeps xi2 (original units) within 5% of the data's for 2 levels on 40 x 40 at K = 0.408", async () => {
    const core = await testCore();
    const L = 40, nSamples = 20_000;
    const { configs } = sampleIsing(core, { size: L, coupling: 0.408, count: nSamples, seed: 21, algorithm: "wolff", chains: 4, threads: 2 });
    const levels = majorityLevels(configs, nSamples, L, 2, 1);
    const xi = levels.map((spins, level) => {
      const centres = blockCentres(L, level);
      return structureFactor({ spins, nSamples, nUnits: centres.x.length, ...centres }, L).xi2;
    });
    console.log(`xi2 at K = 0.408, 40 x 40, levels 0 / 1 / 2: ${xi.map((v) => v.toFixed(3)).join(" / ")}`);
    // Exact infinite-lattice xi = 1 / (ln coth K - 2K) = 7.47; 20,000 samples give xi2 to about 1.5%.
    expect(Math.abs(xi[0]! / 7.47 - 1)).toBeLessThan(0.06);
    expect(Math.abs(xi[1]! / xi[0]! - 1)).toBeLessThan(0.05);
    expect(Math.abs(xi[2]! / xi[0]! - 1)).toBeLessThan(0.05);
  });
});

describe("at K_c", () => {
  let critical64: Int8Array;
  const N64 = 20_000;
  beforeAll(async () => {
    const core = await testCore();
    critical64 = sampleIsing(core, { size: 64, coupling: CRITICAL_COUPLING, count: N64, seed: 64, algorithm: "wolff", chains: 4, threads: 2 }).configs;
  });

  it.each([32, 64])("xi2 / L of an L = %i torus is within 0.02 of Salas-Sokal x* = 0.9050", async (L) => {
    const core = await testCore();
    const nSamples = 20_000;
    const configs = L === 64 ? critical64 : sampleIsing(core, { size: L, coupling: CRITICAL_COUPLING, count: nSamples, seed: L, algorithm: "wolff", chains: 4, threads: 2 }).configs;
    const { xi2 } = structureFactor({ spins: configs, nSamples, nUnits: L * L, ...latticePositions(L) }, L);
    console.log(`xi2 / L at K_c, L = ${L}: ${(xi2 / L).toFixed(4)}`);
    // Statistical sd of xi2 / L at 20,000 samples is about 0.005; corrections to scaling are O(L^-2) (Salas-Sokal).
    expect(Math.abs(xi2 / L - SALAS_SOKAL_X_STAR)).toBeLessThan(0.02);
  });

  it.each([2, 4])("MCRG on majority rule, 64 x 64, level 1 -> 2 with %i operators gives nu within 0.05 of 1", (nOperators) => {
    const levels = majorityLevels(critical64, N64, 64, 2, 1);
    const result = linearizedMcrg({ spins: levels[1]!, side: 32 }, { spins: levels[2]!, side: 16 }, N64, nOperators);
    console.log(`MCRG nu at K_c, 64 x 64, 1 -> 2, ${nOperators} operators: ${result.nu.toFixed(4)} (lambda_t ${result.lambdaT.toFixed(4)})`);
    expect(Math.abs(result.nu - 1)).toBeLessThan(0.05);
  });
});

describe("MCRG operators", () => {
  it("match sums over explicit neighbour coordinates", () => {
    const side = 5, nSamples = 3;
    const spins = randomSpins(nSamples, side * side, 17);
    const at = (s: number, x: number, y: number) => spins[s * side * side + ((y + side) % side) * side + ((x + side) % side)]!;
    const sums = operatorSums({ spins, side }, nSamples);
    for (let s = 0; s < nSamples; s++) {
      let nn = 0, diag = 0, d2 = 0, plaq = 0;
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          nn += at(s, x, y) * at(s, x + 1, y) + at(s, x, y) * at(s, x, y + 1);
          diag += at(s, x, y) * at(s, x + 1, y + 1) + at(s, x, y) * at(s, x - 1, y + 1);
          d2 += at(s, x, y) * at(s, x + 2, y) + at(s, x, y) * at(s, x, y + 2);
          plaq += at(s, x, y) * at(s, x + 1, y) * at(s, x, y + 1) * at(s, x + 1, y + 1);
        }
      }
      expect(Array.from(sums.subarray(4 * s, 4 * s + 4))).toEqual([nn, diag, d2, plaq]);
    }
  });
});
