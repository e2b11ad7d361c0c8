// What each depth of a stack remembers: configurations are passed up to
// layer l as hidden probabilities and back down again (mean-field, the
// deterministic version of Hinton & Salakhutdinov's reconstruction), and
// fantasies are drawn from the top RBM by Gibbs sampling, then passed down.

import type { Core } from "../wasm.js";
import { allocStream } from "../rng.js";
import type { LayerData } from "../rbm/layer-data.js";
import { uploadParameters, type RbmParameters, type WasmRbm } from "../rbm/rbm-parameters.js";
import { hiddenProbabilities, uploadRows, visibleProbabilities } from "../rbm/propagate.js";

/**
 * For each depth l = 1..layers.length, visible probabilities (rows x nVisible)
 * of `data` reconstructed through layers 1..l: up as hidden probabilities, and
 * back down (mean-field, no sampling).
 *
 * @param core - The loaded kernels.
 * @param layers - The stack, layer 1 first.
 * @param data - Rows of layer 1's visible units.
 * @returns One row-major (nSamples x nVisible) array per depth, values in [0, 1].
 *
 * @example
 * ```ts
 * const [depth1, depth2] = reconstructionsByDepth(core, stack.layers, binaryLayerData(configs.subarray(0, 4 * 1600), [4, 40, 40]));
 * ```
 */
export function reconstructionsByDepth(core: Core, layers: readonly RbmParameters[], data: LayerData): Float32Array[] {
  return core.arena.scoped(() => {
    const rbms = layers.map((params) => uploadParameters(core, params));
    const rows = data.nSamples;
    const input = core.arena.alloc(rows * data.nVisible * (data.kind === "binary" ? 1 : 4));
    uploadRows(core, data, 0, rows, input);
    const activations = [input];
    rbms.forEach((rbm, l) => {
      const out = core.arena.alloc(rows * rbm.nHidden * 4);
      hiddenProbabilities(core, rbm, l === 0 ? data.kind : "dense", activations[l]!, rows, out);
      activations.push(out);
    });
    return rbms.map((_, depth) => passDown(core, rbms.slice(0, depth + 1), activations[depth + 1]!, rows));
  });
}

/**
 * `count` fantasies from the top RBM: hidden units start uniformly random,
 * then `gibbsSteps` alternating sampled steps; the last hidden probabilities
 * are passed down to the lattice as probabilities.
 *
 * @param core - The loaded kernels.
 * @param layers - The stack, layer 1 first; the last is the top RBM.
 * @param count - Fantasies to draw.
 * @param gibbsSteps - Alternating sampled steps in the top RBM.
 * @param seed - Integer seed in [0, 2^53).
 * @returns count x nVisible0 visible probabilities, row-major, in [0, 1].
 */
export function topLayerSamples(
  core: Core, layers: readonly RbmParameters[], count: number, gibbsSteps: number, seed: number,
): Float32Array {
  return core.arena.scoped(() => {
    const rbms = layers.map((params) => uploadParameters(core, params));
    const top = rbms.at(-1)!;
    const rng = allocStream(core, seed, 0);
    const hidden = core.arena.alloc(count * top.nHidden * 4);
    const halves = core.arena.alloc(count * top.nHidden * 4);
    const visible = core.arena.alloc(count * top.nVisible * 4);
    const visibleStates = core.arena.alloc(count * top.nVisible * 4);
    core.arena.f32(halves, count * top.nHidden).fill(0.5);
    core.kernels.rbmBernoulliF32(halves, count * top.nHidden, rng, hidden);
    for (let step = 0; step < gibbsSteps; step++) {
      visibleProbabilities(core, top, hidden, count, visible);
      core.kernels.rbmBernoulliF32(visible, count * top.nVisible, rng, visibleStates);
      hiddenProbabilities(core, top, "dense", visibleStates, count, halves);
      if (step + 1 < gibbsSteps) core.kernels.rbmBernoulliF32(halves, count * top.nHidden, rng, hidden);
    }
    return passDown(core, rbms, halves, count);
  });
}

/** Hidden activity of the last of `rbms` down to visible probabilities of the first. */
function passDown(core: Core, rbms: readonly WasmRbm[], hidden: number, rows: number): Float32Array {
  let current = hidden;
  for (let l = rbms.length - 1; l >= 0; l--) {
    const rbm = rbms[l]!;
    const out = core.arena.alloc(rows * rbm.nVisible * 4);
    visibleProbabilities(core, rbm, current, rows, out);
    current = out;
  }
  return core.arena.f32(current, rows * rbms[0]!.nVisible).slice();
}
