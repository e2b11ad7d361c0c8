// Locality on open grids (src/analysis/geometry.ts, src/analysis/locality.ts;
// `docs/methods.md`, Locality: open grids): constructed fields whose numbers
// are worked out by hand, and the random-field reference on an open 28 x 28
// image grid against a plain re-computation of the same definitions written
// here. The torus numbers are held by test/library/analysis.test.ts; here only
// that a side L and torusGeometry(L) are the same grid.

import { describe, expect, it } from "vitest";
import { asGeometry, openGeometry, torusGeometry, type Geometry } from "../../src/analysis/geometry.js";
import {
  kForLayer, layerLocality, meanOverlap, randomFieldMatrix, randomFieldOverlap, randomFieldReference, unitLocality,
} from "../../src/analysis/locality.js";

/** A field over the grid with `value` at the listed (x, y) pixels, 0 elsewhere. */
function pixels(geometry: Geometry, entries: readonly (readonly [x: number, y: number, value: number])[]): Float32Array {
  const field = new Float32Array(geometry.width * geometry.height);
  for (const [x, y, value] of entries) field[y * geometry.width + x] = value;
  return field;
}

const OPEN = openGeometry(28);

describe("geometry", () => {
  it("a side L is the L x L torus; sides must be positive integers and the kind known", () => {
    expect(asGeometry(40)).toEqual(torusGeometry(40));
    expect(asGeometry(40)).toEqual({ kind: "torus", width: 40, height: 40 });
    expect(openGeometry(5, 3)).toEqual({ kind: "open", width: 5, height: 3 });
    expect(() => asGeometry(0)).toThrow(RangeError);
    expect(() => openGeometry(28, 2.5)).toThrow(RangeError);
    expect(() => asGeometry({ kind: "sphere" as "open", width: 4, height: 4 })).toThrow(RangeError);
    expect(() => unitLocality(new Float32Array(27 * 28), OPEN, 2)).toThrow(/open 28 x 28 grid has 784 sites, got 756/);
  });
});

describe("unitLocality on an open grid", () => {
  it.each([[0, 0], [27, 27], [0, 27], [27, 0], [13, 6]])("a single pixel at (%i, %i): centre there, spread 0, block fraction 1", (x, y) => {
    const field = pixels(OPEN, [[x, y, -0.4]]);
    for (const k of [1, 2, 3, 4, 7, 28, 29]) {
      const u = unitLocality(field, OPEN, k);
      expect(u).toEqual({ centreX: x, centreY: y, spread: 0, blockFraction: 1, centred: true });
    }
  });

  it("two pixels at the left and right edges are far apart on an image and neighbours on the torus", () => {
    // open: centre x = 13.5, both pixels 13.5 away; torus: the circular centre sits between them across the edge
    const field = pixels(OPEN, [[0, 4, 1], [27, 4, 1]]);
    const open = unitLocality(field, OPEN, 2);
    expect(open.centreX).toBeCloseTo(13.5, 12);
    expect(open.centreY).toBeCloseTo(4, 12);
    expect(open.spread).toBeCloseTo(13.5, 12);
    expect(open.blockFraction).toBe(0); // the 2 x 2 block at columns 13..14 holds neither
    const torus = unitLocality(field, 28, 2);
    expect(torus.centreX).toBeCloseTo(27.5, 12);
    expect(torus.spread).toBeCloseTo(0.5, 12);
    expect(torus.blockFraction).toBeCloseTo(1, 12); // columns 27 and 0, rows 4..5: both pixels
  });

  it("a blob near the edge: plain centre, Euclidean spread, and the block clipped at the edge", () => {
    // w = 9 at x = 0 and w = 1 at x = 3 (row 0): centre x = 3 / 10 = 0.3;
    // spread^2 = (9 * 0.3^2 + 1 * 2.7^2) / 10 = 0.81. At k = 4 the run starts at round(0.3 - 1.5) = -1, so the
    // block is columns -1..2 clipped to 0..2: it holds the 9 and not the 1.
    const field = pixels(OPEN, [[0, 0, 3], [3, 0, -1]]);
    const u = unitLocality(field, OPEN, 4);
    expect(u.centreX).toBeCloseTo(0.3, 12);
    expect(u.centreY).toBe(0);
    expect(u.spread).toBeCloseTo(0.9, 12);
    expect(u.blockFraction).toBeCloseTo(0.9, 12);
    // at k = 6 the run is round(0.3 - 2.5) = -2 .. 3, clipped to 0..3: both pixels
    expect(unitLocality(field, OPEN, 6).blockFraction).toBeCloseTo(1, 12);
  });

  it("a uniform k x k block in a corner gives block fraction 1 at side k and spread sqrt((k^2 - 1) / 6)", () => {
    for (let k = 1; k <= 6; k++) {
      const entries: [number, number, number][] = [];
      for (let y = 0; y < k; y++) for (let x = 0; x < k; x++) entries.push([x, y, 1]);
      const u = unitLocality(pixels(OPEN, entries), OPEN, k);
      expect(u.centreX, `k = ${k}`).toBeCloseTo((k - 1) / 2, 12);
      expect(u.spread, `k = ${k}`).toBeCloseTo(Math.sqrt((k * k - 1) / 6), 12);
      expect(u.blockFraction, `k = ${k}`).toBeCloseTo(1, 12);
    }
  });

  it.each([1, 2, 5, 28])("a uniform field on the open %i x %i grid: centre in the middle, spread sqrt((n^2 - 1) / 6)", (n) => {
    const geometry = openGeometry(n);
    // the exact value: per axis the mean square offset of 0..n-1 from (n-1)/2, both axes added
    let perAxis = 0;
    for (let x = 0; x < n; x++) perAxis += (x - (n - 1) / 2) ** 2 / n;
    const exact = Math.sqrt(2 * perAxis);
    expect(exact).toBeCloseTo(Math.sqrt((n * n - 1) / 6), 12);
    const u = unitLocality(new Float32Array(n * n).fill(-0.3), geometry, 2);
    expect(u.centred).toBe(true);
    expect(u.centreX).toBeCloseTo((n - 1) / 2, 12);
    expect(u.centreY).toBeCloseTo((n - 1) / 2, 12);
    expect(u.spread).toBeCloseTo(exact, 12);
    // the 2 x 2 block about the middle (clipped to the one pixel when n = 1)
    expect(u.blockFraction).toBeCloseTo(Math.min(4, n * n) / (n * n), 12);
  });

  it("non-square grids: a 5 x 3 image and a 6 x 4 torus", () => {
    const wide = openGeometry(5, 3);
    expect(unitLocality(pixels(wide, [[4, 2, 1]]), wide, 2)).toEqual({ centreX: 4, centreY: 2, spread: 0, blockFraction: 1, centred: true });
    // uniform: per-axis variances (5^2 - 1)/12 = 2 and (3^2 - 1)/12 = 2/3
    const uniform = unitLocality(new Float32Array(15).fill(1), wide, 3);
    expect(uniform.centreX).toBeCloseTo(2, 12);
    expect(uniform.centreY).toBeCloseTo(1, 12);
    expect(uniform.spread).toBeCloseTo(Math.sqrt(2 + 2 / 3), 12);
    expect(uniform.blockFraction).toBeCloseTo(9 / 15, 12);
    // torus 6 x 4: a 2 x 2 block across both edges (x = 5, 0; y = 3, 0) is centred at (5.5, 3.5)
    const torus = torusGeometry(6, 4);
    const wrapped = unitLocality(pixels(torus, [[5, 3, 1], [0, 3, 1], [5, 0, 1], [0, 0, 1]]), torus, 2);
    expect(wrapped.centreX).toBeCloseTo(5.5, 12);
    expect(wrapped.centreY).toBeCloseTo(3.5, 12);
    expect(wrapped.spread).toBeCloseTo(Math.sqrt(0.5), 12);
    expect(wrapped.blockFraction).toBeCloseTo(1, 12);
    // a block side longer than the height but not the width takes whole columns: k = 5 holds 5 of 6 columns
    expect(unitLocality(new Float32Array(24).fill(1), torus, 5).blockFraction).toBeCloseTo(20 / 24, 12);
    expect(kForLayer(wide, 15, 1)).toBe(4); // round(sqrt 15), within 1..max(5, 3)
  });

  it("a side L and torusGeometry(L) measure the same", () => {
    const field = randomFieldMatrix(12, 1, 9);
    expect(unitLocality(field, torusGeometry(12), 3)).toEqual(unitLocality(field, 12, 3));
    expect(randomFieldReference(torusGeometry(12), 9, 4, 2)).toEqual(randomFieldReference(12, 9, 4, 2));
    expect(randomFieldOverlap(torusGeometry(12), 9, 2)).toBe(randomFieldOverlap(12, 9, 2));
  });
});

// --- the random reference on the open 28 x 28 grid -----------------------------

/** Type-7 quantile of sorted values. */
function quantile(sorted: readonly number[], p: number): number {
  const h = p * (sorted.length - 1);
  const lo = Math.floor(h), hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** The open-grid definitions, written out pixel by pixel for one column of a row-major 784 x nUnits matrix. */
function plainOpenLocality(matrix: Float32Array, nUnits: number, unit: number, k: number): { spread: number; blockFraction: number } {
  let total = 0, sumX = 0, sumY = 0;
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const w = matrix[(y * 28 + x) * nUnits + unit]! ** 2;
      total += w; sumX += w * x; sumY += w * y;
    }
  }
  const cx = sumX / total, cy = sumY / total;
  const startX = Math.round(cx - (k - 1) / 2), startY = Math.round(cy - (k - 1) / 2);
  let moment = 0, inBlock = 0;
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const w = matrix[(y * 28 + x) * nUnits + unit]! ** 2;
      moment += w * ((x - cx) ** 2 + (y - cy) ** 2);
      // pixels only exist inside the image, so "the run, clipped" is just "x in the run"
      if (x >= startX && x < startX + k && y >= startY && y < startY + k) inBlock += w;
    }
  }
  return { spread: Math.sqrt(moment / total), blockFraction: inBlock / total };
}

describe("random-field reference on the open 28 x 28 grid", () => {
  it.each([[196, 2], [49, 4]])("%i units, k = %i: equals the plain computation of the definitions", (nUnits, k) => {
    expect(kForLayer(OPEN, 784, nUnits)).toBe(k);
    const matrix = randomFieldMatrix(OPEN, nUnits, 1);
    const plain = Array.from({ length: nUnits }, (_, unit) => plainOpenLocality(matrix, nUnits, unit, k));
    const reference = randomFieldReference(OPEN, nUnits, k, 1);
    expect(reference.blockSide).toBe(k);
    expect(reference.units.every((u) => u.centred)).toBe(true);
    reference.units.forEach((u, unit) => {
      expect(u.spread).toBeCloseTo(plain[unit]!.spread, 10);
      expect(u.blockFraction).toBeCloseTo(plain[unit]!.blockFraction, 12);
    });
    const spreads = plain.map((u) => u.spread).sort((a, b) => a - b);
    const fractions = plain.map((u) => u.blockFraction).sort((a, b) => a - b);
    for (const [p, name] of [[0.25, "q25"], [0.5, "median"], [0.75, "q75"]] as const) {
      expect(reference.spread[name]).toBeCloseTo(quantile(spreads, p), 10);
      expect(reference.blockFraction[name]).toBeCloseTo(quantile(fractions, p), 12);
    }
    // the same fields measured as a layer directly
    expect(layerLocality(matrix, OPEN, nUnits, k)).toEqual(reference);

    // overlap: the pair mean of cosines of |r|, written out; it has no geometry in it
    let sum = 0;
    for (let i = 0; i < nUnits; i++) {
      for (let j = i + 1; j < nUnits; j++) {
        let dot = 0, ni = 0, nj = 0;
        for (let s = 0; s < 784; s++) {
          const a = matrix[s * nUnits + i]!, b = matrix[s * nUnits + j]!;
          dot += Math.abs(a * b); ni += a * a; nj += b * b;
        }
        sum += dot / Math.sqrt(ni * nj);
      }
    }
    const overlap = randomFieldOverlap(OPEN, nUnits, 1);
    expect(overlap).toBeCloseTo(sum / ((nUnits * (nUnits - 1)) / 2), 10);
    expect(overlap).toBe(randomFieldOverlap(28, nUnits, 1));
    expect(overlap).toBe(meanOverlap(matrix, 784, nUnits));
    expect(Math.abs(overlap - 2 / Math.PI)).toBeLessThan(0.01);
  });

  it("196 units: spread just under the uniform 11.42, above the torus's, block fraction about k^2 / N", () => {
    // spread^2 = (uniform second moment about the middle) - |centre - middle|^2, with E|centre - middle|^2 about
    // Var(w) / E[w]^2 * 2 (n^2 - 1) / 12 / N = 2 * 130.5 / 784 for w = X^2 (Var 2, mean 1): header of locality.ts
    const n = 28, N = n * n, nUnits = 196;
    const uniform = (2 * (n * n - 1)) / 12;
    const expected = Math.sqrt(uniform - (2 * uniform) / N); // 11.409
    const open = randomFieldReference(OPEN, nUnits, 2, 1);
    const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    // per-unit spreads have sd about 0.2: the mean of 196 within 0.05 (3.5 standard errors)
    expect(Math.abs(mean(open.units.map((u) => u.spread)) - expected)).toBeLessThan(0.05);
    // the torus's circular centre leans first-order: sqrt(L^2/6 - 2 (L^2/pi^2) sqrt(pi / 2N)) = 11.12 on 28 x 28
    const torus = randomFieldReference(28, nUnits, 2, 1);
    expect(open.spread.median - torus.spread.median).toBeGreaterThan(0.2);
    // 4 chi-square(1) weights per block: relative sd sqrt(2/4) per unit; the mean over 196 units within 4 standard
    // errors of k^2 / N, with no lift
    const fraction = mean(open.units.map((u) => u.blockFraction));
    expect(Math.abs(fraction / (4 / N) - 1)).toBeLessThan(4 * Math.sqrt(2 / (4 * nUnits)));
  });
});
