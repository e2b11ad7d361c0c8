// RBM parameters in JS memory (what files hold) and their copies in kernel
// memory (what training touches). W is row-major (nVisible x nHidden), as in
// the model bundle; scikit-learn's components_ is its transpose.

import type { Core } from "../wasm.js";

/** One Bernoulli RBM layer in JS memory: W (nVisible, nHidden) row-major, visible bias (nVisible), hidden bias (nHidden). */
export interface RbmParameters {
  /** Visible units. */
  nVisible: number;
  /** Hidden units. */
  nHidden: number;
  /** W[i, j] at i nHidden + j; column j is hidden unit j's weights (scikit-learn's components_ is W^T). */
  weights: Float32Array;
  /** Visible biases b (nVisible). */
  visibleBias: Float32Array;
  /** Hidden biases c (nHidden). */
  hiddenBias: Float32Array;
}

/** Pointers to one layer's parameters inside kernel memory. */
export interface WasmRbm {
  /** Visible units. */
  nVisible: number;
  /** Hidden units. */
  nHidden: number;
  /** Pointer to W, nVisible x nHidden f32, row-major. */
  weights: number;
  /** Pointer to nVisible f32. */
  visibleBias: number;
  /** Pointer to nHidden f32. */
  hiddenBias: number;
}

/** Offsets, in f32 elements, of W, the visible bias and the hidden bias in one flat buffer of a layer's parameter shape. */
export interface ParameterLayout {
  /** W, row-major (nVisible, nHidden), at offset 0. */
  weights: 0;
  /** Visible bias (nVisible), right after W. */
  visibleBias: number;
  /** Hidden bias (nHidden), right after the visible bias. */
  hiddenBias: number;
  /** Elements in all: nVisible nHidden + nVisible + nHidden. */
  count: number;
}

/**
 * The one layout of flat parameter-shaped buffers (momentum increments,
 * gradients, LayerState.increments): W, then the visible bias, then the
 * hidden bias.
 *
 * @param nVisible - Visible units.
 * @param nHidden - Hidden units.
 * @returns The offsets and the total count.
 */
export function parameterLayout(nVisible: number, nHidden: number): ParameterLayout {
  const visibleBias = nVisible * nHidden;
  const hiddenBias = visibleBias + nVisible;
  return { weights: 0, visibleBias, hiddenBias, count: hiddenBias + nHidden };
}

/**
 * All-zero parameters of an (nVisible, nHidden) layer.
 *
 * @param nVisible - Visible units.
 * @param nHidden - Hidden units.
 * @returns Fresh zero arrays.
 */
export function zeroParameters(nVisible: number, nHidden: number): RbmParameters {
  return {
    nVisible, nHidden,
    weights: new Float32Array(nVisible * nHidden),
    visibleBias: new Float32Array(nVisible),
    hiddenBias: new Float32Array(nHidden),
  };
}

/**
 * Copies parameters into freshly allocated kernel memory (free with the arena).
 *
 * @param core - The loaded kernels.
 * @param params - The parameters to copy.
 * @returns Pointers to the copies.
 */
export function uploadParameters(core: Core, params: RbmParameters): WasmRbm {
  const { nVisible, nHidden } = params;
  const rbm = {
    nVisible, nHidden,
    weights: core.arena.alloc(nVisible * nHidden * 4),
    visibleBias: core.arena.alloc(nVisible * 4),
    hiddenBias: core.arena.alloc(nHidden * 4),
  };
  writeParameters(core, rbm, params);
  return rbm;
}

export function writeParameters(core: Core, rbm: WasmRbm, params: RbmParameters): void {
  core.arena.f32(rbm.weights, rbm.nVisible * rbm.nHidden).set(params.weights);
  core.arena.f32(rbm.visibleBias, rbm.nVisible).set(params.visibleBias);
  core.arena.f32(rbm.hiddenBias, rbm.nHidden).set(params.hiddenBias);
}

/**
 * Copies kernel-memory parameters out into JS arrays.
 *
 * @param core - The loaded kernels.
 * @param rbm - Pointers to the parameters.
 * @returns Fresh JS copies.
 */
export function downloadParameters(core: Core, rbm: WasmRbm): RbmParameters {
  return {
    nVisible: rbm.nVisible,
    nHidden: rbm.nHidden,
    weights: core.arena.f32(rbm.weights, rbm.nVisible * rbm.nHidden).slice(),
    visibleBias: core.arena.f32(rbm.visibleBias, rbm.nVisible).slice(),
    hiddenBias: core.arena.f32(rbm.hiddenBias, rbm.nHidden).slice(),
  };
}

export function allFinite(params: RbmParameters): boolean {
  const finite = (values: Float32Array) => values.every(Number.isFinite);
  return finite(params.weights) && finite(params.visibleBias) && finite(params.hiddenBias);
}
