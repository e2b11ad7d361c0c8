import { describe, expect, it } from "vitest";
import { columnarCovering, encodeDimers } from "../../src/systems/dimer/index.js";
import { dimerBlockSide, dimerLayout } from "../../src/systems/dimer/layout.js";
import { fieldsOnGrid } from "../../src/systems/visible-layout.js";
import { mulberry32 } from "../support/random.js";

// dimerLayout (src/systems/dimer/layout.ts) against encodeDimers: a bond
// vector placed on the grid by the `bonds` layout must be the kjr image with
// its decoys blanked, and the kjr layout's decoys must be exactly the sites
// whose values the covering does not determine.

/** Random 0/1 occupations, (count, 2, L, L): placement does not need a valid covering, and random bits catch any mix-up. */
function randomBonds(count: number, size: number, seed: number): Uint8Array {
  const random = mulberry32(seed);
  return Uint8Array.from({ length: count * 2 * size * size }, () => (random() < 0.5 ? 1 : 0));
}

describe("dimerLayout", () => {
  it("places bond units where the kjr image keeps its bond bits", () => {
    for (const size of [2, 4, 6]) {
      const side = 2 * size;
      const samples = new Uint8Array([...randomBonds(3, size, size), ...columnarCovering(size)]);
      const image = encodeDimers(samples, size, "kjr", 5);
      const layout = dimerLayout("bonds", size);
      const kjr = dimerLayout("kjr", size);
      expect(layout.nVisible).toBe(2 * size * size);
      expect(layout.geometry).toEqual({ kind: "torus", width: side, height: side });
      expect(kjr.nVisible).toBe(side * side);
      expect(kjr.sites).toBeUndefined();
      for (let s = 0; s < 4; s++) {
        // A "field" of one unit whose value at bond i is the occupation: drawn on the grid it is the bond image.
        const column = Float32Array.from(samples.subarray(s * 2 * size * size, (s + 1) * 2 * size * size));
        const grid = fieldsOnGrid(layout, column, 1);
        for (let site = 0; site < side * side; site++) {
          const expected = kjr.decoys![site] ? 0 : image[s * side * side + site]!;
          expect(grid[site]).toBe(expected);
        }
      }
    }
  });

  it("marks as decoys exactly the sites the covering does not fix", () => {
    const size = 4;
    const side = 2 * size;
    const samples = randomBonds(1, size, 9);
    // Two seeds: the sites that differ are decoys; over many seeds every decoy differs at least once.
    const differs = new Uint8Array(side * side);
    const first = encodeDimers(samples, size, "kjr", 0);
    for (let seed = 1; seed < 40; seed++) {
      const other = encodeDimers(samples, size, "kjr", seed);
      for (let site = 0; site < side * side; site++) if (other[site] !== first[site]) differs[site] = 1;
    }
    expect(dimerLayout("kjr", size).decoys).toEqual(differs);
    expect(dimerLayout("kjr-correlated", size).decoys).toEqual(differs);
    expect(dimerLayout("bonds", size).decoys).toBeUndefined();
  });

  it("takes two units per b x b block, b a power of two dividing L, 2b grid sites", () => {
    // L = 16: 512 -> 128 -> 32 -> 8 units are b = 1, 2, 4, 8 (the analogue of Ising's 1600-400-100-25).
    expect([512, 128, 32, 8].map((n) => dimerBlockSide(16, n))).toEqual([1, 2, 4, 8]);
    expect([128, 32, 8].map((n) => dimerLayout("kjr", 16).blockSide(n))).toEqual([4, 8, 16]);
    expect(dimerLayout("bonds", 16).blockSide(128)).toBe(4);
    // Off-tiling counts round in log2: 100 units on L = 16 want b = 2.26 -> 2; 2 units want b = 16.
    expect(dimerBlockSide(16, 100)).toBe(2);
    expect(dimerBlockSide(16, 2)).toBe(16);
    expect(dimerBlockSide(16, 1)).toBe(16);
    // b must divide L: L = 12 has blocks of 1, 2 or 4 only.
    expect(dimerBlockSide(12, 2)).toBe(4);
    expect(dimerBlockSide(12, 4000)).toBe(1);
    expect(() => dimerBlockSide(5, 8)).toThrow(RangeError);
    expect(() => dimerBlockSide(16, 0)).toThrow(RangeError);
  });
});
