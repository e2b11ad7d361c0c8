// Threads change speed, never results: training on 2 or 3 threads gives the
// same parameter bits as on one (same seed), and the row-range gradient
// kernels the threads use reproduce the full kernels exactly.
import { afterAll, describe, expect, it } from "vitest";
import { trainLayer } from "../../src/rbm/training/index.js";
import { trainStack } from "../../src/rbm/stack.js";
import { rbmDefaults, sklearnPreset, type LayerTrainingOptions } from "../../src/rbm/training-options.js";
import type { LayerData } from "../../src/rbm/layer-data.js";
import { uploadParameters, type RbmParameters } from "../../src/rbm/rbm-parameters.js";
import { scoreLayer } from "../../src/rbm/layer-scores.js";
import { sampleIsing } from "../../src/systems/ising/sampler.js";
import { allocStream } from "../../src/rng.js";
import { splitRange, stopThreads, threadTeam } from "../../src/threads/pool.js";
import { testCore } from "../support/core.js";
import { mulberry32 } from "../support/random.js";

function randomBinary(nSamples: number, nVisible: number, seed: number, density = 0.5): LayerData {
  const random = mulberry32(seed);
  const values = new Uint8Array(nSamples * nVisible);
  for (let k = 0; k < values.length; k++) values[k] = random() < density ? 1 : 0;
  return { kind: "binary", nSamples, nVisible, values };
}

function bits(params: RbmParameters): Uint32Array[] {
  return [params.weights, params.visibleBias, params.hiddenBias].map((a) => new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)));
}

function expectSameBits(a: RbmParameters, b: RbmParameters): void {
  const [wa, va, ha] = bits(a);
  const [wb, vb, hb] = bits(b);
  // toEqual on typed arrays compares element values; these are the raw bits.
  expect(Buffer.from(wa!.buffer).equals(Buffer.from(wb!.buffer))).toBe(true);
  expect(Buffer.from(va!.buffer).equals(Buffer.from(vb!.buffer))).toBe(true);
  expect(Buffer.from(ha!.buffer).equals(Buffer.from(hb!.buffer))).toBe(true);
}

describe("threaded training is bit-identical to one thread", () => {
  afterAll(async () => stopThreads(await testCore()));

  it("gets real workers here (Node, shared memory)", async () => {
    const core = await testCore();
    expect(core.sharedMemory).toBe(true);
    expect(threadTeam(core, 2).size).toBe(2);
  });

  const layerCases: [string, Partial<LayerTrainingOptions>][] = [
    ["CD-1, rbm.m rules with L1", {}],
    ["CD-1, L2, probabilities", { penalty: "l2" }],
    ["sklearn preset (PCD-1, sampled visibles)", sklearnPreset()],
    ["CD-2 with sampled visibles", { cdSteps: 2, negativeVisible: "samples" }],
  ];
  for (const [label, overrides] of layerCases) {
    it(`${label}: 2 epochs of 1600 -> 64, batch 100`, async () => {
      const core = await testCore();
      const train = randomBinary(1000, 1600, 11);
      const options: LayerTrainingOptions = { ...rbmDefaults(), ...overrides, nHidden: 64, epochs: 2, batchSize: 100 };
      const validation = randomBinary(300, 1600, 12);
      // 300 monitored rows: two scoring chunks, each split across the threads.
      const run = (threads: number) => trainLayer(core, { layer: 1, seed: 5, options, train, validation, monitorSamples: 300, threads });
      const one = run(1);
      for (const threads of [2, 3]) {
        const many = run(threads);
        expectSameBits(one.parameters, many.parameters);
        const scores = (m: (typeof one.metrics)[number]) =>
          [m.pseudoLikelihood, m.reconstructionError, m.freeEnergyTrain, m.freeEnergyValidation, m.pseudoLikelihoodValidation];
        expect(many.metrics.map(scores)).toEqual(one.metrics.map(scores));
        if (one.chain) expect(many.chain).toEqual(one.chain);
      }
    });
  }

  for (const algorithm of ["wolff", "metropolis"] as const) {
    it(`Ising chains on 1, 2 and 3 threads give the same samples and statistics (${algorithm})`, async () => {
      const core = await testCore();
      const run = (threads: number) => {
        const { configs, energyPerSpin, stats } = sampleIsing(core, { size: 12, coupling: 0.42, count: 700, seed: 8, algorithm, chains: 5, threads });
        const { wallSeconds: _wall, ...rest } = stats;
        return { configs, energyPerSpin, stats: rest };
      };
      const one = run(1);
      expect(one.stats.chains).toBe(5);
      for (const threads of [2, 3]) expect(run(threads)).toEqual(one);
    });
  }

  it("scoreLayer gives the same numbers on 1, 2 and 3 threads, for 0/1 bytes and for probabilities", async () => {
    const core = await testCore();
    const random = mulberry32(21);
    const params: RbmParameters = {
      nVisible: 203, nHidden: 45,
      weights: Float32Array.from({ length: 203 * 45 }, () => random() - 0.5),
      visibleBias: Float32Array.from({ length: 203 }, () => random() - 0.5),
      hiddenBias: Float32Array.from({ length: 45 }, () => random() - 0.5),
    };
    const dense: LayerData = { kind: "dense", nSamples: 301, nVisible: 203, values: Float32Array.from({ length: 301 * 203 }, () => random()) };
    for (const data of [randomBinary(301, 203, 22), dense]) {
      const scoreOn = (threads: number) => core.arena.scoped(() => {
        const rbm = uploadParameters(core, params);
        return scoreLayer(core, rbm, data, allocStream(core, 9, 0), threadTeam(core, threads));
      });
      const one = scoreOn(1);
      expect(Number.isFinite(one.pseudoLikelihood) && one.reconstructionError > 0).toBe(true);
      for (const threads of [2, 3]) expect(scoreOn(threads)).toEqual(one);
    }
  });

  it("sklearn preset at batch 48 (gradient tables in two chunks, part-filled groups, a short last batch): same bits on 1-3 threads", async () => {
    const core = await testCore();
    const train = randomBinary(200, 1600, 13);
    const options: LayerTrainingOptions = { ...sklearnPreset(), nHidden: 45, epochs: 2, batchSize: 48 };
    const one = trainLayer(core, { layer: 1, seed: 3, options, train, monitorSamples: 50, threads: 1 });
    for (const threads of [2, 3]) {
      const many = trainLayer(core, { layer: 1, seed: 3, options, train, monitorSamples: 50, threads });
      expectSameBits(one.parameters, many.parameters);
      expect(many.chain).toEqual(one.chain);
    }
  });

  it("odd sizes: 103 visible, 37 hidden, batch 30 with a short last batch", async () => {
    const core = await testCore();
    const train = randomBinary(250, 103, 12, 0.3);
    const options: LayerTrainingOptions = { ...rbmDefaults(), nHidden: 37, epochs: 2, batchSize: 30 };
    const one = trainLayer(core, { layer: 1, seed: 9, options, train, threads: 1 });
    for (const threads of [2, 3]) {
      expectSameBits(one.parameters, trainLayer(core, { layer: 1, seed: 9, options, train, threads }).parameters);
    }
  });

  it("a stack with a dense second layer (1600 -> 64 -> 16)", async () => {
    const core = await testCore();
    const data = randomBinary(800, 1600, 13);
    const layers = [
      { ...rbmDefaults(), nHidden: 64, epochs: 2, batchSize: 100 },
      { ...rbmDefaults(), nHidden: 16, epochs: 2, batchSize: 100 },
    ];
    const run = (threads: number) => trainStack(core, data, { layers, seed: 3, validationFraction: 0.1, monitorSamples: 50, threads });
    const one = run(1);
    const two = run(2);
    expect(two.layers).toHaveLength(2);
    for (const [l, params] of one.layers.entries()) expectSameBits(params, two.layers[l]!);
  });
});

describe("row-range gradient kernels", () => {
  for (const binary of [true, false]) {
    it(`${binary ? "rbmGradBinRows" : "rbmGradDenseRows"} over disjoint ranges equals the full kernel`, async () => {
      const core = await testCore();
      const k = core.kernels;
      const [batch, nVisible, nHidden] = [13, 71, 45];
      const random = mulberry32(binary ? 1 : 2);
      core.arena.scoped(() => {
        const vis = core.arena.alloc(batch * nVisible * (binary ? 1 : 4));
        const hid = core.arena.alloc(batch * nHidden * 4);
        const full = core.arena.alloc(nVisible * nHidden * 4);
        const parts = core.arena.alloc(nVisible * nHidden * 4);
        const masks = core.arena.alloc(8 * nVisible * Math.ceil(batch / 64));
        const visT = core.arena.alloc(4 * nVisible * batch);
        if (binary) core.arena.u8(vis, batch * nVisible).set(Array.from({ length: batch * nVisible }, () => (random() < 0.4 ? 1 : 0)));
        else core.arena.f32(vis, batch * nVisible).set(Array.from({ length: batch * nVisible }, () => random()));
        core.arena.f32(hid, batch * nHidden).set(Array.from({ length: batch * nHidden }, () => random()));
        const start = Array.from({ length: nVisible * nHidden }, () => random() - 0.5);
        core.arena.f32(full, nVisible * nHidden).set(start);
        core.arena.f32(parts, nVisible * nHidden).set(start);
        if (binary) k.rbmGradBin(full, vis, hid, batch, nVisible, nHidden, -0.7, masks);
        else k.rbmGradDense(full, vis, hid, batch, nVisible, nHidden, -0.7, visT);
        for (const [first, end] of [[0, 5], [5, 5], [5, 32], [32, 33], [33, 71]] as const) {
          if (binary) k.rbmGradBinRows(parts, vis, hid, batch, nVisible, nHidden, -0.7, first, end, masks);
          else k.rbmGradDenseRows(parts, vis, hid, batch, nVisible, nHidden, -0.7, first, end, visT);
        }
        expect(Array.from(core.arena.u32(parts, nVisible * nHidden))).toEqual(Array.from(core.arena.u32(full, nVisible * nHidden)));
      });
    });
  }

  it("splitRange covers [0, count) in aligned, ordered, disjoint parts", () => {
    for (const [count, parts, align] of [[100, 2, 1], [1600, 2, 16], [103, 3, 16], [5, 4, 1], [0, 3, 4]] as const) {
      let next = 0;
      for (let p = 0; p < parts; p++) {
        const [start, end] = splitRange(count, parts, p, align);
        expect(start).toBe(next);
        expect(end).toBeGreaterThanOrEqual(start);
        if (end < count) expect(end % align).toBe(0);
        next = end;
      }
      expect(next).toBe(count);
    }
  });
});
