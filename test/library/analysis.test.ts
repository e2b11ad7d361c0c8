// Analysis library: the matmulF32 kernel and receptive-field products against
// float64 references, and the locality measures (src/analysis/locality.ts) on
// constructed fields whose values are worked out by hand in each test.
//
// Tolerance for f32 products: a float32 sum of n products differs from the
// exact sum by at most gamma(n) sum |terms|, gamma(n) = n u / (1 - n u),
// u = 2^-24, whatever the blocking (Higham 3.1). Through a chain of products
// the error of r(l-1) is carried by |W(l)| as well (bound propagated below).

import { describe, expect, it } from "vitest";
import type { Core } from "../../src/index.js";
import { fieldColumn, receptiveFields } from "../../src/analysis/receptive-field.js";
import {
  kForLayer, layerLocality, meanOverlap, quartiles, randomFieldMatrix, randomFieldReference, unitLocality,
} from "../../src/analysis/locality.js";
import { zeroParameters, type RbmParameters } from "../../src/rbm/rbm-parameters.js";
import { testCore } from "../support/core.js";
import { mulberry32 } from "../support/random.js";

const U = 2 ** -24;
const gamma = (n: number): number => (n * U) / (1 - n * U);


function randF32(rand: () => number, n: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, () => scale * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));
}

/** out = A B in float64 (A rows x inner, B inner x cols), optionally on |A| and |B|. */
function matmulRef(A: ArrayLike<number>, B: ArrayLike<number>, rows: number, inner: number, cols: number, abs = false): Float64Array {
  const out = new Float64Array(rows * cols);
  const f = abs ? Math.abs : (x: number) => x;
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < inner; k++) {
      const a = f(A[r * inner + k]!);
      for (let c = 0; c < cols; c++) out[r * cols + c]! += a * f(B[k * cols + c]!);
    }
  }
  return out;
}

function expectWithin(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) {
    const error = Math.abs(actual[k]! - expected[k]!);
    if (!(error <= tol[k]! + 1e-30)) throw new Error(`${what}: element ${k} got ${actual[k]} want ${expected[k]} (tolerance ${tol[k]})`);
  }
}

function putF32(core: Core, values: ArrayLike<number>): number {
  const ptr = core.arena.alloc(4 * values.length);
  core.arena.f32(ptr, values.length).set(values);
  return ptr;
}

// --- kernel ------------------------------------------------------------------

describe("matmulF32", () => {
  // cols covers the 8-, 4- and 1-wide column paths and the M = 1 32-wide
  // panels; inner 300 and 520 span more than one 256-deep k block; rows covers
  // partial 4-row tiles; inner 0 must give zeros, rows 0 nothing.
  const cases = [
    [1, 1, 1], [1, 37, 61], [1, 300, 64], [5, 7, 3], [7, 300, 45], [13, 19, 101], [37, 520, 9], [4, 0, 5], [0, 5, 3], [6, 3, 0],
  ] as const;
  it.each(cases)("rows %i, inner %i, cols %i matches float64 within the rounding bound and overwrites out", async (rows, inner, cols) => {
    const core = await testCore();
    const rand = mulberry32(rows * 1000 + inner * 10 + cols);
    const A = randF32(rand, rows * inner, 1);
    const B = randF32(rand, inner * cols, 0.5);
    core.arena.scoped(() => {
      const out = core.arena.alloc(4 * rows * cols);
      core.arena.f32(out, rows * cols).fill(Number.NaN); // stale contents must not leak into the result
      core.kernels.matmulF32(putF32(core, A), putF32(core, B), rows, inner, cols, out);
      const bound = matmulRef(A, B, rows, inner, cols, true).map((a) => gamma(inner) * a);
      expectWithin(core.arena.f32(out, rows * cols), matmulRef(A, B, rows, inner, cols), bound, `${rows}x${inner}x${cols}`);
    });
  });
});

// --- receptive fields --------------------------------------------------------

function randomLayer(rand: () => number, nVisible: number, nHidden: number): RbmParameters {
  return { ...zeroParameters(nVisible, nHidden), weights: randF32(rand, nVisible * nHidden, 0.3) };
}

describe("receptiveFields", () => {
  it("r(1) = W(1) exactly and r(l) = r(l-1) W(l) for 3 layers of awkward sizes", async () => {
    const core = await testCore();
    const rand = mulberry32(7);
    const sizes = [310, 45, 13, 6];
    const layers = sizes.slice(1).map((n, l) => randomLayer(rand, sizes[l]!, n));
    const fields = receptiveFields(core, layers);
    expect(fields.map((f) => f.length)).toEqual([310 * 45, 310 * 13, 310 * 6]);
    expect(fields[0]).toEqual(layers[0]!.weights);
    // exact products of the true weights, |.| products, and the propagated f32 error bound
    let exact: Float64Array = Float64Array.from(layers[0]!.weights);
    let magnitude: Float64Array = exact.map(Math.abs);
    let bound: Float64Array = new Float64Array(exact.length);
    for (let l = 1; l < layers.length; l++) {
      const { nVisible: inner, nHidden: cols, weights } = layers[l]!;
      const carried = matmulRef(bound, weights, sizes[0]!, inner, cols, true);
      const rounding = matmulRef(magnitude.map((m, k) => m + bound[k]!), weights, sizes[0]!, inner, cols, true).map((a) => gamma(inner) * a);
      exact = matmulRef(exact, weights, sizes[0]!, inner, cols);
      magnitude = matmulRef(magnitude, weights, sizes[0]!, inner, cols, true);
      bound = carried.map((c, k) => c + rounding[k]!);
      expectWithin(fields[l]!, exact, bound, `layer ${l + 1}`);
    }
  });

  it("rejects a stack whose layer sizes do not chain, and gives [] for no layers", async () => {
    const core = await testCore();
    expect(() => receptiveFields(core, [zeroParameters(16, 4), zeroParameters(5, 2)])).toThrow(/5 visible units but layer 1 has 4/);
    expect(receptiveFields(core, [])).toEqual([]);
  });

  it("fieldColumn picks column j of the row-major nVisible x nUnits matrix", () => {
    const field = Float32Array.from({ length: 4 * 3 }, (_, k) => k); // site s, unit j holds 3 s + j
    expect(Array.from(fieldColumn(field, 4, 3, 2))).toEqual([2, 5, 8, 11]);
    expect(() => fieldColumn(field, 4, 3, 3)).toThrow(RangeError);
  });
});

// --- locality on constructed fields ------------------------------------------

const L = 40;

/** A field on the L x L lattice with `value(x, y)` on the listed columns x rows, 0 elsewhere. */
function blockField(xs: readonly number[], ys: readonly number[], value: (x: number, y: number) => number = () => 1, side = L): Float32Array {
  const field = new Float32Array(side * side);
  for (const y of ys) for (const x of xs) field[y * side + x] = value(x, y);
  return field;
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => (from + i) % L);

describe("unitLocality", () => {
  it.each([[0, 0], [39, 39], [0, 39], [17, 5]])("a single site at (%i, %i): centre there, spread 0, block fraction 1 for every k", (x, y) => {
    const field = blockField([x], [y], () => -0.7);
    for (const k of [1, 2, 3, 4, 8, 39, 40, 41]) {
      const u = unitLocality(field, L, k);
      expect(u.centred).toBe(true);
      // circular centre of (L - 1) may come out as L - 1 + tiny or -tiny wrapped: compare on the ring
      expect(Math.abs(((u.centreX - x + L / 2) % L) - L / 2)).toBeLessThan(1e-9);
      expect(Math.abs(((u.centreY - y + L / 2) % L) - L / 2)).toBeLessThan(1e-9);
      expect(u.spread).toBeLessThan(1e-9);
      expect(u.blockFraction).toBe(1);
    }
  });

  it("a 2 x 2 block in the middle: centre (19.5, 19.5), spread sqrt(0.5), block fraction 1 at k = 2 and 1/4 at k = 1", () => {
    const field = blockField([19, 20], [19, 20]);
    const u = unitLocality(field, L, 2);
    expect(u.centreX).toBeCloseTo(19.5, 12);
    expect(u.centreY).toBeCloseTo(19.5, 12);
    expect(u.spread).toBeCloseTo(Math.sqrt(0.5), 12); // every site is sqrt(0.25 + 0.25) from the centre
    expect(u.blockFraction).toBeCloseTo(1, 12);
    expect(unitLocality(field, L, 1).blockFraction).toBeCloseTo(0.25, 12);
    expect(unitLocality(field, L, 4).blockFraction).toBeCloseTo(1, 12);
  });

  it("a 2 x 2 block straddling both periodic boundaries (sites 0 and L-1): centre (39.5, 39.5), spread sqrt(0.5), block fraction 1", () => {
    const field = blockField([39, 0], [39, 0]);
    const u = unitLocality(field, L, 2);
    expect(u.centred).toBe(true);
    expect(u.centreX).toBeCloseTo(39.5, 12);
    expect(u.centreY).toBeCloseTo(39.5, 12);
    expect(u.spread).toBeCloseTo(Math.sqrt(0.5), 12);
    expect(u.blockFraction).toBeCloseTo(1, 12);
  });

  it.each([18, 38])("a 4 x 4 block from (%i, %i): spread sqrt(2.5), block fraction 1 at k = 4 and 8, 4/16 at k = 2", (from) => {
    // offsets +-0.5, +-1.5 per axis: mean d^2 = 2 (0.25 + 2.25) / 2 = 2.5
    const field = blockField(range(from, 4), range(from, 4));
    const u = unitLocality(field, L, 4);
    expect(u.centreX).toBeCloseTo((from + 1.5) % L, 12);
    expect(u.spread).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(u.blockFraction).toBeCloseTo(1, 12);
    expect(unitLocality(field, L, 2).blockFraction).toBeCloseTo(4 / 16, 12);
    expect(unitLocality(field, L, 8).blockFraction).toBeCloseTo(1, 12);
  });

  it("a uniform k x k block has spread sqrt((k^2 - 1) / 6) and block fraction 1 at side k, k = 1..8", () => {
    for (let k = 1; k <= 8; k++) {
      const u = unitLocality(blockField(range(37, k), range(3, k)), L, k);
      expect(u.spread, `k = ${k}`).toBeCloseTo(Math.sqrt((k * k - 1) / 6), 12);
      expect(u.blockFraction, `k = ${k}`).toBeCloseTo(1, 12);
    }
  });

  it("signs do not matter, only r^2: a mixed-sign block measures like its magnitudes", () => {
    // checkerboard signs with magnitudes symmetric about the block centre, so the numbers are still hand-checkable
    const magnitude = (x: number, y: number) => 1 + Math.abs(x - 19.5) * Math.abs(y - 19.5);
    const signed = blockField(range(18, 4), range(18, 4), (x, y) => ((x + y) % 2 ? -1 : 1) * magnitude(x, y));
    const unsigned = blockField(range(18, 4), range(18, 4), magnitude);
    expect(unitLocality(signed, L, 4)).toEqual(unitLocality(unsigned, L, 4));
    // by hand, w = r^2 with |dx|, |dy| in {0.5, 1.5}, each (|dx|, |dy|) pair on 4 sites:
    // (0.5, 0.5): r = 1.25, w = 1.5625, d^2 = 0.5; (0.5, 1.5) and (1.5, 0.5): r = 1.75, w = 3.0625, d^2 = 2.5;
    // (1.5, 1.5): r = 3.25, w = 10.5625, d^2 = 4.5. sum w = 4 * 18.25 = 73;
    // sum w d^2 = 4 * (0.78125 + 2 * 7.65625 + 47.53125) = 254.5; spread = sqrt(254.5 / 73)
    expect(unitLocality(signed, L, 4).spread).toBeCloseTo(Math.sqrt(254.5 / 73), 12);
    // a 2 x 2 block +1 -1 / -1 +1 sums to 0 but is as local as the all-ones block
    const zeroSum = blockField([19, 20], [19, 20], (x, y) => ((x + y) % 2 ? -1 : 1));
    expect(unitLocality(zeroSum, L, 2).spread).toBeCloseTo(Math.sqrt(0.5), 12);
    expect(unitLocality(zeroSum, L, 2).blockFraction).toBeCloseTo(1, 12);
  });

  it("a uniform field has no centre: falls back to site 0, centred false, spread sqrt(267), block fraction 4/1600 at k = 2", () => {
    // per axis offsets 0, +-1, ..., +-19, 20 from a site: mean square (2 * 2470 + 400) / 40 = 133.5
    const u = unitLocality(new Float32Array(L * L).fill(0.25), L, 2);
    expect(u).toMatchObject({ centreX: 0, centreY: 0, centred: false });
    expect(u.spread).toBeCloseTo(Math.sqrt(267), 10);
    expect(u.blockFraction).toBeCloseTo(4 / 1600, 12);
  });

  it("falls back per axis: two equal sites on opposite columns keep their circular row centre", () => {
    const field = blockField([0, 20], [5]);
    const u = unitLocality(field, L, 1);
    expect(u.centred).toBe(false);
    expect(u.centreX).toBe(0); // the first heaviest site
    expect(u.centreY).toBeCloseTo(5, 12);
    expect(u.spread).toBeCloseTo(Math.sqrt(200), 10); // distances 0 and 20
    expect(u.blockFraction).toBeCloseTo(0.5, 12);
  });

  it("an all-zero field gives NaN spread and block fraction, and bad shapes throw", () => {
    const u = unitLocality(new Float32Array(L * L), L, 2);
    expect(u.centred).toBe(false);
    expect(u.spread).toBeNaN();
    expect(u.blockFraction).toBeNaN();
    expect(() => unitLocality(new Float32Array(L * L - 1), L, 2)).toThrow(RangeError);
    expect(() => unitLocality(new Float32Array(L * L), L, 0)).toThrow(RangeError);
  });
});

// --- layers, overlap, references ---------------------------------------------

/** Row-major L^2 x nUnits matrix whose unit j is the k x k tile number j of the lattice. */
function tiling(k: number): { matrix: Float32Array; nUnits: number } {
  const perSide = L / k;
  const nUnits = perSide * perSide;
  const matrix = new Float32Array(L * L * nUnits);
  for (let unit = 0; unit < nUnits; unit++) {
    const x0 = (unit % perSide) * k, y0 = Math.floor(unit / perSide) * k;
    for (const y of range(y0, k)) for (const x of range(x0, k)) matrix[(y * L + x) * nUnits + unit] = unit % 2 ? -1.5 : 2;
  }
  return { matrix, nUnits };
}

describe("layer summaries", () => {
  it("a perfect tiling by 2 x 2 and 4 x 4 blocks: every spread exact, block fraction 1, overlap 0", () => {
    for (const [k, spread] of [[2, Math.sqrt(0.5)], [4, Math.sqrt(2.5)]] as const) {
      const { matrix, nUnits } = tiling(k);
      const layer = layerLocality(matrix, L, nUnits, kForLayer(L, L * L, nUnits));
      expect(layer.blockSide).toBe(k);
      expect(layer.units).toHaveLength(nUnits);
      for (const q of [layer.spread.q25, layer.spread.median, layer.spread.q75]) expect(q).toBeCloseTo(spread, 10);
      for (const q of [layer.blockFraction.q25, layer.blockFraction.median, layer.blockFraction.q75]) expect(q).toBeCloseTo(1, 10);
      expect(meanOverlap(matrix, L * L, nUnits)).toBe(0);
    }
  });

  it("overlap: identical (up to scale and sign) = 1, disjoint = 0, two 2 x 2 blocks sharing 2 sites = 1/2", () => {
    const a = blockField([3, 4], [3, 4]);
    const shifted = blockField([4, 5], [3, 4]);
    const far = blockField([30, 31], [30, 31]);
    const columns = (...fields: Float32Array[]) => {
      const m = new Float32Array(L * L * fields.length);
      fields.forEach((f, j) => f.forEach((v, s) => { m[s * fields.length + j] = v; }));
      return m;
    };
    expect(meanOverlap(columns(a, a.map((v) => -3 * v)), L * L, 2)).toBeCloseTo(1, 12);
    expect(meanOverlap(columns(a, far), L * L, 2)).toBe(0);
    // sum |a||b| = 2 over norms 2 x 2
    expect(meanOverlap(columns(a, shifted), L * L, 2)).toBeCloseTo(0.5, 12);
    // pairs (a, shifted) 1/2, (a, far) 0, (shifted, far) 0
    expect(meanOverlap(columns(a, shifted, far), L * L, 3)).toBeCloseTo(0.5 / 3, 12);
    expect(meanOverlap(columns(a), L * L, 1)).toBeNaN();
  });

  it("quartiles are type 7 and skip NaN", () => {
    expect(quartiles([4, 1, Number.NaN, 3, 2])).toEqual({ median: 2.5, q25: 1.75, q75: 3.25 });
    expect(quartiles([5])).toEqual({ median: 5, q25: 5, q75: 5 });
    expect(quartiles([Number.NaN]).median).toBeNaN();
  });

  it("kForLayer: 40 x 40 with 400, 100, 25 units gives 2, 4, 8", () => {
    expect([400, 100, 25, 1600, 1].map((n) => kForLayer(40, 1600, n))).toEqual([2, 4, 8, 1, 40]);
    expect(kForLayer(40, 1600, 30)).toBe(7); // sqrt(53.3) = 7.3
    expect(() => kForLayer(40, 1000, 25)).toThrow(RangeError);
  });

  it("random fields are reproducible from the seed and standard normal", () => {
    const a = randomFieldMatrix(L, 25, 3);
    expect(randomFieldMatrix(L, 25, 3)).toEqual(a);
    expect(randomFieldMatrix(L, 25, 4)).not.toEqual(a);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.02); // sd of the mean 1/200
    expect(Math.abs(variance - 1)).toBeLessThan(0.03); // sd about sqrt(2 / 40000) = 0.007
  });

  // The reference numbers for the paper's layers (40 x 40; 400, 100, 25 units; k = 2, 4, 8), against the
  // approximations derived in the header of locality.ts.
  // Weights w = X^2 (chi-square, 1 dof): mean 1, variance 2.
  const meanResultant = Math.sqrt(Math.PI / (2 * L * L));
  const expectedSpread = Math.sqrt((L * L) / 6 - 2 * ((L * L) / Math.PI ** 2) * meanResultant); // 16.016
  const lift = Math.sqrt((2 * Math.PI) / (L * L));
  const expectedBlockFraction = (k: number) => {
    const offsets = Array.from({ length: k }, (_, j) => j - (k - 1) / 2);
    const meanCos = offsets.reduce((sum, d) => sum + Math.cos((2 * Math.PI * d) / L), 0) / k;
    return ((k * k) / (L * L)) * (1 + 2 * lift * meanCos);
  };
  const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

  it.each([[400, 2], [100, 4], [25, 8]])("random reference, %i units at k = %i: spread, block fraction and overlap as derived", (nUnits, k) => {
    const reference = randomFieldReference(L, nUnits, k, 1);
    expect(reference.units.every((u) => u.centred)).toBe(true);
    // per-unit spreads have sd ~ 0.08, so a mean over >= 25 units is within 0.05 (3 sd)
    expect(Math.abs(mean(reference.units.map((u) => u.spread)) - expectedSpread)).toBeLessThan(0.05);
    expect(Math.abs(reference.spread.median - expectedSpread)).toBeLessThan(0.08);
    expect(reference.spread.q75 - reference.spread.q25).toBeLessThan(0.2);
    // a block holds k^2 chi-square(1) weights, relative sd sqrt(2 / k^2) per unit; the mean over the units
    // within 4 of its standard errors plus 3% for the approximation
    const measured = mean(reference.units.map((u) => u.blockFraction));
    expect(Math.abs(measured / expectedBlockFraction(k) - 1)).toBeLessThan(4 * Math.sqrt(2 / (k * k * nUnits)) + 0.03);
    // the pair mean of |X||Y| / sqrt(sum X^2 sum Y^2) over 1600 sites: 2/pi to about 0.003
    expect(Math.abs(meanOverlap(randomFieldMatrix(L, nUnits, 1), L * L, nUnits) - 2 / Math.PI)).toBeLessThan(0.005);
  });
});
