// Applying a learned RSMI filter: every b x b block of the lattice becomes k
// coarse variables h_c = sign(Lambda_c . v), the zero-temperature limit of the
// relaxed Bernoulli samples the filter was trained with (Koch-Janusz &
// Ringel, Nature Physics 14, 578, 2018; Goekmen, Ringel, Huber &
// Koch-Janusz, PRL 127, 240603, 2021, where the learned map is then iterated).
// A tie (Lambda_c . v exactly 0) is broken by a coin: the same counter-based
// hash of (seed, level, sample, block) as majority rule's
// (src/rg/tie-coins.ts), so a uniform positive filter on 2 x 2 blocks
// reproduces majorityBlockSpins bit for bit.

import type { Core } from "../wasm.js";
import { levelTieKey, sampleTieKey, tieCoin } from "../rg/tie-coins.js";
import type { LatticeSamples } from "./regions.js";
import { trainRsmiFilterFromStreams, type RsmiOptions, type RsmiResult } from "./train.js";

/**
 * Coarse configurations: (count, height, width, channels) +-1, the channels
 * (a block's k coarse variables) adjacent. With one channel it is a lattice
 * sample set the RSMI functions take again; with more they refuse it.
 */
export interface CoarseSamples extends LatticeSamples {
  /** Coarse variables per block, k. */
  channels: number;
}

/**
 * Coarse variables of every block: (N, Ly/b, Lx/b, k) +-1, sample-major,
 * blocks row-major, the k variables of a block adjacent. Block (by, bx)
 * covers rows b by .. b by + b - 1 and columns b bx .. b bx + b - 1; its
 * sites enter Lambda in row-major order, as in training.
 *
 * @param samples - (N, Ly, Lx) lattice samples (+-1 spins or another integer encoding).
 * @param filter - Lambda, (k, b^2) row-major.
 * @param hidden - k.
 * @param block - b; must divide both sides.
 * @param seed - Integer in [0, 2^53) of the tie coins.
 * @param level - The coarse level made (1, 2, ...): each level has its own coins.
 * @returns The coarse configurations; for k = 1 an (N, Ly/b, Lx/b) lattice like the input.
 * @throws RangeError when b does not divide the lattice or the filter has the wrong size.
 */
export function applyRsmiFilter(
  samples: LatticeSamples, filter: Float64Array, hidden: number, block: number, seed: number, level: number,
): CoarseSamples {
  const { values, count, height, width } = samples;
  if (!Number.isInteger(block) || block < 1 || height % block !== 0 || width % block !== 0) {
    throw new RangeError(`block side ${block} does not divide the ${height} x ${width} lattice`);
  }
  const nSites = block * block;
  if (filter.length !== hidden * nSites) throw new RangeError(`filter holds ${filter.length} weights, expected ${hidden} x ${nSites}`);
  if (values.length !== count * height * width) throw new RangeError(`samples hold ${values.length} values, expected ${count} x ${height} x ${width}`);
  const key = levelTieKey(seed, level);
  const rows = height / block, cols = width / block;
  const out = new Int8Array(count * rows * cols * hidden);
  for (let sample = 0; sample < count; sample++) {
    const base = sample * height * width;
    const sampleKey = sampleTieKey(key, sample);
    for (let by = 0; by < rows; by++) {
      for (let bx = 0; bx < cols; bx++) {
        const blockIndex = by * cols + bx;
        for (let c = 0; c < hidden; c++) {
          let a = 0;
          for (let dy = 0; dy < block; dy++) {
            const row = base + (block * by + dy) * width + block * bx;
            for (let dx = 0; dx < block; dx++) a += filter[c * nSites + dy * block + dx]! * values[row + dx]!;
          }
          const unit = blockIndex * hidden + c;
          out[sample * rows * cols * hidden + unit] = a > 0 ? 1 : a < 0 ? -1 : tieCoin(sampleKey, unit);
        }
      }
    }
  }
  return { values: out, count, height: rows, width: cols, channels: hidden };
}

/**
 * The filter with its overall sign (arbitrary: h and -h carry the same
 * information) chosen so that its largest-|weight| entry
 * (the first such on ties) is positive.
 *
 * @param filter - b^2 weights.
 * @returns A new array: the filter or its negative.
 */
export function alignedFilter(filter: Float64Array): Float64Array {
  let largest = 0;
  for (let i = 1; i < filter.length; i++) if (Math.abs(filter[i]!) > Math.abs(filter[largest]!)) largest = i;
  const sign = (filter[largest] ?? 0) < 0 ? -1 : 1;
  return Float64Array.from(filter, (w) => sign * w);
}

/** What rsmiLevels returns. */
export interface RsmiLevels {
  /** Level l's configurations: [0] the input, [l] (N, L/b^l, L/b^l) +-1. */
  levels: LatticeSamples[];
  /** runs[l - 1]: the training that made level l from level l - 1. */
  runs: RsmiResult[];
}

/**
 * Iterated RSMI: learn a filter on level l - 1 (trainRsmiFilter), apply it
 * (applyRsmiFilter) to make level l, and repeat on the coarse data, one
 * coarse variable per block.
 *
 * @param core - The kernels the trainings run on (loadCore()).
 * @param samples - (N, L, L) level-0 samples.
 * @param levels - Coarse levels to make (>= 0).
 * @param options - Training settings for every level, or one per level (a coarser lattice may need a smaller environment); `hidden` must be 1.
 * @param seed - Integer in [0, 2^53): fixes every level's training and tie coins.
 * @returns The configurations of levels 0..levels and each level's training.
 * @throws RangeError when a level's lattice cannot hold its geometry.
 */
export function rsmiLevels(core: Core, samples: LatticeSamples, levels: number, options: RsmiOptions | readonly RsmiOptions[], seed: number): RsmiLevels {
  if (!Number.isInteger(levels) || levels < 0) throw new RangeError(`levels must be a non-negative integer, got ${levels}`);
  if (Array.isArray(options) && options.length !== levels) throw new RangeError(`${options.length} option sets for ${levels} levels`);
  const out: RsmiLevels = { levels: [samples], runs: [] };
  for (let level = 1; level <= levels; level++) {
    const levelOptions: RsmiOptions = Array.isArray(options) ? (options as readonly RsmiOptions[])[level - 1]! : (options as RsmiOptions);
    if ((levelOptions.hidden ?? 1) !== 1) throw new RangeError("rsmiLevels iterates one coarse variable per block (hidden = 1)");
    const input = out.levels[level - 1]!;
    // Level l's training draws from streams 3(l - 1) .. 3(l - 1) + 2 of the seed.
    const run = trainRsmiFilterFromStreams(core, input, levelOptions, seed, 3 * (level - 1));
    out.runs.push(run);
    out.levels.push(applyRsmiFilter(input, run.filter, 1, run.block, seed, level));
  }
  return out;
}
