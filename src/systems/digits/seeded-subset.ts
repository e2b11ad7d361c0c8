// Which images a seeded subset takes: a partial Fisher-Yates shuffle of the
// positions 0..total-1 driven by the host's seeded uniforms (host-random.ts),
// so the same (total, count, seed) picks the same images in the same order on
// every engine, without the kernels.

import { seededUniforms } from "../../host-random.js";

/**
 * `count` distinct positions out of 0..total-1, in the order drawn: the first `count` entries of a Fisher-Yates
 * shuffle whose step i swaps position i with i + floor(u (total - i)), u a seeded uniform.
 *
 * @param total - Positions to choose from (integer >= 0).
 * @param count - Positions to take (integer in 0..total).
 * @param seed - Integer in [0, 2^53).
 * @returns The positions, in draw order.
 * @throws RangeError on a count outside 0..total or a bad seed.
 */
export function seededSubset(total: number, count: number, seed: number): Uint32Array {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`);
  if (!Number.isInteger(count) || count < 0 || count > total) throw new RangeError(`count must be an integer in 0..${total}, got ${count}`);
  const uniform = seededUniforms(seed);
  const order = Uint32Array.from({ length: total }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(uniform() * (total - i));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order.slice(0, count);
}
