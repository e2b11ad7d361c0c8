import { describe, expect, it } from "vitest";
import { allocStream } from "../../src/rng.js";
import {
  DimerChain, allocExitTable, columnarCovering, columnarOrder, coveringBytes, directedLoopMatrix, environmentWeights,
  exitProbabilities, exitTable, findCoveringDefect, parallelPlaquettes, plaquetteFlipThresholds, windingNumbers,
  type ExitRule,
} from "../../src/systems/dimer/index.js";
import { testCore } from "../support/core.js";
import { Xoshiro128 } from "../support/ising-reference.js";
import { chiSquareSurvival, pooledChiSquare } from "../support/chi-square.js";
import { coveringKey, enumerateCoverings, wormReference } from "../support/dimer-exact.js";

// The worm kernel (assembly/dimer.ts) against a plain TypeScript worm on the
// same random numbers, the exit tables against the directed-loop equations,
// and plaquette flips against the winding sectors they cannot leave.

const RULES: ExitRule[] = ["minimal-bounce", "heat-bath"];

describe("directed-loop exit probabilities", () => {
  it.each(RULES.flatMap((rule) => [0, 0.4, -1.5, 3, -8].map((coupling) => ({ rule, coupling }))))(
    "$rule at V/T = $coupling satisfy the directed-loop equations",
    ({ rule, coupling }) => {
      const probabilities = exitProbabilities(coupling, rule);
      probabilities.forEach((rows, env) => {
        const w = environmentWeights(env, coupling);
        for (let a = 0; a < 4; a++) {
          expect(rows[a]!.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 14);
          for (let b = 0; b < 4; b++) {
            expect(rows[a]![b]!).toBeGreaterThanOrEqual(0);
            expect(w[a]! * rows[a]![b]!).toBeCloseTo(w[b]! * rows[b]![a]!, 14);
          }
        }
        if (rule === "minimal-bounce") {
          // Only the heaviest bond bounces, by W_1 - (W_2 + W_3 + W_4) when positive (Syljuasen & Sandvik 2002).
          const sorted = [...w].sort((x, y) => y - x);
          const excess = Math.max(0, sorted[0]! - sorted[1]! - sorted[2]! - sorted[3]!);
          const bounce = w.reduce((s, wa, a) => s + wa * rows[a]![a]!, 0);
          expect(bounce).toBeCloseTo(excess, 14);
        }
      });
    },
  );

  it("is uniform over the three other bonds at V = 0 (minimal bounce)", () => {
    for (const rows of exitProbabilities(0)) {
      for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) expect(rows[a]![b]!).toBeCloseTo(a === b ? 0 : 1 / 3, 15);
    }
  });

  it("bounces by the excess weight when one bond outweighs the rest", () => {
    const a = directedLoopMatrix([5, 1, 1, 1]);
    expect(a[0]![0]).toBeCloseTo(2, 15);
    expect([a[0]![1], a[0]![2], a[0]![3]]).toEqual([1, 1, 1]);
    expect([a[1]![2], a[2]![3], a[1]![3]]).toEqual([0, 0, 0]);
  });

  it("writes monotone u64 thresholds ending at 2^32", () => {
    for (const rule of RULES) {
      const table = exitTable(-1.2, rule);
      for (let row = 0; row < table.length / 4; row++) {
        for (let k = 1; k < 4; k++) expect(table[4 * row + k]! >= table[4 * row + k - 1]!).toBe(true);
        expect(table[4 * row + 3]).toBe(2n ** 32n);
      }
    }
    expect(Array.from(plaquetteFlipThresholds(0))).toEqual([2n ** 32n, 2n ** 32n, 2n ** 32n, 2n ** 32n, 2n ** 32n]);
  });
});

describe("worm kernel", () => {
  const cases = [2, 4, 6, 8, 12].flatMap((size) =>
    RULES.flatMap((rule) => [0, -1.5, 0.8].map((coupling) => ({ size, rule, coupling }))));

  it.each(cases)("matches the TypeScript worm bit for bit: L = $size, $rule, V/T = $coupling", async ({ size, rule, coupling }) => {
    const core = await testCore();
    core.arena.scoped(() => {
      const table = allocExitTable(core, coupling, rule);
      const chain = new DimerChain(core, size, table, 11, 3);
      const rng = new Xoshiro128(core.arena.u32(chain.rng, 4));
      const bonds = columnarCovering(size);
      const reference = exitTable(coupling, rule);
      for (let round = 0; round < 20; round++) {
        let moves = 0;
        for (let w = 0; w < 50; w++) moves += wormReference(bonds, size, rng, reference);
        expect(chain.worms(50)).toBe(moves);
        expect(chain.covering()).toEqual(bonds);
      }
      expect(findCoveringDefect(bonds, size)).toBeUndefined();
    });
  });

  it("records the coverings and their N_par, windings and columnar order as the host computes them", async () => {
    const core = await testCore();
    const size = 8;
    core.arena.scoped(() => {
      const chain = new DimerChain(core, size, allocExitTable(core, 0.3, "minimal-bounce"), 5, 0);
      const records = 40;
      const configs = core.arena.alloc(records * coveringBytes(size));
      const observables = core.arena.alloc(records * 20);
      chain.record(7, records, configs, observables);
      const bytes = Uint8Array.from(core.arena.u8(configs, records * coveringBytes(size)));
      const values = core.arena.i32(observables, 5 * records);
      const parallel = parallelPlaquettes(bytes, size);
      const windings = windingNumbers(bytes, size);
      const columnar = columnarOrder(bytes, size);
      expect(findCoveringDefect(bytes, size)).toBeUndefined();
      for (let r = 0; r < records; r++) {
        expect(Array.from(values.subarray(5 * r, 5 * r + 5))).toEqual([
          parallel[r], windings[2 * r], windings[2 * r + 1], (columnar[2 * r]! * size * size) / 2, (columnar[2 * r + 1]! * size * size) / 2,
        ]);
        expect(core.kernels.dimerParallelPlaquettes(configs + r * coveringBytes(size), size)).toBe(parallel[r]);
      }
      expect(new Set(Array.from(windings)).size).toBeGreaterThan(1);
    });
  });
});

describe("plaquette flips alone", () => {
  // On 4 x 4 at V = 0: 272 coverings, W_x = 0 in 198 of them. Flips keep the
  // columnar start's winding (0, 0) for ever, so their W_x histogram cannot
  // match the exact one, while worms from the same start do (the library
  // test checks the worm sampler's histogram in full).
  it("never change the winding numbers, so they fail the winding test on 4 x 4", async () => {
    const core = await testCore();
    const size = 4;
    const exact = new Map<number, number>();
    for (const covering of enumerateCoverings(size, size)) {
      const [wx] = windingNumbers(covering, size);
      exact.set(wx!, (exact.get(wx!) ?? 0) + 1);
    }
    const samples = 20_000;
    const histogram = (run: (bonds: number, rng: number) => void) => core.arena.scoped(() => {
      const bonds = core.arena.alloc(coveringBytes(size));
      core.arena.u8(bonds, coveringBytes(size)).set(columnarCovering(size));
      const rng = allocStream(core, 17, 0);
      const counts = new Map<number, number>();
      const visited = new Set<string>();
      for (let s = 0; s < samples; s++) {
        run(bonds, rng);
        const covering = core.arena.u8(bonds, coveringBytes(size));
        const [wx] = windingNumbers(covering, size);
        counts.set(wx!, (counts.get(wx!) ?? 0) + 1);
        visited.add(coveringKey(covering));
      }
      expect(findCoveringDefect(core.arena.u8(bonds, coveringBytes(size)), size)).toBeUndefined();
      const windings = [-2, -1, 0, 1, 2];
      const { statistic, degreesOfFreedom } = pooledChiSquare(
        windings.map((w) => counts.get(w) ?? 0), windings.map((w) => ((exact.get(w) ?? 0) / 272) * samples));
      return { counts, visited: visited.size, statistic, p: chiSquareSurvival(statistic, degreesOfFreedom) };
    });
    const flips = core.arena.scoped(() => {
      const accept = core.arena.alloc(40);
      new BigUint64Array(core.memory.buffer, accept, 5).set(plaquetteFlipThresholds(0));
      return histogram((bonds, rng) => core.kernels.dimerPlaquetteFlips(bonds, size, rng, accept, 16));
    });
    const worms = core.arena.scoped(() => {
      const table = allocExitTable(core, 0, "minimal-bounce");
      return histogram((bonds, rng) => core.kernels.dimerWorms(bonds, size, rng, table, 16));
    });
    console.log(`winding W_x on 4 x 4, V = 0, from the columnar start: plaquette flips X2 = ${flips.statistic.toFixed(1)} ` +
      `(p = ${flips.p.toPrecision(3)}, ${flips.visited} coverings visited), worms X2 = ${worms.statistic.toFixed(2)} ` +
      `(p = ${worms.p.toPrecision(3)}, ${worms.visited} visited)`);
    expect([...flips.counts.keys()]).toEqual([0]);
    expect(flips.visited).toBeLessThanOrEqual(exact.get(0)!);
    expect(flips.p).toBeLessThan(1e-10);
    expect(worms.visited).toBe(272);
    expect(worms.p).toBeGreaterThan(0.001);
  });

  it("keep coverings valid at V != 0", async () => {
    const core = await testCore();
    const size = 6;
    core.arena.scoped(() => {
      const bonds = core.arena.alloc(coveringBytes(size));
      core.arena.u8(bonds, coveringBytes(size)).set(columnarCovering(size));
      const rng = allocStream(core, 3, 1);
      const accept = core.arena.alloc(40);
      new BigUint64Array(core.memory.buffer, accept, 5).set(plaquetteFlipThresholds(0.7));
      const flips = core.kernels.dimerPlaquetteFlips(bonds, size, rng, accept, 5000);
      expect(flips).toBeGreaterThan(100);
      const covering = core.arena.u8(bonds, coveringBytes(size));
      expect(findCoveringDefect(covering, size)).toBeUndefined();
      expect(Array.from(windingNumbers(covering, size))).toEqual([0, 0]);
    });
  });
});
