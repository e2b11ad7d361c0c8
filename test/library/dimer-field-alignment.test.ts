import { beforeAll, describe, expect, it } from "vitest";
import { blockElectricField, sampleDimers } from "../../src/systems/dimer/index.js";
import {
  ALIGNED_R2, fieldAlignment, squaredMultipleCorrelation, unitBlocks,
} from "../../src/systems/dimer/field-alignment.js";
import { layerLocality } from "../../src/analysis/locality.js";
import { testCore } from "../support/core.js";
import { mulberry32 } from "../support/random.js";

// Field alignment (src/systems/dimer/field-alignment.ts) on sampled free
// dimers: known answers (an affine function of the block field has R^2 = 1,
// an independent activation R^2 ~ chi^2_2 / N) and agreement with a plain
// least-squares fit by the normal equations.

const SIZE = 8;
const COUNT = 1200;
let bonds: Uint8Array;

beforeAll(async () => {
  const core = await testCore();
  bonds = sampleDimers(core, { size: SIZE, interaction: 0, temperature: 1, count: COUNT, seed: 41, chains: 4 }).configs;
});

/** R^2 by the normal equations X^T X c = X^T y with X = [1, x1, x2], solved by Gaussian elimination with pivoting. */
function normalEquationsR2(y: readonly number[], x1: readonly number[], x2: readonly number[]): number {
  const rows = y.map((_, s) => [1, x1[s]!, x2[s]!]);
  const a = [0, 1, 2].map((i) => [0, 1, 2].map((j) => rows.reduce((sum, r) => sum + r[i]! * r[j]!, 0)));
  const b = [0, 1, 2].map((i) => rows.reduce((sum, r, s) => sum + r[i]! * y[s]!, 0));
  for (let col = 0; col < 3; col++) {
    const pivot = [col, 1, 2].filter((r) => r >= col).reduce((best, r) => (Math.abs(a[r]![col]!) > Math.abs(a[best]![col]!) ? r : best), col);
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    for (let r = col + 1; r < 3; r++) {
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c < 3; c++) a[r]![c]! -= f * a[col]![c]!;
      b[r]! -= f * b[col]!;
    }
  }
  const coef = [0, 0, 0];
  for (let r = 2; r >= 0; r--) coef[r] = (b[r]! - [0, 1, 2].filter((c) => c > r).reduce((s, c) => s + a[r]![c]! * coef[c]!, 0)) / a[r]![r]!;
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  let residual = 0, total = 0;
  rows.forEach((r, s) => {
    residual += (y[s]! - (coef[0]! + coef[1]! * r[1]! + coef[2]! * r[2]!)) ** 2;
    total += (y[s]! - mean) ** 2;
  });
  return 1 - residual / total;
}

describe("field alignment", () => {
  it("gives R^2 = 1 for an affine function of the block's field and ~ 2 / N for independent activations", () => {
    const block = 2;
    const blocks = (SIZE / block) ** 2;
    const fields = blockElectricField(bonds, SIZE, block);
    const random = mulberry32(3);
    const nUnits = 52;
    // Unit 0 reads E_x of block 5, unit 1 reads 0.2 E_x - 0.5 E_y + 1 of block 9; units 2.. are independent coins.
    const activations = new Float32Array(COUNT * nUnits);
    for (let s = 0; s < COUNT; s++) {
      const at = (blockIndex: number, axis: number) => fields[(s * blocks + blockIndex) * 2 + axis]!;
      activations[s * nUnits] = 0.25 + 0.125 * at(5, 0);
      activations[s * nUnits + 1] = 0.25 * at(9, 0) - 0.5 * at(9, 1) + 1;
      for (let u = 2; u < nUnits; u++) activations[s * nUnits + u] = random();
    }
    const blockOfUnit = Int32Array.from({ length: nUnits }, (_, u) => (u === 0 ? 5 : u === 1 ? 9 : u % blocks));
    const result = fieldAlignment(activations, nUnits, bonds, SIZE, block, blockOfUnit);
    expect(result.r2[0]).toBeCloseTo(1, 6);
    expect(result.r2[1]).toBeCloseTo(1, 6);
    // Independent of the regressors, (N - 3) R^2 / (2 (1 - R^2)) ~ F(2, N - 3): mean 2 / (N - 1), sd about 2 / N each.
    const independent = Array.from(result.r2.subarray(2));
    const mean = independent.reduce((s, v) => s + v, 0) / independent.length;
    const expected = 2 / (COUNT - 1);
    expect(Math.abs(mean - expected)).toBeLessThan((4 * (2 / COUNT)) / Math.sqrt(independent.length));
    expect(Math.max(...independent)).toBeLessThan(ALIGNED_R2);
    expect(result.alignedShare).toBeCloseTo(2 / nUnits, 12);
    expect(result.median).toBeLessThan(10 / COUNT);
  });

  it("agrees with a plain least-squares fit by the normal equations", () => {
    const block = 4;
    const blocks = (SIZE / block) ** 2;
    const fields = blockElectricField(bonds, SIZE, block);
    const random = mulberry32(8);
    const nUnits = 3;
    // A noisy, nonlinear read-out of E_x, a sigmoid of both components, and a unit on a block it does not read.
    const activations = new Float32Array(COUNT * nUnits);
    for (let s = 0; s < COUNT; s++) {
      const at = (blockIndex: number, axis: number) => fields[(s * blocks + blockIndex) * 2 + axis]!;
      activations[s * nUnits] = at(1, 0) ** 3 + 2 * random();
      activations[s * nUnits + 1] = 1 / (1 + Math.exp(-(at(2, 0) - 2 * at(2, 1))));
      activations[s * nUnits + 2] = at(3, 1) + 0.5 * at(0, 0) + random();
    }
    const blockOfUnit = Int32Array.of(1, 2, 0);
    const { r2 } = fieldAlignment(activations, nUnits, bonds, SIZE, block, blockOfUnit);
    for (let u = 0; u < nUnits; u++) {
      const y = Array.from({ length: COUNT }, (_, s) => activations[s * nUnits + u]!);
      const ex = Array.from({ length: COUNT }, (_, s) => fields[(s * blocks + blockOfUnit[u]!) * 2]!);
      const ey = Array.from({ length: COUNT }, (_, s) => fields[(s * blocks + blockOfUnit[u]!) * 2 + 1]!);
      const reference = normalEquationsR2(y, ex, ey);
      expect(reference).toBeGreaterThan(0.005);
      expect(r2[u]).toBeCloseTo(reference, 9);
    }
  });

  it("drops a constant or repeated regressor, and is NaN for a constant response", () => {
    const x = [1, 2, 3, 4, 6];
    const y = [2, 1, 4, 3, 7];
    const alone = squaredMultipleCorrelation(y, [x]);
    expect(squaredMultipleCorrelation(y, [x, [5, 5, 5, 5, 5]])).toBeCloseTo(alone, 12);
    expect(squaredMultipleCorrelation(y, [x, x.map((v) => 2 * v - 1)])).toBeCloseTo(alone, 12);
    // One regressor: R^2 is the squared Pearson correlation.
    const mx = 16 / 5, my = 17 / 5;
    const sxy = x.reduce((s, v, i) => s + (v - mx) * (y[i]! - my), 0);
    const sxx = x.reduce((s, v) => s + (v - mx) ** 2, 0);
    const syy = y.reduce((s, v) => s + (v - my) ** 2, 0);
    expect(alone).toBeCloseTo((sxy * sxy) / (sxx * syy), 12);
    expect(squaredMultipleCorrelation([3, 3, 3, 3, 3], [x])).toBeNaN();
  });

  it("finds the block of a field drawn over one b-aligned block of the grid", () => {
    for (const block of [1, 2, 4]) {
      const side = 2 * SIZE;
      const perSide = SIZE / block;
      const nUnits = perSide * perSide;
      // Unit (bx, by): uniform weight on grid columns 2 b bx .. 2 b bx + 2b - 1 and the same rows.
      const fields = new Float32Array(side * side * nUnits);
      for (let row = 0; row < side; row++) {
        for (let column = 0; column < side; column++) {
          const unit = Math.floor(row / (2 * block)) * perSide + Math.floor(column / (2 * block));
          fields[(row * side + column) * nUnits + unit] = (row + column) % 2 === 1 ? 1 : 0.5;
        }
      }
      const units = layerLocality(fields, side, nUnits, 2 * block).units;
      const blocks = unitBlocks(units.map((u) => u.centreX), units.map((u) => u.centreY), SIZE, block);
      expect(Array.from(blocks)).toEqual(Array.from({ length: nUnits }, (_, u) => u));
    }
    expect(() => unitBlocks([0], [0], SIZE, 3)).toThrow(RangeError);
  });
});
