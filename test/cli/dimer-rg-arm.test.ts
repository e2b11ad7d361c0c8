import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { blockElectricField, bondGridSite, dimerLayout, encodeDimers, sampleDimers, type DimerEncoding } from "../../src/systems/dimer/index.js";
import { fieldReferenceFields } from "../../src/systems/dimer/field-reference.js";
import { binaryLayerData } from "../../src/rbm/layer-data.js";
import type { RbmParameters } from "../../src/rbm/rbm-parameters.js";
import { DIMER_RG_FILE, fieldReferenceArm, writeDimerArmRg, type DimerRgRecord } from "../../src/node/reproduce/dimer-rg-arm.js";
import { renderBondFieldGrid } from "../../src/node/render/bond-grid.js";
import type { AnalysisSummary } from "../../src/node/reproduce/analysis-summary.js";
import { testCore } from "../support/core.js";
import { readJson } from "../support/outputs.js";
import { mulberry32 } from "../support/random.js";

// The dimer RG service (src/node/reproduce/dimer-rg-arm.ts) on L = 8 free
// dimers: a hand-built stack whose units read the block fields (alignment
// near 1, decoy share 0), the same stack's first layer moved onto the decoys
// (decoy share 1), a random stack (alignment near 0), and the field-reference
// arm's analysis.json and dimer-rg.json.

const SIZE = 8;
const COUNT = 800;
let bonds: Uint8Array;

beforeAll(async () => {
  const core = await testCore();
  bonds = sampleDimers(core, { size: SIZE, interaction: 0, temperature: 1, count: COUNT, seed: 21, chains: 4 }).configs;
});

/**
 * A two-layer stack that reads the field: layer 1 (b = 2) is the field reference's staggered block fields times
 * `scale` over the encoding's visible units, so unit 2k + a fires as sigmoid(scale E_a of block k); layer 2 (b = 4)
 * adds the four b = 2 units of the same component inside each 4 x 4 block, so it fires with E_a of that block.
 */
function fieldStack(encoding: DimerEncoding, scale: number, onDecoys = false): RbmParameters[] {
  const layout = dimerLayout(encoding, SIZE);
  const reference = fieldReferenceFields(SIZE, 1);
  const n1 = 2 * (SIZE / 2) ** 2;
  const w1 = new Float32Array(layout.nVisible * n1);
  for (let bond = 0; bond < 2 * SIZE * SIZE; bond++) {
    // For kjr the bond's weight sits on its grid site, or (onDecoys) on the decoy beside it in the same cell: the
    // vertex left of a horizontal bond, the face right of a vertical one.
    const shift = onDecoys ? (bond < SIZE * SIZE ? -1 : 1) : 0;
    const row = encoding === "bonds" ? bond : bondGridSite(SIZE, bond) + shift;
    for (let u = 0; u < n1; u++) w1[row * n1 + u] = scale * reference[bond * n1 + u]!;
  }
  const perSide1 = SIZE / 2, perSide2 = SIZE / 4;
  const n2 = 2 * perSide2 * perSide2;
  const w2 = new Float32Array(n1 * n2);
  for (let u = 0; u < n1; u++) {
    const k = Math.floor(u / 2);
    const parent = Math.floor(Math.floor(k / perSide1) / 2) * perSide2 + Math.floor((k % perSide1) / 2);
    w2[u * n2 + 2 * parent + (u % 2)] = 4;
  }
  return [
    { nVisible: layout.nVisible, nHidden: n1, weights: w1, visibleBias: new Float32Array(layout.nVisible), hiddenBias: new Float32Array(n1) },
    { nVisible: n1, nHidden: n2, weights: w2, visibleBias: new Float32Array(n1), hiddenBias: new Float32Array(n2).fill(-8) },
  ];
}

function randomStack(nVisible: number, seed: number): RbmParameters[] {
  const random = mulberry32(seed);
  const layer = (v: number, h: number): RbmParameters => ({
    nVisible: v, nHidden: h, weights: Float32Array.from({ length: v * h }, () => random() - 0.5),
    visibleBias: new Float32Array(v), hiddenBias: new Float32Array(h),
  });
  return [layer(nVisible, 32), layer(32, 8)];
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "blockspin-dimer-rg-"));
}

describe("writeDimerArmRg", () => {
  it("finds the field in a stack built from it, for bonds and kjr, with the decoys untouched", async () => {
    const core = await testCore();
    for (const encoding of ["bonds", "kjr"] as const) {
      const visible = binaryLayerData(encodeDimers(bonds, SIZE, encoding, 5), [COUNT, dimerLayout(encoding, SIZE).nVisible]);
      const dir = tempDir();
      const record = await writeDimerArmRg(core, dir, bonds, SIZE, encoding, visible, fieldStack(encoding, 0.5), 3);
      const file = readJson<DimerRgRecord & { format: string; samples: number; seed: number }>(join(dir, DIMER_RG_FILE));
      expect(file).toMatchObject({ format: "blockspin-dimer-rg", method: "stack", encoding, size: SIZE, samples: COUNT, seed: 3 });
      expect(file.levels).toEqual(record.levels);
      expect(record.levels.map((l) => [l.level, l.units, l.block])).toEqual([[1, 32, 2], [2, 8, 4]]);
      for (const level of record.levels) {
        // sigmoid(0.5 E) of E in -2..2 (b = 2) is nearly linear; the second layer's sum of sigmoids is nearly E of its block.
        expect(level.alignmentMedian).toBeGreaterThan(0.95);
        expect(level.alignedShare).toBe(1);
        expect(level.decoyShare).toBe(encoding === "bonds" ? null : 0);
        expect(level.correlationExponent).not.toBeNull();
        expect(level.correlationExponent).toBeGreaterThan(0);
      }
    }
  });

  it("reports a decoy share of 1 for units on the decoys and low alignment for random units", async () => {
    const core = await testCore();
    const kjr = binaryLayerData(encodeDimers(bonds, SIZE, "kjr", 5), [COUNT, 4 * SIZE * SIZE]);
    const onDecoys = await writeDimerArmRg(core, tempDir(), bonds, SIZE, "kjr", kjr, fieldStack("kjr", 0.5, true), 3);
    for (const level of onDecoys.levels) {
      expect(level.decoyShare).toBe(1);
      // Reading independent coins, the units know nothing of the field: R^2 ~ 2 / N.
      expect(level.alignmentMedian).toBeLessThan(20 / COUNT);
    }
    const data = binaryLayerData(bonds, [COUNT, 2 * SIZE * SIZE]);
    const random = await writeDimerArmRg(core, tempDir(), bonds, SIZE, "bonds", data, randomStack(2 * SIZE * SIZE, 8), 3);
    for (const level of random.levels) expect(level.alignmentMedian).toBeLessThan(0.3);
    await expect(writeDimerArmRg(core, tempDir(), bonds.subarray(2 * SIZE * SIZE), SIZE, "bonds", data, randomStack(128, 1), 3)).rejects.toThrow(RangeError);
    await expect(writeDimerArmRg(core, tempDir(), bonds, SIZE, "bonds", data, randomStack(256, 1), 3)).rejects.toThrow(RangeError);
  });
});

describe("fieldReferenceArm", () => {
  it("writes analysis.json with the staggered block fields as the ideal row and dimer-rg.json of the signs", async () => {
    const core = await testCore();
    const arm = tempDir();
    await fieldReferenceArm(core, arm, bonds, SIZE, 3, 4);
    expect(readdirSync(join(arm, "analysis")).sort()).toEqual(["analysis.json", DIMER_RG_FILE]);
    const summary = readJson<AnalysisSummary>(join(arm, "analysis", "analysis.json"));
    expect(summary).toMatchObject({ format: "blockspin-analysis", lattice: SIZE, seed: 4 });
    expect(summary.layers.map((l) => [l.layer, l.nUnits, l.blockSide])).toEqual([[1, 32, 4], [2, 8, 8], [3, 2, 16]]);
    for (const layer of summary.layers) {
      // Each field is exactly its block's bonds: all of its r^2 inside the 2b x 2b grid block.
      expect(layer.blockFraction.median).toBeCloseTo(1, 6);
      expect(layer.blockFraction.q25).toBeCloseTo(1, 6);
      if (layer.blockSide < 2 * SIZE) expect(layer.random.blockFraction.median).toBeLessThan(0.5);
    }
    const record = readJson<DimerRgRecord>(join(arm, "analysis", DIMER_RG_FILE));
    expect(record).toMatchObject({ method: "field", encoding: "bonds", size: SIZE });
    expect(record.levels.map((l) => [l.level, l.units, l.block])).toEqual([[1, 32, 2], [2, 8, 4], [3, 2, 8]]);
    for (const level of record.levels) {
      expect(level.decoyShare).toBeNull();
      // s = sign(E) with a fair coin at E = 0 has s^2 = 1 and cov(s, E) = <|E|>, so against its own component
      // R^2 = <|E|>^2 / (<E^2> - <E>^2) up to sampling noise (the other component adds ~1/N): well below 1 where
      // ties are common (b = 2), and the same formula computed here from the block fields directly.
      const fields = blockElectricField(bonds, SIZE, level.block);
      const perBlock = level.units;
      const expected = Array.from({ length: perBlock }, (_, unit) => {
        const e = Array.from({ length: COUNT }, (_, s) => fields[s * perBlock + unit]!);
        const mean = e.reduce((a, v) => a + v, 0) / COUNT;
        const absolute = e.reduce((a, v) => a + Math.abs(v), 0) / COUNT;
        const variance = e.reduce((a, v) => a + (v - mean) ** 2, 0) / COUNT;
        return absolute ** 2 / variance;
      }).sort((a, b) => a - b);
      const median = (expected[(perBlock - 1) >> 1]! + expected[perBlock >> 1]!) / 2;
      expect(Math.abs(level.alignmentMedian! - median)).toBeLessThan(0.04);
    }
    expect(record.levels[0]!.alignmentMedian).toBeLessThan(0.5);
    // One block per axis at b = 8 leaves no distances on the coarse torus: no exponent.
    expect(record.levels[2]!.correlationExponent).toBeNull();
    expect(record.levels[0]!.correlationExponent).not.toBeNull();
  });
});

describe("renderBondFieldGrid", () => {
  it("draws bond weights on the 2L x 2L grid and the kjr decoys in a figure of their own", async () => {
    const size = 2;
    const cell = 3, gap = 1;
    // One unit: +1 on bond (0, 0)-(1, 0), grid row 0, column 1; and for kjr -1 on the vertex decoy at row 0, column 0.
    const bondsField = new Float32Array(2 * size * size);
    bondsField[0] = 1;
    const plain = await renderBondFieldGrid(bondsField, dimerLayout("bonds", size), 1, { cellPixels: cell, gap });
    expect(plain.decoys).toBeUndefined();
    const kjrField = new Float32Array(4 * size * size);
    kjrField[1] = 1;
    kjrField[0] = -1;
    const kjr = await renderBondFieldGrid(kjrField, dimerLayout("kjr", size), 1, { cellPixels: cell, gap });
    const pixel = async (png: Buffer, row: number, column: number) => {
      const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([4 * cell + 2 * gap, 4 * cell + 2 * gap]);
      const at = ((gap + row * cell + 1) * info.width + gap + column * cell + 1) * info.channels;
      return [data[at], data[at + 1], data[at + 2]];
    };
    const red = [103, 0, 31], blue = [5, 48, 97], white = [255, 255, 255];
    expect(await pixel(plain.bonds, 0, 1)).toEqual(red);
    expect(await pixel(plain.bonds, 0, 0)).toEqual(white);
    expect(await pixel(kjr.bonds, 0, 1)).toEqual(red);
    expect(await pixel(kjr.bonds, 0, 0)).toEqual(white);
    expect(await pixel(kjr.decoys!, 0, 0)).toEqual(blue);
    expect(await pixel(kjr.decoys!, 0, 1)).toEqual(white);
  });
});
