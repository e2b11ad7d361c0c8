// The two embedding networks of the separable critic f(e, h) = g(e) . u(h)
// (Poole, Ozair, van den Oord, Alemi & Tucker, "On variational bounds of
// mutual information", ICML 2019; used for RSMI by Goekmen, Ringel, Huber &
// Koch-Janusz, PRL 127, 240603, 2021): multilayer perceptrons with ReLU
// hidden layers and a linear output. Forward and backward passes are written
// out by hand in float64 (see train.ts for why), on row-major batches.

import type { SeededRandom } from "./random.js";

/**
 * A multilayer perceptron: layer l maps sizes[l] inputs to sizes[l + 1]
 * outputs, z = x W + c, followed by ReLU on every layer but the last.
 * All weights live in one flat `parameters` array so one optimiser can step
 * them: for each layer, W (sizes[l] x sizes[l + 1], row-major) then c.
 */
export interface Mlp {
  /** Layer widths, input first: e.g. [nIn, 32, 32, 8]. */
  sizes: readonly number[];
  /** All weights and biases, layer by layer (W then c). */
  parameters: Float64Array;
}

/** What a forward pass keeps for the backward pass. */
export interface MlpTrace {
  /** Batch size K. */
  size: number;
  /** Activations per layer: [0] the input (K, sizes[0]), [l] the output of layer l (after ReLU except the last). */
  activations: Float64Array[];
}

/** Number of parameters of an MLP with these widths. */
export function mlpParameterCount(sizes: readonly number[]): number {
  let n = 0;
  for (let l = 0; l + 1 < sizes.length; l++) n += sizes[l]! * sizes[l + 1]! + sizes[l + 1]!;
  return n;
}

/**
 * A fresh MLP with Glorot-uniform weights (Glorot & Bengio, AISTATS 2010;
 * the Keras default RSMI-NE inherits) and zero biases.
 *
 * @param sizes - Layer widths, input first (at least two).
 * @param random - The generator the weights come from.
 * @returns The network.
 */
export function createMlp(sizes: readonly number[], random: SeededRandom): Mlp {
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) throw new RangeError(`bad layer widths ${sizes.join(", ")}`);
  const parameters = new Float64Array(mlpParameterCount(sizes));
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nIn = sizes[l]!, nOut = sizes[l + 1]!;
    const limit = Math.sqrt(6 / (nIn + nOut));
    for (let i = 0; i < nIn * nOut; i++) parameters[offset + i] = (2 * random.uniform() - 1) * limit;
    offset += nIn * nOut + nOut;
  }
  return { sizes: [...sizes], parameters };
}

/**
 * Forward pass on a batch.
 *
 * @param mlp - The network.
 * @param input - (K, sizes[0]) row-major.
 * @param size - Batch size K.
 * @returns The trace; its last activation is the (K, sizes[last]) output.
 */
export function mlpForward(mlp: Mlp, input: Float64Array, size: number): MlpTrace {
  const { sizes, parameters } = mlp;
  if (input.length !== size * sizes[0]!) throw new RangeError(`input holds ${input.length} values, expected ${size} x ${sizes[0]}`);
  const activations = [input];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nIn = sizes[l]!, nOut = sizes[l + 1]!;
    const x = activations[l]!;
    const z = new Float64Array(size * nOut);
    const biasAt = offset + nIn * nOut;
    for (let i = 0; i < size; i++) {
      const zRow = i * nOut;
      for (let j = 0; j < nOut; j++) z[zRow + j] = parameters[biasAt + j]!;
      for (let p = 0; p < nIn; p++) {
        const xp = x[i * nIn + p]!;
        if (xp === 0) continue;
        const wRow = offset + p * nOut;
        for (let j = 0; j < nOut; j++) z[zRow + j]! += xp * parameters[wRow + j]!;
      }
    }
    if (l + 2 < sizes.length) for (let i = 0; i < z.length; i++) if (z[i]! < 0) z[i] = 0;
    activations.push(z);
    offset += nIn * nOut + nOut;
  }
  return { size, activations };
}

/**
 * Backward pass: the gradient of a scalar objective with respect to the
 * parameters (and, if asked, the input), given its gradient with respect to
 * the output.
 *
 * @param mlp - The network the trace came from.
 * @param trace - The forward pass.
 * @param outputGradient - (K, sizes[last]) d objective / d output.
 * @param wantInputGradient - Whether to return d objective / d input.
 * @returns parameters: gradient in the layout of mlp.parameters; input: (K, sizes[0]) or undefined.
 */
export function mlpBackward(
  mlp: Mlp, trace: MlpTrace, outputGradient: Float64Array, wantInputGradient = false,
): { parameters: Float64Array; input: Float64Array | undefined } {
  const { sizes, parameters } = mlp;
  const { size, activations } = trace;
  const gradient = new Float64Array(parameters.length);
  const layerOffsets: number[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) { layerOffsets.push(offset); offset += sizes[l]! * sizes[l + 1]! + sizes[l + 1]!; }
  let dz = Float64Array.from(outputGradient);
  let inputGradient: Float64Array | undefined;
  for (let l = sizes.length - 2; l >= 0; l--) {
    const nIn = sizes[l]!, nOut = sizes[l + 1]!;
    const at = layerOffsets[l]!;
    const x = activations[l]!;
    const biasAt = at + nIn * nOut;
    for (let i = 0; i < size; i++) {
      const dRow = i * nOut;
      for (let j = 0; j < nOut; j++) gradient[biasAt + j]! += dz[dRow + j]!;
      for (let p = 0; p < nIn; p++) {
        const xp = x[i * nIn + p]!;
        if (xp === 0) continue;
        const gRow = at + p * nOut;
        for (let j = 0; j < nOut; j++) gradient[gRow + j]! += xp * dz[dRow + j]!;
      }
    }
    if (l === 0 && !wantInputGradient) break;
    const dx = new Float64Array(size * nIn);
    for (let i = 0; i < size; i++) {
      const dRow = i * nOut;
      for (let p = 0; p < nIn; p++) {
        // Below layer 0 the input is ReLU's output: no gradient where it was clipped to 0.
        if (l > 0 && x[i * nIn + p]! <= 0) continue;
        const wRow = at + p * nOut;
        let s = 0;
        for (let j = 0; j < nOut; j++) s += dz[dRow + j]! * parameters[wRow + j]!;
        dx[i * nIn + p] = s;
      }
    }
    if (l === 0) inputGradient = dx;
    dz = dx;
  }
  return { parameters: gradient, input: inputGradient };
}

/**
 * The separable critic's scores S_ij = g(e_i) . u(h_j) of every environment
 * embedding against every coarse embedding of a batch.
 *
 * @param environment - G: (K, d) embeddings g(e_i), row-major.
 * @param coarse - U: (K, d) embeddings u(h_j), row-major.
 * @param size - K.
 * @param width - Embedding width d.
 * @returns (K, K) row-major S = G U^T.
 */
export function separableScores(environment: Float64Array, coarse: Float64Array, size: number, width: number): Float64Array {
  const K = size, d = width;
  // U transposed to (d, K), so the inner loops run along rows.
  const Ut = new Float64Array(d * K);
  for (let j = 0; j < K; j++) for (let q = 0; q < d; q++) Ut[q * K + j] = coarse[j * d + q]!;
  const scores = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    const row = i * K;
    for (let q = 0; q < d; q++) {
      const g = environment[i * d + q]!;
      const at = q * K;
      for (let j = 0; j < K; j++) scores[row + j]! += g * Ut[at + j]!;
    }
  }
  return scores;
}

/**
 * Back through separableScores: dG = dS U and dU = dS^T G.
 *
 * @param environment - G, (K, d).
 * @param coarse - U, (K, d).
 * @param scoreGradient - (K, K) d objective / d S.
 * @param size - K.
 * @param width - d.
 * @returns d objective / d G and d objective / d U, each (K, d).
 */
export function separableScoresBackward(
  environment: Float64Array, coarse: Float64Array, scoreGradient: Float64Array, size: number, width: number,
): { environment: Float64Array; coarse: Float64Array } {
  const K = size, d = width;
  const Ut = new Float64Array(d * K);
  for (let j = 0; j < K; j++) for (let q = 0; q < d; q++) Ut[q * K + j] = coarse[j * d + q]!;
  const dG = new Float64Array(K * d);
  const dUt = new Float64Array(d * K);
  for (let i = 0; i < K; i++) {
    const row = i * K;
    for (let q = 0; q < d; q++) {
      const at = q * K;
      const g = environment[i * d + q]!;
      let s = 0;
      for (let j = 0; j < K; j++) {
        const dSij = scoreGradient[row + j]!;
        s += dSij * Ut[at + j]!;
        dUt[at + j]! += g * dSij;
      }
      dG[i * d + q] = s;
    }
  }
  const dU = new Float64Array(K * d);
  for (let j = 0; j < K; j++) for (let q = 0; q < d; q++) dU[j * d + q] = dUt[q * K + j]!;
  return { environment: dG, coarse: dU };
}
