// The float64 kernels of RSMI's training (assembly/rsmi-dense.ts,
// assembly/rsmi-infonce.ts) against plain TypeScript loops on awkward sizes
// (not multiples of the 8-column chunks or of two rows): the products sum in
// the loops' order, so they agree bit for bit; the exponential and InfoNCE
// agree with Math.exp and src/rsmi/infonce.ts to an ulp or two.

import { describe, expect, it } from "vitest";
import { infoNceBound } from "../../src/rsmi/infonce.js";
import { SeededRandom } from "../../src/rsmi/random.js";
import { testCore } from "../support/core.js";

function randomValues(n: number, random: SeededRandom): Float64Array {
  return Float64Array.from({ length: n }, () => random.normal());
}

/** Copies arrays into the arena and returns their pointers. */
function upload(core: Awaited<ReturnType<typeof testCore>>, ...arrays: Float64Array[]): number[] {
  const pointers = arrays.map((a) => core.arena.alloc(8 * a.length));
  arrays.forEach((a, i) => core.arena.f64(pointers[i]!, a.length).set(a));
  return pointers;
}

const SHAPES = [[1, 1, 1], [3, 5, 7], [13, 21, 19], [8, 16, 8], [9, 4, 33], [2, 160, 32]] as const;

describe("RSMI dense kernels", () => {
  it("rsmiDenseForward: z = x W + c, with and without bias and ReLU, bit for bit", async () => {
    const core = await testCore();
    const random = new SeededRandom(41);
    for (const [rows, nIn, nOut] of SHAPES) {
      const x = randomValues(rows * nIn, random), w = randomValues(nIn * nOut, random), c = randomValues(nOut, random);
      for (const [withBias, relu] of [[true, 1], [false, 0], [true, 0]] as const) {
        core.arena.scoped(() => {
          const [px, pw, pc] = upload(core, x, w, c);
          const pz = core.arena.alloc(8 * rows * nOut);
          core.kernels.rsmiDenseForward(px!, rows, nIn, pw!, withBias ? pc! : 0, nOut, relu, pz);
          const z = core.arena.f64(pz, rows * nOut);
          for (let i = 0; i < rows; i++) {
            for (let j = 0; j < nOut; j++) {
              let s = withBias ? c[j]! : 0;
              for (let p = 0; p < nIn; p++) s += x[i * nIn + p]! * w[p * nOut + j]!;
              if (relu && !(s > 0)) s = 0;
              expect(z[i * nOut + j]).toBe(s);
            }
          }
        });
      }
    }
  });

  it("rsmiDenseBackward: dW = x^T dz and the bias gradient, bit for bit", async () => {
    const core = await testCore();
    const random = new SeededRandom(42);
    for (const [rows, nIn, nOut] of SHAPES) {
      const x = randomValues(rows * nIn, random), dz = randomValues(rows * nOut, random);
      core.arena.scoped(() => {
        const [px, pdz] = upload(core, x, dz);
        const pdw = core.arena.alloc(8 * nIn * nOut), pdc = core.arena.alloc(8 * nOut);
        core.kernels.rsmiDenseBackward(px!, rows, nIn, pdz!, nOut, pdw, pdc);
        const dw = core.arena.f64(pdw, nIn * nOut), dc = core.arena.f64(pdc, nOut);
        for (let j = 0; j < nOut; j++) {
          let b = 0;
          for (let i = 0; i < rows; i++) b += dz[i * nOut + j]!;
          expect(dc[j]).toBe(b);
          for (let p = 0; p < nIn; p++) {
            let s = 0;
            for (let i = 0; i < rows; i++) s += x[i * nIn + p]! * dz[i * nOut + j]!;
            expect(dw[p * nOut + j]).toBe(s);
          }
        }
      });
    }
  });

  it("rsmiReluMask zeroes the gradient where the ReLU's output is not positive; rsmiTransposeF64 transposes", async () => {
    const core = await testCore();
    const random = new SeededRandom(43);
    const out = Float64Array.from(randomValues(37, random), (v) => Math.max(0, v));
    const grad = randomValues(37, random);
    const m = randomValues(5 * 7, random);
    core.arena.scoped(() => {
      const [pg, po, pm] = upload(core, grad, out, m);
      core.kernels.rsmiReluMask(pg!, po!, 37);
      expect(Array.from(core.arena.f64(pg!, 37))).toEqual(Array.from(grad, (g, i) => (out[i]! > 0 ? g : 0)));
      const pt = core.arena.alloc(8 * 35);
      core.kernels.rsmiTransposeF64(pm!, 5, 7, pt);
      const t = core.arena.f64(pt, 35);
      for (let r = 0; r < 5; r++) for (let c = 0; c < 7; c++) expect(t[c * 5 + r]).toBe(m[r * 7 + c]);
    });
  });
});

describe("RSMI InfoNCE kernel", () => {
  it("rsmiExpNonPositive is within 2 ulp of Math.exp on [-700, 0] and 0 below", async () => {
    const core = await testCore();
    const random = new SeededRandom(44);
    let worst = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = i < 10_000 ? -700 * random.uniform() : -random.uniform(); // the whole range, then the softmax's usual one
      const exact = Math.exp(x);
      worst = Math.max(worst, Math.abs(core.kernels.rsmiExpNonPositive(x) - exact) / exact);
    }
    expect(worst).toBeLessThan(4.5e-16);
    expect(core.kernels.rsmiExpNonPositive(0)).toBe(1);
    expect(core.kernels.rsmiExpNonPositive(-800)).toBe(0);
  });

  it("rsmiInfoNce: the bound and gradient of src/rsmi/infonce.ts, odd and even K", async () => {
    const core = await testCore();
    const random = new SeededRandom(45);
    for (const K of [1, 2, 7, 64, 101]) {
      const scores = Float64Array.from(randomValues(K * K, random), (v) => 3 * v);
      const reference = infoNceBound(scores, K);
      core.arena.scoped(() => {
        const [ps] = upload(core, scores);
        const pg = core.arena.alloc(8 * K * K);
        const bound = core.kernels.rsmiInfoNce(ps!, K, pg);
        expect(Math.abs(bound - reference.bound)).toBeLessThan(1e-14 * Math.max(1, Math.log(K)));
        const gradient = core.arena.f64(pg, K * K);
        const worst = Math.max(...Array.from(gradient, (g, i) => Math.abs(g - reference.gradient[i]!)));
        expect(worst).toBeLessThan(1e-15);
      });
    }
  });
});
