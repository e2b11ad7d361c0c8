// One call from samples to the "Is it renormalization?" table: the coarse
// levels of a trained stack (coarse-variables.ts), of learned RSMI filters
// (rsmi-coarse-levels.ts) or, without either, of majority rule (the
// reference), measured level by level (rg-levels.ts).

import type { Core } from "../wasm.js";
import type { LayerData } from "../rbm/layer-data.js";
import type { RbmParameters } from "../rbm/rbm-parameters.js";
import { majorityCoarseLevels, stackCoarseLevels } from "./coarse-variables.js";
import { MAJORITY_BLOCK } from "../systems/ising/majority-rule.js";
import { measureRgLevels, type RgLevel } from "./rg-levels.js";
import { rsmiCoarseLevels, type RsmiLevelFilter } from "./rsmi-coarse-levels.js";

/** Smallest coarse lattice side the default majority-rule depth goes down to. */
const MIN_DEFAULT_SIDE = 4;

/** What to coarse-grain with and how rgAnalysis samples and measures. */
export interface RgAnalysisOptions {
  /** The trained stack; without it (or rsmi), majority rule. */
  layers?: readonly RbmParameters[];
  /** Learned RSMI filters, level 1 first (one coarse variable per block); not with layers. */
  rsmi?: readonly RsmiLevelFilter[];
  /** Levels above the data: with a stack or RSMI filters at most their depth (default all); majority rule default majorityDefaultLevels(L). */
  levels?: number;
  /** Seed of the hidden-state sampling, the tie coins and the random-field reference. */
  seed: number;
  /** Threads for the hidden probabilities (results identical for any count). */
  threads?: number;
  /** MCRG operators, 1..4 (default 4). */
  mcrgOperators?: number;
}

/** rgAnalysis's result: which map was measured and its levels. */
export interface RgAnalysis {
  /** "stack" when layers were given, "rsmi" for RSMI filters, else "majority" (majority rule, b = 2). */
  method: "majority" | "stack" | "rsmi";
  /** Level 0 (the data) first. */
  levels: RgLevel[];
}

/**
 * The RG table of `data` under a stack's layers, RSMI filters or majority rule: level by level, the second-moment correlation
 * length, <|m|>, the Binder cumulant, the tiling error, the localized share and linearized MCRG's lambda_t and nu
 * (`docs/methods.md`, Coarse variables, Correlation length xi2, Binder cumulant, MCRG).
 *
 * @param core - The loaded kernels.
 * @param data - Spin samples as 0/1 bytes, (nSamples, L^2) (binaryLayerData).
 * @param L - Lattice side.
 * @param options - The stack or RSMI filters (or neither, for majority rule), depth, seed, threads and MCRG operators.
 * @returns Which map was measured and its levels, level 0 (the data) first.
 * @throws RangeError when the data, the stack or the depth do not fit.
 *
 * @example
 * ```ts
 * const data = binaryLayerData(configs, [count, 32, 32]);
 * const { levels } = rgAnalysis(core, data, 32, { seed: 1 }); // majority rule: 32 -> 16 -> 8 -> 4
 * for (const level of levels) console.log(level.level, level.xi2, level.binder, level.nu);
 * ```
 */
export function rgAnalysis(core: Core, data: LayerData, L: number, options: RgAnalysisOptions): RgAnalysis {
  const { layers, rsmi } = options;
  if (layers && rsmi) throw new RangeError("give a stack's layers or RSMI filters, not both");
  if (rsmi) {
    const depth = options.levels ?? rsmi.length;
    if (!Number.isInteger(depth) || depth < 1 || depth > rsmi.length) throw new RangeError(`levels must be 1..${rsmi.length} (the RSMI levels), got ${depth}`);
    const levels = rsmiCoarseLevels(data, L, rsmi.slice(0, depth), options.seed);
    return { method: "rsmi", levels: measureRgLevels(levels, L, data.nSamples, { seed: options.seed, mcrgOperators: options.mcrgOperators }) };
  }
  if (layers) {
    const depth = options.levels ?? layers.length;
    if (!Number.isInteger(depth) || depth < 1 || depth > layers.length) {
      throw new RangeError(`levels must be 1..${layers.length} (the model's layers), got ${depth}`);
    }
    const levels = stackCoarseLevels(core, layers.slice(0, depth), data, L, options.seed, options.threads);
    return { method: "stack", levels: measureRgLevels(levels, L, data.nSamples, { seed: options.seed, mcrgOperators: options.mcrgOperators }) };
  }
  const depth = options.levels ?? majorityDefaultLevels(L);
  const levels = majorityCoarseLevels(data, L, depth, options.seed);
  return { method: "majority", levels: measureRgLevels(levels, L, data.nSamples, { seed: options.seed, mcrgOperators: options.mcrgOperators }) };
}

/**
 * Majority-rule steps L allows while the coarse side stays >= 4 and whole (40 -> 20 -> 10 -> 5: 3; 64: 4).
 *
 * @param L - Lattice side.
 * @returns Levels above the data (0 when L cannot be halved to a side >= 4).
 */
export function majorityDefaultLevels(L: number): number {
  let levels = 0;
  for (let side = L; side % MAJORITY_BLOCK === 0 && side / MAJORITY_BLOCK >= MIN_DEFAULT_SIDE; side /= MAJORITY_BLOCK) levels++;
  return levels;
}
