import { describe, expect, it } from "vitest";
import {
  describeFlowTraining, flowLayerOptions, flowTrainingPreset, momentumSchedule, type FlowTraining,
} from "../../src/flow/flow-training.js";
import { flowTrainingOf } from "../../src/node/flow/flow.js";
import { flowSettingsSchema } from "../../src/node/flow/flow-settings.js";
import { initialParameters } from "../../src/rbm/initialize.js";
import type { LayerData } from "../../src/rbm/layer-data.js";
import type { RbmParameters } from "../../src/rbm/rbm-parameters.js";
import { layerStream, trainLayer } from "../../src/rbm/training/index.js";
import { rbmDefaults } from "../../src/rbm/training-options.js";
import { allocStream } from "../../src/rng.js";
import type { Core } from "../../src/wasm.js";
import { testCore } from "../support/core.js";
import { mulberry32 } from "../support/random.js";

// The training rules of `blockspin flow` (src/flow/flow-training.ts): the
// defaults build the options the flow trained with before the rules became
// flags, and the veiga-vicente rules (no momentum, sampled negative
// visibles) are plain CD-1, checked against a loop written out here on the
// trainer's own random streams.

describe("the flow's training rules", () => {
  it("default to the options the flow trained with before they were flags", () => {
    const training = flowTrainingOf(flowSettingsSchema.parse({}));
    expect(training).toEqual(flowTrainingPreset("iso"));
    // The object runFlowExperiment built inline before: rbm.m's defaults, the flow's epochs, lr and batch, no penalty.
    expect(flowLayerOptions(training, 100)).toEqual({
      ...rbmDefaults(), nHidden: 100, epochs: 100, learningRate: 0.01, batchSize: 100,
      penalty: "none", penaltyStrength: 0, initStd: 0.01, trainBiases: true,
    });
  });

  it("take the preset's values where no flag is given, and the flags' where one is", () => {
    expect(flowTrainingOf(flowSettingsSchema.parse({ preset: "veiga-vicente" }))).toEqual({
      epochs: 8000, learningRate: 0.01, batchSize: 100, momentum: "none", negative: "samples",
      initStd: 0.1, cdSteps: 1, persistent: false, biases: false,
    });
    const flags = flowSettingsSchema.parse({
      preset: "veiga-vicente", epochs: "7", momentum: "0.3", negative: "probabilities", initStd: "0.02", cdSteps: "2", persistent: true, bias: true,
    });
    expect(flowTrainingOf(flags)).toEqual({
      epochs: 7, learningRate: 0.01, batchSize: 100, momentum: 0.3, negative: "probabilities",
      initStd: 0.02, cdSteps: 2, persistent: true, biases: true,
    });
  });

  it("read --momentum as rbm.m's schedule, none or a constant", () => {
    const momentum = flowSettingsSchema.shape.momentum;
    expect(momentum.parse("rbm.m")).toBe("rbm.m");
    expect(momentum.parse("none")).toBe("none");
    expect(momentum.parse("0.7")).toBe(0.7);
    for (const bad of ["1", "-0.1", "fast", ""]) expect(momentum.safeParse(bad).success).toBe(false);
    expect(momentumSchedule("rbm.m")).toEqual({ momentum: [0.5, 0.9], momentumSwitch: 5 });
    expect(momentumSchedule("none")).toEqual({ momentum: [0, 0], momentumSwitch: 0 });
    expect(momentumSchedule(0.7)).toEqual({ momentum: [0.7, 0.7], momentumSwitch: 0 });
    expect(flowLayerOptions({ ...flowTrainingPreset("iso"), negative: "samples", cdSteps: 3, persistent: true }, 4))
      .toMatchObject({ negativeVisible: "samples", cdSteps: 3, persistent: true });
  });

  it("describe themselves in one line", () => {
    expect(describeFlowTraining(flowTrainingPreset("iso"))).toBe(
      "CD-1, batch 100, lr 0.01, momentum rbm.m (0.5 then 0.9), negative probabilities, init std 0.01, 100 epochs, biases trained");
    expect(describeFlowTraining(flowTrainingPreset("veiga-vicente"))).toBe(
      "CD-1, batch 100, lr 0.01, no momentum, negative samples, init std 0.1, 8000 epochs, biases fixed at 0");
  });
});

const SIZE = 3;
const N_VISIBLE = SIZE * SIZE;
const N_HIDDEN = 5;

/** Spin configurations from a plain PRNG, mostly aligned, as 0/1 rows. */
function tinyLattices(nSamples: number, seed: number): Extract<LayerData, { kind: "binary" }> {
  const random = mulberry32(seed);
  const values = new Uint8Array(nSamples * N_VISIBLE);
  for (let r = 0; r < nSamples; r++) {
    const up = random() < 0.5 ? 1 : 0;
    for (let i = 0; i < N_VISIBLE; i++) values[r * N_VISIBLE + i] = random() < 0.8 ? up : 1 - up;
  }
  return { kind: "binary", nSamples, nVisible: N_VISIBLE, values };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Plain CD-1 without momentum and with sampled negative visibles (Hinton 2002; Veiga & Vicente's modules/rbm.py
 * `train`), on the trainer's streams (src/rbm/training/streams.ts) in the order it draws them: per epoch n uniform
 * u32 from the shuffle stream for a Fisher-Yates shuffle; per mini-batch, from the Gibbs stream, rows x N_h uniforms
 * for the hidden states, then rows x N_v for the negative visibles. Update: theta += lr / rows (positive - negative)
 * statistics, the hidden side on probabilities. Returns the parameters after each epoch.
 */
function referenceCd1(core: Core, data: Extract<LayerData, { kind: "binary" }>, training: FlowTraining, seed: number, initial: RbmParameters): RbmParameters[] {
  const { nSamples: n } = data;
  const W = Array.from(initial.weights, Number); // (N_v, N_h) row-major
  const b = Array.from(initial.visibleBias, Number);
  const c = Array.from(initial.hiddenBias, Number);
  const snapshots: RbmParameters[] = [];
  core.arena.scoped(() => {
    const shuffleRng = allocStream(core, seed, layerStream(1, "shuffle"));
    const gibbsRng = allocStream(core, seed, layerStream(1, "gibbs"));
    const uniforms = (count: number) => core.arena.scoped(() => {
      const out = core.arena.alloc(count * 4);
      core.kernels.rngFillF32(gibbsRng, out, count);
      return Array.from(core.arena.f32(out, count));
    });
    const hiddenProbabilities = (v: number[]) => Array.from({ length: N_HIDDEN }, (_, j) =>
      sigmoid(c[j]! + v.reduce((s, vi, i) => s + vi * W[i * N_HIDDEN + j]!, 0)));
    for (let epoch = 1; epoch <= training.epochs; epoch++) {
      const draws = core.arena.scoped(() => {
        const out = core.arena.alloc(n * 4);
        core.kernels.rngFillU32(shuffleRng, out, n);
        return Array.from(core.arena.u32(out, n));
      });
      const order = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor((draws[i]! * (i + 1)) / 2 ** 32);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (let first = 0; first < n; first += training.batchSize) {
        const rows = order.slice(first, first + training.batchSize).map((r) => Array.from(data.values.subarray(r * N_VISIBLE, (r + 1) * N_VISIBLE)));
        const positiveHidden = rows.map(hiddenProbabilities);
        const hu = uniforms(rows.length * N_HIDDEN);
        const hiddenStates = positiveHidden.map((p, r) => p.map((pj, j): number => (hu[r * N_HIDDEN + j]! < pj ? 1 : 0)));
        const vu = uniforms(rows.length * N_VISIBLE);
        const negativeVisible = hiddenStates.map((h, r) => Array.from({ length: N_VISIBLE }, (_, i): number => {
          const p = sigmoid(b[i]! + h.reduce((s, hj, j) => s + hj * W[i * N_HIDDEN + j]!, 0));
          return vu[r * N_VISIBLE + i]! < p ? 1 : 0;
        }));
        const negativeHidden = negativeVisible.map(hiddenProbabilities);
        const step = training.learningRate / rows.length;
        for (let i = 0; i < N_VISIBLE; i++) {
          for (let j = 0; j < N_HIDDEN; j++) {
            let grad = 0;
            for (let r = 0; r < rows.length; r++) grad += rows[r]![i]! * positiveHidden[r]![j]! - negativeVisible[r]![i]! * negativeHidden[r]![j]!;
            W[i * N_HIDDEN + j]! += step * grad;
          }
        }
        for (let i = 0; i < N_VISIBLE; i++) b[i]! += step * rows.reduce((s, v, r) => s + v[i]! - negativeVisible[r]![i]!, 0);
        for (let j = 0; j < N_HIDDEN; j++) c[j]! += step * positiveHidden.reduce((s, p, r) => s + p[j]! - negativeHidden[r]![j]!, 0);
      }
      snapshots.push({ nVisible: N_VISIBLE, nHidden: N_HIDDEN, weights: Float32Array.from(W), visibleBias: Float32Array.from(b), hiddenBias: Float32Array.from(c) });
    }
  });
  return snapshots;
}

describe("--momentum none --negative samples", () => {
  // 45 rows at batch 45: one update per epoch, so epochs are steps; at batch 10: four full batches and one of 5.
  it.each([[45, 6], [10, 4]])("trains as plain CD-1 on the trainer's random streams (batch %i, compared after each of %i epochs)", async (batchSize, epochs) => {
    const core = await testCore();
    const data = tinyLattices(45, 8);
    const seed = 13;
    const training: FlowTraining = {
      ...flowTrainingPreset("iso"), momentum: "none", negative: "samples", epochs, batchSize, learningRate: 0.1, initStd: 0.1,
    };
    const options = flowLayerOptions(training, N_HIDDEN);
    const initial = initialParameters(core, allocStream(core, seed, layerStream(1, "init")), data, N_HIDDEN, options.initStd, false);
    const ours: RbmParameters[] = [];
    const trained = trainLayer(core, {
      layer: 1, seed, options, train: data, threads: 1, monitorSamples: 20,
      onEpoch: (_metrics, parameters) => { ours.push(parameters()); },
    });
    const reference = referenceCd1(core, data, training, seed, initial);
    expect(ours).toHaveLength(training.epochs);
    const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
    for (const [epoch, theirs] of reference.entries()) {
      // float32 kernels against float64 here: rounding only, far below one update (lr / batch >= 2e-3).
      expect(maxDiff(ours[epoch]!.weights, theirs.weights)).toBeLessThan(2e-6);
      expect(maxDiff(ours[epoch]!.visibleBias, theirs.visibleBias)).toBeLessThan(2e-6);
      expect(maxDiff(ours[epoch]!.hiddenBias, theirs.hiddenBias)).toBeLessThan(2e-6);
    }
    expect(maxDiff(initial.weights, trained.parameters.weights)).toBeGreaterThan(5e-3);
  });
});
