// Iterated RSMI as the `rsmi` command and reproduce run it (docs/methods.md,
// "RSMI"): level l learns its filter on level l - 1 (trainRsmiFilter, streams
// 3(l - 1) .. 3(l - 1) + 2 of the seed, as rsmiLevels), its sign aligned
// (alignedFilter: the largest-|weight| entry positive, so a uniform filter is
// majority rule), and applies it (applyRsmiFilter, tie coins of (seed, l)) to
// make level l. Training is counted in epochs of RSMI_STEPS_PER_EPOCH steps,
// each step a fresh batch of K pairs. A coarse lattice too small for the
// window b + 2(w + e) gets a thinner environment, e_l = min(e, floor((L_l -
// b - 2w) / 2)), which must stay >= 1.

import type { Core } from "../wasm.js";
import { alignedFilter, applyRsmiFilter } from "./coarse.js";
import type { LatticeSamples } from "./regions.js";
import { rsmiDefaults, trainRsmiFilterFromStreams, type RsmiOptions } from "./train.js";

/** Training steps per reported epoch. */
export const RSMI_STEPS_PER_EPOCH = 100;

/** What runRsmiLevels learns: geometry, depth and length. */
export interface RsmiRunSettings {
  /** Block side b (sites of the level below). */
  block: number;
  /** Buffer width w. */
  buffer: number;
  /** Environment width e (thinner on a lattice too small for it; see the header). */
  environment: number;
  /** Coarse variables per block k; more than 1 only for a single level. */
  hidden: number;
  /** Levels to learn (>= 1). */
  levels: number;
  /** Epochs of RSMI_STEPS_PER_EPOCH steps per level. */
  epochs: number;
  /** Pairs per batch K (default rsmiDefaults().batchSize, 400). */
  batchSize?: number;
}

/** One epoch's InfoNCE bound. */
export interface RsmiEpoch {
  /** Epoch, from 1. */
  epoch: number;
  /** Mean of the epoch's per-step bounds (each on a fresh batch, before its update), nats. */
  bound: number;
  /** Its standard error over the epoch's steps. */
  boundError: number;
}

/** One learned level. */
export interface RsmiRunLevel {
  /** Level made (1 = from the data). */
  level: number;
  /** Side of the lattice the filter was learned on and applies to. */
  side: number;
  /** Block side b. */
  block: number;
  /** Buffer width w used. */
  buffer: number;
  /** Environment width used (see the header). */
  environment: number;
  /** Coarse variables per block k. */
  hidden: number;
  /** The filter, sign-aligned per row: k rows of b^2 weights over the block's sites, row-major. */
  filters: number[][];
  /** The final estimate of I(H : E), the mean over the last 10% of steps, nats. */
  bound: number;
  /** Its standard error. */
  boundError: number;
  /** ln K, the bound's ceiling. */
  ceiling: number;
  /** The bound per epoch. */
  epochs: RsmiEpoch[];
}

/**
 * The environment width that fits a lattice side: min(e, floor((side - b - 2w) / 2)).
 *
 * @param side - Lattice side.
 * @param settings - Block, buffer and environment asked for.
 * @returns The width, possibly < 1 (then the geometry does not fit).
 */
export function fittingEnvironment(side: number, settings: Pick<RsmiRunSettings, "block" | "buffer" | "environment">): number {
  return Math.min(settings.environment, Math.floor((side - settings.block - 2 * settings.buffer) / 2));
}

/**
 * Checks that the levels fit an L x L lattice: each level's side divisible
 * by b with an environment of at least 1, and k = 1 for more than one level.
 *
 * @param L - Lattice side of the data.
 * @param settings - The run's settings.
 * @throws RangeError saying which level does not fit.
 */
export function checkRsmiRun(L: number, settings: RsmiRunSettings): void {
  const { block, levels, hidden, epochs } = settings;
  if (!Number.isInteger(levels) || levels < 1) throw new RangeError(`levels must be a positive integer, got ${levels}`);
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`epochs must be a positive integer, got ${epochs}`);
  if (hidden !== 1 && levels > 1) throw new RangeError(`more than one level needs one coarse variable per block (hidden 1), got hidden ${hidden}`);
  let side = L;
  for (let level = 1; level <= levels; level++) {
    if (side % block !== 0) throw new RangeError(`level ${level}: block ${block} does not divide the ${side} x ${side} lattice`);
    if (fittingEnvironment(side, settings) < 1) {
      throw new RangeError(`level ${level}: a ${side} x ${side} lattice cannot hold block ${block} and buffer ${settings.buffer} with an environment`);
    }
    side /= block;
  }
}

/**
 * Learns and applies `levels` RSMI filters, level by level.
 *
 * @param core - The kernels.
 * @param samples - (N, L, L) level-0 samples (spins +-1).
 * @param settings - Geometry, depth, epochs and batch size.
 * @param seed - Integer in [0, 2^53): every level's training and tie coins.
 * @param onStep - Called after each step with the level, the step (from 0) and the steps per level.
 * @returns One entry per level, level 1 first.
 * @throws RangeError when the levels do not fit (checkRsmiRun).
 */
export function runRsmiLevels(
  core: Core, samples: LatticeSamples, settings: RsmiRunSettings, seed: number,
  onStep?: (level: number, step: number, steps: number) => void,
): RsmiRunLevel[] {
  checkRsmiRun(samples.height, settings);
  const steps = settings.epochs * RSMI_STEPS_PER_EPOCH;
  const out: RsmiRunLevel[] = [];
  let input = samples;
  for (let level = 1; level <= settings.levels; level++) {
    const environment = fittingEnvironment(input.height, settings);
    const options: RsmiOptions = {
      block: settings.block, buffer: settings.buffer, environment, hidden: settings.hidden,
      batchSize: settings.batchSize ?? rsmiDefaults().batchSize, steps,
      ...(onStep ? { onStep: (step: number) => onStep(level, step, steps) } : {}),
    };
    const run = trainRsmiFilterFromStreams(core, input, options, seed, 3 * (level - 1));
    const nSites = settings.block * settings.block;
    const filters = Array.from({ length: settings.hidden }, (_, c) => Array.from(alignedFilter(run.filter.subarray(c * nSites, (c + 1) * nSites))));
    out.push({
      level, side: input.height, block: settings.block, buffer: settings.buffer, environment, hidden: settings.hidden, filters,
      bound: run.bound, boundError: run.boundError, ceiling: run.ceiling, epochs: epochBounds(run.boundPerStep, settings.epochs),
    });
    if (level < settings.levels) input = applyRsmiFilter(input, Float64Array.from(filters[0]!), 1, settings.block, seed, level);
  }
  return out;
}

function epochBounds(perStep: Float64Array, epochs: number): RsmiEpoch[] {
  return Array.from({ length: epochs }, (_, e) => {
    const slice = perStep.subarray(e * RSMI_STEPS_PER_EPOCH, (e + 1) * RSMI_STEPS_PER_EPOCH);
    const mean = slice.reduce((s, x) => s + x, 0) / slice.length;
    const variance = slice.reduce((s, x) => s + (x - mean) ** 2, 0) / (slice.length - 1);
    return { epoch: e + 1, bound: mean, boundError: Math.sqrt(variance / slice.length) };
  });
}
