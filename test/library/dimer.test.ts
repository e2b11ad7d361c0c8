import { afterAll, describe, expect, it } from "vitest";
import { meanWithError } from "../../src/systems/ising/autocorrelation.js";
import {
  DIMER_ENTROPY_PER_SITE, assertCoverings, blockElectricField, bondOccupation, columnarCovering, columnarOrder,
  dimerCoverings, dimerLogCoverings, findCoveringDefect, flippableDensity, horizontalDimerCorrelation,
  parallelPlaquettes, sampleDimers, windingNumbers, type ExitRule,
} from "../../src/systems/dimer/index.js";
import { testCore } from "../support/core.js";
import { chiSquareSurvival, pooledChiSquare } from "../support/chi-square.js";
import { coveringKey, enumerateCoverings } from "../support/dimer-exact.js";

// The dimer sampler and observables against exact results: Kasteleyn's count
// and brute-force enumeration, whole-state histograms on the 4 x 4 torus
// against uniform (V = 0) and Boltzmann (V != 0) weights, the exact winding
// distribution, bond occupation 1/4, and columnar order. Seeds are fixed, so
// each check is a deterministic draw from a test whose false-alarm rate is
// stated where it is set.

/** Chi-square tests reject a correct sampler with probability 0.001. */
const CHI_SQUARE_P_LIMIT = 0.001;
/** |z| < 4 fails a correct sampler with probability 6e-5 per check. */
const Z_LIMIT = 4;

const log: string[] = [];
afterAll(() => console.log(log.join("\n")));

const coverings4 = enumerateCoverings(4, 4);
const index4 = new Map(coverings4.map((c, i) => [coveringKey(c), i]));

describe("exact counts", () => {
  it.each([[2, 2, 8], [2, 4, 36], [4, 2, 36], [4, 4, 272], [4, 6, 3108], [6, 4, 3108], [6, 6, 90176]])(
    "%i x %i torus: Kasteleyn's Pfaffians equal brute-force enumeration (%i)",
    (width, height, expected) => {
      const enumerated = width * height <= 24 ? enumerateCoverings(width, height) : undefined;
      if (enumerated) {
        expect(enumerated.length).toBe(expected);
        expect(new Set(enumerated.map(coveringKey)).size).toBe(expected);
        if (width === height) for (const covering of enumerated) expect(findCoveringDefect(covering, width)).toBeUndefined();
      }
      expect(dimerCoverings(width, height)).toBe(enumerated?.length ?? expected);
    },
  );

  it("enumerates 6 x 6 to Kasteleyn's 90176", () => {
    expect(enumerateCoverings(6, 6).length).toBe(dimerCoverings(6, 6));
  });

  it("gives ln Z / L^2 -> Catalan / pi, with a size-independent remainder", () => {
    // ln Z = L^2 G / pi + c + O(1/L^2) on the torus (0.8847, 0.88157, 0.88142 at L = 16, 64, 128).
    const remainder = (size: number) => dimerLogCoverings(size, size) - size * size * DIMER_ENTROPY_PER_SITE;
    log.push(`ln Z - L^2 G / pi: L = 16 ${remainder(16).toFixed(6)}, 64 ${remainder(64).toFixed(6)}, 128 ${remainder(128).toFixed(6)}`);
    expect(Math.abs(remainder(64))).toBeLessThan(1);
    expect(remainder(128)).toBeCloseTo(remainder(64), 3);
    expect(dimerLogCoverings(8, 8)).toBeCloseTo(Math.log(311853312), 10);
  });

  it("has 198, 36 + 36 and 1 + 1 of the 272 coverings of 4 x 4 at W_x = 0, +-1, +-2 (and the same for W_y)", () => {
    const windings = coverings4.map((c) => Array.from(windingNumbers(c, 4)));
    for (const axis of [0, 1]) {
      const counts = [-2, -1, 0, 1, 2].map((w) => windings.filter((pair) => pair[axis] === w).length);
      expect(counts).toEqual([1, 36, 198, 36, 1]);
    }
  });
});

describe("observables", () => {
  it("columnar coverings have M^2 = 1, N_par = L^2 / 2 and no winding", () => {
    const c = columnarCovering(8);
    expect(Array.from(columnarOrder(c, 8))).toEqual([1, 0]);
    expect(parallelPlaquettes(c, 8)[0]).toBe(32);
    expect(flippableDensity(c, 8)[0]).toBe(0.5);
    expect(Array.from(windingNumbers(c, 8))).toEqual([0, 0]);
  });

  it("block fields add up to L times the winding numbers", () => {
    for (const covering of coverings4) {
      const [wx, wy] = windingNumbers(covering, 4);
      for (const block of [1, 2, 4]) {
        const field = blockElectricField(covering, 4, block);
        let ex = 0;
        let ey = 0;
        for (let i = 0; i < field.length; i += 2) { ex += field[i]!; ey += field[i + 1]!; }
        expect([ex, ey]).toEqual([4 * wx!, 4 * wy!]);
      }
    }
  });

  it("over all 272 coverings of 4 x 4: occupation 1/4, G(0, 1) = -1/16, G(0, 0) = 3/16", () => {
    const all = new Uint8Array(272 * 32);
    coverings4.forEach((c, i) => all.set(c, 32 * i));
    const occupation = bondOccupation(all, 4);
    for (const value of occupation.perBond) expect(value).toBeCloseTo(0.25, 14);
    const g = horizontalDimerCorrelation(all, 4);
    expect(g[0]).toBeCloseTo(3 / 16, 14);
    expect(g[1]).toBeCloseTo(-1 / 16, 14);
    expect(g[3]).toBeCloseTo(-1 / 16, 14);
  });
});

describe("covering validator", () => {
  it("names the first bad sample and site with its cover count", () => {
    const good = columnarCovering(4);
    const doubled = Uint8Array.from(good);
    doubled[32 / 2 + 1 * 4 + 2] = 1; // vertical bond (2, 1)-(2, 2): sites (2, 1) and (2, 2) covered twice
    const empty = Uint8Array.from(good);
    empty[0] = 0;
    const batch = new Uint8Array(4 * 32);
    batch.set(good, 0); batch.set(good, 32); batch.set(doubled, 64); batch.set(empty, 96);
    expect(findCoveringDefect(batch, 4)).toEqual({ sample: 2, x: 2, y: 1, covered: 2 });
    expect(() => assertCoverings(batch, 4)).toThrow("sample 2 is not a dimer covering: site (x = 2, y = 1) is covered 2 times");
    expect(findCoveringDefect(batch.subarray(96), 4)).toEqual({ sample: 0, x: 0, y: 0, covered: 0 });
    expect(findCoveringDefect(batch.subarray(0, 64), 4)).toBeUndefined();
    expect(() => findCoveringDefect(new Uint8Array(31), 4)).toThrow(RangeError);
  });
});

describe("whole-state distribution on the 4 x 4 torus", () => {
  const COUNT = 60_000;

  // The sampler's own spacing, ceil(2 tau) with tau the largest of N_par's,
  // the windings' and the columnar order's: at V < 0 the last is the slowest
  // (the orientation of the columns must tunnel for the whole-state test).
  it.each<[number, number, ExitRule]>([
    [0, 1, "minimal-bounce"], [0, 1, "heat-bath"],
    [1, 1, "minimal-bounce"], [1, 1, "heat-bath"],
    [2, 0.8, "minimal-bounce"],
    [-1, 0.65, "minimal-bounce"], [-1, 0.65, "heat-bath"], [-1, 0.5, "minimal-bounce"],
  ])("V = %f, T = %f, %s: frequencies match exp(-V N_par / T) over the 272 coverings", async (interaction, temperature, exitRule) => {
    const core = await testCore();
    const sample = sampleDimers(core, { size: 4, interaction, temperature, count: COUNT, seed: 314, chains: 4, exitRule });
    const { stats } = sample;
    // The multinomial chi-square needs nearly uncorrelated stored samples.
    // A spacing of ceil(2 tau) leaves rho ~ e^-2 on a slow exponential mode,
    // a stored tau near 0.65: the variance along that one direction grows by
    // 2 tau = 1.3, adding ~0.3 to an X^2 on 50-270 dof.
    expect(stats.storedTauParallel).toBeLessThan(0.7);
    expect(stats.storedTauWindingX).toBeLessThan(0.7);
    expect(stats.storedTauColumnar).toBeLessThan(0.7);
    assertCoverings(sample.configs, 4);
    const counts = new Float64Array(272);
    for (let s = 0; s < COUNT; s++) {
      const at = index4.get(coveringKey(sample.configs.subarray(32 * s, 32 * (s + 1))));
      expect(at).toBeDefined();
      counts[at!]! += 1;
    }
    const energies = Array.from(parallelPlaquettes(concat(coverings4), 4), (n) => (interaction / temperature) * n);
    const lowest = Math.min(...energies);
    const weights = energies.map((e) => Math.exp(-(e - lowest)));
    const z = weights.reduce((a, b) => a + b, 0);
    const { statistic, degreesOfFreedom } = pooledChiSquare(counts, weights.map((w) => (w / z) * COUNT));
    const p = chiSquareSurvival(statistic, degreesOfFreedom);
    const visited = counts.filter((c) => c > 0).length;
    log.push(`4x4 V=${interaction} T=${temperature} ${exitRule}: states X2 = ${statistic.toFixed(1)}, dof = ${degreesOfFreedom}, ` +
      `p = ${p.toPrecision(3)}, visited ${visited}/272; worms/update ${stats.wormsPerUpdate}, mean worm ${stats.meanWormLength.toFixed(2)}, ` +
      `tau (N_par, W_x, W_y; M) = ${stats.tauParallel.toFixed(2)}, ${stats.tauWindingX.toFixed(2)}, ${stats.tauWindingY.toFixed(2)}; ` +
      `${stats.tauColumnar.toFixed(2)}, spacing ${stats.spacing}, stored tau M ${stats.storedTauColumnar.toFixed(2)}`);
    expect(p).toBeGreaterThan(CHI_SQUARE_P_LIMIT);
    if (interaction === 0) expect(visited).toBe(272);

    // Winding W_x (and W_y) histograms against the exact ones.
    for (const axis of [0, 1]) {
      const windingCounts = [-2, -1, 0, 1, 2].map((w) => sample.windings.filter((_, i) => i % 2 === axis && sample.windings[i] === w).length);
      const exact = [-2, -1, 0, 1, 2].map((w) =>
        coverings4.reduce((sum, c, i) => sum + (windingNumbers(c, 4)[axis] === w ? weights[i]! / z : 0), 0) * COUNT);
      const winding = pooledChiSquare(windingCounts, exact);
      const pw = chiSquareSurvival(winding.statistic, winding.degreesOfFreedom);
      log.push(`   W_${axis === 0 ? "x" : "y"} counts ${windingCounts.join(" ")} vs exact ${exact.map((e) => e.toFixed(0)).join(" ")}: ` +
        `X2 = ${winding.statistic.toFixed(2)}, dof = ${winding.degreesOfFreedom}, p = ${pw.toPrecision(3)}`);
      expect(pw).toBeGreaterThan(CHI_SQUARE_P_LIMIT);
    }
  });

  it("at V = 0 the W_x = 0 fraction is 198/272 = 0.7279, not the 0.7195 of a length-triggered measurement", async () => {
    const core = await testCore();
    const count = 200_000;
    const { windings } = sampleDimers(core, { size: 4, interaction: 0, temperature: 1, count, seed: 2718, chains: 4 });
    let zero = 0;
    for (let i = 0; i < count; i++) if (windings[2 * i] === 0) zero++;
    const p = 198 / 272;
    const fraction = zero / count;
    const se = Math.sqrt((p * (1 - p)) / count);
    log.push(`4x4 V=0: P(W_x = 0) = ${fraction.toFixed(4)} +- ${se.toFixed(4)} (exact ${p.toFixed(4)})`);
    expect(Math.abs(fraction - p) / se).toBeLessThan(Z_LIMIT);
    expect(Math.abs(fraction - 0.7195) / se).toBeGreaterThan(Z_LIMIT);
  });
});

describe("free model on larger tori", () => {
  it.each([8, 16])("bond occupation is 1/4 in both directions on L = %i", async (size) => {
    const core = await testCore();
    const count = 20_000;
    const sample = sampleDimers(core, { size, interaction: 0, temperature: 1, count, seed: 77, chains: 4 });
    assertCoverings(sample.configs, size);
    const n = size * size;
    const perChain = (direction: number) => [0, 1, 2, 3].map((c) => Float64Array.from({ length: count / 4 }, (_, i) => {
      const at = (c * (count / 4) + i) * 2 * n + direction * n;
      let sum = 0;
      for (let b = 0; b < n; b++) sum += sample.configs[at + b]!;
      return sum / n;
    }));
    const occupation = bondOccupation(sample.configs, size);
    for (const direction of [0, 1]) {
      const estimate = meanWithError(perChain(direction));
      const z = (estimate.mean - 0.25) / estimate.standardError;
      log.push(`L=${size} V=0 ${direction === 0 ? "horizontal" : "vertical"} occupation ${estimate.mean.toFixed(5)} ` +
        `+- ${estimate.standardError.toFixed(5)} (z = ${z.toFixed(2)}); stats tau (N_par, W_x) = ` +
        `${sample.stats.tauParallel.toFixed(2)}, ${sample.stats.tauWindingX.toFixed(2)}, worms/update ${sample.stats.wormsPerUpdate}`);
      expect(Math.abs(z)).toBeLessThan(Z_LIMIT);
      expect(estimate.standardError).toBeLessThan(0.005);
      expect(direction === 0 ? occupation.horizontal : occupation.vertical).toBeCloseTo(estimate.mean, 12);
    }
    // Every single bond: a loose bound (20,000 samples give sd ~ 0.003 each before correlation).
    for (const value of occupation.perBond) expect(Math.abs(value - 0.25)).toBeLessThan(0.025);
  });

  // Free model: P(W) ~ exp(-pi W^2 / 2) for large L (height stiffness), so
  // P(|W| = 1) / P(0) -> 2 e^(-pi/2) = 0.416 and P(|W| = 2) / P(0) -> 2 e^(-2 pi) = 0.0037
  // (72/198 = 0.364 and 2/198 = 0.010 on 4 x 4; 0.412 and 0.0042 measured on 16 x 16).
  it("winding numbers on 16 x 16 approach exp(-pi W^2 / 2)", async () => {
    const core = await testCore();
    const count = 20_000;
    const { windings, stats } = sampleDimers(core, { size: 16, interaction: 0, temperature: 1, count, seed: 8, chains: 4 });
    const histogram = [0, 0, 0, 0];
    for (const w of windings) histogram[Math.min(3, Math.abs(w))]! += 1;
    const one = histogram[1]! / histogram[0]!;
    const two = histogram[2]! / histogram[0]!;
    log.push(`L=16 V=0: P(|W|=1)/P(0) = ${one.toFixed(4)} (2 e^-pi/2 = ${(2 * Math.exp(-Math.PI / 2)).toFixed(4)}), ` +
      `P(|W|=2)/P(0) = ${two.toFixed(4)} (2 e^-2pi = ${(2 * Math.exp(-2 * Math.PI)).toFixed(4)}), |W| >= 3: ${histogram[3]}; ` +
      `tau_W ${stats.tauWindingX.toFixed(2)}, ${stats.tauWindingY.toFixed(2)}`);
    expect(Math.abs(one - 2 * Math.exp(-Math.PI / 2))).toBeLessThan(0.03);
    expect(two).toBeGreaterThan(0.002);
    expect(two).toBeLessThan(0.007);
  });

  it("gives the same bytes for the same seed, other bytes for another", async () => {
    const core = await testCore();
    const options = { size: 8, interaction: -0.5, temperature: 1, count: 200, seed: 5, chains: 3 };
    const a = sampleDimers(core, options);
    const b = sampleDimers(core, options);
    const c = sampleDimers(core, { ...options, seed: 6 });
    expect(b.configs).toEqual(a.configs);
    expect(b.stats).toEqual(a.stats);
    expect(c.configs).not.toEqual(a.configs);
  });
});

describe("columnar order", () => {
  const meanSquare = (samples: Uint8Array, size: number) => {
    const m = columnarOrder(samples, size);
    let sum = 0;
    for (let i = 0; i < m.length; i += 2) sum += m[i]! ** 2 + m[i + 1]! ** 2;
    return sum / (m.length / 2);
  };

  it("is near 1 for strong alignment (V = -1, T = 0.2) and small, falling with L, at V = 0", async () => {
    const core = await testCore();
    const ordered = sampleDimers(core, { size: 16, interaction: -1, temperature: 0.2, count: 2000, seed: 9, chains: 4 });
    const orderedM2 = meanSquare(ordered.configs, 16);
    const free = [8, 16, 32].map((size) =>
      meanSquare(sampleDimers(core, { size, interaction: 0, temperature: 1, count: 4000, seed: 9, chains: 4 }).configs, size));
    log.push(`<M^2>: V=-1 T=0.2 L=16 ${orderedM2.toFixed(4)} (tau N_par ${ordered.stats.tauParallel.toFixed(2)}, ` +
      `density ${ordered.stats.flippableDensity.mean.toFixed(4)}); V=0 L=8, 16, 32: ${free.map((v) => v.toFixed(4)).join(", ")}`);
    expect(orderedM2).toBeGreaterThan(0.9);
    expect(free[0]).toBeLessThan(0.2);
    expect(free[1]).toBeLessThan(free[0]!);
    expect(free[2]).toBeLessThan(free[1]!);
  });
});

describe("sampler statistics", () => {
  it("spaces samples by the columnar order's tau where it is the slowest mode", async () => {
    const core = await testCore();
    const { stats, columnar, configs } = sampleDimers(core, { size: 4, interaction: -1, temperature: 0.3, count: 200, seed: 12, chains: 2 });
    log.push(`4x4 V=-1 T=0.3: tau N_par ${stats.tauParallel.toFixed(2)}, W ${stats.tauWindingX.toFixed(2)}, ` +
      `M ${stats.tauColumnar.toFixed(1)}, spacing ${stats.spacing}`);
    expect(stats.tauColumnar).toBeGreaterThan(50 * stats.tauParallel);
    expect(stats.spacing).toBe(Math.ceil(2 * stats.tauColumnar));
    expect(Array.from(columnar)).toEqual(Array.from(columnarOrder(configs, 4)));
  });
});

function concat(arrays: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(arrays.reduce((s, a) => s + a.length, 0));
  let at = 0;
  for (const a of arrays) { out.set(a, at); at += a.length; }
  return out;
}
