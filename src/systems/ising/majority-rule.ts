// Majority-rule block spins (Kadanoff 1966; Niemeijer & van Leeuwen 1976):
// the textbook real-space RG map every learned coarse-graining is held
// against. Each b x b block (b = 2: four spins) of an L x L periodic lattice
// becomes one spin, the sign of the block's sum; a tie (sum 0, two up and
// two down) is broken by a fair coin. Block (bx, by) covers sites
// x = b bx .. b bx + b - 1, y = b by .. b by + b - 1, so the coarse lattice
// is (L / b) x (L / b), row-major like the fine one.
//
// The coin is a counter-based hash of (seed, level, sample, block): the
// result depends on the seed only, not on how the work is split or ordered.

import { levelTieKey, sampleTieKey, tieCoin } from "../../rg/tie-coins.js";

/** The blocking factor of the reference map. */
export const MAJORITY_BLOCK = 2;

/**
 * One majority-rule step: (nSamples, L, L) +-1 spins -> (nSamples, L/2, L/2),
 * ties broken by seeded coins. `level` (the coarse level made, 1, 2, ...)
 * gives each step its own coins.
 *
 * @param spins - (nSamples, L, L) +-1, sample-major, row-major.
 * @param nSamples - Samples.
 * @param L - Fine lattice side (even).
 * @param seed - Integer seed in [0, 2^53) of the tie coins.
 * @param level - The coarse level made (1, 2, ...).
 * @returns (nSamples, L/2, L/2) +-1 block spins.
 */
export function majorityBlockSpins(spins: Int8Array, nSamples: number, L: number, seed: number, level: number): Int8Array {
  if (!Number.isInteger(L) || L < 2 || L % MAJORITY_BLOCK !== 0) throw new RangeError(`lattice side ${L} is not divisible by ${MAJORITY_BLOCK}`);
  if (spins.length !== nSamples * L * L) throw new RangeError(`spins hold ${spins.length} values, expected ${nSamples} x ${L} x ${L}`);
  const key = levelTieKey(seed, level);
  const coarse = L / MAJORITY_BLOCK;
  const out = new Int8Array(nSamples * coarse * coarse);
  for (let sample = 0; sample < nSamples; sample++) {
    const fine = sample * L * L;
    const sampleKey = sampleTieKey(key, sample);
    for (let by = 0; by < coarse; by++) {
      for (let bx = 0; bx < coarse; bx++) {
        let sum = 0;
        for (let dy = 0; dy < MAJORITY_BLOCK; dy++) {
          const row = fine + (MAJORITY_BLOCK * by + dy) * L + MAJORITY_BLOCK * bx;
          for (let dx = 0; dx < MAJORITY_BLOCK; dx++) sum += spins[row + dx]!;
        }
        const block = by * coarse + bx;
        out[sample * coarse * coarse + block] = sum > 0 ? 1 : sum < 0 ? -1 : tieCoin(sampleKey, block);
      }
    }
  }
  return out;
}

/**
 * `levels` majority-rule steps; element l of the result is level l (element 0 is the input itself).
 *
 * @param spins - (nSamples, L, L) +-1.
 * @param nSamples - Samples.
 * @param L - Lattice side, divisible by 2^levels.
 * @param levels - Steps (>= 0).
 * @param seed - Integer seed in [0, 2^53) of the tie coins.
 * @returns levels + 1 arrays; level l is (nSamples, L / 2^l, L / 2^l).
 * @throws RangeError when L cannot be halved `levels` times.
 *
 * @example
 * ```ts
 * const [data, half, quarter] = majorityLevels(configs, count, 32, 2, 1); // 32 -> 16 -> 8
 * ```
 */
export function majorityLevels(spins: Int8Array, nSamples: number, L: number, levels: number, seed: number): Int8Array[] {
  checkMajorityLevels(L, levels);
  const out = [spins];
  for (let level = 1; level <= levels; level++) {
    out.push(majorityBlockSpins(out[level - 1]!, nSamples, L / MAJORITY_BLOCK ** (level - 1), seed, level));
  }
  return out;
}

/**
 * Throws unless L can be halved `levels` times.
 *
 * @param L - Lattice side.
 * @param levels - Steps asked for.
 * @throws RangeError naming the problem.
 */
export function checkMajorityLevels(L: number, levels: number): void {
  if (!Number.isInteger(levels) || levels < 0) throw new RangeError(`levels must be a non-negative integer, got ${levels}`);
  const factor = MAJORITY_BLOCK ** levels;
  if (!Number.isInteger(L) || L < 1 || L % factor !== 0) {
    throw new RangeError(`lattice side ${L} is not divisible by ${MAJORITY_BLOCK}^${levels} = ${factor}`);
  }
}

/**
 * Where block spins sit: the centre of block (bx, by) of level `level`,
 * b^l bx + (b^l - 1)/2 per axis, in original lattice spacings (also the
 * r^2 circular centre of the block's indicator field).
 *
 * @param L - Side of the original lattice.
 * @param level - Coarse level (0: the sites themselves).
 * @returns Centres of the (L / 2^level)^2 blocks, row-major.
 */
export function blockCentres(L: number, level: number): {
  /** Column coordinate of each block's centre, original lattice spacings. */
  x: Float64Array;
  /** Row coordinate of each block's centre, original lattice spacings. */
  y: Float64Array;
} {
  const size = MAJORITY_BLOCK ** level;
  const side = L / size;
  const offset = (size - 1) / 2;
  return {
    x: Float64Array.from({ length: side * side }, (_, s) => (s % side) * size + offset),
    y: Float64Array.from({ length: side * side }, (_, s) => Math.floor(s / side) * size + offset),
  };
}

/**
 * The block indicator fields of level `level`: row-major (L^2, units), 1
 * where a site is in the unit's block. The receptive fields of majority rule,
 * for the locality table (spread sqrt((k^2 - 1)/6), block fraction 1).
 *
 * @param L - Side of the original lattice.
 * @param level - Coarse level.
 * @returns L^2 x units f32, row-major, 0 or 1.
 */
export function blockIndicatorFields(L: number, level: number): Float32Array {
  const size = MAJORITY_BLOCK ** level;
  const side = L / size;
  const nUnits = side * side;
  const fields = new Float32Array(L * L * nUnits);
  for (let y = 0; y < L; y++) {
    for (let x = 0; x < L; x++) {
      const unit = Math.floor(y / size) * side + Math.floor(x / size);
      fields[(y * L + x) * nUnits + unit] = 1;
    }
  }
  return fields;
}
