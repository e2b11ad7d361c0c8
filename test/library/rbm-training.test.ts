import { describe, expect, it } from "vitest";
import {
  chooseStepStrategy, COMPLEMENT_MIN_BATCH, PROPAGATE_TABLES_MIN_BATCH, trainLayer,
} from "../../src/rbm/training/index.js";
import { scoreLayer } from "../../src/rbm/layer-scores.js";
import { uploadParameters, type RbmParameters } from "../../src/rbm/rbm-parameters.js";
import { rbmDefaults, sklearnPreset, type LayerTrainingOptions } from "../../src/rbm/training-options.js";
import { trainStack } from "../../src/rbm/stack.js";
import type { LayerData } from "../../src/rbm/layer-data.js";
import { allocStream } from "../../src/rng.js";
import { testCore } from "../support/core.js";
import { exactLogLikelihood, freeEnergyByEnumeration } from "../support/rbm-exact.js";
import { mulberry32 } from "../support/random.js";

const N_VISIBLE = 8;

/** Two noisy prototypes (10% bit flips): a distribution a 4-hidden RBM can learn. */
function prototypeData(nSamples: number, seed: number): Extract<LayerData, { kind: "binary" }> {
  const random = mulberry32(seed);
  const prototypes = [[1, 1, 1, 1, 0, 0, 0, 0], [0, 0, 1, 1, 1, 1, 0, 1]];
  const values = new Uint8Array(nSamples * N_VISIBLE);
  for (let r = 0; r < nSamples; r++) {
    const proto = prototypes[random() < 0.6 ? 0 : 1]!;
    for (let i = 0; i < N_VISIBLE; i++) values[r * N_VISIBLE + i] = random() < 0.1 ? 1 - proto[i]! : proto[i]!;
  }
  return { kind: "binary", nSamples, nVisible: N_VISIBLE, values };
}

function tinyOptions(overrides: Partial<LayerTrainingOptions>): LayerTrainingOptions {
  return { ...rbmDefaults(), nHidden: 4, epochs: 30, batchSize: 20, penalty: "none", ...overrides };
}

describe("CD training on a tiny RBM with an exact likelihood", () => {
  const data = prototypeData(400, 3);

  for (const [label, overrides] of [
    ["CD-1 (rbm.m rules)", {}],
    ["CD-3", { cdSteps: 3 }],
    // PCD's chains only track the model when parameters move slowly
    // (Tieleman 2008): with rbm.m's momentum 0.9 the likelihood here falls.
    ["PCD-1", { persistent: true, learningRate: 0.05, momentum: [0, 0] }],
    ["sklearn preset", { ...sklearnPreset(), nHidden: 4, epochs: 30, batchSize: 10 }],
  ] as [string, Partial<LayerTrainingOptions>][]) {
    it(`${label} raises the exact log-likelihood`, async () => {
      const core = await testCore();
      const options = tinyOptions(overrides);
      const untrained = trainLayer(core, { layer: 1, seed: 5, options: { ...options, epochs: 0 }, train: data });
      const trained = trainLayer(core, { layer: 1, seed: 5, options, train: data });
      const before = exactLogLikelihood(untrained.parameters, data.values, data.nSamples);
      const after = exactLogLikelihood(trained.parameters, data.values, data.nSamples);
      // Uniform over 256 states gives -5.55 nats; the data's entropy is about 3.4 nats.
      expect(before).toBeLessThan(-5.3);
      expect(after).toBeGreaterThan(before + 1.0);
      expect(trained.metrics).toHaveLength(options.epochs);
    });
  }

  it("free energy from the kernels equals the enumeration", async () => {
    const core = await testCore();
    const trained = trainLayer(core, { layer: 1, seed: 9, options: tinyOptions({ epochs: 5 }), train: data });
    const params = trained.parameters;
    core.arena.scoped(() => {
      const rbm = uploadParameters(core, params);
      const visible = core.arena.alloc(data.values.length);
      core.arena.u8(visible, data.values.length).set(data.values);
      const out = core.arena.alloc(data.nSamples * 8);
      const scratch = core.arena.alloc(2 * params.nHidden * 4);
      core.kernels.rbmFreeEnergyBin(visible, data.nSamples, N_VISIBLE, rbm.weights, rbm.visibleBias, rbm.hiddenBias, params.nHidden, scratch, out);
      const energies = core.arena.f64(out, data.nSamples);
      for (let r = 0; r < 20; r++) {
        const exact = freeEnergyByEnumeration(params, data.values.subarray(r * N_VISIBLE, (r + 1) * N_VISIBLE));
        expect(energies[r]!).toBeCloseTo(exact, 5);
      }
    });
  });

  it("is reproducible from its seed and changes with it", async () => {
    const core = await testCore();
    const run = (seed: number) => trainLayer(core, { layer: 1, seed, options: tinyOptions({ epochs: 3 }), train: data }).parameters;
    const a = run(1), b = run(1), c = run(2);
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(c.weights.buffer))).toBe(false);
  });

  it("L1 drives more weights to near zero than no penalty", async () => {
    const core = await testCore();
    const strong = tinyOptions({ epochs: 40, penaltyStrength: 0.05 });
    const count = (params: RbmParameters) => params.weights.filter((w) => Math.abs(w) < 0.05).length;
    const plain = trainLayer(core, { layer: 1, seed: 4, options: { ...strong, penalty: "none" }, train: data }).parameters;
    const l1 = trainLayer(core, { layer: 1, seed: 4, options: { ...strong, penalty: "l1" }, train: data }).parameters;
    const l2 = trainLayer(core, { layer: 1, seed: 4, options: { ...strong, penalty: "l2" }, train: data }).parameters;
    const norm1 = (p: RbmParameters) => p.weights.reduce((s, w) => s + Math.abs(w), 0);
    expect(count(l1)).toBeGreaterThan(count(plain));
    expect(norm1(l1)).toBeLessThan(norm1(plain));
    expect(norm1(l2)).toBeLessThan(norm1(plain));
  });

  it("reports divergence with the last finite parameters", async () => {
    const core = await testCore();
    const wild = tinyOptions({ epochs: 50, learningRate: 1e38, momentum: [0.9, 0.9] });
    const result = trainLayer(core, { layer: 1, seed: 1, options: wild, train: data });
    expect(result.divergedAtEpoch).toBeGreaterThanOrEqual(1);
    expect(result.parameters.weights.every(Number.isFinite)).toBe(true);
  });

  it("carries momentum increments between calls", async () => {
    const core = await testCore();
    // One batch per epoch, so the first update of the next call is easy to predict.
    const options = tinyOptions({ epochs: 1, batchSize: 400, momentum: [0.9, 0.9] });
    const first = trainLayer(core, { layer: 1, seed: 1, options, train: data });
    const nParams = N_VISIBLE * 4 + N_VISIBLE + 4;
    expect(first.increments).toHaveLength(nParams);
    expect(first.increments.some((x) => x !== 0)).toBe(true);

    // Round trip: zero epochs hand the increments back unchanged.
    const idle = trainLayer(core, {
      layer: 1, seed: 2, options: { ...options, epochs: 0 }, train: data, initial: first.parameters, initialIncrements: first.increments,
    });
    expect(Array.from(idle.increments)).toEqual(Array.from(first.increments));

    // The next call continues with momentum: its update adds 0.9 x the carried increments to a fresh start's.
    const next = (initialIncrements?: Float32Array, momentum = 0.9) => trainLayer(core, {
      layer: 1, seed: 2, options: { ...options, momentum: [momentum, momentum] }, train: data,
      initial: first.parameters, ...(initialIncrements ? { initialIncrements } : {}),
    });
    const carried = next(first.increments);
    const restarted = next();
    expect(Array.from(carried.parameters.weights)).not.toEqual(Array.from(restarted.parameters.weights));
    for (let k = 0; k < N_VISIBLE * 4; k++) {
      const extra = carried.parameters.weights[k]! - restarted.parameters.weights[k]!;
      expect(extra).toBeCloseTo(0.9 * first.increments[k]!, 5);
    }
    for (let i = 0; i < 4; i++) {
      const extra = carried.parameters.hiddenBias[i]! - restarted.parameters.hiddenBias[i]!;
      expect(extra).toBeCloseTo(0.9 * first.increments[N_VISIBLE * 4 + N_VISIBLE + i]!, 5);
    }
    // Without momentum the carried increments do nothing, bit for bit.
    expect(Array.from(next(first.increments, 0).parameters.weights)).toEqual(Array.from(next(undefined, 0).parameters.weights));
    expect(() => next(new Float32Array(3))).toThrow(/initialIncrements has 3 values, expected 44/);
  });

  it("scores held-out data and trains a stack on hidden probabilities", async () => {
    const core = await testCore();
    const result = trainStack(core, data, {
      layers: [tinyOptions({ epochs: 4, nHidden: 6 }), tinyOptions({ epochs: 3, nHidden: 3 })],
      seed: 2, validationFraction: 0.25,
    });
    expect(result.trainSamples).toBe(300);
    expect(result.validationSamples).toBe(100);
    expect(result.layers.map((l) => [l.nVisible, l.nHidden])).toEqual([[8, 6], [6, 3]]);
    expect(result.metrics.map((m) => [m.layer, m.epoch])).toEqual([[1, 1], [1, 2], [1, 3], [1, 4], [2, 1], [2, 2], [2, 3]]);
    for (const row of result.metrics) {
      expect(Number.isFinite(row.freeEnergyValidation)).toBe(true);
      expect(row.pseudoLikelihood).toBeLessThan(0);
      expect(row.reconstructionError).toBeGreaterThan(0);
      expect(row.reconstructionError).toBeLessThan(1);
    }
    core.arena.scoped(() => {
      const rbm = uploadParameters(core, result.layers[0]!);
      const scores = scoreLayer(core, rbm, data, allocStream(core, 0, 0));
      expect(scores.nSamples).toBe(400);
      expect(Number.isFinite(scores.freeEnergy)).toBe(true);
    });
  });
});

describe("chooseStepStrategy", () => {
  const sklearn = (overrides: Partial<LayerTrainingOptions> = {}) => ({ ...sklearnPreset(), ...overrides });

  it("picks rbm.m's CD-k for rbm.m's settings and for dense data, whatever the preset", () => {
    for (const options of [rbmDefaults(), { ...rbmDefaults(), cdSteps: 3, persistent: true }]) {
      expect(chooseStepStrategy(options, "binary", options.batchSize).name).toBe("rbm.m CD-k");
      expect(chooseStepStrategy(options, "dense", options.batchSize).name).toBe("rbm.m CD-k");
    }
    expect(chooseStepStrategy(sklearn(), "dense", 10).name).toBe("rbm.m CD-k");
  });

  it("sums the gradient through tables for sampled negatives on binary data unless it is one-pass PCD", () => {
    expect(chooseStepStrategy(sklearn({ cdSteps: 2 }), "binary", 10).name).toBe("CD-k, sampled negatives");
    expect(chooseStepStrategy(sklearn({ persistent: false }), "binary", 10).name).toBe("CD-k, sampled negatives");
  });

  it("runs scikit-learn's PCD-1 as one-pass PCD, its kernels set by the batch size", () => {
    const at = (batch: number) => {
      const strategy = chooseStepStrategy(sklearn({ batchSize: batch }), "binary", batch);
      if (strategy.name !== "one-pass PCD") throw new Error(strategy.name);
      return [strategy.complementSums, strategy.propagateTables];
    };
    expect(at(COMPLEMENT_MIN_BATCH - 1)).toEqual([false, false]);
    expect(at(COMPLEMENT_MIN_BATCH)).toEqual([true, false]);
    expect(at(PROPAGATE_TABLES_MIN_BATCH - 1)).toEqual([true, false]);
    expect(at(PROPAGATE_TABLES_MIN_BATCH)).toEqual([true, true]);
  });
});
