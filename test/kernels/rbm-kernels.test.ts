// RBM kernels (assembly/sigmoid.ts, rbm-*.ts) against plain TypeScript
// references in float64 on small problems with awkward sizes.
//
// Tolerances. Inputs are float32 values and the references see exactly those
// values, so every difference comes from the kernels' float32 arithmetic. A
// float32 sum of n products, in any order and blocking, differs from the exact
// sum by at most gamma(n) * sum |terms| with gamma(n) = n u / (1 - n u),
// u = 2^-24 (Higham, Accuracy and Stability of Numerical Algorithms, 3.1);
// the kernels' accumulation order (blocked, SIMD lanes, tiles) is therefore
// free and the bound is rigorous. Through the sigmoid an input error d moves
// the output by at most d / 4 (max of sigmoid'), plus the sigmoid's own
// relative error (< SIGMOID_REL, measured below). Softplus has slope < 1, so
// a free energy is off by at most the sum of its pre-activation bounds plus
// float64 rounding.

import { describe, expect, it } from "vitest";
import type { Core } from "../../src/index.js";
import { allocStream } from "../../src/core.js";
import { ESTIMATE_KERNEL_SCRATCH } from "../../src/rbm/memory-estimate.js";
import { testCore } from "../support/core.js";
import { mulberry32 } from "../support/random.js";

const U = 2 ** -24;
const gamma = (n: number): number => (n * U) / (1 - n * U);
/** Max relative error of the kernel sigmoid where the result is a normal float32 (asserted below). */
const SIGMOID_REL = 2e-7;
const MIN_SUBNORMAL = 2 ** -149;

// --- small seeded PRNG (mulberry32) for test data --------------------------


function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function randF32(rand: () => number, n: number, scale: number, offset = 0): Float32Array {
  return Float32Array.from({ length: n }, () => offset + scale * normal(rand));
}

function randUnitF32(rand: () => number, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rand());
}

/** Binary rows with per-row density; row 0 all on and row 1 all off when batch allows. */
function randBin(rand: () => number, batch: number, n: number, density: number): Uint8Array {
  const out = new Uint8Array(batch * n);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) {
      out[b * n + i] = batch > 2 && b === 0 ? 1 : batch > 2 && b === 1 ? 0 : rand() < density ? 1 : 0;
    }
  }
  return out;
}

// --- wasm memory helpers ----------------------------------------------------

function putF32(core: Core, values: ArrayLike<number>): number {
  const ptr = core.arena.alloc(4 * values.length);
  core.arena.f32(ptr, values.length).set(values);
  return ptr;
}

function putU8(core: Core, values: ArrayLike<number>): number {
  const ptr = core.arena.alloc(values.length);
  core.arena.u8(ptr, values.length).set(values);
  return ptr;
}

function putI32(core: Core, values: ArrayLike<number>): number {
  const ptr = core.arena.alloc(4 * values.length);
  core.arena.i32(ptr, values.length).set(values);
  return ptr;
}

// --- float64 references -----------------------------------------------------

const sigmoidRef = (x: number): number => 1 / (1 + Math.exp(-x));
/** The kernel flushes sigmoids below 2^-64 (inputs below -64 ln 2) to 0: assembly/sigmoid.ts. */
const SIGMOID_FLUSH = 2 ** -64;
const SIGMOID_FLUSH_INPUT = Math.fround(-44.3614195558365);
const softplusRef = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

interface Propagated {
  pre: Float64Array;
  /** Rigorous bound on the float32 pre-activation error. */
  bound: Float64Array;
}

/** pre[b, j] = bias[j] + sum_i vis[b, i] W[i, j]. */
function hiddenPreRef(vis: ArrayLike<number>, batch: number, nV: number, W: Float32Array, bias: Float32Array, nH: number): Propagated {
  const pre = new Float64Array(batch * nH);
  const bound = new Float64Array(batch * nH);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < nH; j++) {
      let sum = bias[j]!, abs = Math.abs(bias[j]!), terms = 1;
      for (let i = 0; i < nV; i++) {
        const v = vis[b * nV + i]!;
        if (v === 0) continue;
        const t = v * W[i * nH + j]!;
        sum += t; abs += Math.abs(t); terms++;
      }
      pre[b * nH + j] = sum;
      bound[b * nH + j] = gamma(terms + 1) * abs;
    }
  }
  return { pre, bound };
}

/**
 * rbmBinPropagateColumns' pre-activations with complement sums, in float32 (Math.fround at every addition): per
 * 64-row block, either the on rows added in increasing i, or (more than half plus one on) the block's column total,
 * summed from 0 in increasing i, added and the off rows subtracted in increasing i.
 */
function complementPreRef(vis: Uint8Array, batch: number, nV: number, W: Float32Array, bias: Float32Array, nH: number): Float32Array {
  const pre = new Float32Array(batch * nH);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < nH; j++) {
      let acc = bias[j]!;
      for (let block = 0; block < nV; block += 64) {
        const end = Math.min(block + 64, nV);
        let on = 0;
        for (let i = block; i < end; i++) on += vis[b * nV + i] ? 1 : 0;
        if (2 * on > end - block + 1) {
          let total = 0;
          for (let i = block; i < end; i++) total = Math.fround(total + W[i * nH + j]!);
          acc = Math.fround(acc + total);
          for (let i = block; i < end; i++) if (!vis[b * nV + i]) acc = Math.fround(acc - W[i * nH + j]!);
        } else {
          for (let i = block; i < end; i++) if (vis[b * nV + i]) acc = Math.fround(acc + W[i * nH + j]!);
        }
      }
      pre[b * nH + j] = acc;
    }
  }
  return pre;
}

/**
 * rbmBinPropagateTables' pre-activations in float32: the bias, then per group of `size` rows of W (propagateGroupRows)
 * (in increasing group) the group's on rows summed from +0 in increasing i, added.
 */
function tablesPreRef(
  vis: Uint8Array, batch: number, nV: number, W: Float32Array, bias: Float32Array, nH: number, size: number,
): Float32Array {
  const pre = new Float32Array(batch * nH);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < nH; j++) {
      let acc = bias[j]!;
      for (let group = 0; group < nV; group += size) {
        let entry = 0;
        for (let i = group; i < Math.min(group + size, nV); i++) if (vis[b * nV + i]) entry = Math.fround(entry + W[i * nH + j]!);
        acc = Math.fround(acc + entry);
      }
      pre[b * nH + j] = acc;
    }
  }
  return pre;
}

function columnAbs(W: Float32Array, nV: number, nH: number, j: number): number {
  let sum = 0;
  for (let i = 0; i < nV; i++) sum += Math.abs(W[i * nH + j]!);
  return sum;
}

/** pre[b, i] = vbias[i] + sum_j W[i, j] hid[b, j]. */
function visiblePreRef(hid: ArrayLike<number>, batch: number, nH: number, W: Float32Array, vbias: Float32Array, nV: number): Propagated {
  const pre = new Float64Array(batch * nV);
  const bound = new Float64Array(batch * nV);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < nV; i++) {
      let sum = vbias[i]!, abs = Math.abs(vbias[i]!);
      for (let j = 0; j < nH; j++) {
        const t = W[i * nH + j]! * hid[b * nH + j]!;
        sum += t; abs += Math.abs(t);
      }
      pre[b * nV + i] = sum;
      bound[b * nV + i] = gamma(nH + 2) * abs;
    }
  }
  return { pre, bound };
}

function freeEnergyRef(vis: ArrayLike<number>, b: number, nV: number, W: Float32Array, vbias: Float32Array, hbias: Float32Array, nH: number): { F: number; bound: number } {
  const row = Array.from({ length: nV }, (_, i) => vis[b * nV + i]!);
  const { pre, bound } = hiddenPreRef(row, 1, nV, W, hbias, nH);
  let F = 0;
  for (let i = 0; i < nV; i++) F -= row[i]! * vbias[i]!;
  let total = 0;
  for (let j = 0; j < nH; j++) { F -= softplusRef(pre[j]!); total += bound[j]!; }
  return { F, bound: total };
}

/** Checks |actual - expected| <= tol elementwise with a readable failure. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: (k: number) => number, what: string): void {
  expect(actual.length).toBe(expected.length);
  let worst = -1, worstK = -1;
  for (let k = 0; k < expected.length; k++) {
    const a = actual[k]!, e = expected[k]!;
    if (Number.isNaN(a) || Number.isNaN(e)) throw new Error(`${what}: NaN at ${k} (got ${a}, want ${e})`);
    const excess = Math.abs(a - e) / tol(k);
    if (excess > worst) { worst = excess; worstK = k; }
  }
  if (worst > 1) {
    throw new Error(`${what}: element ${worstK} got ${actual[worstK]} want ${expected[worstK]} (tolerance ${tol(worstK)}, ${worst.toFixed(2)}x over)`);
  }
}

const sigmoidTol = (pre: Propagated, expected: ArrayLike<number>) => (k: number) =>
  pre.bound[k]! / 4 + SIGMOID_REL * expected[k]! + SIGMOID_FLUSH;

// --- cases -------------------------------------------------------------------

interface Case { batch: number; nV: number; nH: number; wScale: number; density: number }

// nHidden covers the 24-, 16-, 4- and 1-column paths; nVisible covers partial
// 16- and 64-unit masks and (300, 1600) more than one 256-deep GEMM block and
// 64-row block of the binary kernels; batch covers
// 1, partial 4-row tiles and several tiles. wScale 30 drives pre-activations
// into the hundreds (sigmoid and softplus saturation).
const CASES: Case[] = [
  { batch: 1, nV: 1, nH: 1, wScale: 1, density: 0.5 },
  { batch: 1, nV: 37, nH: 61, wScale: 0.3, density: 0.5 },
  { batch: 5, nV: 7, nH: 3, wScale: 1, density: 0.5 },
  { batch: 7, nV: 45, nH: 70, wScale: 0.1, density: 0.05 },
  { batch: 9, nV: 33, nH: 45, wScale: 0.5, density: 0.95 },
  { batch: 6, nV: 300, nH: 37, wScale: 0.1, density: 0.5 },
  { batch: 13, nV: 19, nH: 101, wScale: 30, density: 0.5 },
  { batch: 261, nV: 11, nH: 9, wScale: 0.2, density: 0.3 },
  { batch: 10, nV: 1600, nH: 400, wScale: 0.05, density: 0.5 },
  // Sparse rows over several 64-row blocks: most blocks have nothing on (the binary kernels skip them).
  { batch: 12, nV: 200, nH: 30, wScale: 0.3, density: 0.02 },
];

const label = (c: Case) => `batch ${c.batch}, ${c.nV} x ${c.nH}, W scale ${c.wScale}, density ${c.density}`;

function makeModel(rand: () => number, c: Case) {
  return {
    W: randF32(rand, c.nV * c.nH, c.wScale),
    vbias: randF32(rand, c.nV, c.wScale > 1 ? 20 : 0.5),
    hbias: randF32(rand, c.nH, c.wScale > 1 ? 20 : 0.5),
  };
}

describe("sigmoid", () => {
  it("has max relative error below SIGMOID_REL on a dense grid of [-90, 90], and flushes results below 2^-64 to 0", async () => {
    const core = await testCore();
    core.arena.scoped(() => {
      const count = 1_800_003; // not a multiple of 4: the last 3 go through the scalar path
      const xs = Float32Array.from({ length: count }, (_, k) => -90 + (180 * k) / (count - 1));
      const input = putF32(core, xs);
      const output = core.arena.alloc(4 * count);
      core.kernels.rbmSigmoid(input, count, output);
      const ys = core.arena.f32(output, count);
      let maxRel = 0;
      let flushed = 0;
      let below = 0;
      for (let k = 0; k < count; k++) {
        const ref = sigmoidRef(xs[k]!);
        const y = ys[k]!;
        if (!Number.isFinite(y)) throw new Error(`non-finite sigmoid(${xs[k]}) = ${y}`);
        if (xs[k]! < SIGMOID_FLUSH_INPUT) flushed += y === 0 ? 1 : 0;
        else maxRel = Math.max(maxRel, Math.abs(y - ref) / ref);
        if (xs[k]! < SIGMOID_FLUSH_INPUT) below++;
      }
      expect(maxRel).toBeLessThan(SIGMOID_REL);
      expect(below).toBeGreaterThan(400_000);
      expect(flushed).toBe(below);
    });
  });

  it("is safe and correct at extreme inputs", async () => {
    const core = await testCore();
    core.arena.scoped(() => {
      const xs = [0, -0, 100, -100, 88.8, -88.8, 103.9, -103.9, 104.5, -104.5, 1e30, -1e30, Infinity, -Infinity,
        3.4e38, -3.4e38, 1e-30, -1e-30, 17, -17];
      const input = putF32(core, xs);
      const output = core.arena.alloc(4 * xs.length);
      core.kernels.rbmSigmoid(input, xs.length, output);
      const ys = Array.from(core.arena.f32(output, xs.length));
      xs.forEach((x, k) => {
        const ref = sigmoidRef(Math.fround(x));
        const y = ys[k]!;
        expect(Number.isNaN(y)).toBe(false);
        expect(Math.abs(y - ref)).toBeLessThanOrEqual(SIGMOID_REL * ref + SIGMOID_FLUSH);
      });
      expect(ys[0]).toBe(0.5);
      expect(ys[2]).toBe(1);
      expect(ys[3]).toBe(0);
      expect(ys[19]).toBeGreaterThan(4e-8); // sigmoid(-17) = 4.14e-8 is kept
      expect(ys[12]).toBe(1);
      expect(ys[13]).toBe(0);
    });
  });

  it("gives bitwise the same values in the scalar tail as in the SIMD body", async () => {
    const core = await testCore();
    core.arena.scoped(() => {
      const rand = mulberry32(5);
      const count = 4096;
      const xs = Float32Array.from({ length: count }, () => (rand() - 0.5) * 220);
      const input = putF32(core, xs);
      const simd = core.arena.alloc(4 * count);
      const scalar = core.arena.alloc(4 * count);
      core.kernels.rbmSigmoid(input, count, simd);
      // chunks of 3 elements never reach the 4-wide body
      for (let k = 0; k < count; k += 3) core.kernels.rbmSigmoid(input + 4 * k, Math.min(3, count - k), scalar + 4 * k);
      expect(Array.from(core.arena.u32(scalar, count))).toEqual(Array.from(core.arena.u32(simd, count)));
    });
  });
});

describe("propagation", () => {
  for (const c of CASES) {
    it(`rbmHiddenFromBin / rbmHiddenFromDense / rbmVisibleFromDense: ${label(c)}`, async () => {
      const core = await testCore();
      const rand = mulberry32(c.batch * 1000 + c.nV * 10 + c.nH);
      const { W, vbias, hbias } = makeModel(rand, c);
      const visBin = randBin(rand, c.batch, c.nV, c.density);
      const visDense = randUnitF32(rand, c.batch * c.nV);
      const hid = randUnitF32(rand, c.batch * c.nH);
      core.arena.scoped(() => {
        const pW = putF32(core, W), pvb = putF32(core, vbias), phb = putF32(core, hbias);
        const out = core.arena.alloc(4 * c.batch * Math.max(c.nH, c.nV));

        core.kernels.rbmHiddenFromBin(putU8(core, visBin), c.batch, c.nV, pW, phb, c.nH, out);
        let ref = hiddenPreRef(visBin, c.batch, c.nV, W, hbias, c.nH);
        let expected = ref.pre.map(sigmoidRef);
        expectClose(core.arena.f32(out, c.batch * c.nH), expected, sigmoidTol(ref, expected), "hidden from bin");

        core.kernels.rbmHiddenFromDense(putF32(core, visDense), c.batch, c.nV, pW, phb, c.nH, out);
        ref = hiddenPreRef(visDense, c.batch, c.nV, W, hbias, c.nH);
        expected = ref.pre.map(sigmoidRef);
        expectClose(core.arena.f32(out, c.batch * c.nH), expected, sigmoidTol(ref, expected), "hidden from dense");
        const pWTdense = core.arena.alloc(4 * c.nV * c.nH);
        core.kernels.rbmTransposeRows(pW, c.nV, c.nH, pWTdense, 0, c.nV);
        const pVisDense = putF32(core, visDense);
        core.kernels.rbmHiddenFromDenseT(pVisDense, c.batch, c.nV, pWTdense, phb, c.nH, 0, c.nH, out);
        expectClose(core.arena.f32(out, c.batch * c.nH), expected, sigmoidTol(ref, expected), "hidden from dense through W^T");
        // Threads split the hidden units: any column cuts give the whole call's bits.
        const whole = core.arena.f32(out, c.batch * c.nH).slice();
        const cuts = [...new Set([0, Math.floor(rand() * (c.nH + 1)), Math.floor(rand() * (c.nH + 1)), c.nH])].sort((a, b) => a - b);
        core.arena.f32(out, c.batch * c.nH).fill(Number.NaN);
        for (let k = 0; k + 1 < cuts.length; k++) {
          core.kernels.rbmHiddenFromDenseT(pVisDense, c.batch, c.nV, pWTdense, phb, c.nH, cuts[k]!, cuts[k + 1]!, out);
        }
        expect(new Uint32Array(core.arena.f32(out, c.batch * c.nH).slice().buffer), `hidden from dense through W^T, cuts ${cuts.join(",")}`)
          .toEqual(new Uint32Array(whole.buffer));

        core.kernels.rbmVisibleFromDense(putF32(core, hid), c.batch, c.nH, pW, pvb, c.nV, out);
        ref = visiblePreRef(hid, c.batch, c.nH, W, vbias, c.nV);
        expected = ref.pre.map(sigmoidRef);
        expectClose(core.arena.f32(out, c.batch * c.nV), expected, sigmoidTol(ref, expected), "visible from dense");

        // Sampled (0/1) hidden states through the transpose of W, as the Gibbs step runs them.
        const hidBin = randBin(rand, c.batch, c.nH, c.density);
        const pWT = core.arena.alloc(4 * c.nV * c.nH);
        core.kernels.rbmTransposeRows(pW, c.nV, c.nH, pWT, 0, c.nV);
        core.kernels.rbmVisibleFromBinHidden(putU8(core, hidBin), c.batch, c.nH, pWT, pvb, c.nV, out);
        ref = visiblePreRef(hidBin, c.batch, c.nH, W, vbias, c.nV);
        expected = ref.pre.map(sigmoidRef);
        expectClose(core.arena.f32(out, c.batch * c.nV), expected, sigmoidTol(ref, expected), "visible from sampled hidden");
      });
    });
  }

  it("rbmBinPropagateColumns on column ranges that tile the output equals rbmHiddenFromBin and rbmVisibleFromBinHidden bit for bit", async () => {
    const core = await testCore();
    for (const c of CASES) {
      const rand = mulberry32(c.batch * 7919 + c.nV * 31 + c.nH);
      const { W, vbias, hbias } = makeModel(rand, c);
      core.arena.scoped(() => {
        const pW = putF32(core, W), pvb = putF32(core, vbias), phb = putF32(core, hbias);
        const pWT = core.arena.alloc(4 * c.nV * c.nH);
        core.kernels.rbmTransposeRows(pW, c.nV, c.nH, pWT, 0, c.nV);
        const visBin = putU8(core, randBin(rand, c.batch, c.nV, c.density));
        const hidBin = putU8(core, randBin(rand, c.batch, c.nH, c.density));
        const directions = [
          { name: "up", rows: visBin, nIn: c.nV, M: pW, bias: phb, nOut: c.nH,
            full: (out: number) => core.kernels.rbmHiddenFromBin(visBin, c.batch, c.nV, pW, phb, c.nH, out) },
          { name: "down", rows: hidBin, nIn: c.nH, M: pWT, bias: pvb, nOut: c.nV,
            full: (out: number) => core.kernels.rbmVisibleFromBinHidden(hidBin, c.batch, c.nH, pWT, pvb, c.nV, out) },
        ];
        for (const d of directions) {
          const size = c.batch * d.nOut;
          const expected = core.arena.alloc(4 * size), got = core.arena.alloc(4 * size);
          d.full(expected);
          // Cuts anywhere (not only on block boundaries), in an order that is not left to right.
          const cuts = [...new Set([0, Math.floor(rand() * (d.nOut + 1)), Math.floor(rand() * (d.nOut + 1)), d.nOut])].sort((a, b) => a - b);
          core.arena.f32(got, size).fill(NaN);
          for (const k of cuts.slice(1).map((_, k) => k).reverse()) {
            const [first, end] = [cuts[k]!, cuts[k + 1]!];
            core.kernels.rbmBinPropagateColumns(d.rows, c.batch, d.nIn, d.M, d.bias, d.nOut, first, end, got, 0);
            // Columns left of the range are not written yet: still NaN.
            const values = core.arena.f32(got, size);
            for (let b = 0; b < c.batch; b++) {
              for (let j = 0; j < first; j++) expect(values[b * d.nOut + j], `${d.name} wrote outside [${first}, ${end})`).toBeNaN();
            }
          }
          expect(new Uint32Array(core.arena.f32(got, size).slice().buffer), `${label(c)} ${d.name} cuts ${cuts.join(",")}`)
            .toEqual(new Uint32Array(core.arena.f32(expected, size).slice().buffer));
        }
      });
    }
  });

  it("rbmBinPropagateColumns with complement sums: block totals minus the off rows, as a float32 TypeScript version gives them, on any column cuts", async () => {
    const core = await testCore();
    for (const c of [...CASES, { batch: 40, nV: 200, nH: 131, wScale: 0.1, density: 0.7 }]) {
      const rand = mulberry32(c.batch * 104729 + c.nV * 13 + c.nH);
      const { W, hbias } = makeModel(rand, c);
      const vis = randBin(rand, c.batch, c.nV, c.density);
      const ref = complementPreRef(vis, c.batch, c.nV, W, hbias, c.nH);
      const exact = hiddenPreRef(vis, c.batch, c.nV, W, hbias, c.nH);
      for (let k = 0; k < ref.length; k++) {
        // Each block is at most 2 x 64 terms of its rows' |W| (the total and the off rows).
        const bound = gamma(2 * c.nV + 2) * (Math.abs(hbias[k % c.nH]!) + 2 * columnAbs(W, c.nV, c.nH, k % c.nH));
        expect(Math.abs(ref[k]! - exact.pre[k]!), `${label(c)}: the reference's rounding`).toBeLessThanOrEqual(bound);
      }
      core.arena.scoped(() => {
        const size = c.batch * c.nH;
        const expected = putF32(core, ref), got = core.arena.alloc(4 * size), sums = core.arena.alloc(96);
        core.kernels.rbmSigmoid(expected, size, expected);
        const [pW, phb, rows] = [putF32(core, W), putF32(core, hbias), putU8(core, vis)];
        const cuts = [...new Set([0, Math.floor(rand() * (c.nH + 1)), Math.floor(rand() * (c.nH + 1)), c.nH])].sort((a, b) => a - b);
        core.arena.f32(got, size).fill(NaN);
        for (let k = 0; k + 1 < cuts.length; k++) {
          core.kernels.rbmBinPropagateColumns(rows, c.batch, c.nV, pW, phb, c.nH, cuts[k]!, cuts[k + 1]!, got, sums);
        }
        expect(new Uint32Array(core.arena.f32(got, size).slice().buffer), `${label(c)} cuts ${cuts.join(",")}`)
          .toEqual(new Uint32Array(core.arena.f32(expected, size).slice().buffer));
      });
    }
  });

  it("rbmBinPropagateTables: subset-sum tables of 4 rows of W, as a float32 TypeScript version gives them, for two row sets on any column cuts", async () => {
    const core = await testCore();
    for (const c of [...CASES, { batch: 40, nV: 200, nH: 131, wScale: 0.1, density: 0.7 }]) {
      const rand = mulberry32(c.batch * 7919 + c.nV * 31 + c.nH);
      const { W, hbias } = makeModel(rand, c);
      // The second set (the chain) may have another row count, or none.
      const batchB = c.batch === 1 ? 0 : c.batch + 3;
      const visA = randBin(rand, c.batch, c.nV, c.density), visB = randBin(rand, batchB, c.nV, 1 - c.density);
      const groupRows = core.kernels.propagateGroupRows();
      const refA = tablesPreRef(visA, c.batch, c.nV, W, hbias, c.nH, groupRows);
      const refB = tablesPreRef(visB, batchB, c.nV, W, hbias, c.nH, groupRows);
      const exact = hiddenPreRef(visA, c.batch, c.nV, W, hbias, c.nH);
      for (let k = 0; k < refA.length; k++) {
        // Any order of at most nV + 1 terms (the groups' entries are partial sums of the on rows).
        const bound = gamma(c.nV + 2) * (Math.abs(hbias[k % c.nH]!) + columnAbs(W, c.nV, c.nH, k % c.nH));
        expect(Math.abs(refA[k]! - exact.pre[k]!), `${label(c)}: the reference's rounding`).toBeLessThanOrEqual(bound);
      }
      core.arena.scoped(() => {
        const sizeA = c.batch * c.nH, sizeB = batchB * c.nH;
        const expectedA = putF32(core, refA), expectedB = putF32(core, refB);
        core.kernels.rbmSigmoid(expectedA, sizeA, expectedA);
        core.kernels.rbmSigmoid(expectedB, sizeB, expectedB);
        const gotA = core.arena.alloc(4 * sizeA), gotB = core.arena.alloc(4 * sizeB + 4);
        const lookups = core.arena.alloc((c.batch + batchB) * core.kernels.propagateLookupBytes(c.nV));
        const tables = core.arena.alloc(core.kernels.subsetTableBytes());
        const [pW, phb, rowsA, rowsB] = [putF32(core, W), putF32(core, hbias), putU8(core, visA), putU8(core, visB)];
        const cuts = [...new Set([0, Math.floor(rand() * (c.nH + 1)), Math.floor(rand() * (c.nH + 1)), c.nH])].sort((a, b) => a - b);
        core.arena.f32(gotA, sizeA).fill(NaN);
        core.arena.f32(gotB, sizeB).fill(NaN);
        for (let k = 0; k + 1 < cuts.length; k++) {
          core.kernels.rbmBinPropagateTables(rowsA, c.batch, gotA, rowsB, batchB, gotB, c.nV, pW, phb, c.nH, cuts[k]!, cuts[k + 1]!, lookups, tables);
        }
        const bits = (ptr: number, size: number) => new Uint32Array(core.arena.f32(ptr, size).slice().buffer);
        expect(bits(gotA, sizeA), `${label(c)} cuts ${cuts.join(",")}`).toEqual(bits(expectedA, sizeA));
        expect(bits(gotB, sizeB), `${label(c)} cuts ${cuts.join(",")}, second set`).toEqual(bits(expectedB, sizeB));
      });
    }
  });

  it("rbmStatesToU8 turns f32 states into 0/1 bytes (16-wide body and tail)", async () => {
    const core = await testCore();
    const states = Float32Array.from({ length: 37 }, (_, k) => [0, 1, -0, 0.5, 1, 0, 2, 1][k % 8]!);
    core.arena.scoped(() => {
      const out = core.arena.alloc(40);
      core.arena.u8(out, 40).fill(7);
      core.kernels.rbmStatesToU8(putF32(core, states), 37, out);
      expect(Array.from(core.arena.u8(out, 40))).toEqual([...Array.from(states, (v) => (v !== 0 ? 1 : 0)), 7, 7, 7]);
    });
  });

  it("rbmTransposeRows transposes exactly, by any row ranges (4 x 4 tiles and both tails)", async () => {
    const core = await testCore();
    for (const [nRows, nCols] of [[1, 1], [7, 5], [23, 37], [64, 400]] as const) {
      const W = randF32(mulberry32(nRows * 100 + nCols), nRows * nCols, 1);
      core.arena.scoped(() => {
        const pW = putF32(core, W), out = core.arena.alloc(4 * nRows * nCols);
        for (const cut of [0, 3, Math.floor(nRows / 2)]) {
          core.arena.f32(out, nRows * nCols).fill(NaN);
          core.kernels.rbmTransposeRows(pW, nRows, nCols, out, 0, Math.min(cut, nRows));
          core.kernels.rbmTransposeRows(pW, nRows, nCols, out, Math.min(cut, nRows), nRows);
          const got = core.arena.f32(out, nRows * nCols);
          const expected = Float32Array.from({ length: nRows * nCols }, (_, k) => W[(k % nRows) * nCols + Math.floor(k / nRows)]!);
          expect(Array.from(got)).toEqual(Array.from(expected));
        }
      });
    }
  });

  it("leaves memory outside the outputs untouched (tails of 3 rows, 4 and 3 columns)", async () => {
    const core = await testCore();
    const c = { batch: 7, nV: 23, nH: 23 }; // 23 = 16 + 4 + 3 and 8 + 8 + 4 + 3; 7 = 4 + 3
    const rand = mulberry32(77);
    const W = randF32(rand, c.nV * c.nH, 0.3), hbias = randF32(rand, c.nH, 0.3), vbias = randF32(rand, c.nV, 0.3);
    core.arena.scoped(() => {
      const pW = putF32(core, W), phb = putF32(core, hbias), pvb = putF32(core, vbias);
      const visBin = putU8(core, randBin(rand, c.batch, c.nV, 0.5));
      const visDense = putF32(core, randUnitF32(rand, c.batch * c.nV));
      const hid = putF32(core, randUnitF32(rand, c.batch * c.nH));
      const hidBin = putU8(core, randBin(rand, c.batch, c.nH, 0.5));
      const masks = core.arena.alloc(8 * c.nV * Math.ceil(c.batch / 64));
      for (const [len, run] of [
        [c.batch * c.nH, (o: number) => core.kernels.rbmHiddenFromBin(visBin, c.batch, c.nV, pW, phb, c.nH, o)],
        [c.batch * c.nH, (o: number) => core.kernels.rbmHiddenFromDense(visDense, c.batch, c.nV, pW, phb, c.nH, o)],
        [c.batch * c.nH, (o: number) => core.kernels.rbmHiddenFromDenseT(visDense, c.batch, c.nV, pW, phb, c.nH, 0, c.nH, o)],
        [c.batch * c.nV, (o: number) => core.kernels.rbmVisibleFromDense(hid, c.batch, c.nH, pW, pvb, c.nV, o)],
        [c.batch * c.nV, (o: number) => core.kernels.rbmVisibleFromBinHidden(hidBin, c.batch, c.nH, pW, pvb, c.nV, o)],
        [c.nV * c.nH, (o: number) => core.kernels.rbmTransposeRows(pW, c.nV, c.nH, o, 0, c.nV)],
        [c.nV * c.nH, (o: number) => core.kernels.rbmGradBin(o, visBin, hid, c.batch, c.nV, c.nH, 0.5, masks)],
        [c.nV * c.nH, (o: number) => core.kernels.rbmGradDense(o, visDense, hid, c.batch, c.nV, c.nH, 0.5, core.arena.alloc(4 * c.nV * c.batch))],
        [c.nV, (o: number) => core.kernels.rbmColumnSumsBin(visBin, c.batch, c.nV, o, 0.5)],
        [c.nV, (o: number) => core.kernels.rbmColumnSumsDense(visDense, c.batch, c.nV, o, 0.5)],
      ] as const) {
        // guards: 4 floats before, 64 (more than two rows) after
        const guard = core.arena.alloc(4 * (len + 68));
        core.arena.f32(guard, len + 68).fill(-7);
        core.arena.f32(guard + 16, len).fill(0);
        run(guard + 16);
        const all = core.arena.f32(guard, len + 68);
        expect(Array.from(all.subarray(0, 4))).toEqual([-7, -7, -7, -7]);
        expect(Array.from(all.subarray(4 + len))).toEqual(new Array(64).fill(-7));
        expect(all.subarray(4, 4 + len).every((v) => Number.isFinite(v) && v !== -7)).toBe(true);
      }
    });
  });
});

describe("Bernoulli sampling", () => {
  for (const count of [1, 7, 1000, 4099]) {
    it(`replays the RNG stream exactly (count ${count})`, async () => {
      const core = await testCore();
      const rand = mulberry32(count);
      core.arena.scoped(() => {
        const rngF32 = allocStream(core, 4242, 3);
        const rngU8 = allocStream(core, 4242, 3);
        const replay = core.arena.alloc(16);
        core.arena.u32(replay, 4).set(core.arena.u32(rngF32, 4));
        const uniforms = core.arena.alloc(4 * count);
        core.kernels.rngFillF32(replay, uniforms, count);
        const u = Float32Array.from(core.arena.f32(uniforms, count));
        // p = 0 and 1, and p exactly equal to its uniform (the test is u < p, so 0)
        const probs = Float32Array.from({ length: count }, (_, k) =>
          k % 11 === 0 ? 0 : k % 13 === 0 ? 1 : k % 5 === 0 ? u[k]! : rand());
        const pProb = putF32(core, probs);
        const outF32 = core.arena.alloc(4 * count);
        const outU8 = core.arena.alloc(count);
        core.kernels.rbmBernoulliF32(pProb, count, rngF32, outF32);
        core.kernels.rbmBernoulliU8(pProb, count, rngU8, outU8);
        const expected = Array.from(probs, (p, k) => (u[k]! < p ? 1 : 0));
        expect(Array.from(core.arena.f32(outF32, count))).toEqual(expected);
        expect(Array.from(core.arena.u8(outU8, count))).toEqual(expected);
        // both kernels advanced their streams by exactly count draws
        expect(Array.from(core.arena.u32(rngF32, 4))).toEqual(Array.from(core.arena.u32(replay, 4)));
        expect(Array.from(core.arena.u32(rngU8, 4))).toEqual(Array.from(core.arena.u32(replay, 4)));
        if (count >= 1000) {
          // frequency of ones matches the probabilities (entries with p = u excluded)
          const free = Array.from(probs.keys()).filter((k) => probs[k] !== u[k]);
          const mean = free.reduce((a, k) => a + expected[k]!, 0) / free.length;
          const pMean = free.reduce((a, k) => a + probs[k]!, 0) / free.length;
          expect(Math.abs(mean - pMean)).toBeLessThan(5 * Math.sqrt(0.25 / free.length));
        }
      });
    });
  }
});

describe("jumping the RNG stream", () => {
  it("rngJump by a matrix of d steps lands where d draws do (d = 0, 1, 5, 1000, 123457)", async () => {
    const core = await testCore();
    core.arena.scoped(() => {
      const matrix = core.arena.alloc(2048), scratch = core.arena.alloc(core.kernels.rngJumpScratchBytes());
      for (const d of [0, 1, 5, 1000, 123457]) {
        const drawn = allocStream(core, 99, 2), jumped = core.arena.alloc(16);
        core.arena.u32(jumped, 4).set(core.arena.u32(drawn, 4));
        core.kernels.rngFillU32(drawn, core.arena.alloc(4 * Math.max(d, 1)), d);
        core.kernels.rngJumpMatrix(d, matrix, scratch);
        core.kernels.rngJump(jumped, matrix, jumped);
        expect(Array.from(core.arena.u32(jumped, 4)), `d = ${d}`).toEqual(Array.from(core.arena.u32(drawn, 4)));
      }
    });
  });

  for (const [rows, nCols] of [[1, 1], [7, 37], [30, 400]] as const) {
    it(`Bernoulli draws by column ranges from jumped streams equal one thread's draws (${rows} x ${nCols})`, async () => {
      const core = await testCore();
      const rand = mulberry32(rows * 1000 + nCols);
      const probs = Float32Array.from({ length: rows * nCols }, () => rand());
      core.arena.scoped(() => {
        const pProb = putF32(core, probs);
        const one = allocStream(core, 5, 1);
        const start = core.arena.u32(one, 4).slice();
        const wholeU8 = core.arena.alloc(rows * nCols), wholeF32 = core.arena.alloc(4 * rows * nCols);
        const afterU8 = core.arena.alloc(16);
        core.kernels.rbmBernoulliU8(pProb, rows * nCols, one, wholeU8);
        core.arena.u32(afterU8, 4).set(core.arena.u32(one, 4));
        core.arena.u32(one, 4).set(start);
        core.kernels.rbmBernoulliF32(pProb, rows * nCols, one, wholeF32);
        const cuts = [...new Set([0, Math.floor(rand() * (nCols + 1)), Math.floor(rand() * (nCols + 1)), nCols])].sort((a, b) => a - b);
        const partsU8 = core.arena.alloc(rows * nCols), partsF32 = core.arena.alloc(4 * rows * nCols);
        const matrix = core.arena.alloc(2048), skip = core.arena.alloc(2048), scratch = core.arena.alloc(core.kernels.rngJumpScratchBytes());
        const stream = core.arena.alloc(16);
        for (const [kernel, out] of [["rbmBernoulliU8Columns", partsU8], ["rbmBernoulliF32Columns", partsF32]] as const) {
          for (let k = 0; k + 1 < cuts.length; k++) {
            const [first, end] = [cuts[k]!, cuts[k + 1]!];
            core.arena.u32(stream, 4).set(start);
            core.kernels.rngJumpMatrix(first, matrix, scratch);
            core.kernels.rngJump(stream, matrix, stream);
            core.kernels.rngJumpMatrix(nCols - (end - first), skip, scratch);
            core.kernels[kernel](pProb, rows, nCols, first, end, stream, skip, out);
          }
          // The last range ends where one thread's stream does.
          expect(Array.from(core.arena.u32(stream, 4)), `${kernel} cuts ${cuts.join(",")}`).toEqual(Array.from(core.arena.u32(afterU8, 4)));
        }
        expect(Array.from(core.arena.u8(partsU8, rows * nCols))).toEqual(Array.from(core.arena.u8(wholeU8, rows * nCols)));
        expect(Array.from(core.arena.f32(partsF32, rows * nCols))).toEqual(Array.from(core.arena.f32(wholeF32, rows * nCols)));
      });
    });
  }
});

describe("gradients", () => {
  for (const c of CASES) {
    it(`rbmGradBin / rbmGradDense / column sums: ${label(c)}`, async () => {
      const core = await testCore();
      const rand = mulberry32(c.batch * 7 + c.nV * 131 + c.nH);
      const visBin = randBin(rand, c.batch, c.nV, c.density);
      const visDense = randUnitF32(rand, c.batch * c.nV);
      const hid = randUnitF32(rand, c.batch * c.nH);
      const start = randF32(rand, c.nV * c.nH, 0.1);
      const scale = Math.fround(-0.37);
      core.arena.scoped(() => {
        const grad = putF32(core, start);
        const pHid = putF32(core, hid);
        // gradW(start) += scale * V^T H: (nV * nH) entries, each sum over b
        const check = (vis: ArrayLike<number>, what: string, scale: number) => {
          const expected = new Float64Array(c.nV * c.nH);
          const bound = new Float64Array(c.nV * c.nH);
          for (let i = 0; i < c.nV; i++) {
            for (let j = 0; j < c.nH; j++) {
              let sum = 0, abs = 0;
              for (let b = 0; b < c.batch; b++) {
                const t = vis[b * c.nV + i]! * hid[b * c.nH + j]!;
                sum += t; abs += Math.abs(t);
              }
              const s0 = start[i * c.nH + j]!;
              expected[i * c.nH + j] = s0 + scale * sum;
              // batch products/scalings and adds, plus the final scale and add
              bound[i * c.nH + j] = gamma(2 * c.batch + 2) * (Math.abs(s0) + Math.abs(scale) * abs) + MIN_SUBNORMAL;
            }
          }
          expectClose(core.arena.f32(grad, c.nV * c.nH), expected, (k) => bound[k]!, what);
        };
        const pVisBin = putU8(core, visBin);
        const masks = core.arena.alloc(8 * c.nV * Math.ceil(c.batch / 64));
        for (const binScale of [scale, 1, -1]) {
          core.arena.f32(grad, c.nV * c.nH).set(start);
          core.kernels.rbmGradBin(grad, pVisBin, pHid, c.batch, c.nV, c.nH, binScale, masks);
          check(visBin, `gradient from bin, scale ${binScale}`, binScale);
          // Exactly: start, then scale * h[b, j] (float32) added in increasing b over the units on.
          const got = core.arena.f32(grad, c.nV * c.nH);
          for (let i = 0; i < c.nV; i += Math.max(1, Math.floor(c.nV / 7))) {
            for (let j = 0; j < c.nH; j++) {
              let acc = start[i * c.nH + j]!;
              for (let b = 0; b < c.batch; b++) {
                if (visBin[b * c.nV + i]) acc = Math.fround(acc + Math.fround(Math.fround(binScale) * hid[b * c.nH + j]!));
              }
              if (got[i * c.nH + j] !== acc) expect(`${got[i * c.nH + j]} at (${i}, ${j})`).toBe(`${acc} at (${i}, ${j})`);
            }
          }
        }
        core.arena.f32(grad, c.nV * c.nH).set(start);
        core.kernels.rbmGradDense(grad, putF32(core, visDense), pHid, c.batch, c.nV, c.nH, scale, core.arena.alloc(4 * c.nV * c.batch));
        check(visDense, "gradient from dense", scale);

        // column sums over the visible (bin and dense) and hidden batches
        for (const [data, n, isBin] of [[visBin, c.nV, true], [visDense, c.nV, false], [hid, c.nH, false]] as const) {
          const init = randF32(rand, n, 1);
          const out = putF32(core, init);
          if (isBin) core.kernels.rbmColumnSumsBin(putU8(core, data), c.batch, n, out, scale);
          else core.kernels.rbmColumnSumsDense(putF32(core, data), c.batch, n, out, scale);
          const expected = new Float64Array(n), bound = new Float64Array(n);
          for (let i = 0; i < n; i++) {
            let sum = 0, abs = 0;
            for (let b = 0; b < c.batch; b++) { sum += data[b * n + i]!; abs += Math.abs(data[b * n + i]!); }
            expected[i] = init[i]! + scale * sum;
            // bin counts are exact integers: only the scale and the add round
            bound[i] = gamma(isBin ? 2 : c.batch + 2) * (Math.abs(init[i]!) + Math.abs(scale) * abs) + MIN_SUBNORMAL;
          }
          expectClose(core.arena.f32(out, n), expected, (k) => bound[k]!, `column sums (${isBin ? "bin" : "dense"}, n ${n})`);
        }
      });
    });
  }
});

describe("rbmUpdate", () => {
  it("applies momentum, gradient scale, L2 and L1 (sign(0) = 0) exactly as the float32 formula, and zeroes the gradient", async () => {
    const core = await testCore();
    const rand = mulberry32(31);
    for (const count of [1, 3, 4, 67]) {
      const param = randF32(rand, count, 0.1);
      if (count > 2) { param[1] = 0; param[2] = -0; }
      const inc = randF32(rand, count, 0.01);
      const grad = randF32(rand, count, 5);
      const [momentum, gradScale, l2, l1] = [0.9, 0.1 / 100, 0.1 * 2e-4, 0.1 * 3e-4].map(Math.fround) as [number, number, number, number];
      core.arena.scoped(() => {
        const pParam = putF32(core, param), pInc = putF32(core, inc), pGrad = putF32(core, grad);
        core.kernels.rbmUpdate(pParam, pInc, pGrad, count, momentum, gradScale, l2, l1);
        const f = Math.fround;
        const expInc = new Float32Array(count), expParam = new Float32Array(count);
        const expInc64 = new Float64Array(count);
        for (let k = 0; k < count; k++) {
          const p = param[k]!;
          const sign = p > 0 ? 1 : p < 0 ? -1 : 0;
          // float32 evaluation order of the kernel: ((m inc + s grad) - l2 p) - l1 sign
          expInc[k] = f(f(f(f(momentum * inc[k]!) + f(gradScale * grad[k]!)) - f(l2 * p)) - f(l1 * sign));
          expParam[k] = f(p + expInc[k]!);
          expInc64[k] = momentum * inc[k]! + gradScale * grad[k]! - l2 * p - l1 * sign;
        }
        expect(Array.from(core.arena.f32(pInc, count))).toEqual(Array.from(expInc));
        expect(Array.from(core.arena.f32(pParam, count))).toEqual(Array.from(expParam));
        // and within float32 rounding of the exact formula
        expectClose(core.arena.f32(pInc, count), expInc64, (k) => 8 * U * (Math.abs(momentum * inc[k]!) + Math.abs(gradScale * grad[k]!) + Math.abs(l2 * param[k]!) + l1), "increment");
        expect(Array.from(core.arena.f32(pGrad, count))).toEqual(new Array(count).fill(0));
        if (count > 2) {
          // sign(0) = 0: a zero parameter gets no L1 push
          expect(core.arena.f32(pInc, count)[1]).toBe(expInc[1]);
          expect(expInc[1]).toBe(f(f(momentum * inc[1]!) + f(gradScale * grad[1]!)));
        }
      });
    }
  });
});

/**
 * rbmGradUpdateBinTables' arithmetic in float32, written out: per group of `group` batch rows the selected hidden
 * values summed from +0 in increasing row, the group sums added from +0 in increasing group (positive phase, then the
 * negative phase subtracted), then rbmUpdate's rule.
 */
function gradTablesRef(
  visPos: Uint8Array, hidPos: Float32Array, rowsPos: number, visNeg: Uint8Array, hidNeg: Float32Array, rowsNeg: number,
  nV: number, nH: number, W: Float32Array, inc: Float32Array, [momentum, gradScale, l2, l1]: readonly number[], group: number,
): { W: Float32Array; inc: Float32Array } {
  const f = Math.fround;
  const outW = W.slice(), outInc = inc.slice();
  const groupSum = (vis: Uint8Array, hid: Float32Array, rows: number, g: number, i: number, j: number) => {
    let sum = 0;
    for (let b = group * g; b < Math.min(group * (g + 1), rows); b++) if (vis[b * nV + i]) sum = f(sum + hid[b * nH + j]!);
    return sum;
  };
  for (let i = 0; i < nV; i++) {
    for (let j = 0; j < nH; j++) {
      let grad = 0;
      for (let g = 0; g < Math.ceil(rowsPos / group); g++) grad = f(grad + groupSum(visPos, hidPos, rowsPos, g, i, j));
      for (let g = 0; g < Math.ceil(rowsNeg / group); g++) grad = f(grad - groupSum(visNeg, hidNeg, rowsNeg, g, i, j));
      const k = i * nH + j, p = W[k]!;
      const sign = p > 0 ? 1 : p < 0 ? -1 : 0;
      const step = f(f(f(f(momentum! * inc[k]!) + f(gradScale! * grad)) - f(l2! * p)) - f(l1! * sign));
      outInc[k] = step;
      outW[k] = f(p + step);
    }
  }
  return { W: outW, inc: outInc };
}

describe("rbmGradUpdateBinTables", () => {
  it("has the scratch sizes the memory estimate counts (ESTIMATE_KERNEL_SCRATCH)", async () => {
    const core = await testCore();
    const estimate = ESTIMATE_KERNEL_SCRATCH;
    for (const nIn of [1, 7, 16, 1600]) expect(core.kernels.propagateLookupBytes(nIn)).toBe(estimate.propagateLookupBytes(nIn));
    expect(core.kernels.subsetTableBytes()).toBe(estimate.subsetTableBytes());
    expect(core.kernels.gradPartialBytes()).toBe(estimate.gradPartialBytes());
    expect(core.kernels.complementSumsBytes()).toBe(estimate.complementSumsBytes());
    for (const [rowsPos, rowsNeg] of [[1, 1], [4, 5], [5, 6], [10, 10], [100, 100], [261, 259]] as const) {
      expect(core.kernels.gradLookupBytes(rowsPos, rowsNeg)).toBe(estimate.gradLookupBytes(rowsPos, rowsNeg));
    }
  });

  for (const c of CASES) {
    it(`equals its float32 definition bit for bit on any row split, and the float64 update within rounding: ${label(c)}`, async () => {
      const core = await testCore();
      const rand = mulberry32(c.batch * 11 + c.nV * 17 + c.nH * 5);
      // Unequal phase sizes too: the persistent chain may have another row count than the data batch.
      const rowsNeg = Math.max(1, c.batch - 2);
      const visPos = randBin(rand, c.batch, c.nV, c.density);
      const visNeg = randBin(rand, rowsNeg, c.nV, 1 - c.density);
      const hidPos = randUnitF32(rand, c.batch * c.nH);
      const hidNeg = randUnitF32(rand, rowsNeg * c.nH);
      const W = randF32(rand, c.nV * c.nH, c.wScale);
      if (c.nV * c.nH > 2) W[1] = 0;
      const inc = randF32(rand, c.nV * c.nH, 0.01);
      const rule = [0.5, 0.1 / c.batch, 0.1 * 2e-4, 0.1 * 3e-4].map(Math.fround) as [number, number, number, number];
      const n = c.nV * c.nH;
      const expected = gradTablesRef(visPos, hidPos, c.batch, visNeg, hidNeg, rowsNeg, c.nV, c.nH, W, inc, rule, core.kernels.gradGroupRows());
      core.arena.scoped(() => {
        const pVisPos = putU8(core, visPos), pVisNeg = putU8(core, visNeg);
        const pHidPos = putF32(core, hidPos), pHidNeg = putF32(core, hidNeg);
        const lookups = core.arena.alloc(c.nV * core.kernels.gradLookupBytes(c.batch, rowsNeg));
        const partial = core.arena.alloc(c.nV * core.kernels.gradPartialBytes());
        const tables = core.arena.alloc(core.kernels.subsetTableBytes());
        // Over three row ranges, as threads would split it.
        const pW = putF32(core, W), pInc = putF32(core, inc);
        const cuts = [0, Math.floor(c.nV / 3), Math.floor((2 * c.nV) / 3), c.nV];
        for (let part = 0; part < 3; part++) {
          core.kernels.rbmGradUpdateBinTables(pW, pInc, pVisPos, pHidPos, c.batch, pVisNeg, pHidNeg, rowsNeg,
            c.nV, c.nH, cuts[part]!, cuts[part + 1]!, lookups, tables, partial, ...rule);
        }
        expect(Buffer.from(core.arena.u8(pW, 4 * n)).equals(Buffer.from(expected.W.buffer))).toBe(true);
        expect(Buffer.from(core.arena.u8(pInc, 4 * n)).equals(Buffer.from(expected.inc.buffer))).toBe(true);
        // Against float64: inc' = m inc + s (pos - neg) - l2 W - l1 sign(W), W' = W + inc'.
        const [momentum, gradScale, l2, l1] = rule;
        const expectedW = new Float64Array(n), bound = new Float64Array(n);
        for (let i = 0; i < c.nV; i++) {
          for (let j = 0; j < c.nH; j++) {
            let sum = 0, abs = 0;
            for (let b = 0; b < c.batch; b++) if (visPos[b * c.nV + i]) { sum += hidPos[b * c.nH + j]!; abs += hidPos[b * c.nH + j]!; }
            for (let b = 0; b < rowsNeg; b++) if (visNeg[b * c.nV + i]) { sum -= hidNeg[b * c.nH + j]!; abs += hidNeg[b * c.nH + j]!; }
            const k = i * c.nH + j, p = W[k]!;
            const sign = p > 0 ? 1 : p < 0 ? -1 : 0;
            const terms = [momentum * inc[k]!, gradScale * sum, l2 * p, l1 * sign];
            expectedW[k] = p + terms[0]! + terms[1]! - terms[2]! - terms[3]!;
            const magnitude = Math.abs(terms[0]!) + gradScale * abs + Math.abs(terms[2]!) + Math.abs(terms[3]!);
            bound[k] = gamma(c.batch + rowsNeg + 8) * (Math.abs(p) + magnitude) + MIN_SUBNORMAL;
          }
        }
        expectClose(core.arena.f32(pW, n), expectedW, (k) => bound[k]!, "updated weights");
      });
    });
  }
});

describe("scores", () => {
  for (const c of CASES) {
    it(`free energies, pseudo-likelihood and squared error: ${label(c)}`, async () => {
      const core = await testCore();
      const rand = mulberry32(c.batch * 3 + c.nV * 17 + c.nH * 5);
      const { W, vbias, hbias } = makeModel(rand, c);
      const visBin = randBin(rand, c.batch, c.nV, c.density);
      const visDense = randUnitF32(rand, c.batch * c.nV);
      const flip = Int32Array.from({ length: c.batch }, () => Math.floor(rand() * c.nV));
      core.arena.scoped(() => {
        const pW = putF32(core, W), pvb = putF32(core, vbias), phb = putF32(core, hbias);
        const scratch = core.arena.alloc(4 * 2 * c.nH);
        const out = core.arena.alloc(8 * c.batch);
        const pBin = putU8(core, visBin), pDense = putF32(core, visDense);

        for (const [vis, ptr, kernel] of [
          [visBin, pBin, "rbmFreeEnergyBin"],
          [visDense, pDense, "rbmFreeEnergyDense"],
        ] as const) {
          core.kernels[kernel](ptr, c.batch, c.nV, pW, pvb, phb, c.nH, scratch, out);
          const ref = Array.from({ length: c.batch }, (_, b) => freeEnergyRef(vis, b, c.nV, W, vbias, hbias, c.nH));
          expectClose(core.arena.f64(out, c.batch), ref.map((r) => r.F), (b) => ref[b]!.bound + 1e-12 * Math.abs(ref[b]!.F) + 1e-300,
            `free energy (${vis === visBin ? "bin" : "dense"})`);
        }

        // scikit-learn's score_samples, with F(v') by full re-propagation
        core.kernels.rbmPseudoLikelihoodBin(pBin, c.batch, c.nV, putI32(core, flip), pW, pvb, phb, c.nH, scratch, out);
        const expected = new Float64Array(c.batch), bound = new Float64Array(c.batch);
        for (let b = 0; b < c.batch; b++) {
          const v = visBin.slice(b * c.nV, (b + 1) * c.nV);
          const vFlipped = Uint8Array.from(v);
          vFlipped[flip[b]!] = 1 - vFlipped[flip[b]!]!;
          const fe = freeEnergyRef(v, 0, c.nV, W, vbias, hbias, c.nH);
          const feFlipped = freeEnergyRef(vFlipped, 0, c.nV, W, vbias, hbias, c.nH);
          expected[b] = -c.nV * softplusRef(-(feFlipped.F - fe.F));
          // both free energies share the f32 pre-activation errors (slope of softplus < 1)
          bound[b] = c.nV * (2 * fe.bound + 1e-12 * (Math.abs(fe.F) + Math.abs(feFlipped.F))) + 1e-300;
        }
        const pl = Array.from(core.arena.f64(out, c.batch));
        expectClose(pl, expected, (b) => bound[b]!, "pseudo-likelihood");
        expect(pl.every((x) => Number.isFinite(x) && x <= 0)).toBe(true);

        // The batch's pre-activations once, then the scores from them: the per-row kernels' numbers exactly,
        // and the pre-activations within float32 rounding of float64 (their sigmoid is rbmHiddenFromBin's).
        const pre = core.arena.alloc(4 * c.batch * c.nH);
        core.kernels.rbmHiddenPreactivationsBin(pBin, c.batch, c.nV, pW, phb, c.nH, pre);
        const preRef = hiddenPreRef(visBin, c.batch, c.nV, W, hbias, c.nH);
        expectClose(core.arena.f32(pre, c.batch * c.nH), preRef.pre, (k) => preRef.bound[k]!, "pre-activations (bin)");
        const fromPre = core.arena.alloc(8 * c.batch);
        core.kernels.rbmPseudoLikelihoodBinFromPre(pBin, c.batch, c.nV, putI32(core, flip), pW, pvb, pre, c.nH, fromPre);
        expect(Array.from(core.arena.f64(fromPre, c.batch))).toEqual(pl);
        core.kernels.rbmFreeEnergyBin(pBin, c.batch, c.nV, pW, pvb, phb, c.nH, scratch, out);
        core.kernels.rbmFreeEnergyBinFromPre(pBin, c.batch, c.nV, pvb, pre, c.nH, fromPre);
        expect(Array.from(core.arena.f64(fromPre, c.batch))).toEqual(Array.from(core.arena.f64(out, c.batch)));
        const probabilities = core.arena.alloc(4 * c.batch * c.nH);
        core.kernels.rbmHiddenFromBin(pBin, c.batch, c.nV, pW, phb, c.nH, probabilities);
        core.kernels.rbmSigmoid(pre, c.batch * c.nH, pre);
        expect(Array.from(core.arena.f32(pre, c.batch * c.nH))).toEqual(Array.from(core.arena.f32(probabilities, c.batch * c.nH)));

        // squared error of a reconstruction
        const count = c.batch * c.nV;
        const prob = randUnitF32(rand, count);
        const pProb = putF32(core, prob);
        let errBin = 0, errDense = 0;
        for (let k = 0; k < count; k++) {
          errBin += (visBin[k]! - prob[k]!) ** 2;
          errDense += (visDense[k]! - prob[k]!) ** 2;
        }
        // differences and squares in f64: only summation order differs
        expect(core.kernels.rbmSquaredErrorBin(pBin, pProb, count)).toBeCloseTo(errBin, 9);
        expect(core.kernels.rbmSquaredErrorDense(pDense, pProb, count)).toBeCloseTo(errDense, 9);
        expect(Math.abs(core.kernels.rbmSquaredErrorBin(pBin, pProb, count) - errBin)).toBeLessThanOrEqual(1e-13 * errBin * count);
      });
    });
  }
});
