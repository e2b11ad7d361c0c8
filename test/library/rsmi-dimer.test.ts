// RSMI on the dimer bonds (src/systems/dimer/rsmi-dimer.ts): the bond image
// against the layout's grid sites, the filter conversions, the signs against
// a plain dot product of the tiled fields with the bonds and, for the
// staggered patterns, against the field reference; and the learned filters
// of a 4 x 4-site block against span(E_x, E_y).

import { afterAll, describe, expect, it } from "vitest";
import { sampleDimers } from "../../src/systems/dimer/index.js";
import { bondGridSite } from "../../src/systems/dimer/layout.js";
import { fieldReferenceLevel } from "../../src/systems/dimer/field-reference.js";
import { blockElectricField } from "../../src/systems/dimer/observables.js";
import {
  bondFiltersFromImage, dimerBondImage, imageFilterFromBonds, rsmiDimerFields, rsmiDimerGeometry, rsmiDimerSigns, trainRsmiDimerLevel,
} from "../../src/systems/dimer/rsmi-dimer.js";
import { SeededRandom } from "../../src/rsmi/random.js";
import { testCore } from "../support/core.js";
import { principalCosines } from "../support/principal-cosines.js";

const log: string[] = [];
afterAll(() => console.log(log.join("\n")));

async function dimers(L: number, count: number, seed: number): Promise<Uint8Array> {
  return sampleDimers(await testCore(), { size: L, interaction: 0, temperature: 1, count, seed }).configs;
}

/** The staggered patterns as bond weights (2, 2, b, b): unit 0 on horizontal bonds, unit 1 on vertical ones. */
function staggered(b: number): Float64Array {
  const out = new Float64Array(4 * b * b);
  for (let y = 0; y < b; y++) for (let x = 0; x < b; x++) {
    const s = (x + y) % 2 === 0 ? 1 : -1;
    out[y * b + x] = s;
    out[3 * b * b + y * b + x] = s;
  }
  return out;
}

describe("RSMI on dimer bonds", () => {
  it("dimerBondImage puts +-1 at each bond's grid site and 0 on vertex and face sites", async () => {
    const L = 8, bonds = await dimers(L, 3, 1);
    const image = dimerBondImage(bonds, L);
    expect([image.count, image.height, image.width]).toEqual([3, 16, 16]);
    const expected = new Int8Array(3 * 256);
    for (let s = 0; s < 3; s++) for (let i = 0; i < 2 * L * L; i++) expected[s * 256 + bondGridSite(L, i)] = 2 * bonds[s * 2 * L * L + i]! - 1;
    expect(Array.from(image.values)).toEqual(Array.from(expected));
  });

  it("filter conversions round-trip; signs are the sign of the tiled fields' dot product with the +-1 bonds", async () => {
    const L = 8, b = 2, count = 50, bonds = await dimers(L, count, 2);
    const random = new SeededRandom(5, 0);
    const filters = Float64Array.from({ length: 4 * b * b }, () => random.normal());
    expect(Array.from(bondFiltersFromImage(imageFilterFromBonds(filters, b), b))).toEqual(Array.from(filters));
    const signs = rsmiDimerSigns(dimerBondImage(bonds, L), filters, b, 9, 1);
    const fields = rsmiDimerFields(L, filters, b);
    const units = 2 * (L / b) ** 2, nBonds = 2 * L * L;
    expect(fields.length).toBe(nBonds * units);
    for (let s = 0; s < count; s++) for (let u = 0; u < units; u++) {
      let a = 0;
      for (let i = 0; i < nBonds; i++) a += fields[i * units + u]! * (2 * bonds[s * nBonds + i]! - 1);
      expect(signs[s * units + u]).toBe(Math.sign(a)); // normal weights: no ties
    }
  });

  it("the staggered patterns give the field reference's signs (ties by the same coins)", async () => {
    const L = 16, bonds = await dimers(L, 40, 3);
    for (const level of [1, 2]) {
      const b = 2 ** level;
      const signs = rsmiDimerSigns(dimerBondImage(bonds, L), staggered(b), b, 11, level);
      // On +-1 bonds the pattern's logit is 2 E (the pattern sums to zero on an even block).
      const reference = fieldReferenceLevel(bonds, L, level, 11);
      expect(Array.from(signs)).toEqual(Array.from(reference));
      const fields = blockElectricField(bonds, L, b);
      expect(fields.some((e) => e === 0)).toBe(true); // the coins were exercised
    }
  });

  it("rsmiDimerGeometry: buffer 1 then 2, environment 2, shrunk to fit", () => {
    expect([1, 2, 3].map((l) => rsmiDimerGeometry(16, l))).toEqual([
      { block: 2, buffer: 1, environment: 2 }, { block: 4, buffer: 2, environment: 2 }, { block: 8, buffer: 2, environment: 2 },
    ]);
    expect(rsmiDimerGeometry(8, 2)).toEqual({ block: 4, buffer: 1, environment: 1 });
    expect(() => rsmiDimerGeometry(8, 3)).toThrow(/holds no 8 x 8 block/);
    expect(() => rsmiDimerGeometry(12, 3)).toThrow(/must divide/);
  });

  it("restarts: restart 0 is the single training, the kept one has the highest bound", async () => {
    const core = await testCore();
    const image = dimerBondImage(await dimers(8, 300, 4), 8);
    const training = { steps: 150, batchSize: 30 };
    const single = trainRsmiDimerLevel(core, image, 1, { ...training, restarts: 1 }, 3);
    const three = trainRsmiDimerLevel(core, image, 1, { ...training, restarts: 3 }, 3);
    expect(three.restartBounds[0]).toBe(single.bound);
    expect(new Set(three.restartBounds).size).toBe(3);
    expect(three.bound).toBe(Math.max(...three.restartBounds));
    expect(three.restartBounds[three.restart]).toBe(three.bound);
    if (three.restart === 0) expect(Array.from(three.filters)).toEqual(Array.from(single.filters));
    expect(() => trainRsmiDimerLevel(core, image, 1, { ...training, restarts: 0 }, 3)).toThrow(/restarts/);
  });

  it("a 4 x 4-site block learns both staggered field directions", async () => {
    const core = await testCore();
    const L = 16, bonds = await dimers(L, 2000, 3);
    const level = trainRsmiDimerLevel(core, dimerBondImage(bonds, L), 2, { steps: 16000, batchSize: 100, restarts: 1 }, 7);
    const row = 2 * 16;
    const f = Array.from(level.filters);
    const pattern = Array.from(staggered(4));
    const cosines = principalCosines(f.slice(0, row), f.slice(row), pattern.slice(0, row), pattern.slice(row));
    log.push(`dimer bonds +-1, 4 x 4 sites, k = 2: principal cosines ${cosines.map((c) => c.toFixed(3)).join(" / ")}, bound ${level.bound.toFixed(3)} nats`);
    expect(cosines[0]).toBeGreaterThan(0.9);
    expect(cosines[1]).toBeGreaterThan(0.9);
  });
});
