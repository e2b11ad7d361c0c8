import { describe, expect, it } from "vitest";
import { decoyShare } from "../../src/systems/dimer/decoy-share.js";
import { dimerLayout } from "../../src/systems/dimer/layout.js";
import { mulberry32 } from "../support/random.js";

// Decoy share (src/systems/dimer/decoy-share.ts) on the kjr grid: a field only
// on decoys gives 1, only on bonds 0, and a mixed field the share computed by
// hand from its r^2.

describe("decoy share", () => {
  it("is 1 on decoys only, 0 on bonds only, the r^2 share in between", () => {
    const size = 4;
    const { decoys } = dimerLayout("kjr", size);
    const sites = decoys!.length;
    const random = mulberry32(12);
    const nUnits = 4;
    const field = new Float32Array(sites * nUnits);
    let mixedDecoy = 0, mixedTotal = 0;
    for (let site = 0; site < sites; site++) {
      const onDecoy = decoys![site] === 1;
      const value = random() - 0.5;
      field[site * nUnits] = onDecoy ? value : 0; // unit 0: decoys only
      field[site * nUnits + 1] = onDecoy ? 0 : -value; // unit 1: bonds only
      const mixed = onDecoy ? 0.5 * value : 2 * value; // unit 2: both, bonds heavier
      field[site * nUnits + 2] = mixed;
      mixedTotal += Math.fround(mixed) ** 2;
      if (onDecoy) mixedDecoy += Math.fround(mixed) ** 2;
      // unit 3 stays zero: no field, no share
    }
    const result = decoyShare(field, nUnits, decoys!);
    expect(result.perUnit[0]).toBe(1);
    expect(result.perUnit[1]).toBe(0);
    expect(result.perUnit[2]).toBeCloseTo(mixedDecoy / mixedTotal, 12);
    expect(result.perUnit[2]).toBeGreaterThan(0.01);
    expect(result.perUnit[3]).toBeNaN();
    expect(result.mean).toBeCloseTo((1 + 0 + mixedDecoy / mixedTotal) / 3, 12);
    expect(result.median).toBeCloseTo(mixedDecoy / mixedTotal, 12);
    expect(() => decoyShare(field.subarray(1), nUnits, decoys!)).toThrow(RangeError);
  });

  it("gives 1/2 to a field of equal magnitude everywhere, half the grid being decoys", () => {
    const { decoys } = dimerLayout("kjr-correlated", 6);
    const field = Float32Array.from({ length: decoys!.length }, (_, s) => (s % 3 === 0 ? -1 : 1));
    expect(decoyShare(field, 1, decoys!).perUnit[0]).toBe(0.5);
  });
});
