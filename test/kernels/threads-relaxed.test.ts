// The relaxed-SIMD build (f32x4.relaxed_madd -> FMA in the GEMM and
// dot-product loops) against the baseline build. Documented tolerance:
//  - each dense product term-for-term: |relaxed - baseline| <= 2 K u sum_k |a_k b_k|
//    (u = 2^-24; both are within K u sum |a b| of the exact sum);
//  - after one epoch of this test's training run (1000 x 1600 -> 64, 10
//    batches, same seed): max |dW| <= 1e-3 and pseudo-likelihood within 1e-3
//    relative (measured here: 4e-7 and 5e-8). Differences start at a few ulps
//    and grow only when a Bernoulli draw u < p lands between the two builds'
//    p; each such flip moves weights by up to lr / batch and seeds more
//    flips, so longer runs decorrelate in detail (bench/rbm.ts measures
//    max |dW| ~ 0.1 after the paper's 200-batch epoch) while their
//    statistics agree. No elementwise bound is claimed beyond this test.
// Threads stay bit-identical within the relaxed build too. Node 20 needs
// --experimental-wasm-relaxed-simd; the test sets it at run time and skips
// where the engine still refuses.
import { setFlagsFromString } from "node:v8";
import { afterAll, describe, expect, it } from "vitest";
import { loadCore, relaxedSimdSupported, type Core } from "../../src/wasm.js";
import { trainLayer } from "../../src/rbm/training/index.js";
import { rbmDefaults, sklearnPreset, type LayerTrainingOptions } from "../../src/rbm/training-options.js";
import type { LayerData } from "../../src/rbm/layer-data.js";
import { stopThreads } from "../../src/threads/pool.js";
import { mulberry32 } from "../support/random.js";

if (!relaxedSimdSupported()) setFlagsFromString("--experimental-wasm-relaxed-simd");
const supported = relaxedSimdSupported();
if (!supported) console.warn("skipping relaxed-SIMD tests: the engine rejects relaxed SIMD even with the flag");

const U = 2 ** -24;

describe.skipIf(!supported)("relaxed-SIMD build vs baseline", () => {
  let cores: Promise<[Core, Core]> | undefined;
  const both = () => (cores ??= Promise.all([loadCore({ simd: "baseline" }), loadCore({ simd: "relaxed" })]));
  afterAll(async () => { if (cores) for (const core of await cores) stopThreads(core); });

  it("loads the relaxed build when asked", async () => {
    const [base, relaxed] = await both();
    expect(base.simd).toBe("baseline");
    expect(relaxed.simd).toBe("relaxed");
  });

  it("rbmGradDense agrees within 2 K u sum |a b| per element", async () => {
    const [batch, nVisible, nHidden] = [100, 96, 40];
    const random = mulberry32(4);
    const vis = Float32Array.from({ length: batch * nVisible }, () => random());
    const hid = Float32Array.from({ length: batch * nHidden }, () => random() * 2 - 1);
    const results = (await both()).map((core) => core.arena.scoped(() => {
      const v = core.arena.alloc(vis.length * 4);
      const h = core.arena.alloc(hid.length * 4);
      const g = core.arena.alloc(nVisible * nHidden * 4);
      core.arena.f32(v, vis.length).set(vis);
      core.arena.f32(h, hid.length).set(hid);
      core.kernels.rbmGradDense(g, v, h, batch, nVisible, nHidden, 1, core.arena.alloc(nVisible * batch * 4));
      return core.arena.f32(g, nVisible * nHidden).slice();
    }));
    let differing = 0;
    for (let i = 0; i < nVisible; i++) {
      for (let j = 0; j < nHidden; j++) {
        let magnitude = 0;
        for (let b = 0; b < batch; b++) magnitude += Math.abs(vis[b * nVisible + i]! * hid[b * nHidden + j]!);
        const d = Math.abs(results[0]![i * nHidden + j]! - results[1]![i * nHidden + j]!);
        expect(d).toBeLessThanOrEqual(2 * batch * U * magnitude + 1e-30);
        if (d > 0) differing++;
      }
    }
    // FMA really is in use (on CPUs without FMA the engine may lower to mul + add; then nothing differs).
    console.log(`relaxed vs baseline rbmGradDense: ${differing} of ${nVisible * nHidden} elements differ`);
  });

  const cases: [string, Partial<LayerTrainingOptions>][] = [["CD-1, rbm.m rules", {}], ["sklearn preset", sklearnPreset()]];
  for (const [label, overrides] of cases) {
    it(`${label}: one epoch of 1600 -> 64 agrees within max |dW| 1e-3; threads bit-identical within the build`, async () => {
      const [base, relaxed] = await both();
      const random = mulberry32(11);
      const train: LayerData = {
        kind: "binary", nSamples: 1000, nVisible: 1600,
        values: Uint8Array.from({ length: 1000 * 1600 }, () => (random() < 0.5 ? 1 : 0)),
      };
      const options: LayerTrainingOptions = { ...rbmDefaults(), ...overrides, nHidden: 64, epochs: 1, batchSize: 100 };
      const run = (core: Core, threads: number) => trainLayer(core, { layer: 1, seed: 5, options, train, monitorSamples: 200, threads });
      const a = run(base, 1);
      const b = run(relaxed, 1);
      let maxDiff = 0;
      for (let k = 0; k < a.parameters.weights.length; k++) maxDiff = Math.max(maxDiff, Math.abs(a.parameters.weights[k]! - b.parameters.weights[k]!));
      expect(maxDiff).toBeLessThanOrEqual(1e-3);
      const [plA, plB] = [a.metrics[0]!.pseudoLikelihood, b.metrics[0]!.pseudoLikelihood];
      expect(Math.abs(plA - plB)).toBeLessThanOrEqual(1e-3 * Math.abs(plA));
      const b2 = run(relaxed, 2);
      expect(Buffer.from(b2.parameters.weights.buffer).equals(Buffer.from(b.parameters.weights.buffer))).toBe(true);
    });
  }
});
