import { beforeAll, describe, expect, it } from "vitest";
import { assertCoverings, columnarCovering, sampleDimers } from "../../src/systems/dimer/index.js";
import {
  fieldReferenceBlock, fieldReferenceFields, fieldReferenceLevel, fieldReferenceLevels, fieldReferencePositions,
} from "../../src/systems/dimer/field-reference.js";
import { levelTieKey, sampleTieKey, tieCoin } from "../../src/rg/tie-coins.js";
import { testCore } from "../support/core.js";

// The field reference (src/systems/dimer/field-reference.ts): block signs of
// known coverings worked out by hand, signs of sampled coverings against a
// plain re-computation of each block's field, and receptive fields whose dot
// product with the bond vector is that field.

const SIZE = 8;
let sampled: Uint8Array;

beforeAll(async () => {
  const core = await testCore();
  sampled = sampleDimers(core, { size: SIZE, interaction: 0, temperature: 1, count: 40, seed: 9, chains: 2 }).configs;
});

/** Horizontal dimers on the bonds (x, y)-(x + 1, y) with x + y even: every occupied bond has stagger sign +1. */
function staggeredCovering(size: number): Uint8Array {
  const bonds = new Uint8Array(2 * size * size);
  for (let y = 0; y < size; y++) for (let x = y % 2; x < size; x += 2) bonds[y * size + x] = 1;
  return bonds;
}

/** E of block (bx, by), side b, of one covering: the definition written out bond by bond. */
function blockField(bonds: Uint8Array, size: number, b: number, bx: number, by: number): [number, number] {
  let ex = 0, ey = 0;
  for (let y = b * by; y < b * by + b; y++) {
    for (let x = b * bx; x < b * bx + b; x++) {
      const sign = (x + y) % 2 === 0 ? 1 : -1;
      ex += sign * bonds[y * size + x]!;
      ey += sign * bonds[size * size + y * size + x]!;
    }
  }
  return [ex, ey];
}

describe("field reference", () => {
  it("gives sign(E_x) = +1 on the staggered covering and coin flips where E = 0", () => {
    const seed = 31;
    const staggered = staggeredCovering(SIZE);
    assertCoverings(staggered, SIZE);
    const samples = new Uint8Array([...staggered, ...columnarCovering(SIZE)]);
    for (const level of [1, 2, 3]) {
      const b = fieldReferenceBlock(level);
      // Staggered: every block holds b^2 / 2 horizontal dimers, all of sign +1, so E_x = b^2 / 2 > 0 and E_y = 0.
      // Columnar: in each row of a block the dimers alternate sign with the row, so E_x = E_y = 0 everywhere.
      expect(blockField(staggered, SIZE, b, 0, 0)).toEqual([(b * b) / 2, 0]);
      expect(blockField(columnarCovering(SIZE), SIZE, b, 1 % (SIZE / b), 0)).toEqual([0, 0]);
      const units = 2 * (SIZE / b) ** 2;
      const signs = fieldReferenceLevel(samples, SIZE, level, seed);
      expect(signs).toHaveLength(2 * units);
      const key = levelTieKey(seed, level);
      for (let unit = 0; unit < units; unit++) {
        const coin0 = tieCoin(sampleTieKey(key, 0), unit);
        const coin1 = tieCoin(sampleTieKey(key, 1), unit);
        expect(signs[unit]).toBe(unit % 2 === 0 ? 1 : coin0);
        expect(signs[units + unit]).toBe(coin1);
      }
      // The coins are fair-looking, not constant.
      const columnarSigns = Array.from(signs.subarray(units));
      if (units >= 8) expect(new Set(columnarSigns).size).toBe(2);
    }
  });

  it("matches the sign of each block's field on sampled coverings, level by level from the fine bonds", () => {
    const count = sampled.length / (2 * SIZE * SIZE);
    const levels = fieldReferenceLevels(sampled, SIZE, 3, 4);
    expect(levels).toHaveLength(3);
    let ties = 0, decided = 0;
    levels.forEach((signs, i) => {
      const b = fieldReferenceBlock(i + 1);
      const perSide = SIZE / b;
      const units = 2 * perSide * perSide;
      for (let s = 0; s < count; s++) {
        const covering = sampled.subarray(s * 2 * SIZE * SIZE, (s + 1) * 2 * SIZE * SIZE);
        for (let k = 0; k < perSide * perSide; k++) {
          const field = blockField(covering, SIZE, b, k % perSide, Math.floor(k / perSide));
          field.forEach((e, a) => {
            const sign = signs[s * units + 2 * k + a]!;
            if (e === 0) ties++;
            else {
              decided++;
              expect(sign).toBe(Math.sign(e));
            }
            expect(Math.abs(sign)).toBe(1);
          });
        }
      }
    });
    expect(ties).toBeGreaterThan(0);
    expect(decided).toBeGreaterThan(0);
  });

  it("has receptive fields whose dot product with the bond vector is E_x or E_y of the unit's block", () => {
    const count = sampled.length / (2 * SIZE * SIZE);
    const bondsPerSample = 2 * SIZE * SIZE;
    for (const level of [1, 2, 3]) {
      const b = fieldReferenceBlock(level);
      const perSide = SIZE / b;
      const units = 2 * perSide * perSide;
      const fields = fieldReferenceFields(SIZE, level);
      expect(fields).toHaveLength(bondsPerSample * units);
      const { x, y, block } = fieldReferencePositions(SIZE, level);
      for (let s = 0; s < count; s++) {
        const covering = sampled.subarray(s * bondsPerSample, (s + 1) * bondsPerSample);
        for (let unit = 0; unit < units; unit++) {
          let dot = 0;
          for (let bond = 0; bond < bondsPerSample; bond++) dot += fields[bond * units + unit]! * covering[bond]!;
          expect(block[unit]).toBe(Math.floor(unit / 2));
          expect(dot).toBe(blockField(covering, SIZE, b, x[unit]!, y[unit]!)[unit % 2]);
        }
      }
      // Every bond is read by exactly one unit: the blocks tile the lattice.
      for (let bond = 0; bond < bondsPerSample; bond++) {
        let readers = 0;
        for (let unit = 0; unit < units; unit++) if (fields[bond * units + unit] !== 0) readers++;
        expect(readers).toBe(1);
      }
    }
    expect(() => fieldReferenceFields(12, 3)).toThrow(RangeError);
  });
});
