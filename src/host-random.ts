// Seeded uniforms on the host, for the few random choices made outside the
// kernels: the locality's random-field reference (analysis/locality.ts) and
// the seeded subset of the digit images (systems/digits). Not the kernels'
// xoshiro128** streams (rng.ts): nothing here touches kernel memory, so no
// Core is needed.

import { splitSeed } from "./rng.js";

/**
 * Uniforms in [0, 1) from a seed: mulberry32 started from the seed's two 32-bit halves mixed into one word.
 *
 * @param seed - Integer in [0, 2^53).
 * @returns A generator; the same seed gives the same sequence on every engine.
 * @throws RangeError when the seed is not such an integer.
 */
export function seededUniforms(seed: number): () => number {
  const [low, high] = splitSeed(seed);
  return mulberry32((low ^ Math.imul(high, 0x9e3779b9)) >>> 0);
}

/**
 * Tommy Ettinger's mulberry32: a small 32-bit generator, plenty for reference noise and subsets.
 *
 * @param seed - A 32-bit state.
 * @returns Uniforms in [0, 1), multiples of 2^-32.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
