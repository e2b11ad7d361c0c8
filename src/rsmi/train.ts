// Training an RSMI coarse-graining filter (Koch-Janusz & Ringel, Nature
// Physics 14, 578, 2018, in the neural-estimation form of Goekmen, Ringel,
// Huber & Koch-Janusz, PRL 127, 240603 and PRE 104, 064106, 2021): at each
// step K (block, environment) pairs are cut from the samples at random
// aligned positions, the coarse variables are relaxed Bernoulli samples of
// the filter's logits at an annealed temperature, and Adam climbs the InfoNCE
// bound on I(H : E) in the filter and both critic networks jointly.
//
// Gradients are exact and written by hand (critic.ts, infonce.ts,
// relaxed-bernoulli.ts, filter.ts), checked against finite differences in
// the tests: the networks are small (two hidden layers of 32), and no small,
// maintained automatic-differentiation package fits a browser-safe
// TypeScript library that computes in float64 and must give the same bytes
// for the same seed. Everything runs in float64: the products on the dense
// kernels of assembly/rsmi-dense.ts (kernel-objective.ts, the same bits as
// the TypeScript of filter.ts), the rest on the host; the seed fixes every
// draw (random.ts).

import type { Core } from "../wasm.js";
import { Adam } from "./adam.js";
import { createMlp } from "./critic.js";
import type { RsmiModel } from "./filter.js";
import { RsmiKernelObjective } from "./kernel-objective.js";
import { SeededRandom } from "./random.js";
import { annealedTemperature } from "./relaxed-bernoulli.js";
import { checkGeometryFits, cutPairs, regionOffsets, type LatticeSamples, type RegionOffsets } from "./regions.js";

/** Settings of trainRsmiFilter; every field has a default (RSMI-NE's, as published). */
export interface RsmiOptions {
  /** Block side b (default 2). */
  block?: number;
  /** Buffer width w between block and environment (default 2). */
  buffer?: number;
  /** Environment shell width e (default 4). */
  environment?: number;
  /** Coarse variables per block k (default 1). */
  hidden?: number;
  /** Cell size block positions are aligned to (default 1; 2 for an encoding with a 2 x 2 unit cell). */
  alignment?: number;
  /** Pairs per batch K (default 400); the bound cannot exceed ln K. */
  batchSize?: number;
  /** Training steps (default 2000). */
  steps?: number;
  /** Adam's learning rate (default 5e-3). */
  learningRate?: number;
  /** Initial relaxation temperature tau_0 (default 0.75). */
  tauStart?: number;
  /** Temperature floor tau_min (default 0.1). */
  tauMin?: number;
  /** Anneal rate r per step, tau_t = max(tau_min, tau_0 e^(-r t)) (default 5e-4). */
  annealRate?: number;
  /** Hidden-layer widths of both critic networks (default [32, 32]). */
  criticLayers?: readonly number[];
  /** Embedding width of the separable critic (default 8). */
  embedding?: number;
  /** Standard deviation of the filter's initial normal weights (default 0.05, TensorFlow's random_normal_initializer). */
  filterInitScale?: number;
  /** Steps averaged for the reported `bound`: the last this many (default max(1, steps / 10)). */
  averageSteps?: number;
  /** Called after each step with the step index (from 0) and that step's bound in nats. */
  onStep?: (step: number, bound: number) => void;
}

/** What trainRsmiFilter returns. */
export interface RsmiResult {
  /**
   * The learned filter Lambda: (k, b^2) row-major, row c over the block's
   * sites row-major. A row's overall sign is arbitrary: h and its flip carry
   * the same information.
   */
  filter: Float64Array;
  /** k. */
  hidden: number;
  /** b. */
  block: number;
  /**
   * The InfoNCE bound of each training step's batch, nats: each batch is
   * fresh and scored before the step's update (so not fitted to it), with
   * relaxed coarse variables at that step's tau.
   */
  boundPerStep: Float64Array;
  /** The mean of the last `averageSteps` entries of boundPerStep, nats: the estimate of I(H : E). */
  bound: number;
  /** Its standard error over those steps (treating them as independent). */
  boundError: number;
  /** ln K, the most any InfoNCE estimate from K pairs can give. */
  ceiling: number;
  /** The trained model (filter and critics), e.g. to continue or inspect. */
  model: RsmiModel;
  /** The settings used, defaults filled in. */
  options: Required<Omit<RsmiOptions, "onStep">>;
}

/** RSMI-NE's published settings, the defaults of trainRsmiFilter. */
export function rsmiDefaults(): Required<Omit<RsmiOptions, "onStep" | "averageSteps">> {
  return {
    block: 2, buffer: 2, environment: 4, hidden: 1, alignment: 1, batchSize: 400, steps: 2000,
    learningRate: 5e-3, tauStart: 0.75, tauMin: 0.1, annealRate: 5e-4, criticLayers: [32, 32], embedding: 8,
    filterInitScale: 0.05,
  };
}

/**
 * Learns the coarse-graining filter that maximises the InfoNCE estimate of
 * the mutual information between a block's coarse variables and its distant
 * environment.
 *
 * @param core - The kernels (loadCore()); the run's buffers live in its arena and are freed on return.
 * @param samples - (N, Ly, Lx) lattice samples: Ising spins +-1 (as sampleIsing returns), or any integer encoding such as 0/1.
 * @param options - Geometry and training settings (rsmiDefaults()).
 * @param seed - Integer in [0, 2^53): it fixes the initial weights, the pairs and the noise.
 * @returns The filter, the bound per step and its final estimate, in nats.
 * @throws RangeError when the window b + 2(w + e) exceeds the lattice or the alignment does not divide it.
 *
 * @example
 * ```ts
 * const { configs } = sampleIsing(core, { size: 16, coupling: CRITICAL_COUPLING, count: 2000, seed: 1 });
 * const run = trainRsmiFilter(core, { values: configs, count: 2000, height: 16, width: 16 }, { environment: 2 }, 1);
 * console.log(run.filter, run.bound, run.ceiling); // about uniform weights; bound in nats
 * ```
 */
export function trainRsmiFilter(core: Core, samples: LatticeSamples, options: RsmiOptions, seed: number): RsmiResult {
  return trainRsmiFilterFromStreams(core, samples, options, seed, 0);
}

/**
 * trainRsmiFilter drawing from streams firstStream .. firstStream + 2 of the
 * seed (initial weights, pairs, noise), so that several trainings under one
 * seed (rsmiLevels) draw independently.
 *
 * @param core - As trainRsmiFilter.
 * @param samples - As trainRsmiFilter.
 * @param options - As trainRsmiFilter.
 * @param seed - As trainRsmiFilter.
 * @param firstStream - First of the three streams used (integer >= 0).
 * @returns As trainRsmiFilter.
 */
export function trainRsmiFilterFromStreams(core: Core, samples: LatticeSamples, options: RsmiOptions, seed: number, firstStream: number): RsmiResult {
  const settings = { ...rsmiDefaults(), ...options };
  const { onStep, ...rest } = settings;
  const averageSteps = options.averageSteps ?? Math.max(1, Math.floor(settings.steps / 10));
  const used = { ...rest, averageSteps };
  const { block, hidden, batchSize: K, steps } = settings;
  if (!Number.isInteger(hidden) || hidden < 1) throw new RangeError(`hidden must be a positive integer, got ${hidden}`);
  if (!Number.isInteger(K) || K < 2) throw new RangeError(`batchSize must be an integer >= 2, got ${K}`);
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  if (!Number.isInteger(averageSteps) || averageSteps < 1 || averageSteps > steps) throw new RangeError(`averageSteps must be in [1, steps], got ${averageSteps}`);
  const offsets = regionOffsets(settings);
  checkGeometryFits(samples, offsets, settings.alignment);

  const initRandom = new SeededRandom(seed, firstStream);
  const pairRandom = new SeededRandom(seed, firstStream + 1);
  const noiseRandom = new SeededRandom(seed, firstStream + 2);
  const nSites = block * block;
  const filter = new Float64Array(hidden * nSites);
  for (let i = 0; i < filter.length; i++) filter[i] = settings.filterInitScale * initRandom.normal();
  const model: RsmiModel = {
    filter, hidden, blockSites: nSites,
    environmentCritic: createMlp([offsets.environmentDy.length, ...settings.criticLayers, settings.embedding], initRandom),
    coarseCritic: createMlp([hidden, ...settings.criticLayers, settings.embedding], initRandom),
  };
  const boundPerStep = core.arena.scoped(() => climb(core, model, samples, offsets, settings, noiseRandom, pairRandom, onStep));
  const tail = boundPerStep.subarray(steps - averageSteps);
  const mean = tail.reduce((s, x) => s + x, 0) / tail.length;
  const variance = tail.length > 1 ? tail.reduce((s, x) => s + (x - mean) ** 2, 0) / (tail.length - 1) : NaN;
  return {
    filter: Float64Array.from(filter), hidden, block, boundPerStep, bound: mean, boundError: Math.sqrt(variance / tail.length),
    ceiling: Math.log(K), model, options: used,
  };
}

/** The training loop on kernel memory: each step cuts a batch, draws noise, scores it and lets Adam climb. */
function climb(
  core: Core, model: RsmiModel, samples: LatticeSamples, offsets: RegionOffsets, settings: ReturnType<typeof rsmiDefaults>,
  noiseRandom: SeededRandom, pairRandom: SeededRandom, onStep: RsmiOptions["onStep"],
): Float64Array {
  const { batchSize: K, steps, learningRate } = settings;
  const objective = new RsmiKernelObjective(core, model, K);
  const v = objective.views;
  const adams = {
    filter: new Adam(v.filter.length, { learningRate }),
    environment: new Adam(v.environmentParameters.length, { learningRate }),
    coarse: new Adam(v.coarseParameters.length, { learningRate }),
  };
  const boundPerStep = new Float64Array(steps);
  for (let step = 0; step < steps; step++) {
    cutPairs(samples, offsets, K, settings.alignment, pairRandom, v.batch);
    for (let i = 0; i < v.noise.length; i++) v.noise[i] = noiseRandom.logistic();
    const tau = annealedTemperature(step, settings.tauStart, settings.tauMin, settings.annealRate);
    const bound = objective.step(tau);
    boundPerStep[step] = bound;
    // Adam minimises: step along minus the gradient of the bound.
    adams.filter.step(v.filter, negate(v.filterGradient));
    adams.environment.step(v.environmentParameters, negate(v.environmentGradient));
    adams.coarse.step(v.coarseParameters, negate(v.coarseGradient));
    onStep?.(step, bound);
  }
  objective.copyParametersTo(model);
  return boundPerStep;
}

function negate(values: Float64Array): Float64Array {
  for (let i = 0; i < values.length; i++) values[i] = -values[i]!;
  return values;
}
