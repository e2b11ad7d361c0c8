// The RSMI model and its objective on one batch (Goekmen, Ringel, Huber &
// Koch-Janusz, PRL 127, 240603 and PRE 104, 064106, 2021): a linear filter
// Lambda (k x b^2, no bias) maps a block v to logits a = Lambda v; k relaxed
// Bernoulli samples h of those logits are the coarse variables; the separable
// critic f(e, h) = g(e) . u(h) scores every environment of the batch against
// every coarse variable, and the InfoNCE bound of the scores is the estimate
// of I(H : E) that Lambda, g and u all climb.

import { mlpBackward, mlpForward, separableScores, separableScoresBackward, type Mlp } from "./critic.js";
import { infoNceBound } from "./infonce.js";
import { relaxedBernoulli, relaxedBernoulliBackward } from "./relaxed-bernoulli.js";
import type { PairBatch } from "./regions.js";

/** The trainable parts of RSMI. */
export interface RsmiModel {
  /** Lambda: (k, b^2) row-major, row c the weights of coarse variable c over the block's sites (row-major in the block). */
  filter: Float64Array;
  /** Coarse variables per block, k. */
  hidden: number;
  /** Sites per block, b^2. */
  blockSites: number;
  /** g: environment (nEnvironment values) -> embedding. */
  environmentCritic: Mlp;
  /** u: coarse variables (k values) -> embedding of the same width. */
  coarseCritic: Mlp;
}

/** The objective on one batch and its exact gradients. */
export interface RsmiBatchResult {
  /** The InfoNCE bound on I(H : E), nats. */
  bound: number;
  /** d bound / d Lambda, (k, b^2). */
  filterGradient: Float64Array;
  /** d bound / d g's parameters. */
  environmentGradient: Float64Array;
  /** d bound / d u's parameters. */
  coarseGradient: Float64Array;
  /** The relaxed coarse variables h, (K, k) in (0, 1). */
  coarse: Float64Array;
}

/**
 * Logits a = v Lambda^T of a batch of blocks.
 *
 * @param filter - Lambda (k, nSites).
 * @param hidden - k.
 * @param blocks - (K, nSites) row-major.
 * @param size - K.
 * @returns (K, k) logits.
 */
export function filterLogits(filter: Float64Array, hidden: number, blocks: Float64Array, size: number): Float64Array {
  const nSites = filter.length / hidden;
  const out = new Float64Array(size * hidden);
  for (let i = 0; i < size; i++) {
    for (let c = 0; c < hidden; c++) {
      let s = 0;
      for (let j = 0; j < nSites; j++) s += filter[c * nSites + j]! * blocks[i * nSites + j]!;
      out[i * hidden + c] = s;
    }
  }
  return out;
}

/**
 * The RSMI objective on one batch with given logistic noise, and its exact
 * gradient with respect to Lambda and both critics (reverse mode by hand:
 * InfoNCE -> scores -> embeddings -> u -> relaxed samples -> logits -> Lambda).
 *
 * @param model - Filter and critics.
 * @param batch - K (block, environment) pairs.
 * @param noise - (K, k) standard logistic noise of the relaxed samples.
 * @param tau - Relaxation temperature.
 * @returns The bound and gradients (to climb it).
 */
export function rsmiBatchObjective(model: RsmiModel, batch: PairBatch, noise: Float64Array, tau: number): RsmiBatchResult {
  const K = batch.size;
  const k = model.hidden;
  const logits = filterLogits(model.filter, k, batch.block, K);
  const h = relaxedBernoulli(logits, noise, tau);
  const gTrace = mlpForward(model.environmentCritic, batch.environment, K);
  const uTrace = mlpForward(model.coarseCritic, h, K);
  const G = gTrace.activations.at(-1)!;
  const U = uTrace.activations.at(-1)!;
  const d = model.environmentCritic.sizes.at(-1)!;
  if (model.coarseCritic.sizes.at(-1) !== d) throw new RangeError("the two critics' embeddings differ in width");
  const scores = separableScores(G, U, K, d);
  const { bound, gradient: dS } = infoNceBound(scores, K);
  const { environment: dG, coarse: dU } = separableScoresBackward(G, U, dS, K, d);
  const environmentGradient = mlpBackward(model.environmentCritic, gTrace, dG).parameters;
  const coarseBack = mlpBackward(model.coarseCritic, uTrace, dU, true);
  const dLogits = relaxedBernoulliBackward(h, coarseBack.input!, tau);
  const nSites = model.blockSites;
  const filterGradient = new Float64Array(k * nSites);
  for (let i = 0; i < K; i++) {
    for (let c = 0; c < k; c++) {
      const g = dLogits[i * k + c]!;
      for (let j = 0; j < nSites; j++) filterGradient[c * nSites + j]! += g * batch.block[i * nSites + j]!;
    }
  }
  return { bound, filterGradient, environmentGradient, coarseGradient: coarseBack.parameters, coarse: h };
}
