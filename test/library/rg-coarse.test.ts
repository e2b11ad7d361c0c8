// Coarse variables of a stack and the geometry around them: MCRG's choice of
// eigenvalue (ml-matrix's decomposition) against matrices built with known
// answers, a singular C giving NaN, the optimal
// tiling against brute force over all permutations, hidden-state sampling
// against propagateUp, and a hand-built stack whose layers *are* majority
// rule (saturated weights on 2 x 2 blocks, units shuffled and sign-flipped),
// which must give back majority rule's spins wherever a block has no tie.

import { describe, expect, it } from "vitest";
import { sampleIsing, binaryLayerData, type RbmParameters } from "../../src/index.js";
import { propagateUp } from "../../src/core.js";
import { threadTeam } from "../../src/threads/pool.js";
import { Matrix, inverse } from "ml-matrix";
import { largestRealEigenvalue, linearizedMcrg } from "../../src/rg/mcrg.js";
import { coarseGridTiling, siteDistance, spinsOnGrid } from "../../src/rg/tiling.js";
import { fieldSigns, majorityCoarseLevels, sampleHiddenStates, stackCoarseLevels } from "../../src/rg/coarse-variables.js";
import { gridSide, measureRgLevels } from "../../src/rg/rg-levels.js";
import { localizedFraction } from "../../src/rg/localized-fraction.js";
import { zeroParameters } from "../../src/rbm/rbm-parameters.js";
import { testCore } from "../support/core.js";
import { mulberry32 } from "../support/random.js";

function multiply(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
}

const permutationCache = new Map<number, number[][]>();
function permutations(n: number): number[][] {
  if (n === 1) return [[0]];
  const cached = permutationCache.get(n);
  if (cached) return cached;
  const all = permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
  permutationCache.set(n, all);
  return all;
}

function shuffled(n: number, rand: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

describe("MCRG's linear algebra", () => {
  it("picks the largest real eigenvalue of P diag(lambda) P^-1", () => {
    const lambdas = [2.01, 0.43, -0.3, 0.08];
    const p = [[1, 0.3, -0.2, 0.5], [0.1, 1, 0.4, -0.3], [0.2, -0.5, 1, 0.1], [-0.4, 0.2, 0.3, 1]];
    const pInverse = inverse(new Matrix(p)).to2DArray();
    const t = multiply(multiply(p, lambdas.map((l, i) => lambdas.map((_, j) => (i === j ? l : 0)))), pInverse);
    expect(largestRealEigenvalue(t)).toBeCloseTo(2.01, 9);
    // A rotation-scaling block (eigenvalues 3 +- 4i) beside a real 1.5: the largest *real* one is 1.5.
    expect(largestRealEigenvalue([[3, -4, 0], [4, 3, 0], [0, 0, 1.5]])).toBeCloseTo(1.5, 9);
    expect(largestRealEigenvalue([[3, -4], [4, 3]])).toBeNaN();
    expect(largestRealEigenvalue([[NaN]])).toBeNaN();
  });

  it("gives NaN when C is singular (frozen samples, or an operator that is constant on the coarse grid)", () => {
    const frozenFine = { spins: new Int8Array(3 * 16).fill(1), side: 4 };
    const frozenCoarse = { spins: new Int8Array(3 * 4).fill(1), side: 2 };
    const frozen = linearizedMcrg(frozenFine, frozenCoarse, 3, 2);
    expect(frozen.lambdaT).toBeNaN();
    expect(frozen.t.flat().every(Number.isNaN)).toBe(true);
    // On a periodic 2 x 2 grid s(x + 2, y) = s(x, y): distance2 is the constant 8, a zero row of C.
    const rand = mulberry32(3);
    const fine = { spins: Int8Array.from({ length: 50 * 16 }, () => (rand() < 0.5 ? 1 : -1)), side: 4 };
    const coarse = { spins: Int8Array.from({ length: 50 * 4 }, () => (rand() < 0.5 ? 1 : -1)), side: 2 };
    expect(linearizedMcrg(fine, coarse, 50, 3).lambdaT).toBeNaN();
    expect(Number.isNaN(linearizedMcrg(fine, coarse, 50, 2).t[0]![0]!)).toBe(false);
  });
});

describe("tiling: optimal assignment of units to the coarse grid", () => {
  it("puts units that sit exactly on the grid, shuffled, back on their sites with error 0", () => {
    const L = 40, side = 5;
    const rand = mulberry32(8);
    const order = shuffled(side * side, rand); // unit u sits on site order[u]
    const spacing = L / side;
    const x = order.map((site) => spacing * (site % side) + (spacing - 1) / 2);
    const y = order.map((site) => spacing * Math.floor(site / side) + (spacing - 1) / 2);
    const tiling = coarseGridTiling(x, y, L, side);
    expect(tiling.meanDistance).toBe(0);
    order.forEach((site, unit) => expect(tiling.unitOfSite[site]).toBe(unit));
    const spins = Int8Array.from(order, (site) => (site % 2 === 0 ? 1 : -1)); // one sample: spin = parity of its site
    expect(Array.from(spinsOnGrid(spins, 1, tiling.unitOfSite))).toEqual(Array.from({ length: 25 }, (_, s) => (s % 2 === 0 ? 1 : -1)));
  });

  it.each([[2, 6], [3, 12], [3, 9]])("matches brute force over all permutations (side %i, L = %i)", (side, L) => {
    const rand = mulberry32(side * 100 + L);
    const n = side * side;
    const all = permutations(n);
    for (let trial = 0; trial < 4; trial++) {
      const x = Array.from({ length: n }, () => rand() * L * 1.5 - L / 4); // also off the [0, L) range: periodic
      const y = Array.from({ length: n }, () => rand() * L);
      const table = Array.from({ length: n }, (_, unit) => Array.from({ length: n }, (_, site) => siteDistance(x[unit]!, y[unit]!, site, L, side)));
      const cost = (unit: number, site: number) => table[unit]![site]!;
      const best = all.reduce((lowest, perm) => Math.min(lowest, perm.reduce((sum, site, unit) => sum + cost(unit, site), 0)), Infinity);
      const tiling = coarseGridTiling(x, y, L, side);
      expect(new Set(tiling.unitOfSite).size).toBe(n);
      const total = Array.from(tiling.unitOfSite).reduce((sum, unit, site) => sum + cost(unit, site), 0);
      expect(total).toBeCloseTo(best, 9);
      expect(tiling.meanDistance).toBeCloseTo(best / n / (L / side), 9);
    }
  });

  it("measures periodic distance in coarse spacings", () => {
    // One unit on a 1 x 1 grid over L = 10: the site is (4.5, 4.5); a unit at (9.5, 4.5) is 5 away = 0.5 spacings.
    expect(coarseGridTiling([9.5], [4.5], 10, 1).meanDistance).toBeCloseTo(0.5, 12);
    // Across the seam: site 0 of a 10 x 10 grid over L = 10 is (0, 0), and (9.9, 0.2) is hypot(0.1, 0.2) from it.
    expect(siteDistance(9.9, 0.2, 0, 10, 10)).toBeCloseTo(Math.hypot(0.1, 0.2), 12);
    expect(() => coarseGridTiling([1, 2], [1, 2], 10, 2)).toThrow(/cannot tile/);
  });
});

describe("coarse variables of a stack", () => {
  it("samples the hidden states propagateUp samples, on any thread count", async () => {
    const core = await testCore();
    const rand = mulberry32(31);
    const params: RbmParameters = {
      ...zeroParameters(64, 24),
      weights: Float32Array.from({ length: 64 * 24 }, () => rand() - 0.5),
      hiddenBias: Float32Array.from({ length: 24 }, () => rand() - 0.5),
    };
    const data = binaryLayerData(Int8Array.from({ length: 1300 * 64 }, () => (rand() < 0.5 ? -1 : 1)), [1300, 64]);
    const expected = propagateUp(core, params, data, "samples", 5, 2).values;
    for (const threads of [1, 2]) {
      expect(sampleHiddenStates(core, params, data, 5, 2, threadTeam(core, threads)).values).toEqual(expected);
    }
  });

  it("aligns each unit to the sign of its field's largest-|r| site", () => {
    // 3 sites x 2 units, row-major: unit 0 peaks at -2 (site 1), unit 1 at +0.9 (site 2).
    expect(Array.from(fieldSigns([0.5, 0.1, -2, 0.2, 1, 0.9], 3, 2))).toEqual([-1, 1]);
  });

  it("of a stack that implements majority rule are majority rule's block spins wherever a block has no tie", async () => {
    const core = await testCore();
    const L = 16, nSamples = 600;
    const { configs } = sampleIsing(core, { size: L, coupling: 0.42, count: nSamples, seed: 3, algorithm: "wolff", chains: 2 });
    const data = binaryLayerData(configs, [nSamples, L, L]);
    const rand = mulberry32(77);
    const flips = (n: number) => Int8Array.from({ length: n }, () => (rand() < 0.5 ? -1 : 1));
    const order1 = shuffled(64, rand), signs1 = flips(64);
    const layer1 = majorityRbm(L, L * L, (site) => site, order1, signs1, new Int8Array(L * L).fill(1));
    // Layer 2 reads layer 1's units: grid site b of layer 1 is the unit u with order1[u] = b.
    const unitOfBlock = new Int32Array(64);
    order1.forEach((block, unit) => { unitOfBlock[block] = unit; });
    const layer2 = majorityRbm(L / 2, 64, (site) => unitOfBlock[site]!, shuffled(16, rand), flips(16), signs1);
    const levels = stackCoarseLevels(core, [layer1, layer2], data, L, 9, 2);
    const measures = measureRgLevels(levels, L, nSamples, { seed: 1 });
    expect(measures.map((m) => m.tilingError)).toEqual([0, expect.closeTo(0, 6), expect.closeTo(0, 6)]);
    expect(measures.map((m) => m.localizedFraction)).toEqual([1, 1, 1]);
    expect(measures.slice(1).every((m) => m.mcrgMeaningful)).toBe(true);

    // Level l on its grid against one majority step of level l-1 on its grid, away from ties.
    const grids = levels.map((level) => {
      const side = gridSide(level.nUnits, L);
      return spinsOnGrid(level.spins, nSamples, coarseGridTiling(level.x, level.y, L, side).unitOfSite);
    });
    for (const l of [1, 2]) {
      const fineSide = L >> (l - 1), side = L >> l;
      let checked = 0;
      for (let s = 0; s < nSamples; s++) {
        for (let site = 0; site < side * side; site++) {
          const bx = site % side, by = Math.floor(site / side);
          let sum = 0;
          for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) sum += grids[l - 1]![s * fineSide * fineSide + (2 * by + dy!) * fineSide + 2 * bx + dx!]!;
          if (sum === 0) continue;
          expect(grids[l]![s * side * side + site]).toBe(Math.sign(sum));
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0.5 * nSamples * side * side);
    }
    // Same physics as majority rule with its own coins: xi2 within sampling noise (600 samples: a few %).
    const reference = measureRgLevels(majorityCoarseLevels(data, L, 2, 4), L, nSamples, { seed: 1 });
    measures.forEach((m, l) => expect(Math.abs(m.xi2 / reference[l]!.xi2 - 1)).toBeLessThan(0.08));
  });
});

describe("RG levels of majority rule", () => {
  it("tile exactly, are all localized, and have a grid at every level", async () => {
    const core = await testCore();
    const L = 16, nSamples = 400;
    const { configs } = sampleIsing(core, { size: L, coupling: 0.4, count: nSamples, seed: 5, algorithm: "wolff", chains: 2 });
    const measures = measureRgLevels(majorityCoarseLevels(binaryLayerData(configs, [nSamples, L, L]), L, 2, 1), L, nSamples, { seed: 1 });
    // (A third level, 8 x 8 blocks on 16 x 16, would have spread 3.24 against random fields' ~6.4: not "localized".)
    expect(measures.map((m) => [m.level, m.units, m.gridSide, m.tilingError, m.localizedFraction])).toEqual([
      [0, 256, 16, 0, 1], [1, 64, 8, 0, 1], [2, 16, 4, 0, 1],
    ]);
    expect(measures[0]!.xi2Ratio).toBe(1);
    expect(measures[0]!.lambdaT).toBeNaN();
    expect(measures.slice(1).every((m) => m.mcrgMeaningful && Number.isFinite(m.nu))).toBe(true);
  });

  it("counts a unit as localized below half the random fields' median spread", () => {
    expect(localizedFraction([1, 2, 7.9, 8.1, NaN], 16)).toBe(0.75);
    expect(localizedFraction([], 16)).toBeNaN();
    expect(gridSide(400, 40)).toBe(20);
    expect(gridSide(300, 40)).toBeNaN();
    expect(gridSide(9, 40)).toBeNaN();
  });
});

/**
 * An RBM whose hidden units are majority rule on the 2 x 2 blocks of a
 * side x side grid of inputs (grid site -> input index by inputOfSite):
 * unit u handles block order[u] with sign sign[u]; W = 40 sign x (input sign) on the block's four inputs, bias set so
 * p(h = 1) = sigmoid(40 sign (n_up - 2)), n_up counted in aligned inputs:
 * saturated to 0 or 1 except on ties (p = 1/2). `inputSign[i]` is the
 * alignment sign of input i (the layer below's field sign).
 */
function majorityRbm(
  side: number, nInputs: number, inputOfSite: (site: number) => number, order: number[], sign: Int8Array, inputSign: Int8Array,
): RbmParameters {
  const coarse = side / 2;
  const nHidden = coarse * coarse;
  const params = zeroParameters(nInputs, nHidden);
  const weights = new Float32Array(nInputs * nHidden);
  const hiddenBias = new Float32Array(nHidden);
  order.forEach((block, unit) => {
    const bx = block % coarse, by = Math.floor(block / coarse);
    let bias = 0;
    for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
      const input = inputOfSite((2 * by + dy!) * side + 2 * bx + dx!);
      const s = inputSign[input]!;
      // aligned input spin = s (2 v - 1): n_up = sum over the block of (s (2v - 1) + 1) / 2, linear in v.
      weights[input * nHidden + unit] = 40 * sign[unit]! * s;
      bias += 40 * sign[unit]! * (1 - s) / 2;
    }
    hiddenBias[unit] = bias - 80 * sign[unit]!;
  });
  return { ...params, weights, hiddenBias };
}
