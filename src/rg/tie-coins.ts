// The seeded coins that break ties of a sign-of-a-sum coarse-graining
// (majority rule, an RSMI filter): a counter-based hash of (seed, level,
// sample, unit), so a coin never depends on the order the blocks are visited
// in or on how the samples are split across calls.

import { splitSeed } from "../rng.js";

/** murmur3's 32-bit finalizer: a bijective avalanche mix. */
function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The key of one coarse level's coins.
 *
 * @param seed - Integer seed in [0, 2^53).
 * @param level - The coarse level made (1, 2, ...).
 * @returns A 32-bit key for sampleTieKey.
 */
export function levelTieKey(seed: number, level: number): number {
  const [low, high] = splitSeed(seed);
  return mix(mix(low ^ 0x3c6ef372) ^ high ^ Math.imul(level, 0x9e3779b9));
}

/**
 * The key of one sample's coins at a level.
 *
 * @param levelKey - levelTieKey's result.
 * @param sample - 0-based sample index.
 * @returns A 32-bit key for tieCoin.
 */
export function sampleTieKey(levelKey: number, sample: number): number {
  return mix(levelKey ^ Math.imul(sample, 0x85ebca6b));
}

/**
 * The coin of one coarse unit of a sample.
 *
 * @param sampleKey - sampleTieKey's result.
 * @param unit - 0-based coarse unit (block) index within the sample.
 * @returns +1 or -1, each with probability 1/2 over keys.
 */
export function tieCoin(sampleKey: number, unit: number): 1 | -1 {
  return (mix(sampleKey ^ Math.imul(unit + 1, 0x27d4eb2f)) & 1) === 1 ? 1 : -1;
}
