import { describe, expect, it } from "vitest";
import { allocStream } from "../../src/core.js";
import { testCore } from "../support/core.js";

// Plain TypeScript xoshiro128** (reference: Blackman & Vigna's xoshiro128starstar.c).
function referenceXoshiro(state: Uint32Array): () => number {
  const s = Uint32Array.from(state);
  const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
  return () => {
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!; s[3]! ^= s[1]!; s[1]! ^= s[2]!; s[0]! ^= s[3]!; s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  };
}

describe("xoshiro128** streams", () => {
  it("match a plain TypeScript implementation from the same state", async () => {
    const core = await testCore();
    core.arena.scoped(() => {
      const rng = allocStream(core, 12345, 0);
      const start = Uint32Array.from(core.arena.u32(rng, 4));
      const out = core.arena.alloc(4 * 1000);
      core.kernels.rngFillU32(rng, out, 1000);
      const next = referenceXoshiro(start);
      const expected = Array.from({ length: 1000 }, next);
      expect(Array.from(core.arena.u32(out, 1000))).toEqual(expected);
    });
  });

  it("the Ising kernels' inlined steps advance a stream exactly as rngNext does (one draw per site or bond)", async () => {
    const core = await testCore();
    core.arena.scoped(() => {
      const size = 4;
      const nSites = size * size;
      const table = core.arena.alloc(nSites * 16);
      core.kernels.latticeNeighbors(table, size);
      const lattice = core.arena.alloc(nSites);
      const stack = core.arena.alloc(nSites * 4);
      const stateAfter = (advance: (rng: number) => void) => {
        const rng = allocStream(core, 777, 3);
        core.arena.u8(lattice, nSites).fill(1);
        advance(rng);
        return Array.from(core.arena.u32(rng, 4));
      };
      const afterDraws = (count: number) => stateAfter((rng) => core.arena.scoped(() => core.kernels.rngFillU32(rng, core.arena.alloc(count * 4), count)));
      // A Metropolis sweep draws once per site; a Wolff update that adds no bond draws once for
      // the seed site (16 sites: no rejection) and once per neighbour.
      expect(stateAfter((rng) => core.kernels.metropolisSweeps(lattice, table, size, rng, 0, 0, 3))).toEqual(afterDraws(3 * nSites));
      expect(stateAfter((rng) => core.kernels.wolffUpdates(lattice, table, nSites, stack, rng, 0, 2))).toEqual(afterDraws(2 * 5));
    });
  });

  it("gives the same numbers for a seed and different ones across seeds and streams", async () => {
    const core = await testCore();
    core.arena.scoped(() => {
      const draw = (seed: number, stream: number) => {
        const rng = allocStream(core, seed, stream);
        const out = core.arena.alloc(64);
        core.kernels.rngFillU32(rng, out, 16);
        return Array.from(core.arena.u32(out, 16));
      };
      expect(draw(7, 3)).toEqual(draw(7, 3));
      expect(draw(7, 3)).not.toEqual(draw(7, 2));
      expect(draw(7, 0)).not.toEqual(draw(8, 0));
      expect(draw(2 ** 40 + 1, 0)).not.toEqual(draw(1, 0));
    });
  });

  it("produces uniform floats in [0, 1) with the right moments", async () => {
    const core = await testCore();
    core.arena.scoped(() => {
      const count = 200_000;
      const rng = allocStream(core, 99, 1);
      const out = core.arena.alloc(4 * count);
      core.kernels.rngFillF32(rng, out, count);
      const values = core.arena.f32(out, count);
      let sum = 0, sumSq = 0;
      const bins = new Array<number>(16).fill(0);
      let outOfRange = 0;
      for (const v of values) {
        if (!(v >= 0 && v < 1)) outOfRange++;
        sum += v; sumSq += v * v;
        bins[Math.floor(v * 16)]!++;
      }
      expect(outOfRange).toBe(0);
      // mean 1/2 and variance 1/12, within 5 standard errors
      expect(Math.abs(sum / count - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / count));
      expect(Math.abs(sumSq / count - sum * sum / count / count - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / count));
      const expected = count / 16;
      const chiSquare = bins.reduce((acc, b) => acc + (b - expected) ** 2 / expected, 0);
      expect(chiSquare).toBeLessThan(37.7); // chi^2_15, p = 0.001
    });
  });
});
