// Host side of the xoshiro128** streams (assembly/rng.ts): 16 bytes of state
// per stream, seeded from a 64-bit seed and a stream index.

import type { Core } from "./wasm.js";

/** Bytes of one xoshiro128** stream in kernel memory (four u32 words). */
export const RNG_STATE_BYTES = 16;

/** Largest seed accepted: integers are exact in a double up to 2^53. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/**
 * A seed in [0, MAX_SEED] as the two u32 halves the kernels take.
 *
 * @param seed - Integer in [0, 2^53).
 * @returns [low 32 bits, high bits].
 * @throws RangeError when the seed is not such an integer.
 */
export function splitSeed(seed: number): [low: number, high: number] {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer in [0, 2^53), got ${seed}`);
  return [seed % 2 ** 32, Math.floor(seed / 2 ** 32)];
}

/**
 * Allocates (from the arena) and seeds stream `stream` of `seed`: streams of one seed never overlap.
 *
 * @param core - The loaded kernels.
 * @param seed - Integer in [0, 2^53).
 * @param stream - Stream index (integer >= 0).
 * @returns The pointer to its RNG_STATE_BYTES of state.
 */
export function allocStream(core: Core, seed: number, stream: number): number {
  const ptr = core.arena.alloc(RNG_STATE_BYTES);
  const [low, high] = splitSeed(seed);
  core.kernels.rngSeed(ptr, low, high, stream);
  return ptr;
}

/**
 * Fisher-Yates shuffle of `order` in place, driven by `draws` (one uniform
 * u32 per position; draws[0] is unused): position i swaps with
 * floor(draws[i] (i + 1) / 2^32), a bias below n / 2^32 per swap.
 */
export function shuffleWithDraws(order: { [index: number]: number; length: number }, draws: ArrayLike<number>): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor((draws[i]! * (i + 1)) / 2 ** 32);
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
}
